import { type Document, isMap, isScalar, isSeq, LineCounter, parse, parseDocument, YAMLParseError } from "yaml";
import type { Located, Path } from "./frontmatter.ts";
import { yamlAdvice } from "./yaml-advice.ts";

/**
 * The `yaml` package's side of reading YAML: its document model, for where a field is written,
 * its messages for malformed YAML, and editing in place. Posts are read with js-yaml
 * (src/model/frontmatter.ts, five times faster); this module is loaded from there the first time
 * a position, a message or an edit is needed, so a build of posts without problems does not load
 * the `yaml` package at all.
 *
 * What it returns is plain data: frontmatter.ts makes the errors (one YamlError class, whichever
 * way this module was loaded).
 */

const YAML_OPTIONS = { schema: "core", prettyErrors: true, uniqueKeys: true } as const;

export interface Problem {
  message: string;
  at: Located;
}

/** Where each field path of `text` (which starts at `firstLine` of its file) is written. */
export function locator(text: string, firstLine: number): (path: Path) => Located {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
  return (path) => locate(doc, lineCounter, path, firstLine);
}

/** The first problem the `yaml` package finds in `text`, with its message and advice. */
export function firstProblem(text: string, firstLine: number): Problem | undefined {
  const error = parseDocument(text, YAML_OPTIONS).errors[0];
  return error ? problemOf(error, firstLine, text) : undefined;
}

/** A post's front matter (from `start` to `end` of `source`) as a document to edit, or its first problem. */
export function editable(
  source: string,
  start: number,
  end: number,
): { doc: Document; lineCounter: LineCounter } | { problem: Problem } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.slice(start, end), { ...YAML_OPTIONS, lineCounter });
  const error = doc.errors[0];
  if (!error) return { doc, lineCounter };
  // Placed as parsePost places it: without the last line break, an error at the end of the YAML
  // is on its last line.
  const yaml = source.slice(start, end).replace(/\r?\n$/, "");
  return { problem: problemOf(parseDocument(yaml, YAML_OPTIONS).errors[0] ?? error, 2, yaml) };
}

/** Text as a YAML scalar for tools that write posts: plain when it reads back the same, else quoted. */
export function yamlScalar(text: string): string {
  if (!text.includes("\n") && text.trim() === text && text !== "") {
    try {
      if (parse(`x: ${text}`, YAML_OPTIONS)?.x === text) return text;
    } catch {
      // not valid as a plain scalar: quote it
    }
  }
  // A JSON string is a valid YAML double-quoted scalar.
  return JSON.stringify(text);
}

function problemOf(error: YAMLParseError | Error, firstLine: number, text: string): Problem {
  const pos = error instanceof YAMLParseError ? error.linePos?.[0] : undefined;
  const firstSentence = error.message.split("\n")[0] ?? error.message;
  const message = firstSentence.replace(/ at line \d+, column \d+:?$/, "");
  const line = text.split("\n")[(pos?.line ?? 1) - 1] ?? "";
  const advice = error instanceof YAMLParseError ? yamlAdvice(error.code, message, line) : undefined;
  return {
    message: advice ? `${advice} (YAML: ${message})` : `malformed YAML: ${message}`,
    at: { line: (pos?.line ?? 1) + firstLine - 1, column: pos?.col ?? 1 },
  };
}

function locate(doc: Document, lineCounter: LineCounter, path: Path, firstLine: number): Located {
  const at = (offset: number): Located => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + firstLine - 1, column: pos.col };
  };
  for (let depth = path.length; depth > 0; depth--) {
    const parent = depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
    const key = path[depth - 1];
    // A mapping key is reported where the key is written, the way compilers point at a field.
    if (isMap(parent) && typeof key === "string") {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
      const range = isScalar(pair?.key) ? pair.key.range : undefined;
      if (range) return at(range[0]);
    }
    if (isSeq(parent) && typeof key === "number") {
      const range = (parent.items[key] as { range?: [number, number, number] } | undefined)?.range;
      if (range) return at(range[0]);
    }
  }
  const root = (doc.contents as { range?: [number, number, number] } | null)?.range;
  return root ? at(root[0]) : { line: firstLine, column: 1 };
}
