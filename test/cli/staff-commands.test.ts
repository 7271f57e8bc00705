import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openIncident, postFile, postsDir } from "../factory.ts";
import { runCli } from "./run.ts";

/** new and update say everything a stressed engineer needs, and catch times typed wrong. */

const NOW = { NOC_NOW: "2026-12-01 11:30" };

const maintenance = postFile(`
title: DNS upgrade
kind: maintenance
service: dns
severity: minor
date: 2026-11-20 10:00
window:
  start: 2026-12-05 22:00
  end: 2026-12-06 01:00`);

async function posts(files: Record<string, string> = {}) {
  return (await postsDir(files)).dir;
}

const newPost = (dir: string, args: string[]) => runCli("new", [...args, "--posts", dir], NOW);

describe("new", () => {
  it.each([
    [
      "maintenance",
      ["--service", "dns", "--severity", "minor", "--start", "2026-12-05 22:00", "--end", "2026-12-06 01:00"],
    ],
    ["notice", []],
  ])("keeps --message as the %s's announcement", async (kind, flags) => {
    const dir = await posts();
    const result = await newPost(dir, [kind, "--title", "Heads up", "--message", "We **will** be brief.", ...flags]);
    expect(result.code, result.stderr).toBe(0);
    const text = await readFile(result.stdout.trim(), "utf8");
    expect(text).toMatch(/\n---\n\nWe \*\*will\*\* be brief\.\n$/);
    expect((await runCli("check", ["--posts", dir], NOW)).code).toBe(0);
  });

  it("backdates an incident with --start, and takes an --end", async () => {
    const dir = await posts();
    const args = ["incident", "--service", "mail", "--severity", "major", "--title", "Mail delays"];
    const result = await newPost(dir, [...args, "--start", "2026-12-01 09:10", "--end", "2026-12-01 10:05"]);
    expect(result.code, result.stderr).toBe(0);
    const text = await readFile(result.stdout.trim(), "utf8");
    expect(text).toContain("window:\n  start: 2026-12-01 09:10\n  end: 2026-12-01 10:05\n");
    expect(text).toContain("  - at: 2026-12-01 11:30\n    status: investigating\n");
  });

  it("names the flag, not a file it never wrote, and lists the services when none is close", async () => {
    const dir = await posts();
    const result = await newPost(dir, ["incident", "--service", "exchange", "--severity", "major", "--title", "X"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('--service: unknown service "exchange" (services.yaml has mail, web, dns)\n');
    expect((await readdir(dir)).filter((n) => n.endsWith(".md"))).toEqual([]);
  });

  it("warns, with the flag, about a new maintenance that is over already", async () => {
    const dir = await posts();
    const args = ["maintenance", "--service", "dns", "--severity", "minor", "--title", "Old work"];
    const result = await newPost(dir, [...args, "--start", "2025-12-05 22:00", "--end", "2025-12-06 01:00"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^new: warning: --start: every window is over already .* A typo in the year\?\n$/);
  });
});

describe("update", () => {
  it("offers the right spelling of a status", async () => {
    const dir = await posts({ "2026-11-20-dns-upgrade.md": maintenance });
    const result = await runCli(
      "update",
      ["2026-11-20-dns-upgrade", "--status", "canceled", "Off.", "--posts", dir],
      NOW,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('status "canceled" is not allowed for a maintenance (did you mean "cancelled"?)');
  });

  it("sets the window's end to --resolved-at, when service recovered", async () => {
    const dir = await posts({ "2026-12-01-mail-delays.md": openIncident("2026-12-01 09:00") });
    const args = [
      "2026-12-01-mail-delays",
      "--status",
      "resolved",
      "--resolved-at",
      "2026-12-01 10:47",
      "Queue drained.",
    ];
    const result = await runCli("update", [...args, "--posts", dir], NOW);
    expect(result.code, result.stderr).toBe(0);
    const text = await readFile(path.join(dir, "2026-12-01-mail-delays.md"), "utf8");
    expect(text).toContain("  end: 2026-12-01 10:47\n");
    expect(text).toContain("  - at: 2026-12-01 11:30\n    status: resolved\n");
  });

  it("refuses --resolved-at with a status that does not end anything", async () => {
    const dir = await posts({ "2026-12-01-mail-delays.md": openIncident("2026-12-01 09:00") });
    const args = ["2026-12-01-mail-delays", "--status", "identified", "--resolved-at", "2026-12-01 10:47", "X"];
    const result = await runCli("update", [...args, "--posts", dir], NOW);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--resolved-at goes with --status resolved, postmortem, completed");
  });

  it("writes an update typed 11½ hours ahead, and warns with the file and line", async () => {
    const dir = await posts({ "2026-12-01-mail-delays.md": openIncident("2026-12-01 09:00") });
    const args = ["2026-12-01-mail-delays", "--status", "resolved", "--at", "2026-12-01 23:00", "Fixed."];
    const result = await runCli("update", [...args, "--posts", dir], NOW);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /2026-12-01-mail-delays\.md:\d+:\d+: warning: updates\[1\]\.at: Tue, 1 Dec 2026, 23:00 EST is in the future/,
    );
    const check = await runCli("check", ["--posts", dir], NOW);
    expect(check.code).toBe(0);
    expect(check.stderr).toMatch(/warning: updates\[1\]\.at: .* is in the future/);
    expect(check.stdout).toContain("1 post, 3 services: 2 warnings.");
  });

  it("reopens a resolved incident: the site shows it open again, with the reopening marked", async () => {
    const { root, dir } = await postsDir({ "2026-12-01-mail-delays.md": openIncident("2026-12-01 09:00") });
    const file = "2026-12-01-mail-delays";
    const at = (time: string) => ({ NOC_NOW: `2026-12-01 ${time}` });
    const resolved = await runCli("update", [file, "--status", "resolved", "Fixed.", "--posts", dir], at("10:00"));
    expect(resolved.code, resolved.stderr).toBe(0);
    const back = await runCli(
      "update",
      [file, "--status", "investigating", "Errors are back.", "--posts", dir],
      at("11:00"),
    );
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain("reopens the incident resolved at Tue, 1 Dec 2026, 10:00 EST");

    const out = path.join(root, "site");
    const built = await runCli("build", ["--posts", dir, "--out", out, "--now", "2026-12-01T11:30-05:00"]);
    expect(built.code, built.stderr).toBe(0);
    const home = await readFile(path.join(out, "index.html"), "utf8");
    expect(home).not.toContain("All systems operational");
    expect(home).toContain("Partial outage");
    const page = await readFile(path.join(out, "posts", file, "index.html"), "utf8");
    expect(page).toContain("badge-investigating");
    expect(page).toContain("<strong>Reopened: investigating</strong>");
    // Impact: the written window up to the resolution, then the reopening's, still going on
    expect(page).toMatch(/Tue, 1 Dec 2026, 09:00 EST.*&ndash;.*>10:00 EST/);
    expect(page).toMatch(
      /Tue, 1 Dec 2026, 11:00 EST.*&ndash; <span class="ongoing">ongoing<\/span> <span class="note">\(reopened\)<\/span>/,
    );
    expect(page).toMatch(/<dt>Reopened<\/dt><dd><time datetime="2026-12-01T11:00:00-05:00">Tue, 1 Dec 2026, 11:00 EST/);
    const summary = JSON.parse(await readFile(path.join(out, "api/v2/summary.json"), "utf8"));
    expect(summary.incidents.map((i: { status: string }) => i.status)).toEqual(["investigating"]);
  });

  it("refuses to reopen an incident after its post-mortem, and says why", async () => {
    const dir = await posts({ "2026-12-01-mail-delays.md": openIncident("2026-12-01 09:00") });
    const file = "2026-12-01-mail-delays";
    expect((await runCli("update", [file, "--status", "postmortem", "Why.", "--posts", dir], NOW)).code).toBe(0);
    const again = await runCli("update", [file, "--status", "identified", "Again.", "--posts", dir], NOW);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("a post-mortem closes an incident for good; a new problem is a new incident");
  });

  it("lowers an incident's impact from an update on: the board follows, the page says so", async () => {
    const { root, dir } = await postsDir({ "2026-12-01-mail-delays.md": openIncident("2026-12-01 09:00") });
    const args = [
      "2026-12-01-mail-delays",
      "--status",
      "monitoring",
      "--impact",
      "minor",
      "Mostly back.",
      "--posts",
      dir,
    ];
    const result = await runCli("update", args, { NOC_NOW: "2026-12-01 10:00" });
    expect(result.code, result.stderr).toBe(0);
    const text = await readFile(path.join(dir, "2026-12-01-mail-delays.md"), "utf8");
    expect(text).toContain("    status: monitoring\n    body: Mostly back.\n    impact: minor\n");
    const out = path.join(root, "site");
    const built = await runCli("build", ["--posts", dir, "--out", out, "--now", "2026-12-01T10:30-05:00"]);
    expect(built.code, built.stderr).toBe(0);
    const home = await readFile(path.join(out, "index.html"), "utf8");
    expect(home).toContain("Degraded performance");
    expect(home).toContain('<span class="severity severity-minor">Minor impact</span>');
    const page = await readFile(path.join(out, "posts/2026-12-01-mail-delays/index.html"), "utf8");
    expect(page).toContain(
      '<span class="severity severity-minor">Minor</span> <span class="note">(first Major)</span>',
    );
    expect(page).toContain('<span class="impact-change">impact now Minor</span>');
  });
});
