import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { DateTime } from "luxon";
import { writeAtomically } from "../atomic-write.ts";
import { type KeptShape, PostMemo, type SeenFile } from "../model/load.ts";
import { MarkdownMemo } from "../model/markdown.ts";
import { timeAtOffset } from "../model/time.ts";
import { CompiledTemplates } from "../views/nunjucks.ts";
import { type KeptRender, RenderMemo } from "../views/render-memo.ts";
import { filesUnder, PROJECT, PROJECT_INPUTS } from "./fingerprint.ts";
import type { BuildOptions } from "./options.ts";
import type { Copy } from "./public-copy.ts";
import { buildsFolder, CACHE_FILE, currentBuild } from "./publish.ts";
import type { SharedReads } from "./shared-reads.ts";

/**
 * What `npm run build` hands to the next build into the same output, so that a rebuild after a post
 * changed checks and renders only what the change touched, as `npm run serve` does in memory
 * (src/build/warm-build.ts): each post file's checked front matter and body (by a hash of its text,
 * and by how the build saw the file, which lets the next leave it unread: src/build/shared-reads.ts), each
 * Markdown body's HTML, each template as Nunjucks compiled it, and each page's and feed's key
 * (src/views/render-memo.ts), of the last build and of the build before it. A page or feed whose
 * key is unchanged is left in the file the build before wrote into the spare this build writes
 * over, with the new build time, or else taken from the file the last build wrote. It also records
 * the files each build wrote, so the next build but one knows what the spare it writes over holds
 * without listing it (src/build/spare-build.ts), and what Eleventy copied there, which it need not
 * copy again (src/build/public-copy.ts).
 *
 * Kept as `cache.json` in the builds folder, beside the builds (src/build/publish.ts), and written
 * after the build, before the output points at it. The next build takes it only when:
 * - the output points at the build folder it names (no other build has been published since; a
 *   build folder is never written again once published, and `npm run serve` writes into one of its
 *   own), and
 * - the code, templates, `public/`, dependency versions, Node (its ICU and time zone data), the
 *   working folder and the build options are those it was made with (`projectKey`).
 * Otherwise, or when it cannot be read, the build checks and renders everything, as a first build.
 * A page file of the spare or of the last build that is gone or not of the length written is
 * taken from the other, or rendered again; one edited by hand to the same length would be taken
 * as it is (README, Decisions).
 */

const FORMAT = 7;

interface Loaded {
  memos: BuildMemos;
  /** `BuildCache.seenFiles` */
  seen?: Map<string, SeenFile>;
  /** the last build's files and copies (`f`, `c`), and the spare's (`s`, `d`) */
  files?: string[];
  spare?: string[];
  copies?: Copy[];
  spareCopies?: Copy[];
}

/** The memos a build checks and renders through (all empty for a build with nothing to take). */
export interface BuildMemos {
  posts: PostMemo;
  markdown: MarkdownMemo;
  rendered: RenderMemo;
  templates: CompiledTemplates;
}

/**
 * The file's first line: what the rest was made with and for. Then one line per entry, led by
 * its kind: `p` a post's shape, `m` a body's HTML by the hash of its source, `r` a page or feed.
 * Then `f`, the files this build wrote, and `s`, those of the build before it (the spare the next
 * build writes over), as site paths, and `q`, the pages and feeds of the build before it (its `r`
 * lines). `t` lines are the templates as Nunjucks compiled them. `c` is what Eleventy copied into
 * this build (or what it kept of the spare's copies), `d` the same of the build before it
 * (src/build/public-copy.ts). `e` lines are feed entries and posts' list items as written
 * (src/views/kept-texts.ts), as `e <key> <the text as a JSON string>`: the text is read only when
 * a feed or a list asks for it.
 * Lines are written and read one at a time, and an entry this build took unchanged is written
 * back as the line it was read from: at 10,000 posts, writing the whole cache as one JSON value
 * took about 0.6 s of the main thread, most of it for the posts no change had touched.
 */
interface Header {
  format: number;
  project: string;
  /** the name of the build folder whose files the pages' keys describe */
  folder: string;
}

export interface BuildCache {
  /** what the last build left, or empty memos */
  memos(): Promise<BuildMemos>;
  /**
   * The site paths of the files of the build before the last (the spare this build writes over:
   * src/build/spare-build.ts), when the last build left them; else undefined, and the spare is listed.
   */
  spareFiles(): Promise<readonly string[] | undefined>;
  /** what Eleventy copied into the spare, when the last build left it with the spare's files */
  spareCopies(): Promise<readonly Copy[] | undefined>;
  /**
   * How the last build saw each post file it read, by absolute path: one still so is not read
   * again (src/build/shared-reads.ts), and its shape and body are the cache's.
   */
  seenFiles(): Promise<ReadonlyMap<string, SeenFile>>;
  /**
   * Saves what this build, written into `folder`, checked, rendered and wrote (`files`, and of them
   * `copies`: Eleventy's), for the next.
   */
  save(folder: string, memos: BuildMemos, files: Iterable<string>, copies?: readonly Copy[]): Promise<void>;
}

