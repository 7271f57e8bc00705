import { mkdir, readlink, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { postFile, postsDir, SETTINGS_YAML } from "../factory.ts";
import { runCli } from "./run.ts";

/**
 * `build --if-changed`: a schedule can run it every minute; it builds only when a post, setting,
 * template or code changed, or when the moment the output changes by itself has come.
 */
describe("build --if-changed", () => {
  it("does nothing when nothing changed and builds when a post, a setting or the time says so", async () => {
    const { root, dir } = await postsDir({
      "2026-12-01-upgrade.md": postFile(`
title: Upgrade
kind: maintenance
service: mail
severity: minor
date: 2026-12-01 09:00
window:
  start: 2026-12-02 22:00
  end: 2026-12-03 00:00`),
    });
    const out = path.join(root, "site");
    const build = (now: string) => runCli("build", ["--posts", dir, "--out", out, "--now", now, "--if-changed"]);

    const first = await build("2026-12-01 12:00");
    expect(first.stdout).toContain("Site written to");
    const target = await readlink(out);

    // The next change is at 22:00 (24 hours before the window): nothing to do before it.
    const quiet = await build("2026-12-01 12:05");
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toMatch(
      /^Nothing to do: no post, setting, template or code changed since the last build, and nothing changes by itself before 2026-12-01T22:00:00-05:00 \(Upgrade: 24 h before a window\)\.$/m,
    );
    expect(await readlink(out)).toBe(target);

    // The moment has come: it builds.
    expect((await build("2026-12-01 22:00")).stdout).toContain("Site written to");

    // A post changed: it builds.
    await writeFile(
      path.join(dir, "2026-12-01-note.md"),
      postFile("title: Note\nkind: notice\ndate: 2026-12-01 10:00"),
    );
    expect((await build("2026-12-01 22:01")).stdout).toContain("Site written to");
    expect((await build("2026-12-01 22:02")).stdout).toContain("Nothing to do");

    // A setting changed: it builds.
    await writeFile(path.join(dir, "settings.yaml"), `${SETTINGS_YAML}staleAfterMinutes: 30\n`);
    expect((await build("2026-12-01 22:03")).stdout).toContain("Site written to");

    // Other options than the last build's: it builds.
    const drafts = await runCli("build", [
      "--posts",
      dir,
      "--out",
      out,
      "--now",
      "2026-12-01 22:04",
      "--if-changed",
      "--drafts",
    ]);
    expect(drafts.stdout).toContain("Site written to");
  }, 120_000);

  it("reads posts in a linked folder, and builds again when one of them changes", async () => {
    const { root, dir } = await postsDir({});
    const elsewhere = path.join(root, "elsewhere");
    await mkdir(elsewhere);
    await writeFile(
      path.join(elsewhere, "2026-12-01-note.md"),
      postFile("title: Note\nkind: notice\ndate: 2026-12-01 10:00"),
    );
    await symlink(elsewhere, path.join(dir, "linked"));
    const out = path.join(root, "site");
    const build = () => runCli("build", ["--posts", dir, "--out", out, "--now", "2026-12-01 12:00", "--if-changed"]);
    const first = await build();
    expect(first.stdout, first.stderr).toContain("Site written to");
    expect((await build()).stdout).toContain("Nothing to do");
    await writeFile(
      path.join(elsewhere, "2026-12-01-note.md"),
      postFile("title: Note, edited\nkind: notice\ndate: 2026-12-01 10:00"),
    );
    expect((await build()).stdout).toContain("Site written to");
  }, 60_000);
});
