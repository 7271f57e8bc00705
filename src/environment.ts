import { UsageError } from "./errors.ts";
import { loadSources } from "./load.ts";
import { formatProblem, SiteError } from "./problems.ts";
import { PART_TEXT } from "./search-index.ts";
import { buildSite, type Site } from "./site.ts";
import { resolveNow } from "./time.ts";

/**
 * What a build reads from its environment, so the Eleventy config, the build command and the dev
 * server agree: NOC_POSTS (folder, default posts), NOC_NOW (the clock), NOC_DRAFTS=1 (show drafts),
 * NOC_SKIP_SEARCH=1 (no search index, for quick previews and benchmarks), NOC_SEARCH_PART (characters of
 * text per part of the search index; lower it where a build has little memory, see src/search-index.ts).
 */
export interface BuildEnvironment {
  NOC_POSTS?: string | undefined;
  NOC_NOW?: string | undefined;
  NOC_DRAFTS?: string | undefined;
  NOC_SKIP_SEARCH?: string | undefined;
  NOC_SEARCH_PART?: string | undefined;
}

export function wantsSearch(env: BuildEnvironment): boolean {
  return env.NOC_SKIP_SEARCH !== "1";
}

export function searchPartSize(env: BuildEnvironment): number {
  if (!env.NOC_SEARCH_PART) return PART_TEXT;
  const size = Number(env.NOC_SEARCH_PART);
  if (!Number.isInteger(size) || size < 1) {
    throw new UsageError(
      `NOC_SEARCH_PART: expected a number of characters, like ${PART_TEXT}; found "${env.NOC_SEARCH_PART}"`,
    );
  }
  return size;
}

export async function siteFromEnvironment(env: BuildEnvironment): Promise<Site> {
  const loaded = await loadSources(env.NOC_POSTS || "posts");
  if (!loaded.ok) throw new SiteError(loaded.problems);
  for (const warning of loaded.warnings) console.error(formatProblem(warning));
  const { settings } = loaded.sources;
  return buildSite(loaded.sources, {
    now: resolveNow(env.NOC_NOW, settings.timeZone),
    drafts: env.NOC_DRAFTS === "1",
  });
}
