import { lstatSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { EleventyRun, EleventyStart } from "./eleventy-run.ts";
import { PUBLIC_DIR } from "./options.ts";
import { type Spare, sitePath } from "./spare-build.ts";

/**
 * `public/` in a build's folder. Eleventy copies it (src/build/eleventy-run.ts), except in a
 * rebuild written over a spare whose build was made from the same project (the build cache's key:
 * `public/`, `.eleventy.ts` and the code unchanged since), where every file Eleventy wrote then is
 * still there at the length it wrote: Eleventy would write the same bytes again. Loading Eleventy
 * costs about 0.6 s of CPU, where a whole rebuild of 1,000 posts without it takes 2 s
 * (bench/README.md, 2026-12-02, evening).
 */

/** A file Eleventy wrote: its site path and length in bytes, as the build cache records it. */
export interface Copy {
  path: string;
  bytes: number;
}

/**
 * Whether `folder` (the spare, before the build holds the output's lock) holds `public/` byte for
 * byte: the guess that decides whether Eleventy starts loading at once or is left out. A wrong
 * guess costs time, not correctness: `copyPublic` decides again once the build holds its folder.
 */
export function publicInSpare(folder: string, from = PUBLIC_DIR): boolean {
  try {
    const entries = readdirSync(from, { recursive: true, withFileTypes: true });
    if (entries.length === 0) return false;
    for (const entry of entries) {
      const file = path.join(entry.parentPath, entry.name);
      const there = path.join(folder, path.relative(from, file));
      if (entry.isDirectory()) {
        if (!lstatSync(there).isDirectory()) return false;
      } else if (!entry.isFile() || !lstatSync(there).isFile() || !readFileSync(there).equals(readFileSync(file))) {
        return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The copies recorded for the spare that are all still in `folder` (the spare, now this build's
 * folder): in the spare's list of files (which knows its links: src/build/spare-build.ts) and of
 * the recorded length. Their absolute paths, or undefined when any is not.
 */
export function keptCopies(folder: string, spare: Spare, copies: readonly Copy[]): string[] | undefined {
  const kept: string[] = [];
  for (const copy of copies) {
    if (typeof copy?.path !== "string" || !Number.isInteger(copy.bytes)) return undefined;
    const file = path.join(folder, copy.path);
    if (sitePath(folder, file) !== copy.path || !spare.files.has(copy.path)) return undefined;
    const info = lstatSync(file, { throwIfNoEntry: false });
    if (!info?.isFile() || info.size !== copy.bytes) return undefined;
    kept.push(file);
  }
  return kept;
}

/** What Eleventy wrote into `folder` (absolute paths), as the cache records it; undefined if any is not a file. */
export function recordCopies(folder: string, copied: readonly string[]): Copy[] | undefined {
  const copies: Copy[] = [];
  for (const file of copied) {
    const info = lstatSync(file, { throwIfNoEntry: false });
    if (!info?.isFile()) return undefined;
    copies.push({ path: sitePath(folder, file), bytes: info.size });
  }
  return copies.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * `public/` into `folder`: kept from the spare when the cache's record of it holds (`recorded`),
 * else copied by Eleventy, from `loading` when the build started it early, or started now.
 */
export function copyPublic(
  folder: string,
  spare: Promise<Spare> | undefined,
  recorded: () => Promise<readonly Copy[] | undefined>,
  loading: EleventyStart | undefined,
  start: () => EleventyStart,
): EleventyRun {
  if (!spare) return (loading ?? start()).into(folder);
  // Either the spare's copies (absolute paths), or Eleventy's run.
  const decided = (async () => {
    const [files, copies] = await Promise.all([spare, recorded()]);
    const kept = copies && keptCopies(folder, files, copies);
    if (kept) {
      loading?.cancel();
      return kept;
    }
    return (loading ?? start()).into(folder);
  })();
  const done = decided.then((way) => (Array.isArray(way) ? way : way.done));
  done.catch(() => undefined);
  return {
    done,
    stop: async () => {
      const way = await decided.catch(() => undefined);
      if (way && !Array.isArray(way)) await way.stop();
    },
  };
}
