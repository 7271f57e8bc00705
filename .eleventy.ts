import type UserConfig from "@11ty/eleventy/UserConfig";

/**
 * Eleventy's configuration: wiring only. Eleventy runs the build: it copies `public/` to the site
 * root and runs the site plugin (src/build/site-plugin.ts), which writes every page, feed,
 * calendar, badge, API file and the search index. The plugin is added by src/build/write-site.ts
 * with the build's options; Eleventy renders no template of its own (`templateFormats: []`).
 */
export default function (eleventyConfig: UserConfig) {
  eleventyConfig.addPassthroughCopy({ public: "/" });
  return {
    dir: { input: "templates" },
    templateFormats: [],
  };
}
