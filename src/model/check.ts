import path from "node:path";
import type { DateTime } from "luxon";
import type { ZodType } from "zod";
import { type Located, type ParsedYaml, parsePost, parseYaml, YamlError } from "./frontmatter.ts";
import { type Checked, fieldPath, issuesToProblems, type Problem } from "./problems.ts";
import { codePointName, positions, stripForbidden, stripStrings } from "./sanitize.ts";
import { timeWarnings } from "./sanity.ts";
import { type FrontMatter, KNOWN_FIELDS, type PostContext, postSchema } from "./schema.ts";
import { slug } from "./text.ts";
import { localDate } from "./time.ts";

/**
 * Checking one file's text against its schema: forbidden characters removed (with warnings), the
 * YAML read, every problem located in the file. Posts, settings and the services registry all go
 * through `checkText`.
 */

/** One post as written, checked: its front matter plus where it came from. */
export interface SourcePost extends FrontMatter {
  id: string;
  /** path relative to the working directory, as errors show it */
  file: string;
  body: string;
}

/** Parses and checks one post's text; `file` is the name problems carry. */
export function checkPost(
  source: string,
  file: string,
  context: PostContext,
  schema = postSchema(context),
): Checked<SourcePost> {
  return withTimeWarnings(checkPostShape(source, file, context, schema), context);
}

/**
 * What checking a post finds that depends only on its text and the registry (not on the clock):
 * the part a warm rebuild keeps for a file whose text has not changed (load.ts's PostMemo).
 */
export interface PostShape {
  checked: Checked<SourcePost>;
  locate: ParsedYaml["locate"];
}

export function checkPostShape(
  source: string,
  file: string,
  context: PostContext,
  schema = postSchema(context),
): PostShape {
  let body = "";
  let locate: ParsedYaml["locate"] = () => ({ line: 1, column: 1 });
  const checked = checkText(
    source,
    file,
    (text) => {
      const post = parsePost(text);
      body = post.body;
      locate = post.locate;
      return post;
    },
    schema,
    KNOWN_FIELDS.posts,
  );
  if (!checked.ok) return { checked, locate };
  const id = checked.value.id ?? defaultId(file, checked.value.date, context.zone);
  return { checked: { ok: true, value: { ...checked.value, id, file, body }, warnings: checked.warnings }, locate };
}

/**
 * The shape of a post checked by an earlier build, from what that check found (a build's cache:
 * src/build/build-cache.ts): where its fields are is found again, in its text (`source`, asked for
 * then), only if a warning needs it.
 */
export function keptPostShape(
  post: Omit<SourcePost, "body">,
  body: string,
  warnings: Problem[],
  source: () => string,
): PostShape {
  let locate: ParsedYaml["locate"] | undefined;
  return {
    checked: { ok: true, value: { ...post, body }, warnings },
    locate: (at) => {
      locate ??= parsePost(stripForbidden(source()).text).locate;
      return locate(at);
    },
  };
}

/** The shape's result, with times typed wrong warned about when the context has a clock. */
export function withTimeWarnings({ checked, locate }: PostShape, context: PostContext): Checked<SourcePost> {
  if (!checked.ok) return checked;
  const { value } = checked;
  const warnings = [...checked.warnings];
  // A post not yet published (dated after now) is a scheduled post: its times are meant to be ahead.
  if (context.sanity && value.date <= context.sanity.now) {
    for (const w of timeWarnings(value, context.sanity)) {
      warnings.push({
        file: value.file,
        ...locate(w.path),
        field: fieldPath(w.path),
        severity: "warning",
        message: w.message,
      });
    }
  }
  return { ok: true, value, warnings };
}

/** Parses and checks a YAML file (settings, services registry); `fields` are its known field names. */
export function checkYaml<T>(source: string, file: string, schema: ZodType<T>, fields: readonly string[]): Checked<T> {
  return checkText(source, file, (text) => parseYaml(text), schema, fields);
}

function checkText<T>(
  source: string,
  file: string,
  parse: (text: string) => ParsedYaml,
  schema: ZodType<T>,
  fields: readonly string[],
): Checked<T> {
  const raw = stripForbidden(source);
  const warnings = rawWarnings(source, raw.removed, file);
  let parsed: ParsedYaml;
  try {
    parsed = parse(raw.text);
  } catch (error) {
    if (!(error instanceof YamlError)) throw error;
    return { ok: false, problems: [{ file, ...error.at, field: "", message: error.message }, ...warnings] };
  }
  const clean = stripStrings(parsed.data);
  warnings.push(...clean.paths.map((p) => removedWarning(file, parsed.locate(p), fieldPath(p))));
  const result = schema.safeParse(clean.data, { reportInput: true });
  if (result.success) return { ok: true, value: result.data, warnings };
  const problems = issuesToProblems(result.error.issues, file, parsed.locate, fields);
  return { ok: false, problems: [...problems, ...warnings] };
}

/** One warning per line that had characters removed from the file's text. */
function rawWarnings(source: string, offsets: number[], file: string): Problem[] {
  const lines = new Map<number, Problem>();
  positions(source, offsets).forEach((at, i) => {
    if (lines.has(at.line)) return;
    lines.set(at.line, {
      ...removedWarning(file, at, ""),
      message: `control character ${codePointName(source, offsets[i] ?? 0)} removed (pasted terminal output?); outputs cannot carry it`,
    });
  });
  return [...lines.values()];
}

function removedWarning(file: string, at: Located, field: string): Problem {
  return {
    file,
    ...at,
    field,
    severity: "warning",
    message: "control characters removed (pasted terminal output?); outputs cannot carry them",
  };
}

/** The file name when it starts with its date (the convention), else the date and the file name. */
export function defaultId(file: string, date: DateTime, zone: string): string {
  const name = slug(path.basename(file, ".md"));
  return /^\d{4}-\d{2}-\d{2}-/.test(name) ? name : `${localDate(date, zone)}-${name}`;
}
