import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SAMPLE_POSTS } from "../factory.ts";
import { runCli } from "./run.ts";

/** new, update and check on a temporary copy of the real posts. */

let tmp: string;
let posts: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "noc-authoring-"));
  posts = path.join(tmp, "posts");
  await cp(SAMPLE_POSTS, posts, { recursive: true });
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const NOW = { NOC_NOW: "2026-11-28 10:15" };

describe("new", () => {
  it("writes an incident stamped now that passes check, and prints its path", async () => {
    const result = await runCli(
      "new",
      [
        "incident",
        "--service",
        "exchangedefender-inbound",
        "--severity",
        "major",
        "--title",
        "Inbound mail delays",
        "--posts",
        posts,
      ],
      NOW,
    );
    expect(result.code).toBe(0);
    const file = result.stdout.trim();
    expect(path.basename(file)).toBe("2026-11-28-inbound-mail-delays.md");
    expect(await readFile(file, "utf8")).toContain("date: 2026-11-28 10:15\n");
    expect((await runCli("check", ["--posts", posts])).code).toBe(0);
  });

  it("writes a maintenance with several windows, and never overwrites a post", async () => {
    const args = ["maintenance", "--service", "dns,web-hosting", "--severity", "minor", "--title", "DNS upgrade"];
    const windows = [
      "--start",
      "2026-12-01 22:00",
      "--end",
      "2026-12-02 01:00",
      "--start",
      "2026-12-03 22:00",
      "--end",
      "2026-12-04 01:00",
    ];
    const first = await runCli("new", [...args, ...windows, "--posts", posts], NOW);
    const second = await runCli("new", [...args, ...windows, "--posts", posts], NOW);
    expect(path.basename(first.stdout.trim())).toBe("2026-11-28-dns-upgrade.md");
    expect(path.basename(second.stdout.trim())).toBe("2026-11-28-dns-upgrade-2.md");
    expect(await readFile(first.stdout.trim(), "utf8")).toContain(
      "  - start: 2026-12-03 22:00\n    end: 2026-12-04 01:00\n",
    );
    expect((await runCli("check", ["--posts", posts])).code).toBe(0);
  });

  it.each([
    ["no kind", ["--title", "X"], 2, "usage: npm run new"],
    [
      "an incident without a severity",
      ["incident", "--service", "dns", "--title", "X"],
      2,
      "needs --service and --severity",
    ],
    [
      "maintenance without a window",
      ["maintenance", "--service", "dns", "--severity", "minor", "--title", "X"],
      2,
      "needs at least one --start",
    ],
    [
      "a time it cannot read",
      [
        "maintenance",
        "--service",
        "dns",
        "--severity",
        "minor",
        "--title",
        "X",
        "--start",
        "tomorrow",
        "--end",
        "2026-12-01 10:00",
      ],
      2,
      '--start "tomorrow" is not a time',
    ],
    [
      "an unknown service",
      ["incident", "--service", "dsn", "--severity", "minor", "--title", "X"],
      1,
      'unknown service "dsn" (did you mean "dns"?)',
    ],
  ])("refuses %s and writes nothing", async (_name, args, code, message) => {
    const result = await runCli("new", [...args, "--posts", posts], NOW);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect((await runCli("check", ["--posts", posts, "--format", "json"])).stdout).toContain('"posts": 26');
  });
});

describe("update", () => {
  const file = () => path.join(posts, "2011-07-20-packet-loss-and-outage.md");
  const open = async () => {
    const source = (await readFile(file(), "utf8"))
      .replace(/ {2}end: 2011-07-20 16:12\n/, "")
      .replace(/ {2}- at: 2011-07-20 16:12[\s\S]*?(?=---\n)/, "");
    await writeFile(file(), source);
    return source;
  };

  it("appends an update by id, changing nothing else, and sets the window end on resolved", async () => {
    const before = await open();
    const identified = await runCli(
      "update",
      [
        "2011-07-20-packet-loss-and-outage",
        "--status",
        "identified",
        "Found it: a monitoring server",
        "--posts",
        posts,
      ],
      { NOC_NOW: "2011-07-20 16:00" },
    );
    expect(identified.code).toBe(0);
    expect(identified.stdout).toContain("identified at Wed, 20 Jul 2011, 16:00 EDT (20:00 UTC)");
    const resolved = await runCli("update", [
      file(),
      "--status",
      "resolved",
      "--at",
      "2011-07-20 16:12",
      "Cleared.",
      "--posts",
      posts,
    ]);
    expect(resolved.code).toBe(0);
    const after = await readFile(file(), "utf8");
    const expected = before
      .replace("  start: 2011-07-20 15:35\n", "  start: 2011-07-20 15:35\n  end: 2011-07-20 16:12\n")
      .replace(
        "---\nOn 7/20",
        '  - at: 2011-07-20 16:00\n    status: identified\n    body: "Found it: a monitoring server"\n' +
          "  - at: 2011-07-20 16:12\n    status: resolved\n    body: Cleared.\n---\nOn 7/20",
      );
    expect(after).toBe(expected);
  });

  it.each([
    [
      "a status of the other kind",
      ["--status", "completed", "x"],
      1,
      'status "completed" is not allowed for an incident; use one of investigating',
    ],
    [
      "an update older than the last",
      ["--status", "monitoring", "--at", "2011-07-20 15:00", "x"],
      1,
      "is before the last update",
    ],
    ["a post that does not exist", ["--status", "resolved", "x"], 1, 'no post "nope"'],
    ["no message", ["--status", "resolved"], 2, "usage: npm run update"],
  ])("refuses %s and leaves the file as it was", async (name, args, code, message) => {
    const before = await open();
    const target = name.includes("does not exist") ? "nope" : "2011-07-20-packet-loss-and-outage";
    const result = await runCli("update", [target, ...args, "--posts", posts], { NOC_NOW: "2011-07-20 16:30" });
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(await readFile(file(), "utf8")).toBe(before);
  });
});

describe("check", () => {
  it("reports problems compiler-style with the right line and column, and exits 1", async () => {
    await writeFile(
      path.join(posts, "bad.md"),
      "---\ntitle: Bad\nkind: incident\nservice: dns\nseverity: minor\ndate: 2011-07-20 10:00\nupdates:\n  - at: 2011-07-20 10:05\n    status: investigating\n    body: x\n  - at: 2011-07-20 10:06\n    status: fixed\n    body: y\n---\n",
    );
    const result = await runCli("check", ["--posts", posts]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${path.join(posts, "bad.md")}:12:5: error: updates[1].status: "fixed" is not one of investigating, identified, monitoring, resolved, postmortem`,
    );
    expect(result.stderr).toContain("1 problem in 1 file.");
  });

  it("speaks JSON for editors and CI", async () => {
    await writeFile(path.join(posts, "bad.md"), "---\ntitle: [x\n---\n");
    const result = await runCli("check", ["--posts", posts, "--format", "json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      problems: { line: number; field: string; severity: string }[];
    };
    expect(report.ok).toBe(false);
    expect(report.problems).toMatchObject([{ line: 2, field: "", severity: "error" }]);
  });

  it("passes the sample posts and rejects an unknown format", async () => {
    expect((await runCli("check", ["--posts", posts])).stdout).toContain("26 posts, 13 services: no problems.");
    expect((await runCli("check", ["--format", "xml"])).code).toBe(2);
  });
});
