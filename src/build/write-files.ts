import { mkdir } from "node:fs/promises";
import path from "node:path";
import { writeFile } from "../files.ts";

/** A file of the site: its site path and its content. */
export interface SiteFile {
  /** site path, e.g. /services/dns/feed.xml */
  path: string;
  content: string | Uint8Array;
}

/** Where a build's files go: a folder, or a writer that takes them (src/build/changed-files.ts). */
export type Destination = string | ((files: readonly SiteFile[]) => Promise<void>);

export function writerFor(destination: Destination): (files: readonly SiteFile[]) => Promise<void> {
  if (typeof destination !== "string") return destination;
  const made = new Map<string, Promise<unknown>>();
  return (files) => writeFiles(files, destination, made);
}

/**
 * Writes files under `outDir`, making their folders. The writes are handed to Node's thread pool
 * together, so the disk works while the caller renders the next batch. `made`: folders already
 * made by earlier calls (making a folder that exists costs two system calls for nothing).
 */
export async function writeFiles(
  files: readonly SiteFile[],
  outDir: string,
  made = new Map<string, Promise<unknown>>(),
): Promise<void> {
  await Promise.all(
    files.map(async (file) => {
      const target = path.join(outDir, file.path);
      const folder = path.dirname(target);
      let making = made.get(folder);
      if (!making) {
        making = mkdir(folder, { recursive: true });
        made.set(folder, making);
      }
      await making;
      await writeFile(target, file.content);
    }),
  );
}
