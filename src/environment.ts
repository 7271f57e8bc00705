/**
 * The one place the NOC_* environment variables are read. Command-line options win over them.
 * NOC_POSTS (posts folder, default posts), NOC_NOW (the clock, for rehearsals and tests),
 * NOC_DRAFTS=1 (show drafts), NOC_SKIP_SEARCH=1 (no search index), NOC_SEARCH_PART (characters of
 * text per part of the search index), NOC_DEBUG=1 (unexpected errors show their stack).
 */
export interface Environment {
  posts: string | undefined;
  now: string | undefined;
  drafts: boolean;
  skipSearch: boolean;
  searchPart: string | undefined;
  debug: boolean;
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  return {
    posts: env.NOC_POSTS || undefined,
    now: env.NOC_NOW || undefined,
    drafts: env.NOC_DRAFTS === "1",
    skipSearch: env.NOC_SKIP_SEARCH === "1",
    searchPart: env.NOC_SEARCH_PART || undefined,
    debug: env.NOC_DEBUG === "1",
  };
}

/** `--posts`, else NOC_POSTS, else `posts`. */
export function postsFolder(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || readEnvironment(env).posts || "posts";
}
