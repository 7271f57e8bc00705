import { inBackground } from "./src/background.ts";
import type { UserConfig } from "./src/eleventy-types.ts";
import { searchPartSize, siteFromEnvironment, wantsSearch } from "./src/environment.ts";
import { templateFilters } from "./src/filters.ts";
import { nunjucksEngine } from "./src/nunjucks.ts";
import { type OutputFile, outputs } from "./src/outputs.ts";
import { pageSpecs, writePages } from "./src/pages.ts";
import { indexSite, type SearchSummary, searchPlan } from "./src/search-index.ts";
import { writeFiles } from "./src/write-files.ts";

/**
 * Wiring only. The site model is built once (src/site.ts) and handed to the templates; see
 * src/environment.ts for the NOC_* variables a build reads. Eleventy renders `templates/`; beside it
 * go feeds, calendars, badges and the API (src/outputs.ts, not templates), the pages there are more
 * of with every post (src/pages.ts, from `templates/_pages/`) and the search index (src/search-index.ts).
 */
export default async function (eleventyConfig: UserConfig) {
  const site = await siteFromEnvironment(process.env);
  const search = searchPlan(site, searchPartSize(process.env));
  const made = outputs(site);
  const globals = {
    site,
    outputs: { subscriptions: made.subscriptions },
    searchBundles: search.map((part) => part.path),
  };
  // Generated files are written once and not kept: at 10,000 posts the feeds alone are 20 MB.
  let files: OutputFile[] | undefined = made.files;
  const templates = nunjucksEngine(["templates/_includes", "templates"], templateFilters(site));
  for (const [name, value] of Object.entries(globals)) eleventyConfig.addGlobalData(name, value);
  eleventyConfig.addExtension("njk", templates.extension);
  // Templates read the site model, never Eleventy collections: keeping every page in them only costs memory.
  eleventyConfig.addGlobalData("eleventyExcludeFromCollections", true);
  eleventyConfig.addPassthroughCopy({ public: "/" });
  // Rendered by src/pages.ts, beside Eleventy.
  eleventyConfig.ignores.add("templates/_pages/**");

  // Started before Eleventy renders, awaited after it (src/background.ts).
  let background: Promise<[SearchSummary | null, number, number]> | undefined;
  eleventyConfig.on("eleventy.before", ({ directories }) => {
    const out = directories.output;
    const generated = files ?? [];
    const started = inBackground<[SearchSummary | null, number, number]>([
      wantsSearch(process.env) ? indexSite(site, search, out) : Promise.resolve(null),
      writeFiles(generated, out).then(() => generated.length),
      writePages(pageSpecs(site), globals, templates, out),
    ]);
    files = undefined;
    // Failures are reported by the eleventy.after handler; this only keeps them from counting as unhandled.
    started.catch(() => undefined);
    background = started;
  });
  eleventyConfig.on("eleventy.after", async () => {
    if (!background) return;
    const [indexed, generatedCount, pageCount] = await background;
    console.log(
      `Wrote ${pageCount} post and list pages, ${generatedCount} feeds, calendars, badges and API files; ${
        indexed
          ? `search index of ${indexed.posts} posts in ${indexed.parts} ${indexed.parts === 1 ? "part" : "parts"}`
          : "no search index"
      }.`,
    );
  });

  return {
    dir: { input: "templates", includes: "_includes", layouts: "_includes/layouts", data: "_data" },
    templateFormats: ["njk"],
    htmlTemplateEngine: "njk",
    markdownTemplateEngine: false,
  };
}
