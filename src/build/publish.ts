import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { lstat, mkdir, readdir, realpath, rename, rm, rmdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../errors.ts";
import { acquireLock, type Lock } from "../lock.ts";
import { type Spare, spareFromList, takeSpare } from "./spare-build.ts";

/**
 * How a build replaces the published site without a moment of no site, and only ever a site it made.
 *
 * `--out _site` is a symbolic link to a complete build in `_site.builds/`. A build writes a new
 * folder there and then points the link at it with one rename, which is atomic: a reader (or a web
 * server pointed at `_site`) sees the old site or the new one, never a missing file, and a build
 * killed at any moment leaves the last complete site in place. `_site.builds/` holds a marker file
 * and the lock that makes two builds take turns; every build first removes what earlier interrupted
 * builds left there. A folder without the marker is never written into or removed.
 *
 * The build the link pointed at before is kept as `_site.builds/spare`, and the next build writes
 * over it in place rather than into an empty folder (src/build/spare-build.ts: several times less
 * work for the file system than deleting one build and creating the next).
 */

export const MARKER = ".noc-status-builds";
const MARKER_TEXT =
  "Builds of the NOC status site. The output link points at one of these folders; every build replaces the rest.\n";
/** A build that waits longer than this for another one gives up (a 10,000-post build takes under a minute). */
const LOCK_WAIT = 10 * 60 * 1000;
/** The build before the live one, which the next build rewrites (spare-build.ts). */
const SPARE = "spare";
/** What the last build checked and rendered, for the next (build-cache.ts). */
export const CACHE_FILE = "cache.json";

/** The output folder cannot be used; the command was called wrongly (exit 2). */
export class OutputRefused extends UsageError {
  override name = "UsageError";
}

export interface Release {
  /** the folder this build writes */
  folder: string;
  /** what the folder already holds: the spare build it was made from, if any */
  spare: Promise<Spare> | undefined;
  /**
   * Points the output at `folder` and keeps the build it replaces as the spare (the spare before
   * it is removed). `hold`: keeps the lock and returns it, for a process that goes on writing into
   * `folder` (`npm run serve`'s rebuilds).
   */
  publish(hold?: boolean): Promise<Lock | undefined>;
  /** removes `folder` and frees the lock: the output stays as it was */
  abandon(): Promise<void>;
  /** the same, synchronously, for a signal handler */
  abandonNow(): void;
}

export function buildsFolder(out: string): string {
  return `${path.resolve(out)}.builds`;
}

/** Where the spare build of `out` is kept between builds. */
export function spareFolder(out: string): string {
  return path.join(buildsFolder(out), SPARE);
}

/**
 * Refuses an output that the build did not make, or that holds what the build reads: `protect` are
 * folders (the project, posts, templates...) the output may not be, contain or be inside of.
 */
export async function checkOutput(out: string, protect: Record<string, string>): Promise<void> {
  const target = await resolveReal(out);
  for (const [name, folder] of Object.entries(protect)) {
    const real = await resolveReal(folder);
    if (target === real || isInside(real, target)) {
      throw new OutputRefused(`--out ${out}: that ${target === real ? "is" : "holds"} ${name}; choose another folder`);
    }
    if (name !== "the project folder" && isInside(target, real)) {
      throw new OutputRefused(`--out ${out}: that is inside ${name}; choose a folder outside it`);
    }
  }
  const builds = buildsFolder(out);
  if (existsSync(builds) && !existsSync(path.join(builds, MARKER))) {
    throw new OutputRefused(`${builds} exists and was not made by this build (no ${MARKER} in it); move it away`);
  }
  const info = await lstat(out).catch(() => undefined);
  if (!info) return;
  if (info.isSymbolicLink()) {
    const link = currentBuild(out) ?? "";
    if (path.dirname(link) === builds && existsSync(path.join(builds, MARKER))) return;
    throw new OutputRefused(`--out ${out}: a link to ${link}, not to a build of this site; remove the link`);
  }
  if (info.isDirectory() && (await readdir(out)).length === 0) return;
  throw new OutputRefused(
    `--out ${out}: exists and is not a previous build's output, so the build will not replace it; ` +
      "remove it yourself or choose another folder (see the README, Build options)",
  );
}

/** The folders an output may not be, hold or be inside of (see checkOutput). */
export function readFolders(posts: string, project: string): Record<string, string> {
  return {
    "the project folder": project,
    "the posts folder": posts,
    ...Object.fromEntries(["posts", "public", "templates", "src"].map((d) => [`${d}/`, path.join(project, d)])),
  };
}

/**
 * Takes the output's lock, clears what interrupted builds left, and starts a new build folder:
 * with `reuse`, the spare build renamed, when there is one (its contents are listed in `spare`, or
 * taken from `spareFiles`: what the last build recorded of it, src/build/build-cache.ts).
 */
export async function startRelease(
  out: string,
  {
    onWait,
    reuse = false,
    spareFiles,
  }: {
    onWait?: (owner: number) => void;
    reuse?: boolean;
    spareFiles?: () => Promise<readonly string[] | undefined>;
  } = {},
): Promise<Release> {
  const builds = buildsFolder(out);
  await makeBuildsFolder(builds);
  const lock = await acquireLock(path.join(builds, "lock"), { wait: LOCK_WAIT, onWait });
  try {
    await removeDebris(out);
    const folder = path.join(builds, `site-${Date.now()}-${process.pid}`);
    const spareFolder = path.join(builds, SPARE);
    if (reuse && existsSync(spareFolder) && currentBuild(out) !== spareFolder) {
      await rename(spareFolder, folder);
      // Listed now, on this thread, while the posts are read on the thread pool (spare-build.ts),
      // unless the last build recorded its files.
      const spare = spareFiles
        ? spareFiles().then((files) => (files && spareFromList(folder, files)) || takeSpare(folder))
        : takeSpare(folder);
      spare.catch(() => undefined);
      return release(out, folder, lock, spare);
    }
    await mkdir(folder);
    return release(out, folder, lock, undefined);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/**
 * The folder of builds appears with its marker already in it (made aside, then renamed), so a
 * second build starting at the same moment never sees it without one and refuses the output.
 */
async function makeBuildsFolder(builds: string): Promise<void> {
  if (existsSync(path.join(builds, MARKER))) return;
  const staged = `${builds}.tmp-${process.pid}`;
  await mkdir(staged, { recursive: true });
  await writeFile(path.join(staged, MARKER), MARKER_TEXT);
  try {
    await rename(staged, builds);
  } catch (error) {
    await rm(staged, { recursive: true, force: true });
    // Another build made it first (renaming onto a folder with files fails): theirs is as good.
    if (!existsSync(path.join(builds, MARKER))) throw error;
  }
}

function release(out: string, folder: string, lock: Lock, spare: Promise<Spare> | undefined): Release {
  return {
    folder,
    spare,
    async publish(hold = false) {
      let published = false;
      try {
        const previous = currentBuild(out);
        const link = path.join(path.dirname(folder), `link-${process.pid}`);
        await rm(link, { force: true });
        await symlink(path.relative(path.dirname(path.resolve(out)), folder), link);
        // An empty folder given as --out (e.g. a new web root) becomes the link; its only moment.
        const info = await lstat(out).catch(() => undefined);
        if (info?.isDirectory()) await rmdir(out);
        await rename(link, out);
        if (previous && previous !== folder) {
          // The replaced build becomes the spare the next build writes over.
          const spareFolder = path.join(path.dirname(folder), SPARE);
          await rm(spareFolder, { recursive: true, force: true });
          await rename(previous, spareFolder);
        }
        published = true;
      } finally {
        if (!(hold && published)) await lock.release();
      }
      return hold ? lock : undefined;
    },
    async abandon() {
      await spare?.catch(() => undefined);
      await rm(folder, { recursive: true, force: true });
      await lock.release();
    },
    abandonNow: () => abandonNow(out),
  };
}

/**
 * Removes, at once, what this process started in the builds folder: its build folders (unless the
 * output already points at one: a signal can arrive after the switch) and the lock if it holds it.
 * For a signal handler, which may run before the release has been handed back.
 */
export function abandonNow(out: string): void {
  const builds = buildsFolder(out);
  const live = currentBuild(out);
  let names: string[] = [];
  try {
    names = readdirSync(builds);
  } catch {
    return;
  }
  for (const name of names) {
    const entry = path.join(builds, name);
    if (name.endsWith(`-${process.pid}`) && name.startsWith("site-") && entry !== live) {
      rmSync(entry, { recursive: true, force: true });
    }
  }
  const lock = path.join(builds, "lock");
  try {
    if (Number.parseInt(readFileSync(lock, "utf8"), 10) === process.pid) rmSync(lock, { force: true });
  } catch {
    // no lock, or not ours
  }
}

/** The build folder the output points at now, if any. Synchronous, for a signal handler too. */
export function currentBuild(out: string): string | undefined {
  try {
    return path.resolve(path.dirname(path.resolve(out)), readlinkSync(out));
  } catch {
    return undefined;
  }
}

/** Everything in the builds folder but the live build, the spare, the cache, the marker and the lock; and old-style leftovers. */
async function removeDebris(out: string): Promise<void> {
  const builds = buildsFolder(out);
  const live = currentBuild(out);
  for (const name of await readdir(builds)) {
    const entry = path.join(builds, name);
    if ([MARKER, "lock", SPARE, CACHE_FILE].includes(name) || entry === live) continue;
    await rm(entry, { recursive: true, force: true });
  }
  // Earlier versions staged beside the output as `<out>.tmp-PID` and `<out>.old-PID`.
  const parent = path.dirname(path.resolve(out));
  const leftover = new RegExp(`^${escapeRegExp(path.basename(path.resolve(out)))}\\.(?:tmp|old)-\\d+$`);
  for (const name of await readdir(parent)) {
    if (leftover.test(name)) await rm(path.join(parent, name), { recursive: true, force: true });
  }
}

/** The real path of `p`, or of its nearest existing parent with the rest appended. */
async function resolveReal(p: string): Promise<string> {
  const absolute = path.resolve(p);
  try {
    return await realpath(absolute);
  } catch {
    const parent = path.dirname(absolute);
    return parent === absolute ? absolute : path.join(await resolveReal(parent), path.basename(absolute));
  }
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
