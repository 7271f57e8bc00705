import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { DateTime } from "luxon";
import type { ZodType } from "zod";
import { parsePost, parseYaml, YamlError } from "./frontmatter.ts";
import { groupBy } from "./paginate.ts";
import { issuesToProblems, type Problem } from "./problems.ts";
import {
  type FrontMatter,
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

export type LoadResult = { ok: true; sources: Sources } | { ok: false; problems: Problem[] };

// Field names for "did you mean" on unknown fields.
const KNOWN_FIELDS = [
  ...new Set([
    ...Object.keys(settingsSchema.shape),
    "id",
    "name",
    "group",
    "description",
    "kind",
    "title",
    "date",
    "draft",
    "summary",
    "tags",
    "service",
    "severity",
    "window",
    "updates",
    "start",
    "end",
    "note",
    "at",
    "status",
    "body",
  ]),
];

/** The settings and services registry, which every post is checked against. */
export interface Registry {
  settings: Settings | undefined;
  services: Service[];
}

/** Reads and checks `settings.yaml` and `services.yaml`; problems go to `problems`. */
export async function loadRegistry(postsDir: string, problems: Problem[]): Promise<Registry> {
  const checked = async <T>(file: string, schema: ZodType<T>) => {
    const text = await readText(file, problems);
    if (text === undefined) return undefined;
    const result = checkYaml(text, displayPath(file), schema);
    if ("problems" in result) problems.push(...result.problems);
    return "value" in result ? result.value : undefined;
  };
  const settings = await checked(path.join(postsDir, SETTINGS_FILE), settingsSchema);
  const services = (await checked(path.join(postsDir, SERVICES_FILE), servicesSchema)) ?? [];
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

  const files = await postFiles(postsDir);
  const sources = await Promise.all(files.map((file) => readText(file, problems)));
  const posts: SourcePost[] = [];
  files.forEach((file, i) => {
    const text = sources[i];
    if (text === undefined) return;
    const result = checkPost(text, displayPath(file), context, schema);
    if ("problems" in result) problems.push(...result.problems);
    else posts.push(result.post);
  });
  problems.push(...duplicateIds(posts));
  const { settings, services } = registry;
  if (problems.length > 0 || !settings) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, sources: { settings, services, posts } };
}

async function readText(file: string, problems: Problem[]): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    problems.push({
      file: displayPath(file),
      line: 1,
      column: 1,
      field: "",
      message: `cannot read: ${(error as Error).message}`,
    });
    return undefined;
  }
}

export type Checked<T> = { value: T } | { problems: Problem[] };

/** Parses and checks one post's text; `file` is the name problems carry. */
export function checkPost(
  source: string,
  file: string,
  context: PostContext,
  schema = postSchema(context),
): { post: SourcePost } | { problems: Problem[] } {
  const parsed = attempt(file, () => parsePost(source));
  if ("problems" in parsed) return parsed;
  const result = schema.safeParse(parsed.value.data, { reportInput: true });
  if (!result.success) {
    return { problems: issuesToProblems(result.error.issues, file, parsed.value.locate, KNOWN_FIELDS) };
  }
  const id = result.data.id ?? defaultId(file, result.data.date, context.zone);
  return { post: { ...result.data, id, file, body: parsed.value.body } };
}

/** Parses and checks a YAML file (settings, services registry). */
export function checkYaml<T>(source: string, file: string, schema: ZodType<T>): Checked<T> {
  const parsed = attempt(file, () => parseYaml(source));
  if ("problems" in parsed) return parsed;
  const result = schema.safeParse(parsed.value.data, { reportInput: true });
  if (result.success) return { value: result.data };
  return { problems: issuesToProblems(result.error.issues, file, parsed.value.locate, KNOWN_FIELDS) };
}

function attempt<P>(file: string, parse: () => P): Checked<P> {
  try {
    return { value: parse() };
  } catch (error) {
    if (!(error instanceof YamlError)) throw error;
    return { problems: [{ file, ...error.at, field: "", message: error.message }] };
  }
}

/** `posts/**\/*.md`, in a stable order. */
export async function postFiles(postsDir: string): Promise<string[]> {
  const entries = await readdir(postsDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".md") && !e.name.startsWith("_") && e.name !== "README.md")
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
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
