import { describe, expect, it } from "vitest";
import { postsFolder, readEnvironment } from "../src/environment.ts";

describe("readEnvironment", () => {
  it("reads every NOC_* variable, and nothing when they are empty", () => {
    expect(
      readEnvironment({
        NOC_POSTS: "history",
        NOC_NOW: "2011-07-20 16:00",
        NOC_DRAFTS: "1",
        NOC_SKIP_SEARCH: "1",
        NOC_SEARCH_PART: "1000",
        NOC_DEBUG: "1",
      }),
    ).toEqual({
      posts: "history",
      now: "2011-07-20 16:00",
      drafts: true,
      skipSearch: true,
      searchPart: "1000",
      debug: true,
    });
    expect(readEnvironment({ NOC_POSTS: "", NOC_DRAFTS: "0" })).toEqual({
      posts: undefined,
      now: undefined,
      drafts: false,
      skipSearch: false,
      searchPart: undefined,
      debug: false,
    });
  });

  it.each([
    ["mine", { NOC_POSTS: "theirs" }, "mine"],
    [undefined, { NOC_POSTS: "theirs" }, "theirs"],
    [undefined, {}, "posts"],
  ])("--posts %s with %j is %s", (flag, env, folder) => {
    expect(postsFolder(flag, env)).toBe(folder);
  });
});
