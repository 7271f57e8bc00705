import type { Dirent } from "node:fs";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { DateTime } from "luxon";
import type { ZodType } from "zod";
import { type Located, parsePost, parseYaml, YamlError } from "./frontmatter.ts";
import { groupBy } from "./paginate.ts";
import { fieldPath, issuesToProblems, type Problem } from "./problems.ts";
import { codePointName, decodeUtf8, positions, stripForbidden, stripStrings } from "./sanitize.ts";
import {
  type FrontMatter,
  KNOWN_FIELDS,
  type PostContext,
  postSchema,
  type Service,
  type Settings,
  servicesSchema,
  settingsSchema,
} from "./schema.ts";
import { localDate } from "./time.ts";

export const SETTINGS_FILE = "settings.yaml";
export const SERVICES_FILE = "services.yaml";

/** One post as written, checked: its front matter plus where it came from. */
export interface SourcePost extends FrontMatter {
  id: string;
  /** path relative to the working directory, as errors show it */
  file: string;
  body: string;
}

export interface Sources {
  settings: Settings;
  services: Service[];
  posts: SourcePost[];
}

/** Problems stop a build; warnings (severity "warning") are shown and do not. */
export type LoadResult = { ok: true; sources: Sources; warnings: Problem[] } | { ok: false; problems: Problem[] };

/** The settings and services registry, which every post is checked against. */
export interface Registry {
  settings: Settings | undefined;
  services: Service[];
}

/** Reads and checks `settings.yaml` and `services.yaml`; problems go to `problems`. */
export async function loadRegistry(postsDir: string, problems: Problem[]): Promise<Registry> {
  const checked = async <T>(file: string, schema: ZodType<T>, fields: readonly string[]) => {
    const text = await readText(file, problems);
    if (text === undefined) return undefined;
    const result = checkYaml(text, displayPath(file), schema, fields);
    if ("problems" in result) problems.push(...result.problems);
    else problems.push(...(result.warnings ?? []));
    return "value" in result ? result.value : undefined;
  };
  const settings = await checked(path.join(postsDir, SETTINGS_FILE), settingsSchema, KNOWN_FIELDS.settings);
  const services = (await checked(path.join(postsDir, SERVICES_FILE), servicesSchema, KNOWN_FIELDS.services)) ?? [];
  return { settings, services };
}

/** What posts are checked against: the NOC zone (UTC while the settings are broken) and service ids. */
export function postContext(registry: Registry): PostContext {
  return { zone: registry.settings?.timeZone ?? "UTC", services: registry.services.map((s) => s.id) };
}

/**
 * Reads and checks everything under `postsDir`: settings, services registry and every post.
 * Never stops at the first problem: the result lists all of them.
 */
export async function loadSources(postsDir: string): Promise<LoadResult> {
  const problems: Problem[] = [];
  const registry = await loadRegistry(postsDir, problems);
  // Without valid settings, posts are still checked (in UTC) so every problem shows at once.
  const context = postContext(registry);
  const schema = postSchema(context);

  const files = await postFiles(postsDir, problems);
  const sources = await Promise.all(files.map((file) => readText(file, problems)));
  const posts: SourcePost[] = [];
  files.forEach((file, i) => {
    const text = sources[i];
    if (text === undefined) return;
    const result = checkPost(text, displayPath(file), context, schema);
    if ("problems" in result) problems.push(...result.problems);
    else {
      posts.push(result.post);
      problems.push(...result.warnings);
    }
  });
  problems.push(...duplicateIds(posts));
  const { settings, services } = registry;
  const errors = problems.filter((p) => p.severity !== "warning");
  if (errors.length > 0 || !settings) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, sources: { settings, services, posts }, warnings: sortProblems(problems) };
}

async function readText(file: string, problems: Problem[]): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    problems.push({ file: displayPath(file), line: 1, column: 1, field: "", message: `cannot read: ${reason(error)}` });
    return undefined;
  }
  const decoded = decodeUtf8(bytes);
  if ("text" in decoded) return decoded.text;
  problems.push({
    file: displayPath(file),
    line: decoded.line,
    column: 1,
    field: "",
    message: "is not valid UTF-8 (an editor saved it in another encoding?); save it as UTF-8",
  });
  return undefined;
}

export type Checked<T> = { value: T } | { problems: Problem[] };

