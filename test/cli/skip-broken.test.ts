import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { openIncident, postsDir } from "../factory.ts";
import { runCli } from "./run.ts";

/**
 * During an incident, one broken post must not hold the NOC hostage: `build --skip-broken` publishes
 * the urgent update, publishes the broken post as its last good version from git (or leaves it
 * out), says so loudly and exits 3.
 */

const exec = promisify(execFile);
const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((r) => rm(r, { recursive: true, force: true })));
});

const NOW = "2026-12-01T11:30-05:00";
const DNS = "2026-12-01-dns-failures.md";
const MAIL = "2026-12-01-mail-delays.md";
const NEW = "2026-12-01-web-errors.md";

const dnsIncident = openIncident("2026-12-01 08:00")
  .replace("title: Mail delays", "title: DNS failures")
  .replace("service: mail", "service: dns");

/** A posts folder in a git repository, committed at a fixed time. */
async function repository() {
  const { root, dir } = await postsDir({ [DNS]: dnsIncident, [MAIL]: openIncident("2026-12-01 09:00") });
  roots.push(root);
  const git = (...args: string[]) =>
    exec("git", ["-C", root, "-c", "user.name=NOC", "-c", "user.email=noc@example.net", ...args], {
      env: {
        ...process.env,
        GIT_COMMITTER_DATE: "2026-12-01T09:05:00-05:00",
        GIT_AUTHOR_DATE: "2026-12-01T09:05:00-05:00",
      },
    });
  await git("init", "-q");
  await git("add", ".");
  await git("commit", "-q", "-m", "Open incidents");
  const head = (await git("rev-parse", "--short=7", "HEAD")).stdout.trim();
  return { root, dir, git, head };
}

const build = (dir: string, out: string, ...flags: string[]) =>
  runCli("build", ["--posts", dir, "--out", out, "--now", NOW, ...flags]);

describe("build --skip-broken", () => {
  it("publishes the urgent update, the broken post as last committed, leaves out a new broken one, and exits 3", async () => {
    const { root, dir, head } = await repository();
    const out = path.join(root, "site");
    // The DNS post is broken while someone edits it; a new post is broken too.
    const dns = path.join(dir, DNS);
    await writeFile(dns, (await readFile(dns, "utf8")).replace("kind: incident", "kind: incidnet"));
    await writeFile(path.join(dir, NEW), openIncident("2026-12-01 10:00").replace("severity: major", "severity: huge"));
    // The urgent update goes to the mail incident.
    const updated = await runCli(
      "update",
      [MAIL, "--status", "identified", "--at", "2026-12-01 11:20", "A relay is down.", "--posts", dir],
      { NOC_NOW: "2026-12-01 11:25" },
    );
    expect(updated.code, updated.stderr).toBe(0);

    const strict = await build(dir, out);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("npm run build -- --skip-broken");

    const result = await build(dir, out, "--skip-broken");
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain("PUBLISHED WITHOUT 2 POSTS AS WRITTEN: fix and build again.");
    expect(result.stderr).toContain(
      `${DNS}: published as it was in commit ${head} of Tue, 1 Dec 2026, 09:05 EST, its last version without problems`,
    );
    expect(result.stderr).toMatch(new RegExp(`${DNS}:\\d+:\\d+: error: kind: expected one of incident`));
    expect(result.stderr).toContain(`${NEW}: LEFT OUT: it has no earlier version without problems in git`);
    expect(result.stderr).toMatch(new RegExp(`${NEW}:\\d+:\\d+: error: severity: "huge" is not one of`));

    const page = (id: string) => readFile(path.join(out, "posts", id, "index.html"), "utf8");
    expect(await page("2026-12-01-mail-delays")).toContain("A relay is down.");
    expect(await page("2026-12-01-dns-failures")).toContain("<h1>DNS failures</h1>");
    await expect(page("2026-12-01-web-errors")).rejects.toThrow(/ENOENT/);
  }, 60_000);

  it("goes back past a broken version that was committed", async () => {
    const { root, dir, git, head } = await repository();
    const dns = path.join(dir, DNS);
    await writeFile(dns, (await readFile(dns, "utf8")).replace("title: DNS failures", "title: [DNS failures"));
    await git("commit", "-q", "-am", "Broken title");
    const result = await build(dir, path.join(root, "site"), "--skip-broken");
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain(`${DNS}: published as it was in commit ${head} of`);
  }, 60_000);

  it("exits 0 and says nothing extra when every post is fine", async () => {
    const { root, dir } = await repository();
    const result = await build(dir, path.join(root, "site"), "--skip-broken");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
  }, 60_000);

  it("still fails on broken settings: every post depends on them", async () => {
    const { root, dir } = await repository();
    await writeFile(path.join(dir, "settings.yaml"), "title: [broken\n");
    const result = await build(dir, path.join(root, "site"), "--skip-broken");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/settings\.yaml:\d+:\d+: error:/);
  }, 60_000);
});
