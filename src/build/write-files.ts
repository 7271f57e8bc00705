import { lstat, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { createFile, overwriteFile, patchInPlace } from "../files.ts";
import type { Spare } from "./spare-build.ts";

/** A file of the site: its site path and its content. */
export interface SiteFile {
  /** site path, e.g. /services/dns/feed.xml */
  path: string;
  content: string | Uint8Array | InSpare;
}

/**
 * The content of a file the spare build holds already (src/build/spare-build.ts), as this build
 * would write it but for the build time a page carries (`data-built-at`): made by a build whose
 * inputs for it were the same (src/views/render-memo.ts). Its file there is `bytes` long and carries
 * `was`, at byte `at` when the build that wrote it recorded where; the writer puts `now` in its
 * place, or, when the file is not as recorded, writes the whole content, which `text` makes.
 */
export class InSpare {
  readonly was: string;
  readonly now: string;
  readonly bytes: number;
  readonly at: number | undefined;
  readonly text: () => string;

  constructor(was: string, now: string, bytes: number, text: () => string, at?: number) {
    this.was = was;
    this.now = now;
    this.bytes = bytes;
    this.text = text;
    this.at = at;
  }
}

/** The whole content of a file, for a writer that does not write into a spare build. */
export function fullContent(content: SiteFile["content"]): string | Uint8Array {
  return content instanceof InSpare ? content.text() : content;
}

/** Where a build's files go: a folder, or a writer that takes them (src/build/changed-files.ts). */
export type Destination = string | ((files: readonly SiteFile[]) => Promise<void>);

export function writerFor(destination: Destination): (files: readonly SiteFile[]) => Promise<void> {
  return typeof destination === "string" ? new FolderWriter(destination).write : destination;
}

/**
 * Writes files under a folder, making their folders. The writes are handed to Node's thread pool
 * together, so the disk works while the caller renders the next batch. Each folder is made once
 * (making one that exists costs two system calls for nothing); a spare build's folders (src/build/
 * spare-build.ts) are there already, and what stands where a file or folder goes is replaced.
 */
export class FolderWriter {
  readonly folder: string;
  /** site paths written */
  readonly written = new Set<string>();
  #made = new Map<string, Promise<unknown>>();
  #spare: Spare | undefined;
  #ready: Promise<unknown>;

  /** `spare`: what the folder holds, when it was made from a spare build (its list may still be read) */
  constructor(folder: string, spare?: Spare | Promise<Spare>) {
    this.folder = folder;
    this.#ready = Promise.resolve(spare).then((known) => {
      this.#spare = known;
      for (const made of known?.folders ?? []) this.#made.set(made, Promise.resolve());
    });
  }

  write = async (files: readonly SiteFile[]): Promise<void> => {
    await Promise.all(files.map((file) => this.#write(file)));
  };

  /** The site paths of the spare's files that `wanted` accepts (none without a spare). */
  async spareFiles(wanted: (file: string) => boolean): Promise<string[]> {
    await this.#ready;
    return [...(this.#spare?.files ?? [])].filter(wanted);
  }

  /** Takes files of the spare as this build's, as they are: counted as written, and not written. */
  keep(files: readonly string[]): void {
    for (const file of files) this.written.add(file);
  }

  async #write(file: SiteFile): Promise<void> {
    await this.#ready;
    const target = path.join(this.folder, file.path);
    const folder = path.dirname(target);
    let making = this.#made.get(folder);
    if (!making) {
      making = this.#makeFolder(folder);
      this.#made.set(folder, making);
    }
    await making;
    // A folder of the spare where this build writes a file (a site whose paths changed).
    if (this.#spare?.folders.delete(target)) await rm(target, { recursive: true, force: true });
    const inSpare = this.#spare?.files.has(file.path);
    let content = file.content;
    if (content instanceof InSpare) {
      // The spare's file as this build would write it: its build time changed, if it has one.
      if (inSpare && patchInPlace(target, content.bytes, content.was, content.now, content.at)) {
        this.written.add(file.path);
        return;
      }
      content = content.text();
    }
    // A file of the spare is written over in place (src/files.ts says why).
    try {
      await (inSpare ? overwriteFile : createFile)(target, content);
    } catch (error) {
      // What the spare's record names is not what its folder holds (src/build/spare-build.ts): a
      // folder that is gone is made, a link where a file goes is removed.
      const code = (error as NodeJS.ErrnoException).code;
      if (!this.#spare || (code !== "ENOENT" && code !== "ELOOP")) throw error;
      if (code === "ELOOP") await rm(target, { force: true });
      else await mkdir(folder, { recursive: true });
      await createFile(target, content);
    }
    this.written.add(file.path);
  }

  async #makeFolder(folder: string): Promise<void> {
    try {
      await mkdir(folder, { recursive: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!this.#spare || (code !== "EEXIST" && code !== "ENOTDIR")) throw error;
      // A file of the spare stands where this build makes a folder: it goes, and the folder is made.
      await rm(await fileOnTheWay(folder, this.folder), { force: true });
      await mkdir(folder, { recursive: true });
    }
  }
}

/** The first of `folder` and its parents below `top` that is not a folder. */
async function fileOnTheWay(folder: string, top: string): Promise<string> {
  const chain: string[] = [];
  for (let dir = folder; dir.startsWith(`${top}${path.sep}`); dir = path.dirname(dir)) chain.unshift(dir);
  for (const dir of chain) {
    const info = await lstat(dir).catch(() => undefined);
    if (info && !info.isDirectory()) return dir;
  }
  return folder;
}
