import { hash } from "node:crypto";
import { type Dirent, existsSync, readFileSync } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { ZodType } from "zod";
import { readFile } from "../files.ts";
import {
  checkPost,
  checkPostShape,
  checkYaml,
  keptPostShape,
  type PostShape,
  type SourcePost,
  withTimeWarnings,
} from "./check.ts";
import { parseYaml } from "./frontmatter.ts";
import { NOTIFY_FILE, type NotifyConfig, notifyFields, notifySchema } from "./notify-schema.ts";
import { groupBy } from "./paginate.ts";
import type { Checked, Problem } from "./problems.ts";
import { decodeUtf8 } from "./sanitize.ts";
import {
  KNOWN_FIELDS,
  type PostContext,
  postSchema,
  type Service,
  type Settings,
  servicesSchema,
  settingsSchema,
} from "./schema.ts";
import { resolveNow } from "./time.ts";

export const SETTINGS_FILE = "settings.yaml";
export const SERVICES_FILE = "services.yaml";

export interface Sources {
  settings: Settings;
  services: Service[];
  posts: SourcePost[];
}

/** What loading gives: the sources, and the posts published as an earlier version or left out. */
export interface Loaded extends Sources {
  notify: NotifyConfig | undefined;
  /** empty unless asked to skip broken posts */
  skipped: SkippedPost[];
}

/** The settings and services registry, which every post is checked against. */
export interface Registry {
  settings: Settings | undefined;
  services: Service[];
  /**
   * The service ids posts may name: the registry's, also when some entry of it is broken (its id
   * still counts, so posts that use it are not flooded with "unknown service"); null when the
   * registry could not be read as a list at all, and its own problem is the one to fix.
   */
  serviceIds: readonly string[] | null;
  /** notify.yaml, when there is one and it has no problems */
  notify: NotifyConfig | undefined;
}

/** Reads and checks `settings.yaml` and `services.yaml`; problems go to `problems`. */
export async function loadRegistry(
  postsDir: string,
  problems: Problem[],
  read?: (file: string) => Promise<Buffer>,
): Promise<Registry> {
  const checked = async <T>(text: string | undefined, file: string, schema: ZodType<T>, fields: readonly string[]) => {
    if (text === undefined) return undefined;
    const result = checkYaml(text, displayPath(file), schema, fields);
    problems.push(...(result.ok ? result.warnings : result.problems));
    return result.ok ? result.value : undefined;
  };
  const settingsFile = path.join(postsDir, SETTINGS_FILE);
  const servicesFile = path.join(postsDir, SERVICES_FILE);
  const settings = await checked(
    await readText(settingsFile, problems, read),
    settingsFile,
    settingsSchema,
    KNOWN_FIELDS.settings,
  );
  const servicesText = await readText(servicesFile, problems, read);
  const services = await checked(servicesText, servicesFile, servicesSchema, KNOWN_FIELDS.services);
  const serviceIds = services
    ? services.map((s) => s.id)
    : servicesText === undefined
      ? null
      : salvageIds(servicesText);
  // Optional: a site without notifications has none.
  const notifyFile = path.join(postsDir, NOTIFY_FILE);
  const notifyText = existsSync(notifyFile) ? await readText(notifyFile, problems, read) : undefined;
  const notify =
    notifyText === undefined
      ? undefined
      : await checked(notifyText, notifyFile, notifySchema(serviceIds), notifyFields());
  return { settings, services: services ?? [], serviceIds, notify };
}

/** The ids a registry that failed its check still names, or null when it is not a list of entries. */
function salvageIds(text: string): string[] | null {
  try {
    const { data } = parseYaml(text);
    if (!Array.isArray(data)) return null;
    return data.flatMap((entry) => {
      const id = (entry as { id?: unknown } | null)?.id;
      return typeof id === "string" ? [id] : [];
    });
  } catch {
    return null;
  }
}

/** The clock sanity warnings are measured against: NOC_NOW or --now text, or undefined for the real clock. */
export interface Clock {
  now: string | undefined;
}

