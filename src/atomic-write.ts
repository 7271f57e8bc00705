import { rename, rm, writeFile } from "node:fs/promises";

/**
 * Writes `text` under a name of its own and renames it into place: a reader, or a crash, sees the
 * old file or the new one, never half of one. What the rename could not place is removed.
 *
 * `removeOld`: the old file is removed just before the rename, for a file a reader can do without
 * for a moment (a build's cache, which only the lock's holder reads). Renamed over an old file,
 * ext4 (`auto_da_alloc`) writes the new one out to the disk at once: 10-13 ms for a 9 MB build cache
 * on this machine's disk, against about 1 ms into a free name.
 */
export async function writeAtomically(
  file: string,
  text: string | Uint8Array,
  { removeOld = false }: { removeOld?: boolean } = {},
): Promise<void> {
  const staged = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(staged, text);
    if (removeOld) await rm(file, { force: true });
    await rename(staged, file);
  } catch (error) {
    await rm(staged, { force: true });
    throw error;
  }
}
