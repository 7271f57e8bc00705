import type { TemplateEngine } from "./nunjucks.ts";
import type { Site } from "./site.ts";
import { writeFiles } from "./write-files.ts";

/** Pages rendered before the previous batch's files are waited for. */
const BATCH = 64;

/**
 * Post pages, one per post and most of a site's files, rendered from `templates/_includes/post.njk`
 * with the engine Eleventy's pages use and written as they are rendered.
 *
 * They are not an Eleventy pagination: Eleventy keeps every page's data and HTML until the whole
 * site is written (830 MiB at 10,000 posts) and costs about a millisecond of its own per page.
 * Here a batch is rendered while the previous one is written, and nothing is kept.
 *
 * `globals` is what every template sees (`site`, `outputs`). Returns the number of pages written.
 */
export async function writePostPages(
  site: Site,
  globals: Record<string, unknown>,
  templates: TemplateEngine,
  outDir: string,
): Promise<number> {
  let writing: Promise<unknown> = Promise.resolve();
  for (let i = 0; i < site.posts.length; i += BATCH) {
    const pages = site.posts.slice(i, i + BATCH).map((post) => ({
      path: `${post.url}index.html`,
      content: templates.render("post.njk", {
        ...globals,
        post,
        title: post.title,
        section: post.kind,
        canonical: post.url,
        description: post.summary ?? post.title,
      }),
    }));
    await writing;
    writing = writeFiles(pages, outDir);
  }
  await writing;
  return site.posts.length;
}
