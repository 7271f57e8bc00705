import { type Dirent, readdirSync } from "node:fs";
import { rm, rmdir, unlink } from "node:fs/promises";
import path from "node:path";

/**
 * The build before the live one, kept in the builds folder as `spare` and rewritten in place by the
 * next build (src/build/publish.ts). On ext4, creating a file where as many were just deleted makes
 * the file system search its inode tables for ones not recently freed: creating 10,000 pages in
 * folders of their own after deleting the previous 10,000 took 5-6 s of wall time and 9-10 s of
 * system time on both cores, writing over the same files 0.9-1.1 s (bench/README.md). A build writes
 * over the spare's files, makes only the folders it lacks, and at the end removes what it did not
 * write: the result is the same files a build into an empty folder writes (tested).
 */
export interface Spare {
  /** folders already there (absolute paths): no need to make them */
  folders: Set<string>;
  /** files already there, as site paths (`/posts/x/index.html`) */
  files: Set<string>;
}

/**
 * Lists the spare now in `folder` and clears what a build cannot write over: symbolic links and
 * anything else that is neither a file nor a folder (a build never makes one).
 */
export async function takeSpare(folder: string): Promise<Spare> {
  const spare: Spare = { folders: new Set([folder]), files: new Set() };
  const strange: string[] = [];
  // One folder after another, on this thread: at 10,000 posts (24,000 files in 14,000 folders)
  // 0.3-0.4 s, where reading 32 folders at a time on the thread pool took 0.8-0.95 s and three
  // times the CPU (bench/README.md).
  const queue: [string, string][] = [[folder, "/"]];
  for (let next = queue.pop(); next; next = queue.pop()) {
    const [dir, site] = next;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        spare.folders.add(full);
        queue.push([full, `${site}${entry.name}/`]);
      } else if (entry.isFile()) spare.files.add(`${site}${entry.name}`);
      else strange.push(full);
    }
  }
  for (const full of strange) await rm(full, { force: true });
  return spare;
}

/**
 * The spare in `folder` as the build that wrote it recorded it (`files`: site paths), without
 * reading every folder: at 1,000 posts and a search index, listing took 0.19 s of the main thread
 * at the start of the build, 0.3-0.5 s at 10,000. A build folder is written only by the build that
 * made it and by the next build that takes it as its spare (src/build/publish.ts), so the record
 * holds; a file or folder it names that is gone is written as a new one, and a link where a file
 * goes is replaced (src/build/write-files.ts). Each folder is still looked at, in its parent's
 * listing: when one is a link, which no build makes, undefined, and the spare is listed and its
 * links removed.
 */
export function spareFromList(folder: string, files: readonly string[]): Spare | undefined {
  const spare: Spare = { folders: new Set([folder]), files: new Set(files) };
  for (const file of files) {
    for (let end = file.lastIndexOf("/"); end > 0; end = file.lastIndexOf("/", end - 1)) {
      const dir = path.join(folder, file.slice(0, end));
      if (spare.folders.has(dir)) break;
      spare.folders.add(dir);
    }
  }
  // Each folder's kind as its parent lists it: one listing per parent (at 1,000 posts about 50)
  // rather than one `lstat` per folder (1,500). A parent that is gone or not a folder holds
  // nothing of the record.
  const parents = new Set<string>();
  for (const dir of spare.folders) if (dir !== folder) parents.add(path.dirname(dir));
  for (const parent of parents) {
    let entries: Dirent[];
    try {
      entries = readdirSync(parent, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isSymbolicLink() && spare.folders.has(path.join(parent, entry.name))) return undefined;
    }
  }
  return spare;
}

/**
 * Removes the spare's files that this build did not write (`written`: site paths), then its folders
 * left empty, deepest first. Files made after the spare was taken were never listed.
 */
export async function removeLeftovers(folder: string, spare: Spare, written: ReadonlySet<string>): Promise<void> {
  const stale = [...spare.files].filter((file) => !written.has(file));
  for (let i = 0; i < stale.length; i += 64) {
    await Promise.all(stale.slice(i, i + 64).map((file) => removeFile(path.join(folder, file))));
  }
  // Then the folders those leave empty, deepest first; a folder that still holds something stays.
  const parents = new Set<string>();
  for (const file of stale) {
    for (
      let dir = path.dirname(path.join(folder, file));
      dir.startsWith(`${folder}${path.sep}`);
      dir = path.dirname(dir)
    ) {
      parents.add(dir);
    }
  }
  for (const dir of [...parents].sort((a, b) => b.length - a.length)) await rmdir(dir).catch(() => undefined);
}

/**
 * Removes a file of the spare. Gone already, now a folder, or under what is now a file (this build
 * wrote one where the spare had a folder, or the other way round: src/build/write-files.ts), what
 * stands there now stays.
 */
async function removeFile(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR" && code !== "EISDIR" && code !== "EPERM") throw error;
  }
}

/** `/a/b.html` for `<folder>/a/b.html`. */
export function sitePath(folder: string, file: string): string {
  return `/${path.relative(folder, file).split(path.sep).join("/")}`;
}
