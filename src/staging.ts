import { rename, rm, stat } from "node:fs/promises";

/**
 * Builds write into a sibling folder and only replace the live output when they succeed, so a failed
 * build leaves the previous site byte-for-byte as it was.
 */
export function stagingDir(outDir: string): string {
  return `${outDir.replace(/\/+$/, "")}.tmp-${process.pid}`;
}

/** Replaces `outDir` with `staged`; the old folder is removed only once the new one is in place. */
export async function swapInto(staged: string, outDir: string): Promise<void> {
  const old = `${outDir.replace(/\/+$/, "")}.old-${process.pid}`;
  const hadOutput = await exists(outDir);
  if (hadOutput) await rename(outDir, old);
  await rename(staged, outDir);
  if (hadOutput) await rm(old, { recursive: true, force: true });
}

export async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
