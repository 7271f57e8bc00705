import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where each module a command imports was found, kept from one run of the command to the next
 * (src/startup.ts). Finding a module is work on the file system (the file's kind and real path,
 * the package.json files above it, a package's exports), 25-40 ms for the 436 imports of a build,
 * and the answer is the same run after run until a folder on the way changes.
 *
 * Kept in `resolutions.json` in Node's compile cache folder for the command (NODE_COMPILE_CACHE,
 * set by every npm script: module.getCompileCacheDir()), so that it is made, kept and thrown away
 * with the compiled modules; a command run without the compile cache finds its modules as Node does.
 *
 * A kept answer is taken only while nothing it depends on moved: every folder a file was found in
 * by a search (a package, a `require` without its extension) still has the modification time it
 * had (a file added, removed or renamed in a folder changes it), the project's package.json and
 * the dependencies npm installed (`node_modules/.package-lock.json`) are as they were, and Node is
 * the same, run with the same flags, NODE_PATH and NODE_OPTIONS. A file named with its path and
 * extension depends on no folder. Not seen: a dependency's own package.json edited in place, and a
 * node_modules folder made inside the project's own folders; delete the compile cache folder
 * (`node_modules/.cache`) after either.
 */

export interface Resolution {
  url: string;
  format?: string | null | undefined;
}

/** What Node passes a resolve hook, as far as it decides the answer. */
export interface ResolveContext {
  parentURL?: string | undefined;
  conditions?: readonly string[];
  importAttributes?: Readonly<Record<string, string | undefined>>;
}

interface Saved {
  /** the Node that found them, with its flags and the variables that change how it finds modules */
  runtime: string;
  /** the project files whose every change drops the answers: path → "mtime size" */
  files: Record<string, string>;
  /** each folder a file was found in by a search: path → modification time (ms) */
  folders: Record<string, number>;
  /** the answers, [url] or [url, format], by `resolutionKey`: the importing module's URL, how, what */
  resolved: Record<string, Record<string, Record<string, [string] | [string, string]>>>;
}

export const RESOLUTIONS_FILE = "resolutions.json";

/** How long ago a folder must have changed for its time to tell a later change: 2 s, FAT's tick. */
export const SETTLED_MS = 2_000;

/**
 * What an answer is kept under: the importing module, how it asked (import or require, the import
 * attributes), and what it asked for. None for the command's own entry point, which is found from
 * the working folder.
 */
export function resolutionKey(specifier: string, context: ResolveContext): ResolutionKey | undefined {
  if (!context.parentURL) return undefined;
  const attributes = Object.entries(context.importAttributes ?? {})
    .flat()
    .join("=");
  return { parent: context.parentURL, how: `${context.conditions?.join(",") ?? ""} ${attributes}`, specifier };
}

export interface ResolutionKey {
  parent: string;
  how: string;
  specifier: string;
}

export class Resolutions {
  readonly #file: string | undefined;
  readonly #files: Record<string, string>;
  #folders: Record<string, number> = {};
  #resolved: Saved["resolved"] = {};
  #added = false;

  /**
   * The answers kept in `folder` (none when it is undefined, or the file is missing, unreadable or
   * out of date). `files`: the project files that drop every answer when they change.
   */
  constructor(folder: string | undefined, files: readonly string[]) {
    this.#file = folder && path.join(folder, RESOLUTIONS_FILE);
    this.#files = Object.fromEntries(files.map((file) => [file, fileStamp(file)]));
    if (!this.#file) return;
    let saved: Saved;
    try {
      saved = JSON.parse(readFileSync(this.#file, "utf8"));
      if (!this.#current(saved)) return;
    } catch {
      return;
    }
    this.#folders = saved.folders;
    this.#resolved = saved.resolved;
  }

  get({ parent, how, specifier }: ResolutionKey): Resolution | undefined {
    const answer = own(own(own(this.#resolved, parent), how), specifier);
    if (!answer) return undefined;
    // An answer without a format leaves it to Node, as the answer it kept did (null is not the same).
    return answer.length === 1 ? { url: answer[0] } : { url: answer[0], format: answer[1] };
  }

  /**
   * Keeps `resolution` under `key`; `found` is the file Node found (before any hook changed the
   * answer). A file found by a search (a package, a file without its extension) is kept with the
   * folder it was found in; one named as it is (a relative or absolute path with its extension)
   * depends on no folder.
   */
  add(key: ResolutionKey, resolution: Resolution, found: string): void {
    if (!this.#file) return;
    if (found.startsWith("file:") && !named(key, found)) {
      const folder = path.dirname(fileURLToPath(found));
      if (!Object.hasOwn(this.#folders, folder)) {
        const time = folderTime(folder);
        // A folder that cannot be looked at cannot vouch for the answer, nor can one changed so
        // lately that a change to come may leave it the same time (a file system's clock ticks).
        if (time === undefined || Date.now() - time < SETTLED_MS) return;
        this.#folders[folder] = time;
      }
    }
    const byHow = own(this.#resolved, key.parent) ?? {};
    const bySpecifier = own(byHow, key.how) ?? {};
    bySpecifier[key.specifier] =
      typeof resolution.format === "string" ? [resolution.url, resolution.format] : [resolution.url];
    byHow[key.how] = bySpecifier;
    this.#resolved[key.parent] = byHow;
    this.#added = true;
  }

  /**
   * Writes the answers when this run added any: at the process's exit, so at once (as
   * src/atomic-write.ts writes, under a name of its own renamed into place: another run reads the
   * old file or the new one).
   */
  save(): void {
    if (!this.#file || !this.#added) return;
    const saved: Saved = {
      runtime: runtime(),
      files: this.#files,
      folders: this.#folders,
      resolved: this.#resolved,
    };
    // A worker thread (Eleventy's) saves at its own exit too, from the same process.
    const staged = `${this.#file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    try {
      writeFileSync(staged, JSON.stringify(saved));
      renameSync(staged, this.#file);
    } catch {
      // Not kept: the next run finds its modules as Node does, and tries again.
      rmSync(staged, { force: true });
    }
  }

  #current(saved: Saved): boolean {
    if (saved?.runtime !== runtime() || typeof saved.folders !== "object" || typeof saved.resolved !== "object") {
      return false;
    }
    const files = Object.keys(this.#files);
    if (files.length !== Object.keys(saved.files ?? {}).length) return false;
    if (!files.every((file) => saved.files[file] === this.#files[file])) return false;
    return Object.entries(saved.folders).every(([folder, time]) => folderTime(folder) === time);
  }
}

/** Node's version, its flags (`--preserve-symlinks`, `--conditions`...), NODE_PATH and NODE_OPTIONS. */
function runtime(): string {
  const { NODE_PATH = "", NODE_OPTIONS = "" } = process.env;
  return JSON.stringify([process.version, process.execArgv, NODE_PATH, NODE_OPTIONS]);
}

function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Whether `found` is what the specifier names, read as a URL beside its importer: no search made. */
function named({ parent, specifier }: ResolutionKey, found: string): boolean {
  try {
    return new URL(specifier, parent).href === found;
  } catch {
    return false;
  }
}

function folderTime(folder: string): number | undefined {
  try {
    return statSync(folder).mtimeMs;
  } catch {
    return undefined;
  }
}

function fileStamp(file: string): string {
  try {
    const { mtimeMs, size } = statSync(file);
    return `${mtimeMs} ${size}`;
  } catch {
    return "none";
  }
}
