import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type Destination, type SiteFile, writerFor } from "../build/write-files.ts";
import type { Post, Site } from "../model/site.ts";
import { htmlToText } from "../model/text.ts";
import { timeText } from "../model/time-text.ts";
import { searchPartPath } from "../routes.ts";

/**
 * Full-text search over the posts, with Pagefind. Its index and client are written under
 * `pagefind/` in the site, so search works on any static host with no server.
 *
 * Records come from the site model, not from reading the built pages back, so Pagefind indexes in
 * its own process, on the other core, while the pages are rendered.
 *
 * Pagefind holds a whole index in memory while it writes it (about 50 bytes per character of
 * text, 300 MB for 2,000 posts of a few hundred words), so a big site is indexed in parts of at
 * most PART_TEXT characters, one after the other, and the search page merges them in the browser
 * (Pagefind's `mergeIndex`). Parts are cut oldest post first, the newest quarter's posts apart
 * from the older ones (searchPlan), so a new post or update changes only the last part, and where a
 * post's own id says (searchParts), so an edit that makes an older post longer or shorter changes
 * its own part and leaves the later parts as they were. The sample site is one part.
 *
 * Each part carries `part.json`: the fingerprint of its records (and of the Pagefind that indexed
 * them) and of the names of its files. A rebuild keeps a part whose records did not change as the
 * build it writes over has it (`PartReuse`), and Pagefind indexes only the parts that changed.
 */

/** Characters of text per part: about 1,300 posts of a few hundred words, for which Pagefind peaks near 230 MB. */
export const PART_TEXT = 4_000_000;

export interface SearchRecord {
  url: string;
  content: string;
  language: string;
  meta: Record<string, string>;
}

