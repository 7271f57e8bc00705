import { existsSync } from "node:fs";
import { chmod, chown, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { writeAtomically } from "../atomic-write.ts";
import { acquireLock, type Lock } from "../lock.ts";

/**
 * How the authoring commands change `posts/`: one at a time (a lock in the posts folder, so two
 * people running `update` on one incident at once both land, in order), and by writing a new file
 * and renaming it over the old one, so a reader never sees half a post.
 */

export const EDIT_LOCK = ".noc-edit.lock";

export function lockPosts(postsDir: string): Promise<Lock> {
  return acquireLock(path.join(postsDir, EDIT_LOCK), {
    wait: 30_000,
    onWait: (owner) => console.error(`Waiting for another command (process ${owner}) to finish editing posts...`),
  });
}

/** `replaceFile` for a file that is there (its permissions kept), `writeAtomically` for a new one. */
export async function writeFileSafely(file: string, text: string): Promise<void> {
  await (existsSync(file) ? replaceFile(file, text) : writeAtomically(file, text));
}

/** Replaces `file` with `text`, keeping its permissions and, where allowed, its owner and group. */
export async function replaceFile(file: string, text: string): Promise<void> {
  const before = await stat(file);
  const staged = `${file}.tmp-${process.pid}`;
  await writeFile(staged, text);
  try {
    await chmod(staged, before.mode & 0o7777);
    await chown(staged, before.uid, before.gid).catch((error: NodeJS.ErrnoException) => {
      // Only root may give a file away; an owner who edits their own file keeps it anyway.
      if (error.code !== "EPERM") throw error;
    });
    await rename(staged, file);
  } catch (error) {
    await rm(staged, { force: true });
    throw error;
  }
}
