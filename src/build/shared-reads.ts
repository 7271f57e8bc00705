import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import path from "node:path";
import { readFile } from "../files.ts";
import type { Look, SeenFile } from "../model/load.ts";
import { SETTLED_MS } from "../resolutions.ts";

/**
 * One read of each post file for the two parts of a build that need its bytes: the inputs'
 * fingerprint (for the build record and `--if-changed`) and the posts' reader. Read twice, a post
 * saved between the two reads was built as one version and recorded as the other, and the next
 * `--if-changed` build could keep a page that no longer matched the post; and at 10,000 posts
 * the second read cost about 0.3 s of the main thread.
 *
 * The project's files (code, templates, `public/`) are read the same way by the fingerprint and
 * the build cache's key (src/build/build-cache.ts): both then describe the same bytes.
 *
 * The first to ask reads; the second gets the same bytes and the file is forgotten.
 *
 * A post file the last build read is not read again while it is as that build saw it (`look`): the
 * same device, inode, size, modification and change times, and last changed at least `SETTLED_MS`
 * before that build looked, so that a later save cannot have left the times as they were (a file
 * system whose clock ticks in seconds, FAT's in two). Its digest, and its checked front matter and
 * body, are then the build cache's (src/build/build-cache.ts). At 1,000 posts, reading them all on the
 * thread pool took 50-90 ms of the main thread in a rebuild where one post had changed.
 */
export class SharedReads {
  readonly #waiting = new Map<string, Promise<Look>>();
  readonly #seen: Promise<ReadonlyMap<string, SeenFile>>;

  /** `seen`: the post files the last build read, by absolute path (the build cache's) */
  constructor(seen: Promise<ReadonlyMap<string, SeenFile>> = Promise.resolve(new Map())) {
    this.#seen = seen;
  }

  /** The file's bytes. */
  async read(file: string): Promise<Buffer> {
    const got = await this.#take(file, false);
    // Taken unread by the other reader: read now.
    return got.bytes ?? readFile(path.resolve(file));
  }

  /** A post file: its bytes and how it was seen, or, unchanged since the last build read it, only how that build saw it. */
  look(file: string): Promise<Look> {
    return this.#take(file, true);
  }

  #take(file: string, trusting: boolean): Promise<Look> {
    const key = path.resolve(file);
    const known = this.#waiting.get(key);
    if (known) {
      this.#waiting.delete(key);
      return known;
    }
    const reading = trusting ? this.#look(key) : readFile(key).then((bytes) => ({ bytes }));
    // A failed read is reported by whoever awaits it; until then it is not an unhandled rejection.
    reading.catch(() => undefined);
    this.#waiting.set(key, reading);
    return reading;
  }

  async #look(file: string): Promise<Look> {
    const kept = (await this.#seen).get(file);
    // Looked at before it is read: a save after this moment changes what the next build sees.
    const at = Date.now();
    const info = statSync(file);
    const stamp = `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
    if (kept?.stamp === stamp && kept.at - Math.max(info.mtimeMs, info.ctimeMs) >= SETTLED_MS) return { seen: kept };
    const bytes = await readFile(file);
    return { bytes, seen: { stamp, at, digest: digestOf(bytes) } };
  }

  /** Drops the bytes only one part asked for (a file in the posts folder that is not a post). */
  forget(): void {
    this.#waiting.clear();
  }
}

/** What the inputs' fingerprint takes of each file (src/build/fingerprint.ts). */
export function digestOf(bytes: Uint8Array): string {
  return createHash("sha1").update(bytes).digest("base64");
}