/** What a search result shows and what is searched: the post as its page has it. */
export function searchRecord(post: Post, site: Site, names = serviceNames(site)): SearchRecord {
  const services = post.services.map((id) => names.get(id) ?? id).join(", ");
  const content = [
    post.title,
    post.summary,
    ...post.windows.map((w) => w.note),
    ...post.updates.map((u) => `${u.label}. ${htmlToText(u.html)}`),
    htmlToText(post.html),
  ].filter((text): text is string => Boolean(text));
  return {
    url: post.url,
    // One text; each part ends as a sentence, so an excerpt across parts still reads.
    content: content.map((text) => (/[.!?…:]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`)).join(" "),
    language: "en",
    meta: {
      title: post.title,
      kind: post.kind.charAt(0).toUpperCase() + post.kind.slice(1),
      date: timeText(site.settings.timeZone, site.settings.locale, site.now).short(post.date),
      ...(services ? { services } : {}),
    },
  };
}

function serviceNames(site: Site): Map<string, string> {
  return new Map(site.services.map((s) => [s.id, s.name]));
}

/**
 * Items split in order into parts of at most `limit` by `size` (an item larger than that is a part
 * alone). Once a part holds `limit` × CUT_FROM, it ends after the first item `cutAfter` accepts,
 * so where parts end depends on the items there, not on the length of everything before them.
 */
export function searchParts<T>(
  items: readonly T[],
  size: (item: T) => number,
  limit = PART_TEXT,
  cutAfter: (item: T) => boolean = () => false,
): T[][] {
  const parts: T[][] = [];
  let current: T[] = [];
  let used = 0;
  const cut = () => {
    parts.push(current);
    current = [];
    used = 0;
  };
  for (const item of items) {
    const n = size(item);
    if (current.length > 0 && used + n > limit) cut();
    current.push(item);
    used += n;
    if (used >= limit * CUT_FROM && cutAfter(item)) cut();
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** The share of a part's limit after which it may end at a post of the right id. */
const CUT_FROM = 0.875;
/** One post in CUT_EVERY ends a part that is full enough: about 16 posts past the mark, on average. */
const CUT_EVERY = 16;

/** A post after which a part may end: decided by its id alone (FNV-1a), so the same on every build. */
export function endsPart(id: string): boolean {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % CUT_EVERY === 0;
}

/** Site path of part `i` (0-based). */
export function partPath(i: number): string {
  return searchPartPath(i + 1);
}

export interface SearchPart {
  path: string;
  posts: Post[];
}

/** A post's length in the index as written (the HTML's, a little more than the text's, so no record is made twice). */
export function searchSize(p: Post): number {
  return (
    p.title.length +
    (p.summary?.length ?? 0) +
    p.html.length +
    p.updates.reduce((n, u) => n + u.html.length + u.label.length, 0) +
    p.windows.reduce((n, w) => n + (w.note?.length ?? 0), 0)
  );
}

/** A site with more text than this share of a part keeps its newest quarter in parts of its own. */
const QUARTER_FROM = 0.25;

/**
 * The parts of the index: published posts oldest first, cut by their length (searchSize). Once the
 * site has a quarter of a part's text, the posts of the newest post's calendar quarter (in the
 * NOC's zone) are cut apart from the older ones: they are the posts a NOC adds and updates, so a
 * rebuild indexes their part again and keeps the older parts, which change when a quarter ends.
 */
export function searchPlan(site: Site, partSize = PART_TEXT): SearchPart[] {
  const oldestFirst = [...site.posts].sort((a, b) => a.date.toMillis() - b.date.toMillis() || a.id.localeCompare(b.id));
  const cut = (posts: Post[]) => searchParts(posts, searchSize, partSize, (p) => endsPart(p.id));
  const newest = oldestFirst.at(-1);
  let parts: Post[][];
  if (newest && oldestFirst.reduce((n, p) => n + searchSize(p), 0) > partSize * QUARTER_FROM) {
    const quarter = newest.date.setZone(site.settings.timeZone).startOf("quarter").toMillis();
    const split = oldestFirst.findIndex((p) => p.date.toMillis() >= quarter);
    parts = [...cut(oldestFirst.slice(0, split)), ...cut(oldestFirst.slice(split))];
  } else {
    parts = cut(oldestFirst);
  }
  // With no posts yet there is still an (empty) index, so the search page works and finds nothing.
  return (parts.length > 0 ? parts : [[]]).map((posts, i) => ({ path: partPath(i), posts }));
}

export interface SearchSummary {
  posts: number;
  parts: number;
  /** parts kept as the build written over had them: their records had not changed */
  kept: number;
}

/** `part.json` in each part's folder: what the part was made from (see the top of this file). */
export const PART_RECORD = "part.json";

export interface PartRecord {
  /** sha256 of the Pagefind version, its options and every record of the part */
  records: string;
  /** sha256 of the site paths of the part's other files, sorted */
  files: string;
}

/**
 * Keeps a part as the output being written over has it: true when that output's part at `path`
 * was made from the same records (`records`) and all its files are there; the files are then this
 * build's, as if written again. Without it, or when it answers false, Pagefind indexes the part.
 */
export type PartReuse = (path: string, records: string) => Promise<boolean>;

const PAGEFIND_VERSION = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.resolve("pagefind")), "utf8")) as { version: string }
).version;
const INDEX_OPTIONS = { forceLanguage: "en" } as const;

/** The fingerprint of what a part's index is made from: Pagefind, its options, the records. */
export function recordsKey(records: readonly SearchRecord[]): string {
  const hash = createHash("sha256").update(`pagefind ${PAGEFIND_VERSION} ${JSON.stringify(INDEX_OPTIONS)}\n`);
  for (const record of records) hash.update(JSON.stringify(record)).update("\n");
  return hash.digest("hex");
}

/** The fingerprint of a part's files by their site paths (Pagefind names its index files by content). */
export function filesKey(paths: readonly string[]): string {
  const hash = createHash("sha256");
  for (const p of [...paths].sort()) hash.update(p).update("\n");
  return hash.digest("hex");
}

/** Whether site path `file` belongs to the part at `part`: in its folder, not in a later part's. */
export function inPart(file: string, part: string): boolean {
  if (!file.startsWith(part)) return false;
  return part !== partPath(0) || !/^part-\d+\//.test(file.slice(part.length));
}

/**
 * Builds every part of `plan`, one part at a time, and writes its files to `destination` (a folder,
 * or a build's writer: Pagefind hands the files over rather than writing them itself, so a build
 * written over its spare overwrites them in place and knows which it wrote: src/build/spare-build.ts).
 * A part that `reuse` keeps is not indexed again.
 */
export async function indexSite(
  site: Site,
  plan: SearchPart[],
  destination: Destination,
  reuse?: PartReuse,
): Promise<SearchSummary> {
  const write = writerFor(destination);
  const names = serviceNames(site);
  let kept = 0;
  // Loaded for the first part to index: a rebuild that keeps every part does without it.
  let pagefind: typeof import("pagefind") | undefined;
  try {
    for (const part of plan) {
      const records = part.posts.map((post) => searchRecord(post, site, names));
      const key = recordsKey(records);
      if (reuse && (await reuse(part.path, key))) {
        kept++;
        continue;
      }
      pagefind ??= await import("pagefind");
      const { index, errors } = await pagefind.createIndex(INDEX_OPTIONS);
      if (!index) throw new Error(`search index: ${errors.join("; ")}`);
      const added = await Promise.all(records.map((record) => index.addCustomRecord(record)));
      const failed = added.flatMap((a) => a.errors);
      if (failed.length > 0) throw new Error(`search index: ${failed.join("; ")}`);
      const made = await index.getFiles();
      if (made.errors.length > 0) throw new Error(`search index: ${made.errors.join("; ")}`);
      const files: SiteFile[] = made.files.map((file) => ({
        path: path.posix.join(part.path, file.path),
        content: file.content,
      }));
      await write(files);
      // Written once the part's other files are, so a part.json never speaks for files not there yet.
      const record: PartRecord = { records: key, files: filesKey(files.map((file) => file.path)) };
      await write([{ path: path.posix.join(part.path, PART_RECORD), content: `${JSON.stringify(record, null, 2)}\n` }]);
      await index.deleteIndex();
    }
    return { posts: plan.reduce((n, part) => n + part.posts.length, 0), parts: plan.length, kept };
  } finally {
    // Pagefind's process starts with the first index it is asked for.
    if (pagefind) await pagefind.close();
  }
}
