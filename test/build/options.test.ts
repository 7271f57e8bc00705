import { describe, expect, it } from "vitest";
import { buildOptions } from "../../src/build/options.ts";
import { UsageError } from "../../src/errors.ts";

describe("buildOptions", () => {
  it("takes the flags over the environment", () => {
    const env = { NOC_POSTS: "env-posts", NOC_NOW: "2011-01-01 00:00", NOC_SKIP_SEARCH: "1" };
    expect(buildOptions({ posts: "flag-posts", now: "2011-07-20 16:00" }, env)).toMatchObject({
      posts: "flag-posts",
      now: "2011-07-20 16:00",
      search: false,
      drafts: false,
    });
    expect(buildOptions({ drafts: true }, env)).toMatchObject({
      posts: "env-posts",
      now: "2011-01-01 00:00",
      drafts: true,
    });
  });

  it.each([
    [{ now: "yesterday" }, {}, /--now: "yesterday" is not a time/],
    [{}, { NOC_SEARCH_PART: "lots" }, /NOC_SEARCH_PART: expected a number of characters/],
  ])("refuses %j %j as a usage error", (flags, env, message) => {
    expect(() => buildOptions(flags, env)).toThrow(UsageError);
    expect(() => buildOptions(flags, env)).toThrow(message);
  });
});
