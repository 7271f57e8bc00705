import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseYaml } from "../model/frontmatter.ts";
import {
  displayPath,
  type LoadOptions,
  loadSources,
  type PostMemo,
  SETTINGS_FILE,
  type SkippedPost,
} from "../model/load.ts";
import type { MarkdownMemo } from "../model/markdown.ts";
import { formatProblem, type Problem, SiteError } from "../model/problems.ts";
import type { Settings } from "../model/schema.ts";
import { buildSite, type Site } from "../model/site.ts";
import { resolveNow } from "../model/time.ts";
import { gitVersions } from "./git-history.ts";
import { type BuildOptions, PUBLIC_DIR } from "./options.ts";

/**
 * Reads and checks the posts and builds the site model; warnings go to stderr, problems throw.
 * `skipped`: the broken posts published as an earlier version or left out (with --skip-broken).
 */
export async function loadSite(
  options: BuildOptions,
  memo?: { posts: PostMemo; markdown: MarkdownMemo },
  reads?: Pick<LoadOptions, "read" | "look">,
): Promise<{ site: Site; skipped: SkippedPost[] }> {
  const loaded = await loadSources(options.posts, {
    memo: memo?.posts,
    ...reads,
    // Times typed wrong are judged against the real present: a build at another --now is a rehearsal.
    clock: options.now ? undefined : { now: undefined },
    skipBroken: options.skipBroken ? { earlier: gitVersions } : undefined,
  });
  if (!loaded.ok) throw new SiteError(loaded.problems);
  for (const warning of loaded.warnings) console.error(formatProblem(warning));
  const { settings, skipped } = loaded.value;
  const missing = await missingPublicFiles(settings, path.join(options.posts, SETTINGS_FILE));
  if (missing.length) throw new SiteError(missing);
  const site = buildSite(loaded.value, {
    now: resolveNow(options.now, settings.timeZone),
    drafts: options.drafts,
    audience: options.audience,
    reminderHours: loaded.value.notify?.reminderHours,
    ...(memo ? { markdown: memo.markdown.render, inlineMarkdown: memo.markdown.inline } : {}),
  });
  memo?.markdown.sweep();
  return { site, skipped };
}

/** The settings' files under public/ (logo, favicon) that are not there, each at its line in settings.yaml. */
async function missingPublicFiles(settings: Settings, settingsFile: string): Promise<Problem[]> {
  const fields = (["logo", "favicon"] as const).filter((f) => {
    const file = settings[f];
    return file !== undefined && !existsSync(path.join(PUBLIC_DIR, file));
  });
  if (!fields.length) return [];
  // Where each field is, as every other settings problem is located.
  const { locate } = parseYaml(await readFile(settingsFile, "utf8"));
  return fields.map((field) => ({
    file: displayPath(settingsFile),
    ...locate([field]),
    field,
    message: `${PUBLIC_DIR}/${settings[field]} does not exist: put the image there, or remove ${field}`,
  }));
}
