import { readdir, readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_POSTS, tempFolders } from "../factory.ts";
import { runCli } from "./run.ts";

/**
 * `npm run import` as a NOC moving here runs it: from a Statuspage page's address (served on
 * 127.0.0.1), a cState site and an old blog's feed, into an empty posts folder that `check` and the
 * build then accept.
 */

const tempFolder = tempFolders("noc-import-");
let server: Server;
let pageUrl: string;
beforeAll(async () => {
  server = createServer(async (req, res) => {
    const name = /^\/api\/v2\/([a-z-]+)\.json$/.exec(req.url ?? "")?.[1];
    try {
      const body = await readFile(path.join("test/fixtures/import/statuspage", `${name}.json`));
      res.writeHead(200, { "content-type": "application/json" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Imports into a fresh folder, then checks and builds it; returns the folder and the import's output. */
async function importAndBuild(args: string[]) {
  const root = await tempFolder();
  const posts = path.join(root, "posts");
  const imported = await runCli("import", [...args, "--posts", posts]);
  expect(imported.code, imported.stderr).toBe(0);
  const checked = await runCli("check", ["--posts", posts]);
  expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  const built = await runCli("build", [
    "--posts",
    posts,
    "--out",
    path.join(root, "site"),
    "--now",
    "2026-12-01 12:00",
  ]);
  expect(built.code, built.stderr).toBe(0);
  return { root, posts, out: imported.stdout };
}

async function files(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).sort()) {
    out[f] = `${(await stat(path.join(dir, f))).mtimeMs} ${await readFile(path.join(dir, f), "utf8")}`;
  }
  return out;
}

describe("npm run import", () => {
  it("imports a Statuspage page from its address into posts that check and build, listing what it could not map", async () => {
    const { posts, out } = await importAndBuild(["statuspage", pageUrl]);
    expect(out).toContain("5 posts created, 0 updated, 0 unchanged; 5 services added to services.yaml");
    expect(out).toContain("settings.yaml written from the source");
    expect(out).toMatch(/Not mapped, or not as it was \(\d+\):\n/);
    expect(out).toContain('incident "Network cabling, open-ended" (n0e1n2d3x4y5): maintenance without an end');
    expect(await readFile(path.join(posts, "settings.yaml"), "utf8")).toContain("timeZone: Europe/Berlin");
  });

  it("imports a cState site and an old blog's feed into posts that check and build", async () => {
    const cstate = await importAndBuild(["cstate", "test/fixtures/import/cstate"]);
    expect(cstate.out).toContain("4 posts created");
    const feed = await importAndBuild([
      "feed",
      "test/fixtures/import/feed/wordpress.rss",
      "--kind-from-category",
      "Outages=incident,Maintenance=maintenance",
    ]);
    expect(feed.out).toContain("3 posts created");
    expect(await readdir(feed.posts)).toContain("2011-07-20-packet-loss-and-outage-on-hosted-exchange-and-websites.md");
  });

  it("changes no file when run again over the same input", async () => {
    const { posts } = await importAndBuild(["cstate", "test/fixtures/import/cstate"]);
    const before = await files(posts);
    const again = await runCli("import", ["cstate", "test/fixtures/import/cstate", "--posts", posts]);
    expect(again.stdout).toContain("0 posts created, 0 updated, 4 unchanged; 0 services added");
    expect(await files(posts)).toEqual(before);
  });

  it("says how it was called wrong, with exit code 2", async () => {
    const unknown = await runCli("import", ["wordpress", "x"]);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('unknown source "wordpress"')]);
    const rule = await runCli("import", ["statuspage", "x", "--kind-from-category", "A=incident"]);
    expect([rule.code, rule.stderr]).toEqual([2, expect.stringContaining("--kind-from-category is for feeds")]);
    const empty = await runCli("import", ["statuspage", "test/fixtures/import/cstate"]);
    expect([empty.code, empty.stderr]).toEqual([2, expect.stringContaining("no Statuspage files there")]);
  });
});

describe("a round trip through our own Statuspage API", () => {
  it("builds, imports its /api/v2/ into an empty folder, builds again: the API is the same but for the page id", async () => {
    const root = await tempFolder();
    const now = "2012-01-01 12:00";
    const first = await runCli("build", ["--posts", SAMPLE_POSTS, "--out", path.join(root, "one"), "--now", now]);
    expect(first.code, first.stderr).toBe(0);
    const posts = path.join(root, "posts");
    const imported = await runCli("import", ["statuspage", path.join(root, "one", "api", "v2"), "--posts", posts]);
    expect(imported.code, imported.stderr).toBe(0);
    const second = await runCli("build", ["--posts", posts, "--out", path.join(root, "two"), "--now", now]);
    expect(second.code, second.stderr).toBe(0);

    const differences: string[] = [];
    const compare = (where: string, a: unknown, b: unknown): void => {
      if (a && b && typeof a === "object" && typeof b === "object") {
        for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
          compare(`${where}.${key}`, (a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]);
        }
      } else if (a !== b) {
        differences.push(where.replace(/\.\d+(?=\.|$)/g, "[]"));
      }
    };
    for (const file of ["summary.json", "components.json", "incidents.json", "scheduled-maintenances.json"]) {
      const read = async (site: string) => JSON.parse(await readFile(path.join(root, site, "api", "v2", file), "utf8"));
      compare(file, await read("one"), await read("two"));
    }
    // The page id comes from the tag authority, which the starter settings derive from the page's
    // address; every other field of every incident, update, maintenance and component is the same.
    expect([...new Set(differences)].filter((d) => !/\.page(_id|\.id)$/.test(d))).toEqual([]);
    expect(differences.length).toBeGreaterThan(0);
  }, 60_000);
});
