import path from "node:path";
import { readFile } from "../files.ts";

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
 */
export class SharedReads {
  readonly #waiting = new Map<string, Promise<Buffer>>();

  read(file: string): Promise<Buffer> {
    const key = path.resolve(file);
    const known = this.#waiting.get(key);
    if (known) {
      this.#waiting.delete(key);
      return known;
    }
    const reading = readFile(key);
    // A failed read is reported by whoever awaits it; until then it is not an unhandled rejection.
    reading.catch(() => undefined);
    this.#waiting.set(key, reading);
    return reading;
  }

  /** Drops the bytes only one part asked for (a file in the posts folder that is not a post). */
  forget(): void {
    this.#waiting.clear();
  }
}
