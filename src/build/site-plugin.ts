import type UserConfig from "@11ty/eleventy/UserConfig";
import type { Site } from "../model/site.ts";
import type { OutputFile } from "../views/outputs.ts";
import { writePages } from "../views/pages.ts";
import { indexSite, type SearchSummary } from "../views/search-index.ts";
import { collectNow } from "./memory.ts";
import type { BuildOptions } from "./options.ts";
import { sitePlan } from "./site-plan.ts";
import type { Spare } from "./spare-build.ts";
import { FolderWriter } from "./write-files.ts";

/**
 * The site as an Eleventy plugin: when Eleventy's build starts, every page (src/views/pages.ts),
 * every generated file (feeds, calendars, badges, API: src/views/outputs.ts) and the search index
 * (Pagefind, in its own process, on the other core) are written into Eleventy's output folder, and
 * Eleventy's build ends when they are. Eleventy copies `public/`.
 */

export interface SiteSummary {
  pages: number;
  files: number;
  search: SearchSummary | null;
}

export interface SitePlugin {
  plugin(eleventyConfig: UserConfig): void;
  /** what was written, once Eleventy's build has ended */
  summary(): Promise<SiteSummary>;
  /** resolves when every write has stopped, however it ended: a failed build waits for it before removing its folder */
  settled(): Promise<unknown>;
  /** the site paths written so far */
  written(): ReadonlySet<string>;
}

/** `spare`: what the output folder holds already (src/build/spare-build.ts). */
export function sitePlugin(site: Site, options: BuildOptions, spare?: Promise<Spare>): SitePlugin {
  const plan = sitePlan(site, options);
  // Generated files are written once and not kept: at 10,000 posts the feeds alone are 20 MB.
  let files: OutputFile[] | undefined = plan.files;
  plan.files = [];
  let work: Promise<SiteSummary> | undefined;
  let all: Promise<unknown> = Promise.resolve();
  let writer: FolderWriter | undefined;
  return {
    plugin(eleventyConfig) {
      eleventyConfig.on("eleventy.before", ({ directories }: { directories: { output: string } }) => {
        const out = directories.output;
        writer = new FolderWriter(out, spare);
        const { write } = writer;
        const generated = files ?? [];
        files = undefined;
        const jobs = [
          options.search ? indexSite(site, plan.search, write) : Promise.resolve(null),
          write(generated).then(() => generated.length),
          writePages(site, plan.pages, plan.globals, plan.templates, write).then((count) => {
            // Pagefind, in its own process, is at its largest as it writes the index after the
            // pages: the pages' garbage should not add to that peak (see write-site.ts).
            if (options.search) collectNow();
            return count;
          }),
        ] as const;
        all = Promise.allSettled(jobs);
        work = Promise.all(jobs).then(([indexed, fileCount, pageCount]) => ({
          pages: pageCount,
          files: fileCount,
          search: indexed,
        }));
        // Failures reach the build through summary(); this only keeps them from counting as unhandled.
        work.catch(() => undefined);
      });
      eleventyConfig.on("eleventy.after", async () => {
        await work;
      });
    },
    summary: () => work ?? Promise.reject(new Error("the site was never written")),
    settled: () => all,
    written: () => writer?.written ?? new Set(),
  };
}
