import type { UserConfig } from "./src/eleventy-types.ts";
import { searchPartSize, siteFromEnvironment, wantsSearch } from "./src/environment.ts";
import { templateFilters } from "./src/filters.ts";
import { nunjucksEngine } from "./src/nunjucks.ts";
import { outputs } from "./src/outputs.ts";
import { writePostPages } from "./src/post-pages.ts";
import { indexSite, searchPlan, trackSearch } from "./src/search-index.ts";

/**
 * Wiring only. The site model is built once (src/site.ts) and handed to the templates; see
 * src/environment.ts for the NOC_* variables a build reads. Post pages and the search index are
 * made beside Eleventy's pages, because there is one of each per post (src/post-pages.ts,
 * src/search-index.ts).
 */
export default async function (eleventyConfig: UserConfig) {
  const site = await siteFromEnvironment(process.env);
  const search = searchPlan(site, searchPartSize(process.env));
  const globals = { site, outputs: outputs(site) };
  const templates = nunjucksEngine(["templates/_includes", "templates"], templateFilters(site));
  for (const [name, value] of Object.entries(globals)) eleventyConfig.addGlobalData(name, value);
  eleventyConfig.addGlobalData(
    "searchBundles",
    search.map((part) => part.path),
  );
  eleventyConfig.addExtension("njk", templates.extension);
  // Templates read the site model, never Eleventy collections: keeping every page in them only costs memory.
  eleventyConfig.addGlobalData("eleventyExcludeFromCollections", true);
  eleventyConfig.addPassthroughCopy({ public: "/" });

  let indexing: Promise<unknown> = Promise.resolve();
  eleventyConfig.on("eleventy.before", async ({ directories }) => {
    // Pagefind indexes in its own process while the pages are rendered here.
    if (wantsSearch(process.env)) indexing = trackSearch(indexSite(site, search, directories.output));
    await writePostPages(site, globals, templates, directories.output);
  });
  eleventyConfig.on("eleventy.after", () => indexing);

  return {
    dir: { input: "templates", includes: "_includes", layouts: "_includes/layouts", data: "_data" },
    templateFormats: ["njk"],
    htmlTemplateEngine: "njk",
    markdownTemplateEngine: false,
  };
}
