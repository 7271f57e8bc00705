import { rename, rm, writeFile } from "node:fs/promises";

/**
 * Writes `text` under a name of its own and renames it into place: a reader, or a crash, sees the
 * old file or the new one, never half of one. What the rename could not place is removed.
 */
export async function writeAtomically(file: string, text: string | Uint8Array): Promise<void> {
  const staged = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(staged, text);
    await rename(staged, file);
  } catch (error) {
    await rm(staged, { force: true });
    throw error;
  }
}
