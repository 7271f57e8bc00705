import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { postsFolder, readEnvironment } from "../environment.ts";
import { UsageError } from "../errors.ts";
import { displayPath, loadSources, SETTINGS_FILE, type SkippedPost } from "../model/load.ts";
import { formatProblem, type Problem, SiteError } from "../model/problems.ts";
import type { Settings } from "../model/schema.ts";
import { buildSite, type Site } from "../model/site.ts";
import { parseAuthorTime, resolveNow } from "../model/time.ts";
import { PART_TEXT } from "../views/search-index.ts";
import { gitVersions } from "./git-history.ts";

/**
 * What a build is asked to do: its command-line options, with the NOC_* variables
 * (src/environment.ts) as defaults. NOC_SEARCH_PART is the characters of text per part of the
 * search index; lower it where a build has little memory (src/views/search-index.ts).
 */
/** Copied as is to the site root (.eleventy.ts); a logo or favicon is a file in it. */
export const PUBLIC_DIR = "public";

export interface BuildOptions {
  posts: string;
  /** the build's clock as an author writes it; undefined: the real clock */
  now: string | undefined;
  drafts: boolean;
  search: boolean;
  searchPartSize: number;
  /** publish the posts without problems; a broken post as its last good version from git, or left out */
  skipBroken: boolean;
}

export interface OptionFlags {
  posts?: string | undefined;
  now?: string | undefined;
  drafts?: boolean | undefined;
  skipSearch?: boolean | undefined;
  skipBroken?: boolean | undefined;
}

/** The options a command's flags ask for, the environment filling what they leave out. */
export function buildOptions(flags: OptionFlags, env: NodeJS.ProcessEnv = process.env): BuildOptions {
  const fromEnv = readEnvironment(env);
  const now = flags.now || fromEnv.now;
  if (now) {
    const parsed = parseAuthorTime(now, "UTC", true);
    if (!parsed.ok) throw new UsageError(`--now: ${parsed.message}`);
  }
  return {
    posts: postsFolder(flags.posts, env),
    now,
    drafts: flags.drafts === true || fromEnv.drafts,
    search: !(flags.skipSearch === true || fromEnv.skipSearch),
    searchPartSize: searchPartSize(fromEnv.searchPart),
    skipBroken: flags.skipBroken === true,
  };
}

function searchPartSize(text: string | undefined): number {
  if (!text) return PART_TEXT;
  const size = Number(text);
  if (!Number.isInteger(size) || size < 1) {
    throw new UsageError(`NOC_SEARCH_PART: expected a number of characters, like ${PART_TEXT}; found "${text}"`);
  }
  return size;
}

/**
 * Reads and checks the posts and builds the site model; warnings go to stderr, problems throw.
 * `skipped`: the broken posts published as an earlier version or left out (with --skip-broken).
 */
export async function loadSite(options: BuildOptions): Promise<{ site: Site; skipped: SkippedPost[] }> {
  const loaded = await loadSources(options.posts, {
    // Times typed wrong are judged against the real present: a build at another --now is a rehearsal.
    clock: options.now ? undefined : { now: undefined },
    skipBroken: options.skipBroken ? { earlier: gitVersions } : undefined,
  });
  if (!loaded.ok) throw new SiteError(loaded.problems);
  for (const warning of loaded.warnings) console.error(formatProblem(warning));
  const { settings, skipped } = loaded.value;
  const missing = await missingPublicFiles(settings, path.join(options.posts, SETTINGS_FILE));
  if (missing.length) throw new SiteError(missing);
  const site = buildSite(loaded.value, { now: resolveNow(options.now, settings.timeZone), drafts: options.drafts });
  return { site, skipped };
}

/** The settings' files under public/ (logo, favicon) that are not there, each at its line in settings.yaml. */
async function missingPublicFiles(settings: Settings, settingsFile: string): Promise<Problem[]> {
  const fields = (["logo", "favicon"] as const).filter((f) => {
    const file = settings[f];
    return file !== undefined && !existsSync(path.join(PUBLIC_DIR, file));
  });
  if (!fields.length) return [];
  const lines = (await readFile(settingsFile, "utf8")).split("\n");
  return fields.map((field) => ({
    file: displayPath(settingsFile),
    line: Math.max(1, lines.findIndex((l) => l.startsWith(`${field}:`)) + 1),
    column: 1,
    field,
    message: `${PUBLIC_DIR}/${settings[field]} does not exist: put the image there, or remove ${field}`,
  }));
}
