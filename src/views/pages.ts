import { collectIfGrown } from "../build/memory.ts";
import { type Destination, writerFor } from "../build/write-files.ts";
import type { Site } from "../model/site.ts";
import { pageFile, ROUTES, withBasePath } from "../routes.ts";
import type { TemplateEngine } from "./nunjucks.ts";
import type { RenderKeys, RenderMemo } from "./render-memo.ts";

/**
 * Every page of the site, declared once: where it is written (a path from routes.ts), the template
 * under `templates/pages/` and what that template sees besides the globals. All of them are
 * rendered the same way, a batch at a time, and written as they are rendered: at 10,000 posts that
 * is 14,000 pages and more, and keeping them all in memory until the end (as Eleventy's pagination
 * did) took about 830 MiB. The deployment's base path is put in front of every root-relative address
 * once per page, as it is written (`withBasePath`).
 */

export interface PageSpec {
  /** site path of the page: a folder (`/posts/x/`, written as its index.html) or a file (`/404.html`) */
  url: string;
  /** template under templates/pages/ */
  template: string;
  /** what the template sees besides the globals */
  data: Record<string, unknown>;
}

export function pageSpecs(site: Site): PageSpec[] {
  const one = (url: string, template: string): PageSpec => ({ url, template, data: {} });
  return [
    ...site.pages.home.map((p) => ({ url: p.url, template: "home.njk", data: { p } })),
    ...site.pages.kinds.map((p) => ({ url: p.url, template: "kind.njk", data: { p } })),
    ...site.pages.services.map((p) => ({ url: p.url, template: "service.njk", data: { p } })),
    ...site.posts.map((post) => ({ url: post.url, template: "post.njk", data: { post } })),
    ...site.pages.years.map((y) => ({ url: y.url, template: "year.njk", data: { y } })),
    ...site.pages.days.map((d) => ({ url: d.url, template: "day.njk", data: { d } })),
    one(ROUTES.history, "history.njk"),
    one(ROUTES.services, "services.njk"),
    one(ROUTES.subscribe, "subscribe.njk"),
    one(ROUTES.search, "search.njk"),
    one(ROUTES.notFound, "404.njk"),
  ];
}

/** Pages rendered before the previous batch's files are waited for. */
const BATCH = 64;

/** A process that builds again keeps pages whose inputs did not change (src/views/render-memo.ts). */
export interface KeptPages {
  memo: RenderMemo;
  keys: RenderKeys;
  /** the build's time as pages carry it (`data-built-at`) */
  builtAt: string;
}

/**
 * Renders and writes `pages`; `globals` is what every template sees (`site`, `outputs`, ...).
 * Returns the number of pages written.
 */
export async function writePages(
  site: Site,
  pages: readonly PageSpec[],
  globals: Record<string, unknown>,
  templates: TemplateEngine,
  destination: Destination,
  kept?: KeptPages,
): Promise<number> {
  const write = writerFor(destination);
  const seen = new Set<string>();
  for (const page of pages) {
    if (seen.has(page.url)) throw new Error(`two pages would be written at ${page.url}`);
    seen.add(page.url);
  }
  let writing: Promise<unknown> = Promise.resolve();
  for (let i = 0; i < pages.length; i += BATCH) {
    const batch = pages.slice(i, i + BATCH).map((page) => {
      const make = () => withBasePath(render(templates, page, globals), site.settings);
      const path = pageFile(page.url);
      return { path, content: kept ? kept.memo.content(path, kept.keys.page(page), kept.builtAt, make) : make() };
    });
    await writing;
    writing = write(batch);
    collectIfGrown();
  }
  await writing;
  return pages.length;
}

function render(templates: TemplateEngine, page: PageSpec, globals: Record<string, unknown>): string {
  try {
    return templates.render(`pages/${page.template}`, { ...globals, ...page.data });
  } catch (error) {
    throw new Error(`page ${page.url}: ${(error as Error).message}`, { cause: error });
  }
}
