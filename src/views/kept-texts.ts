/**
 * Pieces of output as written, by a key of everything each is made from, kept between builds: feed
 * entries (src/views/feeds/kept-entries.ts) and the items lists show of each post
 * (src/views/nunjucks.ts). In memory by `npm run serve`, and through the build cache
 * (src/build/build-cache.ts) by `npm run build`, whose given texts are read only when asked for.
 * `sweep` forgets what the last build did not ask for.
 */
export class KeptTexts {
  #texts = new Map<string, string>();
  #given = new Map<string, () => string | undefined>();
  #used = new Set<string>();

  get(key: string): string | undefined {
    let text = this.#texts.get(key);
    if (text === undefined) {
      text = this.#given.get(key)?.();
      if (text === undefined) return undefined;
      this.#texts.set(key, text);
    }
    this.#used.add(key);
    return text;
  }

  set(key: string, text: string): void {
    this.#texts.set(key, text);
    this.#used.add(key);
  }

  /** Texts an earlier process wrote, each read when first asked for (undefined: not readable, made again). */
  give(entries: Iterable<[string, () => string | undefined]>): void {
    for (const [key, read] of entries) this.#given.set(key, read);
  }

  sweep(): void {
    for (const key of this.#texts.keys()) if (!this.#used.has(key)) this.#texts.delete(key);
    this.#used.clear();
    this.#given.clear();
  }

  /** The texts the last build used (after `sweep`), for the next process to take. */
  entries(): [string, string][] {
    return [...this.#texts];
  }

  clear(): void {
    this.#texts.clear();
    this.#given.clear();
    this.#used.clear();
  }
}
