import type { Post, Site } from "../model/site.ts";
import { isoInstant } from "../model/time.ts";
import { ROUTES } from "../routes.ts";
import { pageAssets } from "../views/assets.ts";
import { buildRecord } from "../views/build-record.ts";
import { type CompiledTemplates, siteTemplates, type TemplateEngine } from "../views/nunjucks.ts";
import { alternates, type OutputFile, outputs } from "../views/outputs.ts";
import { type KeptPages, type PageSpec, pageSpecs } from "../views/pages.ts";
import { type RenderMemo, renderKeys } from "../views/render-memo.ts";
import { type SearchPart, searchPlan } from "../views/search-index.ts";
import { type BuildOptions, PUBLIC_DIR } from "./options.ts";

/**
 * What one build writes, decided in one place for the full build (src/build/write-output.ts) and for
 * the rebuilds of `npm run serve` (src/build/warm-build.ts): the generated files (feeds, calendars,
 * badges, API, hashed assets, build record), every page with what its template sees, and the parts
 * of the search index. Eleventy, or the warm build, copies `public/`.
 */
export interface SitePlan {
  files: OutputFile[];
  pages: PageSpec[];
  globals: Record<string, unknown>;
  templates: TemplateEngine;
  search: SearchPart[];
  /** set when a memo was given: how pages are kept between builds */
  kept: KeptPages | undefined;
}

export function sitePlan(site: Site, options: BuildOptions, memo?: RenderMemo, compiled?: CompiledTemplates): SitePlan {
  const search = searchPlan(site, options.searchPartSize);
  const templates = siteTemplates(site, compiled);
  const assets = pageAssets(PUBLIC_DIR, site.settings);
  const searchBundles = search.map((part) => part.path);
  // What every page's layout shows besides the page's own data, for the memo's keys.
  // The same on every page: rendered once, written out by the layout.
  const banners = templates.render("layouts/banners.njk", { site });
  const chrome = (subscriptions: unknown) => ({ assets: assets.paths, subscriptions, searchBundles, banners });
  const postKeys = new Map<Post, string>();
  const made = memo
    ? outputs(site, templates, { memo, keys: renderKeys(site, chrome(null), postKeys, memo.bodyKey) })
    : outputs(site, templates);
  const globals = {
    site,
    assets: assets.paths,
    outputs: { subscriptions: made.subscriptions, alternates: alternates(made.subscriptions) },
    searchBundles,
    banners,
  };
  const kept = memo && {
    memo,
    keys: renderKeys(site, chrome(made.subscriptions), postKeys, memo.bodyKey),
    builtAt: isoInstant(site.now, site.settings.timeZone),
  };
  if (kept) templates.keepItems({ texts: memo.texts, key: kept.keys.item });
  return {
    files: [...made.files, ...assets.files, { path: ROUTES.buildRecord, content: buildRecord(site, options.inputs) }],
    pages: pageSpecs(site),
    globals,
    templates,
    search,
    kept,
  };
}
