import type { UserConfig } from "./src/eleventy-types.ts";
import { siteFromEnvironment } from "./src/environment.ts";
import { templateFilters } from "./src/filters.ts";
import { nunjucksEngine } from "./src/nunjucks.ts";
import { outputs } from "./src/outputs.ts";

/**
 * Wiring only. The site model is built once (src/site.ts) and handed to the templates; see
 * src/environment.ts for the NOC_* variables a build reads.
 */
export default async function (eleventyConfig: UserConfig) {
  const site = await siteFromEnvironment(process.env);
  eleventyConfig.addGlobalData("site", site);
  eleventyConfig.addGlobalData("outputs", outputs(site));
  eleventyConfig.addExtension("njk", nunjucksEngine(["templates/_includes", "templates"], templateFilters(site)));
  // Templates read the site model, never Eleventy collections: keeping every page in them only costs memory.
  eleventyConfig.addGlobalData("eleventyExcludeFromCollections", true);
  eleventyConfig.addPassthroughCopy({ public: "/" });
  return {
    dir: { input: "templates", includes: "_includes", layouts: "_includes/layouts", data: "_data" },
    templateFormats: ["njk"],
    htmlTemplateEngine: "njk",
    markdownTemplateEngine: false,
  };
}
