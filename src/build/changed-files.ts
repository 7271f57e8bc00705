import { hash as cryptoHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { sitePath } from "./spare-build.ts";
import { fullContent, type SiteFile } from "./write-files.ts";

/**
 * Writes a build into the folder the previous build of this process wrote, touching only the files
 * whose bytes changed and removing the ones the new build no longer makes (a deleted post's page),
 * with the folders they leave empty. The rebuilds of `npm run serve` write this way, into the
 * preview's live folder: each changed file is written aside and renamed over the old one, so the
 * preview server never sends half a file. One instance per set of files (the site, the search
 * index): a set only ever removes its own files.
 */
export class ChangedFiles {
  /** site path → hash of the bytes last written there */
  #written = new Map<string, string>();
  #round = new Set<string>();
  /** folders known to exist: making each again costs more than writing the file */
  #folders = new Set<string>();
  /** site paths written in this round */
  changed: string[] = [];

  readonly folder: string;

  constructor(folder: string) {
    this.folder = folder;
  }

  write = async (files: readonly SiteFile[]): Promise<void> => {
    await Promise.all(files.map((file) => this.#write(file)));
  };

  /**
   * Writes `files` later, at `flush()`: a rebuild writes what readers need to see first and the
   * files that changed only by the build time they carry after.
   */
  later(files: readonly SiteFile[]): void {
    for (const file of files) this.#round.add(file.path);
    this.#later.push(...files);
  }

  async flush(): Promise<void> {
    const files = this.#later;
    this.#later = [];
    for (let i = 0; i < files.length; i += 64) await this.write(files.slice(i, i + 64));
  }

  #later: SiteFile[] = [];

  /** Keeps, in this round, the files written before that `wanted` accepts, as they are. */
  keep(wanted: (file: string) => boolean): void {
    for (const file of this.#written.keys()) if (wanted(file)) this.#round.add(file);
  }

  /** Drops a failed round: what it left for later is not written; what it wrote stays recorded. */
  abort(): void {
    this.#later = [];
    this.#round = new Set();
    this.changed = [];
  }

  async #write(file: SiteFile): Promise<void> {
    this.#round.add(file.path);
    const content = fullContent(file.content);
    const hash = cryptoHash("sha1", content, "base64");
    if (this.#written.get(file.path) === hash) return;
    const target = path.join(this.folder, file.path);
    const folder = path.dirname(target);
    if (!this.#folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.#folders.add(folder);
    }
    const aside = `${target}.tmp-${process.pid}`;
    await writeFile(aside, content);
    await rename(aside, target);
    this.#written.set(file.path, hash);
    this.changed.push(file.path);
  }

  /** Ends a round: removes what the previous round wrote and this one did not. Returns both lists. */
  async finish(): Promise<{ changed: string[]; removed: string[] }> {
    await this.flush();
    const removed = [...this.#written.keys()].filter((p) => !this.#round.has(p)).sort();
    for (const site of removed) {
      const file = path.join(this.folder, site);
      await rm(file, { force: true });
      this.#written.delete(site);
      await removeEmptyParents(path.dirname(file), this.folder);
      this.#folders.clear();
    }
    const changed = this.changed.sort();
    this.changed = [];
    this.#round = new Set();
    return { changed, removed };
  }
}

/** Removes `dir` and its parents up to (not including) `top` while they are empty. */
async function removeEmptyParents(dir: string, top: string): Promise<void> {
  let current = dir;
  while (current.startsWith(`${top}${path.sep}`)) {
    const left = await readdir(current).catch(() => null);
    if (left === null || left.length > 0) return;
    await rmdir(current).catch(() => undefined);
    current = path.dirname(current);
  }
}

/** Every file under `root` as site files (`/a/b.css`), for copying a folder through a ChangedFiles. */
export async function folderFiles(root: string): Promise<{ path: string; content: Buffer }[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  return Promise.all(
    files.sort().map(async (file) => ({
      path: sitePath(root, file),
      content: await readFile(file),
    })),
  );
}
