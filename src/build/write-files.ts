import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

/** A file of the site that is not an Eleventy page: its site path and its content. */
export interface SiteFile {
  /** site path, e.g. /services/dns/feed.xml */
  path: string;
  content: string;
}

/**
 * Writes files under `outDir`, making their folders. The writes are handed to Node's thread pool
 * together, so the disk works while the caller renders the next batch.
 */
export async function writeFiles(files: readonly SiteFile[], outDir: string): Promise<void> {
  await Promise.all(
    files.map(async (file) => {
      const target = path.join(outDir, file.path);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, file.content);
    }),
  );
}