/** What posts are checked against: the NOC zone (UTC while the settings are broken) and service ids. */
export function postContext(registry: Registry): PostContext {
  return {
    zone: registry.settings?.timeZone ?? "UTC",
    services: registry.serviceIds,
    internalServices: registry.services.filter((s) => s.audience === "internal").map((s) => s.id),
  };
}

/** An earlier version of a post file (from git history), newest first. */
export interface EarlierVersion {
  /** how readers of the build's report know it: "commit 1a2b3c4 of Tue, 1 Dec 2026, 10:02" */
  label: string;
  text: string;
}

/**
 * Where earlier versions of a post file come from, newest first; none when there is no history.
 * `zone`: the NOC's, for the labels.
 */
export type EarlierVersions = (file: string, zone: string) => AsyncIterable<EarlierVersion>;

/** A post the build could not publish as written. */
export interface SkippedPost {
  file: string;
  /** what is wrong with it as written */
  problems: Problem[];
  /** the earlier version published in its place, or null when it was left out */
  publishedAs: string | null;
}

export interface LoadOptions {
  /** warn about times typed wrong, against this clock */
  clock?: Clock | undefined;
  /**
   * Publish what can be published: a post with problems is replaced by its newest earlier version
   * without problems, or left out, and listed in `skipped`. Settings and services must still be
   * right: every post depends on them.
   */
  skipBroken?: { earlier: EarlierVersions } | undefined;
  /** what the last load found per file, for a process that loads again after a change (`npm run serve`) */
  memo?: PostMemo | undefined;
  /** reads a file's bytes (a build shares one read with its inputs' fingerprint); else read here */
  read?: ((file: string) => Promise<Buffer>) | undefined;
  /**
   * looks at a post file (a build's `SharedReads.look`): its bytes, or none for a file as the last
   * build saw it, which `memo` then has as that build checked it
   */
  look?: ((file: string) => Promise<Look>) | undefined;
}

/** How a build saw a post file: what the next build compares, and what it takes instead of reading it. */
export interface SeenFile {
  /** device, inode, size, modification and change times */
  stamp: string;
  /** when it was looked at, before it was read (ms since the epoch) */
  at: number;
  /** a digest of its bytes, which the inputs' fingerprint takes (src/build/fingerprint.ts) */
  digest: string;
}

/** A post file as `LoadOptions.look` gives it: its bytes, or none when it is as the last build saw it (`seen`). */
export interface Look {
  bytes?: Buffer;
  /** how it was seen, for a file looked at */
  seen?: SeenFile;
}

/**
 * Per post file, what checking its text found, kept between loads: a file whose text and registry
 * (zone, service ids) are as last time is not parsed again. Only the clock's warnings are made anew.
 */
export class PostMemo {
  #shapes = new Map<
    string,
    { hash: string; registry: string; shape: PostShape; given?: KeptShape; seen?: SeenFile | undefined }
  >();
  /** shapes an earlier process found (a build's cache), taken when the file's text is the same */
  #given = new Map<string, KeptShape>();
  /** the files the load under way has asked about */
  #loaded = new Set<string>();

  /** `seen`: how the build looked at the file whose text this is, kept for the next build */
  shape(
    file: string,
    text: string,
    context: PostContext,
    schema: ReturnType<typeof postSchema>,
    seen?: SeenFile,
  ): PostShape {
    const registry = registryOf(context);
    const hash = textHash(text);
    this.#loaded.add(file);
    const kept = this.#shapes.get(file);
    // Kept from an earlier load of this process: handed on as first seen, which the file still is in
    // all a build compares (a look that no longer matches only has the next build read the file).
    if (kept && kept.hash === hash && kept.registry === registry) return kept.shape;
    const given = this.#given.get(file);
    this.#given.delete(file);
    if (given?.hash === hash && given.registry === registry) {
      const shape = keptPostShape(given.post, given.body, given.warnings, () => text);
      // Seen anew (saved again as it was): handed on with how it was seen now.
      const handed = seen && seen !== given.seen ? { ...given, seen } : given;
      this.#shapes.set(file, { hash, registry, shape, given: handed, seen });
      return shape;
    }
    const shape = checkPostShape(text, displayPath(file), context, schema);
    this.#shapes.set(file, { hash, registry, shape, seen });
    return shape;
  }

