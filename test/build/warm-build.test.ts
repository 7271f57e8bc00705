import { cp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOptions } from "../../src/build/options.ts";
import { currentBuild } from "../../src/build/publish.ts";
import { WarmBuild, type WarmReport } from "../../src/build/warm-build.ts";
import { runCli } from "../cli/run.ts";
import { openIncident, postFile, SAMPLE_POSTS, tempFolders } from "../factory.ts";

/**
 * The build `npm run serve` keeps between changes: after each of a sequence of edits, additions,
 * deletions and changes to the settings and services, its output is byte for byte what a clean
 * `npm run build` of the same posts at the same moment writes (search index included), and it
 * re-renders and writes only what the change touched.
 */

const NOW = "2018-01-16 12:00";
const temp = tempFolders("noc-warm-");

/** Every file under `dir`, relative path → bytes. */
async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
  return new Map(
    await Promise.all(files.map(async (f): Promise<[string, Buffer]> => [f, await readFile(path.join(dir, f))])),
  );
}

/** The files that differ between the warm output and a clean build of `posts`: missing, extra or other bytes. */
async function differences(posts: string, warmOut: string): Promise<string[]> {
  const clean = path.join(await temp(), "site");
  const run = await runCli("build", ["--posts", posts, "--out", clean, "--now", NOW, "--drafts"]);
  expect(run.code, run.stderr).toBe(0);
  const want = await filesOf(clean);
  const got = await filesOf(currentBuild(warmOut) as string);
  const wrong: string[] = [];
  for (const [file, bytes] of want) {
    const mine = got.get(file);
    if (!mine) wrong.push(`missing ${file}`);
    else if (!mine.equals(bytes)) wrong.push(`differs ${file}`);
  }
  for (const file of got.keys()) if (!want.has(file)) wrong.push(`extra ${file}`);
  return wrong;
}

async function settle(report: WarmReport): Promise<{ changed: string[]; removed: string[] }> {
  await report.search;
  return report.written;
}

describe("WarmBuild", () => {
  it("writes what a clean build writes after every kind of change, and only what changed", async () => {
    const root = await temp();
    const posts = path.join(root, "posts");
    await cp(SAMPLE_POSTS, posts, { recursive: true });
    const out = path.join(root, "preview");
    const warm = new WarmBuild(buildOptions({ posts, now: NOW, drafts: true }, {}), out);
    try {
      const first = await warm.build();
      expect(first.first).toBe(true);
      await settle(first);
      expect(await differences(posts, out)).toEqual([]);

      // An old, resolved post edited: its page, the lists and feeds it is in; not another post's page.
      const file = path.join(posts, "2011-07-20-packet-loss-and-outage.md");
      await writeFile(
        file,
        (await readFile(file, "utf8")).replace(/^title: .*$/m, "title: Packet loss, then an outage"),
      );
      const edit = await warm.build();
      const edited = await settle(edit);
      expect(edit.first).toBe(false);
      expect(edited.changed).toContain("/posts/2011-07-20-packet-loss-and-outage/index.html");
      expect(edited.changed).not.toContain("/posts/2011-03-15-linux-hosted-mailboxes-down/index.html");
      expect(edit.reused).toBeGreaterThan(edit.rendered);
      expect(await differences(posts, out)).toEqual([]);

      // A new open incident: the banner is on every page, so every post's page is written again.
      await writeFile(
        path.join(posts, "2018-01-16-mail-delays.md"),
        openIncident("2018-01-16 11:00").replace("service: mail", "service: dns"),
      );
      const added = await settle(await warm.build());
      expect(added.changed).toContain("/posts/2011-03-15-linux-hosted-mailboxes-down/index.html");
      expect(added.changed).toContain("/posts/2018-01-16-mail-delays/index.html");
      expect(await differences(posts, out)).toEqual([]);

      // A post deleted: its page and folder are gone.
      await rm(path.join(posts, "2008-02-12-intraday-reports-show-zero.md"));
      const deleted = await settle(await warm.build());
      expect(deleted.removed).toContain("/posts/2008-02-12-intraday-reports-show-zero/index.html");
      expect(await differences(posts, out)).toEqual([]);

      // A notice added and the settings' title changed.
      await writeFile(
        path.join(posts, "2018-01-16-note.md"),
        postFile("title: Portal <b>notes</b>\nkind: notice\ndate: 2018-01-16 09:00", "Read *this*.\n"),
      );
      const settingsFile = path.join(posts, "settings.yaml");
      await writeFile(
        settingsFile,
        (await readFile(settingsFile, "utf8")).replace(/^title: .*$/m, "title: NOC (test)"),
      );
      await settle(await warm.build());
      expect(await differences(posts, out)).toEqual([]);

      // A service renamed: every page that names it.
      const servicesFile = path.join(posts, "services.yaml");
      const services = await readFile(servicesFile, "utf8");
      const renamed = services.replace(/^(\s*name:) .*$/m, "$1 Renamed service");
      expect(renamed).not.toBe(services);
      await writeFile(servicesFile, renamed);
      await settle(await warm.build());
      expect(await differences(posts, out)).toEqual([]);

      // Nothing changed: nothing is written.
      const again = await settle(await warm.build());
      expect(again).toEqual({ changed: [], removed: [] });
    } finally {
      await warm.close();
    }
  }, 120_000);

  it("indexes again only the search parts whose posts changed", async () => {
    const root = await temp();
    const posts = path.join(root, "posts");
    await cp(SAMPLE_POSTS, posts, { recursive: true });
    const out = path.join(root, "preview");
    // Small parts: the sample site's posts in five, January 2018's two in the last.
    const options = buildOptions({ posts, now: NOW, drafts: true }, { NOC_SEARCH_PART: "10000" });
    const warm = new WarmBuild(options, out);
    try {
      const first = await warm.build();
      expect(await first.search).toMatchObject({ parts: 5, kept: 0 });
      await first.written;
      const newest = path.join(posts, "2018-01-15-los-angeles-network-equipment-maintenance.md");
      await writeFile(newest, `${await readFile(newest, "utf8")}\nUpdate: the last switch is back in service.\n`);
      const edit = await warm.build();
      expect(await edit.search).toMatchObject({ parts: 5, kept: 4 });
      await edit.written;
      const again = await warm.build();
      expect(await again.search).toMatchObject({ parts: 5, kept: 5 });
      await again.written;
      const clean = path.join(await temp(), "site");
      const run = await runCli("build", ["--posts", posts, "--out", clean, "--now", NOW, "--drafts"], {
        NOC_SEARCH_PART: "10000",
      });
      expect(run.code, run.stderr).toBe(0);
      expect(await filesOf(currentBuild(out) as string)).toEqual(await filesOf(clean));
    } finally {
      await warm.close();
    }
  }, 120_000);

  it("writes nothing when a post has a problem, and reports it", async () => {
    const root = await temp();
    const posts = path.join(root, "posts");
    await cp(SAMPLE_POSTS, posts, { recursive: true });
    const out = path.join(root, "preview");
    const warm = new WarmBuild(buildOptions({ posts, now: NOW, drafts: true, skipSearch: true }, {}), out);
    try {
      await settle(await warm.build());
      const before = await filesOf(currentBuild(out) as string);
      await writeFile(
        path.join(posts, "2018-01-16-broken.md"),
        postFile("title: Broken\nkind: incidnet\ndate: 2018-01-16 09:00"),
      );
      await expect(warm.build()).rejects.toThrow(/2018-01-16-broken\.md.*kind/s);
      expect(await filesOf(currentBuild(out) as string)).toEqual(before);
    } finally {
      await warm.close();
    }
  }, 60_000);
});