/**
 * The cache of builds into `out`. It is read when first asked for (once the build holds the
 * output's lock), on the thread pool while the project's files are hashed.
 */
export function openBuildCache(out: string, options: BuildOptions, reads?: SharedReads): BuildCache {
  const file = path.join(buildsFolder(out), CACHE_FILE);
  const project = projectKey(options, reads);
  project.catch(() => undefined);
  // The lines read, by the post shape made from each and by the hash of each body's source:
  // written back as they were read for those this build took unchanged.
  const postLines = new Map<KeptShape, Uint8Array>();
  const markdownLines = new Map<string, Uint8Array>();
  const entryLines = new Map<string, Buffer>();
  /** the last build's pages and feeds, which become the spare's for the next build */
  const renderedLines: Uint8Array[] = [];
  let loading: Promise<Loaded> | undefined;
  const load = async (): Promise<Loaded> => {
    const live = currentBuild(out);
    const bytes = live ? await readFile(file).catch(() => undefined) : undefined;
    const header = bytes && parseHeader(bytes);
    if (!live || !bytes || !header || header.project !== (await project) || header.folder !== path.basename(live)) {
      return { memos: empty() };
    }
    const posts: KeptShape[] = [];
    const markdown: [string, string][] = [];
    const rendered: [string, KeptRender][] = [];
    const spareRendered: [string, KeptRender][] = [];
    const templates: [string, string, string][] = [];
    let files: string[] | undefined;
    let spare: string[] | undefined;
    let copies: Copy[] | undefined;
    let spareCopies: Copy[] | undefined;
    try {
      for (let start = bytes.indexOf(NEWLINE) + 1, end: number; start < bytes.length; start = end + 1) {
        end = bytes.indexOf(NEWLINE, start);
        if (end < 0) end = bytes.length;
        const line = bytes.subarray(start, end);
        const kind = line[0];
        if (kind === ENTRY) {
          const space = line.indexOf(SPACE, 2);
          if (space < 0) throw new Error("an entry line without its key");
          entryLines.set(line.toString("latin1", 2, space), line);
          continue;
        }
        const entry = JSON.parse(line.toString("utf8", 2));
        if (kind === POST) {
          entry.post = revive(entry.post);
          posts.push(entry);
          postLines.set(entry, line);
        } else if (kind === MARKDOWN) {
          markdown.push(entry);
          markdownLines.set(entry[0], line);
        } else if (kind === RENDERED) {
          rendered.push(entry);
          renderedLines.push(line);
        } else if (kind === SPARE_RENDERED) spareRendered.push(entry);
        else if (kind === TEMPLATE) templates.push(entry);
        else if (kind === FILES) files = entry;
        else if (kind === SPARE) spare = entry;
        else if (kind === COPIES) copies = entry;
        else if (kind === SPARE_COPIES) spareCopies = entry;
      }
    } catch {
      // Not a cache this build can read (written by hand, or cut short): nothing is taken from it.
      postLines.clear();
      markdownLines.clear();
      entryLines.clear();
      renderedLines.length = 0;
      return { memos: empty() };
    }
    const seen = new Map<string, SeenFile>();
    for (const entry of posts) if (entry.seen) seen.set(path.resolve(entry.file), entry.seen);
    const memos = empty();
    memos.posts.give(posts);
    memos.markdown.give(markdown);
    // The spare's pages and feeds count only with the list of its files.
    memos.rendered = RenderMemo.inFolder(live, rendered, spare ? spareRendered : []);
    memos.rendered.bodyKey = memos.markdown.keyOf;
    memos.rendered.texts.give([...entryLines].map(([key, line]) => [key, () => entryText(line, key)]));
    memos.templates.give(templates);
    return { memos, seen, files, spare, copies, spareCopies: spare && spareCopies };
  };
  const loaded = () => {
    loading ??= load();
    return loading;
  };
  return {
    memos: async () => (await loaded()).memos,
    spareFiles: async () => (await loaded()).spare,
    spareCopies: async () => (await loaded()).spareCopies,
    seenFiles: async () => (await loaded()).seen ?? new Map(),
    async save(folder, { posts, markdown, rendered, templates }, files, copies) {
      const header: Header = { format: FORMAT, project: await project, folder: path.basename(folder) };
      const parts: Uint8Array[] = [Buffer.from(JSON.stringify(header))];
      const line = (text: string) => Buffer.from(text);
      for (const entry of posts.entries()) {
        parts.push(postLines.get(entry) ?? line(`p ${JSON.stringify({ ...entry, post: withTimes(entry.post) })}`));
      }
      for (const entry of markdown.entries())
        parts.push(markdownLines.get(entry[0]) ?? line(`m ${JSON.stringify(entry)}`));
      for (const entry of rendered.entries()) parts.push(line(`r ${JSON.stringify(entry)}`));
      for (const [key, text] of rendered.texts.entries()) {
        parts.push(entryLines.get(key) ?? line(`e ${key} ${JSON.stringify(text)}`));
      }
      for (const entry of templates.entries()) parts.push(line(`t ${JSON.stringify(entry)}`));
      parts.push(line(`f ${JSON.stringify([...files].sort())}`));
      if (copies) parts.push(line(`c ${JSON.stringify(copies)}`));
      // The last build's files: the spare the next build writes over, once this build is published.
      const { files: last, copies: lastCopies } = (loading && (await loading)) || {};
      if (last) {
        parts.push(line(`s ${JSON.stringify(last)}`));
        if (lastCopies) parts.push(line(`d ${JSON.stringify(lastCopies)}`));
        for (const rendered of renderedLines) parts.push(Buffer.concat([SPARE_RENDERED_KIND, rendered.subarray(1)]));
      }
      const lines: Uint8Array[] = [];
      for (const part of parts) lines.push(part, NEWLINE_BYTES);
      // Without a cache for a moment, a crash costs the next build its speed, never its output.
      await writeAtomically(file, Buffer.concat(lines), { removeOld: true });
    },
  };
}

