import type UserConfig from "@11ty/eleventy/UserConfig";

/**
 * Eleventy's configuration: wiring only. Eleventy copies `public/` to the site root, on a thread of
 * its own while the build writes every page, feed, calendar, badge, API file and the search index
 * from the site model (src/build/eleventy-thread.ts, src/build/write-output.ts); it renders no
 * template of its own (`templateFormats: []`). A rebuild over a spare that still holds what it
 * copied there does without it (src/build/public-copy.ts).
 */
export default function (eleventyConfig: UserConfig) {
  eleventyConfig.addPassthroughCopy({ public: "/" });
  return {
    dir: { input: "templates" },
    templateFormats: [],
  };
}
