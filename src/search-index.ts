import * as pagefind from "pagefind";

/**
 * Full-text search with Pagefind: its index and client go under `pagefind/` in the site, so search
 * works on any static host. Only post pages are indexed (they carry `data-pagefind-body`).
 *
 * Pagefind runs as its own process; post pages are handed to it as Eleventy renders them, so
 * indexing runs on the other core while the rest of the site is still being made.
 */
export class SearchIndex {
  private readonly index: Promise<pagefind.PagefindIndex>;
  private readonly pending: Promise<pagefind.NewFileResponse>[] = [];

  constructor() {
    this.index = pagefind.createIndex({ forceLanguage: "en" }).then(({ index, errors }) => {
      if (!index) throw new Error(`search index: ${errors.join("; ")}`);
      return index;
    });
  }

  /** Queues a rendered page; `url` is its site path, e.g. /posts/x/. */
  add(url: string, content: string): void {
    this.pending.push(this.index.then((index) => index.addHTMLFile({ url, content })));
  }

  /** Writes the index into `outputPath` once every queued page is in, and stops Pagefind. */
  async write(outputPath: string): Promise<{ pages: number }> {
    try {
      const added = await Promise.all(this.pending);
      const errors = added.flatMap((a) => a.errors);
      if (errors.length > 0) throw new Error(`search index: ${errors.join("; ")}`);
      const written = await (await this.index).writeFiles({ outputPath });
      if (written.errors.length > 0) throw new Error(`search index: ${written.errors.join("; ")}`);
      return { pages: added.length };
    } finally {
      await pagefind.close();
    }
  }

  /** Stops Pagefind without writing (a failed build). */
  async abandon(): Promise<void> {
    await Promise.allSettled(this.pending);
    await pagefind.close();
  }
}

let current: SearchIndex | undefined;

/** Starts the build's search index; the Eleventy config calls it, the build command writes it. */
export function startSearchIndex(): SearchIndex {
  current = new SearchIndex();
  return current;
}

/** The index the config started for this build, if any, handed over once. */
export function takeSearchIndex(): SearchIndex | undefined {
  const index = current;
  current = undefined;
  return index;
}

/** An Eleventy transform that hands every post page to the index and leaves the page as it is. */
export function indexPostPages(index: SearchIndex) {
  return function (this: { page: { url: string | false } }, content: string): string {
    const url = this.page.url;
    if (typeof url === "string" && url.startsWith("/posts/")) index.add(url, content);
    return content;
  };
}
