import type { UserConfig } from "./src/eleventy-types.ts";
import { siteFromEnvironment } from "./src/environment.ts";
import { templateFilters } from "./src/filters.ts";
import { outputs } from "./src/outputs.ts";

/**
 * Wiring only. The site model is built once (src/site.ts) and handed to the templates; see
 * src/environment.ts for the NOC_* variables a build reads.
 */
export default async function (eleventyConfig: UserConfig) {
  const site = await siteFromEnvironment(process.env);
  eleventyConfig.addGlobalData("site", site);
  eleventyConfig.addGlobalData("outputs", outputs(site));
  for (const [name, filter] of Object.entries(templateFilters(site))) eleventyConfig.addFilter(name, filter);
  eleventyConfig.addPassthroughCopy({ public: "/" });
  // trimBlocks/lstripBlocks: block tags leave no blank lines or trailing spaces in the HTML.
  eleventyConfig.setNunjucksEnvironmentOptions({
    autoescape: true,
    throwOnUndefined: true,
    trimBlocks: true,
    lstripBlocks: true,
  });
  return {
    dir: { input: "templates", includes: "_includes", layouts: "_includes/layouts", data: "_data" },
    templateFormats: ["njk"],
    htmlTemplateEngine: "njk",
    markdownTemplateEngine: false,
  };
}
