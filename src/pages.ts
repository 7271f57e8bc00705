import { collectIfGrown } from "./memory.ts";
import type { TemplateEngine } from "./nunjucks.ts";
import type { Site } from "./site.ts";
import { writeFiles } from "./write-files.ts";

/**
 * The pages there are more of as posts are added: one per post, and the pages of the status
 * board's, each kind's and each service's post lists. At 10,000 posts that is 14,000 pages.
 *
 * They are rendered from `templates/_pages/` with the engine Eleventy's pages use, and written a
 * batch at a time as they are rendered. Through Eleventy's pagination every page's data and HTML
 * stayed in memory until the whole site was written (about 830 MiB at 10,000 posts), and each
 * page cost about a millisecond of Eleventy's own work. Eleventy renders the rest (`templates/`).
 */

export interface PageSpec {
  /** site path of the page, ending in / */
  url: string;
  /** template under templates/_pages/ */
  template: string;
  /** what the template sees besides the globals */
  data: Record<string, unknown>;
}

export function pageSpecs(site: Site): PageSpec[] {
  return [
    ...site.pages.home.map((p) => ({ url: p.url, template: "index.njk", data: { p } })),
    ...site.pages.kinds.map((p) => ({ url: p.url, template: "kind.njk", data: { p } })),
    ...site.pages.services.map((p) => ({ url: p.url, template: "service.njk", data: { p } })),
    ...site.posts.map((post) => ({ url: post.url, template: "post.njk", data: { post } })),
  ];
}

/** Pages rendered before the previous batch's files are waited for. */
const BATCH = 64;

/**
 * Renders and writes `pages`; `globals` is what every template sees (`site`, `outputs`, ...).
 * Returns the number of pages written.
 */
export async function writePages(
  pages: readonly PageSpec[],
  globals: Record<string, unknown>,
  templates: TemplateEngine,
  outDir: string,
): Promise<number> {
  const seen = new Set<string>();
  for (const page of pages) {
    if (seen.has(page.url)) throw new Error(`two pages would be written at ${page.url}`);
    seen.add(page.url);
  }
  let writing: Promise<unknown> = Promise.resolve();
  for (let i = 0; i < pages.length; i += BATCH) {
    const batch = pages.slice(i, i + BATCH).map((page) => ({
      path: `${page.url}index.html`,
      content: render(templates, page, globals),
    }));
    await writing;
    writing = writeFiles(batch, outDir);
    collectIfGrown();
  }
  await writing;
  return pages.length;
}

function render(templates: TemplateEngine, page: PageSpec, globals: Record<string, unknown>): string {
  try {
    return templates.render(`_pages/${page.template}`, { ...globals, ...page.data });
  } catch (error) {
    throw new Error(`page ${page.url}: ${(error as Error).message}`, { cause: error });
  }
}
