import { loadSources } from "./load.ts";
import { SiteError } from "./problems.ts";
import { buildSite, type Site } from "./site.ts";
import { resolveNow } from "./time.ts";

/**
 * What a build reads from its environment, so the Eleventy config, the build command and the dev
 * server agree: NOC_POSTS (folder, default posts), NOC_NOW (the clock), NOC_DRAFTS=1 (show drafts).
 */
export interface BuildEnvironment {
  NOC_POSTS?: string | undefined;
  NOC_NOW?: string | undefined;
  NOC_DRAFTS?: string | undefined;
}

export async function siteFromEnvironment(env: BuildEnvironment): Promise<Site> {
  const loaded = await loadSources(env.NOC_POSTS || "posts");
  if (!loaded.ok) throw new SiteError(loaded.problems);
  const { settings } = loaded.sources;
  return buildSite(loaded.sources, {
    now: resolveNow(env.NOC_NOW, settings.timeZone),
    drafts: env.NOC_DRAFTS === "1",
  });
}
