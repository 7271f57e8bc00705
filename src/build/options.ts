import { UsageError } from "../errors.ts";
import { loadSources } from "../model/load.ts";
import { formatProblem, SiteError } from "../model/problems.ts";
import { buildSite, type Site } from "../model/site.ts";
import { parseAuthorTime, resolveNow } from "../model/time.ts";
import { PART_TEXT } from "../views/search-index.ts";

/**
 * What a build is asked to do. The commands take it from their options, with the NOC_* variables
 * as defaults; this is the one place those variables are read:
 * NOC_POSTS (folder, default posts), NOC_NOW (the clock), NOC_DRAFTS=1 (show drafts),
 * NOC_SKIP_SEARCH=1 (no search index), NOC_SEARCH_PART (characters of text per part of the search
 * index; lower it where a build has little memory, see src/views/search-index.ts).
 */
export interface BuildOptions {
  posts: string;
  /** the build's clock as an author writes it; undefined: the real clock */
  now: string | undefined;
  drafts: boolean;
  search: boolean;
  searchPartSize: number;
}

export interface OptionFlags {
  posts?: string | undefined;
  now?: string | undefined;
  drafts?: boolean | undefined;
  skipSearch?: boolean | undefined;
}

/** The options a command's flags ask for, the environment filling what they leave out. */
export function buildOptions(flags: OptionFlags, env: NodeJS.ProcessEnv = process.env): BuildOptions {
  const now = flags.now || env.NOC_NOW || undefined;
  if (now) {
    const parsed = parseAuthorTime(now, "UTC", true);
    if (!parsed.ok) throw new UsageError(`--now: ${parsed.message}`);
  }
  return {
    posts: postsFolder(flags.posts, env),
    now,
    drafts: flags.drafts === true || env.NOC_DRAFTS === "1",
    search: !(flags.skipSearch === true || env.NOC_SKIP_SEARCH === "1"),
    searchPartSize: searchPartSize(env.NOC_SEARCH_PART),
  };
}

/** `--posts`, else NOC_POSTS, else `posts`. */
export function postsFolder(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.NOC_POSTS || "posts";
}

function searchPartSize(text: string | undefined): number {
  if (!text) return PART_TEXT;
  const size = Number(text);
  if (!Number.isInteger(size) || size < 1) {
    throw new UsageError(`NOC_SEARCH_PART: expected a number of characters, like ${PART_TEXT}; found "${text}"`);
  }
  return size;
}

/** Reads and checks the posts and builds the site model; warnings go to stderr, problems throw. */
export async function loadSite(options: BuildOptions): Promise<Site> {
  const loaded = await loadSources(options.posts);
  if (!loaded.ok) throw new SiteError(loaded.problems);
  for (const warning of loaded.warnings) console.error(formatProblem(warning));
  const { settings } = loaded.sources;
  return buildSite(loaded.sources, { now: resolveNow(options.now, settings.timeZone), drafts: options.drafts });
}