  /**
   * The shape of a post file the last build saw as it is now (`seen`, as the build cache gave it),
   * without its text; undefined when that build checked it against another registry, and the
   * text is needed.
   */
  unchanged(file: string, seen: SeenFile, context: PostContext): PostShape | undefined {
    const given = this.#given.get(file);
    const registry = registryOf(context);
    if (!given || given.seen !== seen || given.registry !== registry) return undefined;
    this.#loaded.add(file);
    this.#given.delete(file);
    // Read only if a warning must say where in the file it is.
    const shape = keptPostShape(given.post, given.body, given.warnings, () => readSettledText(file));
    this.#shapes.set(file, { hash: given.hash, registry, shape, given, seen });
    return shape;
  }

  /** Forgets the files the load that just ended did not read (deleted posts). */
  sweep(): void {
    for (const file of this.#shapes.keys()) if (!this.#loaded.has(file)) this.#shapes.delete(file);
    this.#loaded.clear();
    this.#given.clear();
  }

  /**
   * The posts that checked without problems, as a later process can take them (`give`); a shape
   * taken from what was given is handed on as the same object.
   */
  entries(): KeptShape[] {
    const entries: KeptShape[] = [];
    for (const [file, { hash, registry, shape, given, seen }] of this.#shapes) {
      if (given) entries.push(given);
      if (given || !shape.checked.ok) continue;
      const { body, ...post } = shape.checked.value;
      entries.push({ file, hash, registry, post, body, warnings: shape.checked.warnings, ...(seen ? { seen } : {}) });
    }
    return entries;
  }

  /** Shapes an earlier process found, used by the next load for files whose text and registry are as they were. */
  give(entries: Iterable<KeptShape>): void {
    for (const entry of entries) this.#given.set(entry.file, entry);
  }
}

/** A post file that checked without problems, as `PostMemo` hands it from one process to the next. */
export interface KeptShape {
  file: string;
  /** of the file's text */
  hash: string;
  /** the zone and service ids it was checked against */
  registry: string;
  post: Omit<SourcePost, "body">;
  body: string;
  warnings: Problem[];
  /** how the build that checked it saw the file, when it looked (src/build/shared-reads.ts) */
  seen?: SeenFile;
}

function textHash(text: string): string {
  return hash("sha1", text, "base64");
}

function registryOf(context: PostContext): string {
  return JSON.stringify([context.zone, context.services, context.internalServices]);
}

/** A post file's text for a warning's place in it; empty if it cannot be read now. */
function readSettledText(file: string): string {
  try {
    return stripBom(readFileSync(file, "utf8"));
  } catch {
    return "";
  }
}

/**
 * Reads and checks everything under `postsDir`: settings, services registry and every post.
 * Never stops at the first problem: the result lists all of them.
 */
export async function loadSources(postsDir: string, options: LoadOptions = {}): Promise<Checked<Loaded>> {
  const { clock, skipBroken, memo, read, look } = options;
  const problems: Problem[] = [];
  // Read as the posts are: a build's fingerprint then records the settings it built with.
  const registry = await loadRegistry(postsDir, problems, read);
  // Without valid settings, posts are still checked (in UTC) so every problem shows at once.
  const context = postContext(registry);
  // With a clock, times typed wrong are warned about, against the NOC's now.
  if (clock && registry.settings) {
    context.sanity = { now: resolveNow(clock.now, registry.settings.timeZone), settings: registry.settings };
  }
  const schema = postSchema(context);

  const files = await postFiles(postsDir, problems);
  /** per post file, what reading and checking it found */
  const found = new Map<string, Problem[]>();
  const sources = await Promise.all(
    files.map(async (file): Promise<PostSource | undefined> => {
      const own: Problem[] = [];
      found.set(file, own);
      return look && memo ? lookAt(file, own, look, memo, context) : readText(file, own, read);
    }),
  );
  const posts: SourcePost[] = [];
  files.forEach((file, i) => {
    const source = sources[i];
    const own = found.get(file) as Problem[];
    if (source === undefined) return;
    const result = memo
      ? withTimeWarnings(shapeOf(file, source, memo, context, schema), context)
      : checkPost(source as string, displayPath(file), context, schema);
    if (result.ok) posts.push(result.value);
    own.push(...(result.ok ? result.warnings : result.problems));
  });
  const skipped: SkippedPost[] = [];
  for (const [file, own] of found) {
    const broken = own.some((p) => p.severity !== "warning");
    if (!broken || !skipBroken || !registry.settings) {
      problems.push(...own);
      continue;
    }
    const earlier = await lastGoodVersion(file, skipBroken.earlier, context, schema);
    if (earlier) posts.push(earlier.post);
    skipped.push({ file: displayPath(file), problems: sortProblems(own), publishedAs: earlier?.label ?? null });
  }
  memo?.sweep();
  problems.push(...duplicateIds(posts));
  const { settings, services, notify } = registry;
  const errors = problems.filter((p) => p.severity !== "warning");
  if (errors.length > 0 || !settings) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, value: { settings, services, posts, skipped, notify }, warnings: sortProblems(problems) };
}

