import path from "node:path";
import * as pagefind from "pagefind";
import { type Destination, writerFor } from "../build/write-files.ts";
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
 * (Pagefind's `mergeIndex`). Parts are cut oldest post first, so a new post only changes the last
 * part. The sample site is one part.
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

/** Items split in order into parts of at most `limit` by `size` (an item larger than that is a part alone). */
export function searchParts<T>(items: readonly T[], size: (item: T) => number, limit = PART_TEXT): T[][] {
  const parts: T[][] = [];
  let current: T[] = [];
  let used = 0;
  for (const item of items) {
    const n = size(item);
    if (current.length > 0 && used + n > limit) {
      parts.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += n;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** Site path of part `i` (0-based). */
export function partPath(i: number): string {
  return searchPartPath(i + 1);
}

export interface SearchPart {
  path: string;
  posts: Post[];
}

/**
 * The parts of the index: published posts oldest first, cut by the length of their text as
 * written (the HTML's length, a little more than the text's, so no record is read twice).
 */
export function searchPlan(site: Site, partSize = PART_TEXT): SearchPart[] {
  const oldestFirst = [...site.posts].sort((a, b) => a.date.toMillis() - b.date.toMillis() || a.id.localeCompare(b.id));
  const size = (p: Post) =>
    p.title.length +
    (p.summary?.length ?? 0) +
    p.html.length +
    p.updates.reduce((n, u) => n + u.html.length + u.label.length, 0) +
    p.windows.reduce((n, w) => n + (w.note?.length ?? 0), 0);
  const parts = searchParts(oldestFirst, size, partSize);
  // With no posts yet there is still an (empty) index, so the search page works and finds nothing.
  return (parts.length > 0 ? parts : [[]]).map((posts, i) => ({ path: partPath(i), posts }));
}

export interface SearchSummary {
  posts: number;
  parts: number;
}

/**
 * Builds every part of `plan`, one part at a time, and writes its files to `destination` (a folder,
 * or a build's writer: Pagefind hands the files over rather than writing them itself, so a build
 * written over its spare overwrites them in place and knows which it wrote: src/build/spare-build.ts).
 */
export async function indexSite(site: Site, plan: SearchPart[], destination: Destination): Promise<SearchSummary> {
  const write = writerFor(destination);
  const names = serviceNames(site);
  try {
    for (const part of plan) {
      const { index, errors } = await pagefind.createIndex({ forceLanguage: "en" });
      if (!index) throw new Error(`search index: ${errors.join("; ")}`);
      const added = await Promise.all(part.posts.map((post) => index.addCustomRecord(searchRecord(post, site, names))));
      const failed = added.flatMap((a) => a.errors);
      if (failed.length > 0) throw new Error(`search index: ${failed.join("; ")}`);
      const made = await index.getFiles();
      if (made.errors.length > 0) throw new Error(`search index: ${made.errors.join("; ")}`);
      await write(made.files.map((file) => ({ path: path.posix.join(part.path, file.path), content: file.content })));
      await index.deleteIndex();
    }
    return { posts: plan.reduce((n, part) => n + part.posts.length, 0), parts: plan.length };
  } finally {
    await pagefind.close();
  }
}
