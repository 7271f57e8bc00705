import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./cli/run.ts";
import { invalidOutputs, siteFiles } from "./valid-outputs.ts";

/**
 * The one test of whatever `posts/` holds: the NOC's own history checks without problems, builds,
 * and every file of the site is valid for its format. Every other test uses its own fixtures.
 */

let tmp: string | undefined;
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("the posts folder", () => {
  it("checks, builds, and gives a site whose every file is valid", async () => {
    const check = await runCli("check", ["--posts", "posts"]);
    expect(check.code, check.stderr).toBe(0);
    tmp = await mkdtemp(path.join(tmpdir(), "noc-content-"));
    const site = path.join(tmp, "site");
    const build = await runCli("build", ["--posts", "posts", "--out", site]);
    expect(build.code, build.stderr).toBe(0);
    expect(await siteFiles(site)).toContain("index.html");
    expect(await invalidOutputs(site)).toEqual([]);
  });
});
