/**
 * Characters no output may carry. XML 1.0 forbids the C0 controls other than tab, line feed and
 * carriage return (and U+FFFE, U+FFFF, lone surrogates); HTML calls them and the C1 controls parse
 * errors. Pasted terminal output brings them (ESC colour codes, BEL, form feed, NUL). They are
 * removed where posts are read, with a warning that says where, so every output is valid whatever
 * an author pastes.
 */
const FORBIDDEN = new RegExp(
  [
    "[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFFFE\\uFFFF]",
    "[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])",
    "(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]",
  ].join("|"),
  "g",
);

export interface Stripped {
  text: string;
  /** offsets (in the input) of the characters removed */
  removed: number[];
}

export function stripForbidden(text: string): Stripped {
  const removed: number[] = [];
  const out = text.replace(FORBIDDEN, (_match, offset: number) => {
    removed.push(offset);
    return "";
  });
  return { text: out, removed };
}

const ANY_FORBIDDEN = new RegExp(FORBIDDEN.source);

function holdsForbidden(value: unknown): boolean {
  if (typeof value === "string") return ANY_FORBIDDEN.test(value);
  if (Array.isArray(value)) return value.some(holdsForbidden);
  if (value && typeof value === "object") {
    for (const key in value) if (holdsForbidden((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** The character as a warning names it: `U+001B`. */
export function codePointName(text: string, offset: number): string {
  return `U+${(text.codePointAt(offset) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Every string in parsed YAML with forbidden characters removed, and the paths where some were.
 * `data` is already checked to be small (frontmatter.ts caps what aliases expand to).
 */
export function stripStrings(data: unknown): { data: unknown; paths: (string | number)[][] } {
  // Nearly every post has none: one pass that allocates nothing says so.
  if (!holdsForbidden(data)) return { data, paths: [] };
  const paths: (string | number)[][] = [];
  // Copies only what changes: a post without control characters is returned as it is, so a
  // build of 10,000 posts does not hold a second copy of every post's data.
  const walk = (value: unknown, at: (string | number)[]): unknown => {
    if (typeof value === "string") {
      const { text, removed } = stripForbidden(value);
      if (removed.length > 0) paths.push(at);
      return text;
    }
    if (Array.isArray(value)) {
      const items = value.map((v, i) => walk(v, [...at, i]));
      return items.every((v, i) => v === value[i]) ? value : items;
    }
    if (value && typeof value === "object") {
      const entries = Object.entries(value);
      const walked = entries.map(([k, v]) => [k, walk(v, [...at, k])] as const);
      return walked.every(([, v], i) => v === entries[i]?.[1]) ? value : Object.fromEntries(walked);
    }
    return value;
  };
  return { data: walk(data, []), paths };
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A file's bytes as text, or the line of the first byte that is not UTF-8 (a file saved as
 * Windows-1252 or Latin-1). A byte order mark is dropped, as editors on Windows write one.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { line: number } {
  try {
    return { text: strictUtf8.decode(bytes) };
  } catch {
    // A line break byte is never part of a multi-byte character, so lines decode on their own.
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== 0x0a) continue;
      try {
        strictUtf8.decode(bytes.subarray(start, i));
      } catch {
        return { line };
      }
      line++;
      start = i + 1;
    }
    return { line: 1 };
  }
}

/** 1-based line and column of each offset in `text`, for offsets in ascending order. */
export function positions(text: string, offsets: readonly number[]): { line: number; column: number }[] {
  const out: { line: number; column: number }[] = [];
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (const offset of offsets) {
    for (; scanned < offset; scanned++) {
      if (text.charCodeAt(scanned) === 10) {
        line++;
        lineStart = scanned + 1;
      }
    }
    out.push({ line, column: offset - lineStart + 1 });
  }
  return out;
}