const NEWLINE = 0x0a;
const NEWLINE_BYTES = Buffer.from("\n");
const SPACE = 0x20;
const [POST, MARKDOWN, RENDERED, FILES, SPARE, SPARE_RENDERED, TEMPLATE, COPIES, SPARE_COPIES, ENTRY] = [
  ..."pmrfsqtcde",
].map((c) => c.charCodeAt(0));
const SPARE_RENDERED_KIND = Buffer.from("q");

/** The text of an `e` line, read when a feed asks for it; undefined, and the entry made again, when it is not a text. */
function entryText(line: Buffer, key: string): string | undefined {
  try {
    const text: unknown = JSON.parse(line.toString("utf8", key.length + 3));
    return typeof text === "string" ? text : undefined;
  } catch {
    return undefined;
  }
}

function empty(): BuildMemos {
  const markdown = new MarkdownMemo();
  const rendered = RenderMemo.inFolder(undefined, []);
  // The keys name each body by its source's hash (src/views/render-memo.ts).
  rendered.bodyKey = markdown.keyOf;
  return { posts: new PostMemo(), markdown, rendered, templates: new CompiledTemplates() };
}

/** The cache's first line, or undefined when the file is not a cache of this format (a half-written or foreign file). */
function parseHeader(bytes: Buffer): Header | undefined {
  try {
    const header = JSON.parse(bytes.toString("utf8", 0, bytes.indexOf(NEWLINE))) as Partial<Header>;
    return header.format === FORMAT ? (header as Header) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A hash of everything besides the posts that what the cache holds was made with: the project's
 * inputs (as the build record's fingerprint reads them: src/build/fingerprint.ts), Node's versions
 * (ICU and time zone data turn times into text), the working folder (post files are named from it)
 * and the options that change the output. `reads`: the build's one read of each file, shared with
 * the inputs' fingerprint, which reads the same project files.
 */
export async function projectKey(options: BuildOptions, reads?: SharedReads): Promise<string> {
  const { posts: _posts, now: _now, inputs: _inputs, ...outputOptions } = options;
  const hash = createHash("sha256").update(JSON.stringify([FORMAT, outputOptions, process.versions, process.cwd()]));
  for (const input of PROJECT_INPUTS) {
    const root = path.join(PROJECT, input);
    const files = await filesUnder(root);
    const contents = await Promise.all(files.map((file) => (reads ? reads.read(file) : readFile(file))));
    files.forEach((file, i) => {
      hash.update(`\0${path.relative(PROJECT, file)}\0`).update(contents[i] as Buffer);
    });
  }
  return hash.digest("hex");
}

/** Marks a time in the cache's JSON: an author's times are instants at a fixed offset (src/model/time.ts). */
const TIME = "\u0000time";

/** A copy of `value` for JSON, each luxon time as its instant and offset (luxon would write only its ISO text). */
export function withTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withTimes);
  if (typeof value !== "object" || value === null) return value;
  if (DateTime.isDateTime(value)) {
    if (!value.isOffsetFixed) throw new Error(`a time in ${value.zoneName}, not at a fixed offset, cannot be cached`);
    return { [TIME]: value.toMillis(), offset: value.offset };
  }
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) copy[key] = withTimes(field);
  return copy;
}

/** The value `withTimes` copied, read back from JSON: its times luxon's again. */
export function revive(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
    return value;
  }
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  const ms = record[TIME];
  if (typeof ms === "number") return timeAtOffset(ms, record.offset as number);
  for (const key of Object.keys(record)) record[key] = revive(record[key]);
  return record;
}
