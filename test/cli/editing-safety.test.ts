import { chmod, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openIncident, postFile, postsDir, SETTINGS_YAML } from "../factory.ts";
import { runCli } from "./run.ts";

/** The staff commands never lose an edit, never edit the wrong post, and answer in words. */

const NOW = { NOC_NOW: "2026-11-28 10:15" };

const incident = () => openIncident("2026-11-28 09:00");

async function fixture(files: Record<string, string> = { "2026-11-28-mail-delays.md": incident() }) {
  const { dir } = await postsDir(files);
  return dir;
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |node:internal|Error:/);

describe("update", () => {
  it("lands both of two updates run at the same moment, in turn", async () => {
    for (let trial = 0; trial < 5; trial++) {
      const posts = await fixture();
      const file = path.join(posts, "2026-11-28-mail-delays.md");
      const [a, b] = await Promise.all([
        runCli("update", ["2026-11-28-mail-delays", "--status", "identified", `First ${trial}`, "--posts", posts], NOW),
        runCli(
          "update",
          ["2026-11-28-mail-delays", "--status", "identified", `Second ${trial}`, "--posts", posts],
          NOW,
        ),
      ]);
      expect([a.code, b.code], `${a.stderr}${b.stderr}`).toEqual([0, 0]);
      const text = await readFile(file, "utf8");
      expect(text).toContain(`First ${trial}`);
      expect(text).toContain(`Second ${trial}`);
      expect((await runCli("check", ["--posts", posts])).code).toBe(0);
      expect((await readdir(posts)).filter((n) => n.includes("lock") || n.includes(".tmp-"))).toEqual([]);
    }
  });

  it("keeps the file's permissions and says which file it edited", async () => {
    const posts = await fixture();
    const file = path.join(posts, "2026-11-28-mail-delays.md");
    await chmod(file, 0o640);
    const result = await runCli(
      "update",
      ["2026-11-28-mail-delays", "--status", "monitoring", "Better.", "--posts", posts],
      NOW,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${file}: monitoring at`);
    expect((await stat(file)).mode & 0o777).toBe(0o640);
  });

  it("refuses an id that names two posts, and lists both", async () => {
    const posts = await fixture({
      "2026-11-28-mail-delays.md": incident(),
      "other.md": postFile("title: Other\nkind: notice\nid: 2026-11-28-mail-delays\ndate: 2026-11-28 09:30"),
    });
    const result = await runCli(
      "update",
      ["2026-11-28-mail-delays", "--status", "identified", "X", "--posts", posts],
      NOW,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/names 2 posts: .*2026-11-28-mail-delays\.md, .*other\.md; give the file path/);
  });
});

describe("new", () => {
  it("refuses an id that a post in a sub-folder already has, and writes nothing", async () => {
    const posts = await fixture({});
    await mkdir(path.join(posts, "2026"));
    await writeFile(path.join(posts, "2026", "2026-11-28-mail-delays.md"), incident());
    const result = await runCli(
      "new",
      ["incident", "--service", "mail", "--severity", "minor", "--title", "Mail delays", "--posts", posts],
      NOW,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /the id "2026-11-28-mail-delays" is already used by .*2026\/2026-11-28-mail-delays\.md/,
    );
    expect((await readdir(posts)).filter((n) => n.endsWith(".md"))).toEqual([]);
  });
});

describe("every command answers in words", () => {
  it.each([
    ["build", ["--bogus"], 2, /Unknown option '--bogus'/],
    ["check", ["--bogus"], 2, /Unknown option '--bogus'/],
    ["new", ["--bogus"], 2, /Unknown option '--bogus'/],
    ["update", ["--bogus"], 2, /Unknown option '--bogus'/],
    ["check", ["--posts", "/nonexistent/posts"], 1, /no such file or folder: \/nonexistent\/posts/],
    ["build", ["--now", "yesterday", "--out", "/nonexistent/site"], 2, /--now: "yesterday" is not a time/],
  ])("%s %j", async (command, args, code, message) => {
    const result = await runCli(command, args);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    noStack(result.stderr);
  });

  it("refuses a bad NOC_SEARCH_PART with exit 2 and a message", async () => {
    const posts = await fixture();
    const result = await runCli("build", ["--posts", posts, "--out", path.join(posts, "..", "site")], {
      NOC_SEARCH_PART: "lots",
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/NOC_SEARCH_PART: expected a number of characters/);
    noStack(result.stderr);
  });

  it.each(["javascript:alert(1)", "javascript://x.example/%0aalert(1)", "data:text/html,hi"])(
    "check and build refuse the base URL %s with the same message",
    async (url) => {
      const { dir } = await postsDir(
        { "2026-11-28-mail-delays.md": incident() },
        { settings: SETTINGS_YAML.replace("https://status.example.net/", url) },
      );
      const check = await runCli("check", ["--posts", dir]);
      const build = await runCli("build", ["--posts", dir, "--out", path.join(dir, "..", "site"), "--skip-search"]);
      expect([check.code, build.code]).toEqual([1, 1]);
      const line = /settings\.yaml:3:1: error: baseUrl: expected an absolute URL \(http or https\)/;
      expect(check.stderr).toMatch(line);
      expect(build.stderr).toMatch(line);
      noStack(build.stderr);
    },
  );

  it.each(["build", "check", "new", "update", "serve"])("%s --help prints its usage and exits 0", async (command) => {
    const result = await runCli(command, ["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: npm run /);
  });
});
