import { postsFolder, readEnvironment } from "../environment.ts";
import { UsageError } from "../errors.ts";
import { parseAuthorTime } from "../model/time.ts";

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
  /** characters of text per part of the search index (NOC_SEARCH_PART); undefined: search-index.ts's default */
  searchPartSize: number | undefined;
  /** publish the posts without problems; a broken post as its last good version from git, or left out */
  skipBroken: boolean;
  /** the public site, or the staff site with internal posts and services */
  audience: "public" | "internal";
  /** the fingerprint of what the build reads (fingerprint.ts), for the build record */
  inputs?: string | undefined;
}

export interface OptionFlags {
  posts?: string | undefined;
  now?: string | undefined;
  drafts?: boolean | undefined;
  skipSearch?: boolean | undefined;
  skipBroken?: boolean | undefined;
  audience?: string | undefined;
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
    audience: audience(flags.audience),
  };
}

function searchPartSize(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const size = Number(text);
  if (!Number.isInteger(size) || size < 1) {
    throw new UsageError(`NOC_SEARCH_PART: expected a number of characters, like 4000000; found "${text}"`);
  }
  return size;
}

function audience(text: string | undefined): "public" | "internal" {
  if (text === undefined || text === "public" || text === "internal") return text ?? "public";
  throw new UsageError(`--audience: "${text}" is not public or internal`);
}