/** Parses and checks one post's text; `file` is the name problems carry. */
export function checkPost(
  source: string,
  file: string,
  context: PostContext,
  schema = postSchema(context),
): { post: SourcePost; warnings: Problem[] } | { problems: Problem[] } {
  const raw = stripForbidden(source);
  const warnings = rawWarnings(source, raw.removed, file);
  const parsed = attempt(file, () => parsePost(raw.text));
  if ("problems" in parsed) return { problems: [...parsed.problems, ...warnings] };
  const clean = stripStrings(parsed.value.data);
  warnings.push(...clean.paths.map((path) => removedWarning(file, parsed.value.locate(path), fieldPath(path))));
  const result = schema.safeParse(clean.data, { reportInput: true });
  if (!result.success) {
    const problems = issuesToProblems(result.error.issues, file, parsed.value.locate, KNOWN_FIELDS.posts);
    return { problems: [...problems, ...warnings] };
  }
  const id = result.data.id ?? defaultId(file, result.data.date, context.zone);
  return { post: { ...result.data, id, file, body: parsed.value.body }, warnings };
}

/** Parses and checks a YAML file (settings, services registry). */
export function checkYaml<T>(
  source: string,
  file: string,
  schema: ZodType<T>,
  fields: readonly string[],
): Checked<T> & { warnings?: Problem[] } {
  const raw = stripForbidden(source);
  const warnings = rawWarnings(source, raw.removed, file);
  const parsed = attempt(file, () => parseYaml(raw.text));
  if ("problems" in parsed) return { problems: [...parsed.problems, ...warnings] };
  const clean = stripStrings(parsed.value.data);
  warnings.push(...clean.paths.map((path) => removedWarning(file, parsed.value.locate(path), fieldPath(path))));
  const result = schema.safeParse(clean.data, { reportInput: true });
  if (result.success) return { value: result.data, warnings };
  const problems = issuesToProblems(result.error.issues, file, parsed.value.locate, fields);
  return { problems: [...problems, ...warnings] };
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

function attempt<P>(file: string, parse: () => P): Checked<P> {
  try {
    return { value: parse() };
  } catch (error) {
    if (!(error instanceof YamlError)) throw error;
    return { problems: [{ file, ...error.at, field: "", message: error.message }] };
  }
}

/**
 * `posts/**\/*.md`, in a stable order. Links to files and folders are followed (a NOC may keep
 * posts elsewhere); a link that leads nowhere, a loop, or a folder that cannot be read is a problem,
 * never a post silently left out.
 */
export async function postFiles(postsDir: string, problems: Problem[] = []): Promise<string[]> {
  const found: string[] = [];
  const seen = new Set<string>();
  const problem = (file: string, message: string): void => {
    problems.push({ file: displayPath(file), line: 1, column: 1, field: "", message });
  };
  const walk = async (dir: string, top: boolean): Promise<void> => {
    const real = await realpath(dir);
    if (seen.has(real)) return problem(dir, "a link leads back to a folder already read (a loop); remove the link");
    seen.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (top) throw error;
      return problem(dir, `cannot read this folder: ${reason(error)}`);
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const file = path.join(dir, entry.name);
      let kind: "file" | "folder" | "other" = entry.isFile() ? "file" : entry.isDirectory() ? "folder" : "other";
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(file);
          kind = target.isFile() ? "file" : target.isDirectory() ? "folder" : "other";
        } catch {
          if (entry.name.endsWith(".md")) problem(file, "a link to a file that does not exist; fix or remove the link");
          continue;
        }
      }
      if (kind === "folder" && !entry.name.startsWith(".") && entry.name !== "node_modules") await walk(file, false);
      if (kind === "file" && isPostName(entry.name)) found.push(file);
    }
  };
  await walk(postsDir, true);
  return found.sort();
}

function isPostName(name: string): boolean {
  return name.endsWith(".md") && !name.startsWith("_") && !name.startsWith(".") && name !== "README.md";
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "EACCES" ? "permission denied" : (error as Error).message;
}

/** The file name when it starts with its date (the convention), else the date and the file name. */
export function defaultId(file: string, date: DateTime, zone: string): string {
  const slug = path
    .basename(file, ".md")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return /^\d{4}-\d{2}-\d{2}-/.test(slug) ? slug : `${localDate(date, zone)}-${slug}`;
}

/** Files are named relative to where the command runs, as a compiler names them. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") ? file : relative;
}

function duplicateIds(posts: SourcePost[]): Problem[] {
  return [...groupBy(posts, (p) => p.id).values()]
    .filter((same) => same.length > 1)
    .flatMap((same) =>
      same.map((post) => ({
        file: post.file,
        line: 1,
        column: 1,
        field: "id",
        message: `duplicate id "${post.id}" (also ${same
          .filter((p) => p !== post)
          .map((p) => p.file)
          .join(", ")}); set a distinct id`,
      })),
    );
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
