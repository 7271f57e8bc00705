import { createRequire } from "node:module";
import jsyaml from "js-yaml";
import type { Document, LineCounter } from "yaml";

/**
 * The one place posts, the services registry and the settings are read from YAML.
 *
 * YAML 1.2 core schema: no timestamp type, so `2011-07-20 15:35` stays the text the author wrote and
 * time.ts reads it in the NOC zone. Duplicate keys are errors. Every tool (build, check, new, update)
 * goes through here.
 */

export type Path = readonly (string | number)[];

export interface Located {
  line: number;
  column: number;
}

export interface ParsedYaml {
  data: unknown;
  /** Where a field path starts in the file (1-based), or its nearest present parent. */
  locate(path: Path): Located;
}

export interface ParsedPost extends ParsedYaml {
  body: string;
}

export class YamlError extends Error {
  readonly at: Located;

  constructor(message: string, at: Located) {
    super(message);
    this.at = at;
  }
}

/**
 * The `yaml` package's side (src/model/yaml-document.ts), loaded the first time a position, a
 * message or an edit is needed: every build would otherwise load it (about 50 ms and 10 MiB) for
 * posts that have nothing to report.
 */
const load = createRequire(import.meta.url);
let reference: typeof import("./yaml-document.ts") | undefined;
function yamlDocument(): typeof import("./yaml-document.ts") {
  reference ??= load("./yaml-document.ts") as typeof import("./yaml-document.ts");
  return reference;
}

/**
 * js-yaml reads posts about five times as fast, so a build reads them with it, under the same YAML
 * 1.2 core schema: these are the `yaml` package's core scalars (and the spec's), with no
 * timestamps. The `yaml` package stays the reference: it reads any text js-yaml rejects, for its
 * message and position, and finds where a field is written when a check fails.
 */
const coreScalar = (tag: string, pattern: RegExp, construct: (text: string) => unknown) =>
  new jsyaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: "scalar",
    resolve: (text: string | null) => pattern.test(text ?? ""),
    construct: (text: string | null) => construct(text ?? ""),
  });

const CORE_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    coreScalar("null", /^(?:~|[Nn]ull|NULL)?$/, () => null),
    coreScalar("bool", /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text[0] === "t" || text[0] === "T"),
    coreScalar("int", /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/, (text) =>
      text.startsWith("0o") ? Number.parseInt(text.slice(2), 8) : Number(text),
    ),
    coreScalar(
      "float",
      /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
      (text) => {
        if (/nan$/i.test(text)) return Number.NaN;
        if (/inf$/i.test(text)) return text.startsWith("-") ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
        return Number(text);
      },
    ),
  ],
});

/** Parses YAML text that starts at `firstLine` of its file. Throws YamlError with the file position. */
export function parseYaml(text: string, firstLine = 1): ParsedYaml {
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: CORE_SCHEMA });
  } catch (error) {
    throw syntaxError(text, error, firstLine);
  }
  if (expandedSize(data, MAX_VALUES) > MAX_VALUES) throw aliasError(text, firstLine);
  let locate: ((path: Path) => Located) | undefined;
  return {
    data: data ?? null,
    locate: (path) => {
      locate ??= yamlDocument().locator(text, firstLine);
      return locate(path);
    },
  };
}

/**
 * A YAML alias (`*name`) repeats a value without copying it, so ten lines can stand for a billion
 * values that anything walking them (checks, error messages) would expand. No post needs more than
 * this many values; a file that would expand beyond it is refused.
 */
const MAX_VALUES = 100_000;

/** How many values `data` holds with every alias expanded, counted up to just past `limit`. */
function expandedSize(data: unknown, limit: number): number {
  const sizes = new Map<object, number>();
  const size = (value: unknown): number => {
    if (value === null || typeof value !== "object") return 1;
    const known = sizes.get(value);
    if (known !== undefined) return known;
    let total = 1;
    for (const child of Object.values(value)) {
      total += size(child);
      if (total > limit) break;
    }
    sizes.set(value, total);
    return total;
  };
  return size(data);
}

function aliasError(text: string, firstLine: number): YamlError {
  const alias = /(^|[\s[{,:-])\*[^\s,\]}]+/m.exec(text);
  const offset = alias ? alias.index + (alias[1] ?? "").length : 0;
  const before = text.slice(0, offset).split("\n");
  return new YamlError(
    `aliases (*name) make this file stand for more than ${MAX_VALUES.toLocaleString("en")} values; write the values out instead`,
    { line: before.length - 1 + firstLine, column: (before.at(-1)?.length ?? 0) + 1 },
  );
}

/** The `yaml` package's message and position for text js-yaml rejected, or js-yaml's own. */
function syntaxError(text: string, error: unknown, firstLine: number): YamlError {
  const problem = yamlDocument().firstProblem(text, firstLine);
  if (problem) return new YamlError(problem.message, problem.at);
  if (!(error instanceof jsyaml.YAMLException)) throw error;
  return new YamlError(`malformed YAML: ${error.reason}`, {
    line: (error.mark?.line ?? 0) + firstLine,
    column: (error.mark?.column ?? 0) + 1,
  });
}

/**
 * Where a post's front matter is: the YAML between the opening `---` line and the closing one, and
 * the Markdown body after it. The one splitter of posts, for the build, `check` and `update` alike.
 */
export interface PostParts {
  /** offset where the YAML text starts (after the opening `---` line, and a byte order mark) */
  start: number;
  /** offset of the closing `---` line */
  end: number;
  body: string;
}

export function splitPost(source: string): PostParts {
  const open = /^\uFEFF?---\r?\n/.exec(source);
  if (!open) {
    throw new YamlError("no front matter: a post starts with a line of three dashes (---)", { line: 1, column: 1 });
  }
  const start = open[0].length;
  const close = /^---[ \t]*(?:\r?\n|$)/m.exec(source.slice(start));
  if (!close) {
    throw new YamlError("front matter is not closed: end it with a line of three dashes (---)", { line: 1, column: 1 });
  }
  const end = start + close.index;
  return { start, end, body: source.slice(end + close[0].length) };
}

/** Splits a post into front matter and Markdown body and parses the front matter. */
export function parsePost(source: string): ParsedPost {
  const { start, end, body } = splitPost(source);
  // Without the last line break, so an error at the end of the YAML is placed on its last line.
  const yaml = source.slice(start, end).replace(/\r?\n$/, "");
  if (yaml.trim() === "") throw new YamlError("empty front matter", { line: 1, column: 1 });
  return { ...parseYaml(yaml, 2), body };
}

/** A post's front matter as a YAML document, for tools that edit posts in place. */
export interface FrontMatterDocument {
  doc: Document;
  lineCounter: LineCounter;
  /** offset in the file where the YAML text starts (after the opening `---` line) */
  start: number;
  /** offset of the closing `---` line */
  end: number;
}

export function frontMatterDocument(source: string): FrontMatterDocument {
  const { start, end } = splitPost(source);
  const parsed = yamlDocument().editable(source, start, end);
  if ("problem" in parsed) throw new YamlError(parsed.problem.message, parsed.problem.at);
  return { ...parsed, start, end };
}

/** Text as a YAML scalar for tools that write posts: plain when it reads back the same, else quoted. */
export function yamlScalar(text: string): string {
  return yamlDocument().yamlScalar(text);
}
