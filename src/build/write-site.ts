import type { SkippedPost } from "../model/load.ts";
import { formatProblem } from "../model/problems.ts";
import type { BuildCache } from "./build-cache.ts";
import type { EleventyRun } from "./eleventy-run.ts";
import { loadSite } from "./load-site.ts";
import { collectNow } from "./memory.ts";
import type { BuildOptions } from "./options.ts";
import { recordCopies } from "./public-copy.ts";
import type { Release } from "./publish.ts";
import type { SharedReads } from "./shared-reads.ts";
import { removeLeftovers, sitePath } from "./spare-build.ts";
import { type SiteSummary, writeOutput } from "./write-output.ts";

/** What a build wrote, and the broken posts it published as an earlier version or left out. */
export interface BuildResult extends SiteSummary {
  skipped: SkippedPost[];
  /** the pages and feeds taken as the last build made them (src/build/build-cache.ts) */
  reused: number;
}

/**
 * The one place that orders a build's work: read and check the posts into the site model, then
 * write every page, generated file and search index into the release's folder (src/build/
 * write-output.ts), while `eleventy`, started by the caller, copies `public/` there (or finds it kept
 * in the spare: src/build/public-copy.ts). Of a spare build the folder was made from, what this
 * build did not write is removed last.
 * `inputs`: the inputs' fingerprint, when it is still being read; `cache`: what the last build into
 * the same output checked and rendered, and where this build leaves its own. Throws with every
 * problem found; a failed build has stopped writing into the folder when this returns.
 */
export async function writeSite(
  options: BuildOptions,
  { folder, spare }: Pick<Release, "folder" | "spare">,
  eleventy: EleventyRun,
  inputs?: Promise<string>,
  reads?: SharedReads,
  cache?: BuildCache,
): Promise<BuildResult> {
  let writing: Promise<unknown> = Promise.resolve();
  try {
    const memos = await cache?.memos();
    const read = reads && { read: (file: string) => reads.read(file), look: (file: string) => reads.look(file) };
    const { site, skipped } = await loadSite(options, memos, read);
    // The fingerprint of the inputs (for the build record), read meanwhile from the same bytes.
    if (inputs) options = { ...options, inputs: await inputs };
    reads?.forget();
    // Reading every post leaves its garbage, and V8 would grow the heap for the pages on top of it.
    // Collected here, a full build's peak (Node and Pagefind together) went from about 730 to
    // 670 MiB at 10,000 posts (with the collection after the pages), and a build without search
    // 70 MiB lower for about 0.5 s. A small heap is left to V8 (`collectNow`).
    collectNow();
    const output = writeOutput(site, options, folder, spare, memos?.rendered, memos?.templates);
    writing = output.settled;
    const summary = await output.summary;
    const { reused } = memos?.rendered.sweep() ?? { reused: 0 };
    const copied = await eleventy.done;
    const copies = recordCopies(folder, copied);
    const written = new Set(output.written);
    for (const target of copied) written.add(sitePath(folder, target));
    if (spare) await removeLeftovers(folder, await spare, written);
    // The site is complete without it: a cache that cannot be saved costs the next build its speed.
    if (cache && memos) {
      await cache.save(folder, memos, written, copies).catch((error: NodeJS.ErrnoException) => {
        const why = error.code ?? error.message;
        console.error(`Warning: the build cache was not saved (${why}); the next build checks and renders every post.`);
      });
    }
    return { ...summary, skipped, reused };
  } catch (error) {
    await Promise.all([writing, eleventy.stop()]);
    throw error;
  }
}

/**
 * "Wrote 45 pages, 88 feeds, calendars, badges and API files; search index of 26 posts in 1 part."
 * and, when parts were kept from the build written over, "... in 8 parts (7 unchanged, kept)."
 */
export function describeSummary(summary: SiteSummary & { reused?: number }): string {
  const { search } = summary;
  const kept = search?.kept ? ` (${search.kept === search.parts ? "all" : search.kept} unchanged, kept)` : "";
  const index = search
    ? `search index of ${search.posts} ${search.posts === 1 ? "post" : "posts"} in ${search.parts} ${search.parts === 1 ? "part" : "parts"}${kept}`
    : "no search index";
  const reused = summary.reused ? ` (${summary.reused} of them unchanged since the last build)` : "";
  return `Wrote ${summary.pages} pages, ${summary.files} feeds, calendars, badges and API files${reused}; ${index}.`;
}

/**
 * The loud report of a build with --skip-broken that could not publish every post as written: each
 * post, what was published instead, and its problems. Empty when every post was published.
 */
export function describeSkipped(skipped: readonly SkippedPost[]): string {
  if (skipped.length === 0) return "";
  const count = `${skipped.length} ${skipped.length === 1 ? "POST" : "POSTS"}`;
  const lines = [`PUBLISHED WITHOUT ${count} AS WRITTEN: fix and build again.`];
  for (const post of skipped) {
    lines.push(
      post.publishedAs
        ? `${post.file}: published as it was in ${post.publishedAs}, its last version without problems`
        : `${post.file}: LEFT OUT: it has no earlier version without problems in git`,
    );
    for (const problem of post.problems) lines.push(`  ${formatProblem(problem)}`);
  }
  return lines.join("\n");
}