/** The newest earlier version of a post that checks without problems (its warnings are not repeated). */
async function lastGoodVersion(
  file: string,
  earlier: EarlierVersions,
  context: PostContext,
  schema: ReturnType<typeof postSchema>,
): Promise<{ post: SourcePost; label: string } | null> {
  // Checked as it was, not against today's clock: its times were right when it was written.
  const then = { ...context, sanity: undefined };
  for await (const version of earlier(file, context.zone)) {
    const result = checkPost(stripBom(version.text), displayPath(file), then, schema);
    if (result.ok) return { post: result.value, label: version.label };
  }
  return null;
}

const stripBom = (text: string) => text.replace(/^\uFEFF/, "");

/** A post file's text, with how it was seen; or its shape, when it is as the last build saw it. */
type PostSource = string | { text: string; seen: SeenFile | undefined } | { shape: PostShape };

function shapeOf(
  file: string,
  source: PostSource,
  memo: PostMemo,
  context: PostContext,
  schema: ReturnType<typeof postSchema>,
): PostShape {
  if (typeof source === "string") return memo.shape(file, source, context, schema);
  return "shape" in source ? source.shape : memo.shape(file, source.text, context, schema, source.seen);
}

/** A post file through `look`: unchanged since the last build, its shape from `memo` without reading it. */
async function lookAt(
  file: string,
  problems: Problem[],
  look: (file: string) => Promise<Look>,
  memo: PostMemo,
  context: PostContext,
): Promise<PostSource | undefined> {
  let got: Look;
  try {
    got = await look(file);
  } catch (error) {
    problems.push({ file: displayPath(file), line: 1, column: 1, field: "", message: `cannot read: ${reason(error)}` });
    return undefined;
  }
  if (!got.bytes) {
    const shape = got.seen && memo.unchanged(file, got.seen, context);
    if (shape) return { shape };
  }
  // Checked against another registry: the text is needed after all.
  const bytes = got.bytes;
  const text = await readText(file, problems, bytes ? async () => bytes : undefined);
  return text === undefined ? undefined : { text, seen: bytes ? got.seen : undefined };
}

async function readText(
  file: string,
  problems: Problem[],
  read?: (file: string) => Promise<Buffer>,
): Promise<string | undefined> {
  let text: string;
  let bytes: Buffer;
  try {
    // Read as text, as fast as Node can; only a file with U+FFFD in it is read again as bytes, to
    // tell an invalid byte from a replacement character its author wrote. Bytes handed over by
    // `read` are decoded here instead.
    const given = read ? await read(file) : undefined;
    text = given ? given.toString("utf8") : await readFile(file, "utf8");
    if (!text.includes("\uFFFD")) return stripBom(text);
    bytes = given ?? (await readFile(file));
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
    if (seen.has(real))
      return problem(
        dir,
        "a link leads to a folder already read (a loop, or one folder reached twice); remove the link",
      );
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
