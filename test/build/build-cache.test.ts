import { cp, mkdir, readdir, readFile, rm, stat, symlink, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectKey, revive, withTimes } from "../../src/build/build-cache.ts";
import { buildOptions } from "../../src/build/options.ts";
import { currentBuild } from "../../src/build/publish.ts";
import { parseAuthorTime } from "../../src/model/time.ts";
import { runCli } from "../cli/run.ts";
import { SAMPLE_POSTS, snapshot, tempFolders } from "../factory.ts";

/**
 * The cache `npm run build` leaves for the next build into the same output: a rebuild takes the
 * posts, bodies, pages and feeds that did not change from it, and writes, file for file, what a
 * clean build of the same posts at the same moment writes; a cache it cannot trust is not used.
 */

const NOW = "2018-01-16T12:00";
const temp = tempFolders("noc-cache-");

async function sample(): Promise<{ posts: string; out: string; root: string }> {
  const root = await temp();
  const posts = path.join(root, "posts");
  await cp(SAMPLE_POSTS, posts, { recursive: true });
  return { posts, out: path.join(root, "site"), root };
}

/** Builds `posts` into `out`; the number of pages and feeds taken unchanged from the last build (0 for none). */
async function build(posts: string, out: string, extra: string[] = []): Promise<number> {
  const result = await runCli("build", ["--posts", posts, "--out", out, "--now", NOW, "--skip-search", ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return Number(/\((\d+) of them unchanged since the last build\)/.exec(result.stdout)?.[1] ?? 0);
}

/** What a clean build (a new output, no cache) of `posts` writes, against what `out` holds. */
async function expectClean(posts: string, out: string, root: string, extra: string[] = []): Promise<void> {
  const clean = path.join(root, `clean-${Math.random().toString(36).slice(2)}`);
  expect(await build(posts, clean, extra)).toBe(0);
  expect(await snapshot(out)).toEqual(await snapshot(clean));
}

describe("the build cache", () => {
  it("takes what did not change from the last build, and writes what a clean build writes", async () => {
    const { posts, out, root } = await sample();
    expect(await build(posts, out)).toBe(0);
    const all = await build(posts, out);
    expect(all).toBeGreaterThan(40);
    await expectClean(posts, out, root);

    // The newest post gets an update written at another offset; a post is added and one deleted.
    const newest = path.join(posts, "2018-01-15-los-angeles-network-equipment-maintenance.md");
    const text = await readFile(newest, "utf8");
    await writeFile(
      newest,
      text.replace(
        /\n---\n/,
        "\nupdates:\n  - at: 2018-01-16 08:30-08:00\n    status: scheduled\n    body: Confirmed for Friday.\n---\n",
      ),
    );
    await writeFile(
      path.join(posts, "2018-01-16-dns-notice.md"),
      "---\ntitle: Resolvers renumbered\nkind: notice\nservice: dns\ndate: 2018-01-16 09:00\n---\nNew addresses.\n",
    );
    await rm(path.join(posts, "2008-12-22-week-in-review.md"));
    const after = await build(posts, out);
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(all);
    await expectClean(posts, out, root);
  }, 60_000);

  it("makes a feed again around the entries of unchanged posts as the last build wrote them", async () => {
    const { posts, out } = await sample();
    await build(posts, out);
    const file = path.join(`${out}.builds`, "cache.json");
    const lines = (await readFile(file, "utf8")).split("\n");
    // The Atom entry of a post the edit below leaves alone (the site feed's last), marked where the cache keeps it.
    const ids = [...(await readFile(path.join(out, "feed.xml"), "utf8")).matchAll(/<id>(tag:[^<]*:post:[^<]*)<\/id>/g)];
    const id = ids.at(-1)?.[1] ?? "none";
    const at = lines.findIndex((l) => l.startsWith("e ") && l.includes("<entry>") && l.includes(`<id>${id}</id>`));
    expect(at).toBeGreaterThan(0);
    const [, key, text] = /^e (\S+) (.*)$/.exec(lines[at] ?? "") ?? [];
    lines[at] =
      `e ${key} ${JSON.stringify((JSON.parse(text ?? '""') as string).replace("<entry>", "<entry><!--kept-->"))}`;
    await writeFile(file, lines.join("\n"));
    const newest = path.join(posts, "2018-01-15-los-angeles-network-equipment-maintenance.md");
    await writeFile(newest, (await readFile(newest, "utf8")).replace("\n---\n", "\nsummary: Friday night.\n---\n"));
    await build(posts, out);
    const feed = await readFile(path.join(out, "feed.xml"), "utf8");
    expect(feed).toContain("<entry><!--kept-->");
    expect(feed).toContain("Friday night.");
  }, 60_000);

  it("makes an entry again when its line in the cache cannot be read, and writes what a clean build writes", async () => {
    const { posts, out, root } = await sample();
    await build(posts, out);
    const file = path.join(`${out}.builds`, "cache.json");
    const lines = (await readFile(file, "utf8")).split("\n");
    // Every entry line cut short in its text, as a hand edit or a bad disk could leave it.
    const cut = lines.map((l) => (l.startsWith("e ") ? l.slice(0, -20) : l));
    expect(cut.filter((l, i) => l !== lines[i]).length).toBeGreaterThan(10);
    await writeFile(file, cut.join("\n"));
    const newest = path.join(posts, "2018-01-15-los-angeles-network-equipment-maintenance.md");
    await writeFile(newest, (await readFile(newest, "utf8")).replace("\n---\n", "\nsummary: Friday night.\n---\n"));
    await build(posts, out);
    await expectClean(posts, out, root);
  }, 60_000);

  it("renders again a page that neither the spare nor the last build's folder holds as written, and ignores a cache it cannot read", async () => {
    const { posts, out, root } = await sample();
    await build(posts, out);
    const all = await build(posts, out);
    const live = currentBuild(out) as string;
    const spare = path.join(`${out}.builds`, "spare");
    const [lost, cut] = (await readdir(path.join(live, "posts"))).slice(0, 2) as [string, string];
    // One page gone from both; one cut short in the spare, whole in the last build: taken from there.
    for (const folder of [live, spare]) await rm(path.join(folder, "posts", lost, "index.html"));
    await truncate(path.join(spare, "posts", cut, "index.html"), 100);
    expect(await build(posts, out)).toBe(all - 1);
    await expectClean(posts, out, root);

    await writeFile(path.join(`${out}.builds`, "cache.json"), '{"format":4,"project":"x","folder":"y"}\n{not json');
    expect(await build(posts, out)).toBe(0);
    await expectClean(posts, out, root);
    // Written anew by that build: the next takes from it again.
    expect(await build(posts, out)).toBe(all);
  }, 60_000);

  it("gives the spare's pages made from the same inputs the new build time in place, and writes what a clean build writes", async () => {
    const { posts, out, root } = await sample();
    const at = (minute: number) => ["--now", `2018-01-16T12:0${minute}`];
    await build(posts, out, at(0));
    const all = await build(posts, out, at(1));
    // The last build's copy of a page changed by hand to the same length: not read, as the spare's
    // copy (the build before's) is as that build wrote it, and only its time changes.
    const live = currentBuild(out) as string;
    const page = path.join("posts", (await readdir(path.join(live, "posts")))[0] as string, "index.html");
    const text = await readFile(path.join(live, page), "utf8");
    await writeFile(path.join(live, page), text.replace("</html>", "</HTML>"));
    const spare = path.join(`${out}.builds`, "spare");
    const { ino } = await stat(path.join(spare, page));
    expect(await build(posts, out, at(2))).toBe(all);
    const built = currentBuild(out) as string;
    expect((await stat(path.join(built, page))).ino).toBe(ino);
    expect(await readFile(path.join(built, page), "utf8")).toContain('data-built-at="2018-01-16T12:02:00-05:00"');
    await expectClean(posts, out, root, at(2));
    // That folder is now the spare, which the next build trusts to be as written (README, Decisions).
    await writeFile(path.join(spare, page), text);
    // And on: each build writes over the one before the last, in place.
    for (const minute of [3, 4]) {
      expect(await build(posts, out, at(minute))).toBe(all);
      await expectClean(posts, out, root, at(minute));
    }
  }, 60_000);

  it("writes over the spare as the build before recorded it, and what a clean build writes when it is not as recorded", async () => {
    const { posts, out, root } = await sample();
    for (let i = 0; i < 3; i++) await build(posts, out);
    const cache = await readFile(path.join(`${out}.builds`, "cache.json"), "utf8");
    const line = cache.split("\n").find((l) => l.startsWith("s ")) ?? "s null";
    const recorded = JSON.parse(line.slice(2)) as string[];
    const spare = path.join(`${out}.builds`, "spare");
    expect(recorded.sort()).toEqual(
      Object.keys(await snapshot(spare))
        .map((f) => `/${f}`)
        .sort(),
    );
    // What Eleventy copied into the spare, with each file's length (src/build/public-copy.ts).
    const copies = JSON.parse(
      cache
        .split("\n")
        .find((l) => l.startsWith("d "))
        ?.slice(2) ?? "null",
    );
    const published = (await readdir("public")).sort();
    expect(copies).toEqual(
      await Promise.all(
        published.map(async (name) => ({ path: `/${name}`, bytes: (await stat(path.join(spare, name))).size })),
      ),
    );
    // A file and a whole folder of the spare gone: written as new ones. A link where a file goes:
    // replaced by the file, and what it leads to left as it was.
    await rm(path.join(spare, "rss.xml"));
    await rm(path.join(spare, "posts"), { recursive: true });
    const outside = path.join(root, "outside.txt");
    await writeFile(outside, "not the site's");
    await rm(path.join(spare, "feed.xml"));
    await symlink(outside, path.join(spare, "feed.xml"));
    expect(await build(posts, out)).toBeGreaterThan(0);
    expect(await readFile(outside, "utf8")).toBe("not the site's");
    await expectClean(posts, out, root);
  }, 60_000);

  it("keeps the older pages of the lists, which show neither the board nor the clock, from build to build", async () => {
    const { posts, out, root } = await sample();
    const settings = path.join(posts, "settings.yaml");
    await writeFile(settings, (await readFile(settings, "utf8")).replace(/^postsPerPage: .*$/m, "postsPerPage: 2"));
    // Open throughout: on the board and Hosted Exchange's first page, "as of" each build's clock.
    await writeFile(
      path.join(posts, "2018-01-16-owa-errors.md"),
      [
        "---",
        "title: Outlook Web Access errors",
        "kind: incident",
        "service: hosted-exchange",
        "severity: major",
        "date: 2018-01-16 11:00",
        "updates:",
        "  - at: 2018-01-16 11:00",
        "    status: investigating",
        "    body: Looking.",
        "---",
        "Errors on sign-in.",
        "",
      ].join("\n"),
    );
    const at = (time: string) => ["--now", `2018-01-16T${time}`];
    await build(posts, out, at("12:00"));
    // Taken from the last build's folder, then from the spare (src/build/build-cache.ts).
    for (const time of ["12:01", "12:02", "12:03"]) {
      expect(await build(posts, out, at(time))).toBeGreaterThan(0);
      await expectClean(posts, out, root, at(time));
    }
    const cache = await readFile(path.join(`${out}.builds`, "cache.json"), "utf8");
    const keyed = new Set(cache.split("\n").flatMap((l) => (l.startsWith("r ") ? [JSON.parse(l.slice(2))[0]] : [])));
    expect([...keyed]).toEqual(
      expect.arrayContaining(["/page/2/index.html", "/services/hosted-exchange/page/2/index.html"]),
    );
    expect(keyed.has("/index.html")).toBe(false);
    expect(keyed.has("/services/hosted-exchange/index.html")).toBe(false);
  }, 60_000);

  it("leaves unread the posts that did not change, and sees a save of the same length at once", async () => {
    const { posts, out, root } = await sample();
    // A build trusts how it saw a file once the file had not changed for 2 s (src/build/shared-reads.ts).
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await build(posts, out);
    const cache = path.join(`${out}.builds`, "cache.json");
    const postLines = async () => (await readFile(cache, "utf8")).split("\n").filter((line) => line.startsWith("p "));
    const seen = await postLines();
    expect(seen.length).toBeGreaterThan(20);
    expect(seen.every((line) => /"seen":\{"stamp":/.test(line))).toBe(true);
    expect(await build(posts, out)).toBeGreaterThan(40);
    // Not one read again: each post is handed on as the first build saw it, to the byte.
    expect(await postLines()).toEqual(seen);
    await expectClean(posts, out, root);

    // Saved again at once, at the same length and in place: built as it is now.
    const file = path.join(posts, "2018-01-15-los-angeles-network-equipment-maintenance.md");
    const text = await readFile(file, "utf8");
    const edited = text.replace("title: ", "title: X").replace(/\n---\n(.)/, "\n---\n");
    expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(text));
    await writeFile(file, edited);
    await build(posts, out);
    const page = path.join(out, "posts", "2018-01-15-los-angeles-network-equipment-maintenance", "index.html");
    expect(await readFile(page, "utf8")).toContain("XRoutine network equipment maintenance in Los Angeles");
    await expectClean(posts, out, root);
  }, 60_000);

  it("publishes the site with a warning when the cache cannot be saved", async () => {
    const { posts, out, root } = await sample();
    await build(posts, out);
    // Something that is not a file where the cache goes: it can be neither read nor replaced.
    const cache = path.join(`${out}.builds`, "cache.json");
    await rm(cache);
    await mkdir(path.join(cache, "in-the-way"), { recursive: true });
    const result = await runCli("build", ["--posts", posts, "--out", out, "--now", NOW, "--skip-search"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /Warning: the build cache was not saved \(\w+\); the next build checks and renders every post\./,
    );
    await expectClean(posts, out, root);
  }, 60_000);

  it("is not used after another build has been published, or by a build with other options", async () => {
    const { posts, out, root } = await sample();
    await build(posts, out);
    // A cache naming a build the output no longer points at (a build published since, as `npm run
    // serve` publishes its own) describes files that are not the live ones.
    const cache = path.join(`${out}.builds`, "cache.json");
    const saved = await readFile(cache);
    expect(await build(posts, out)).toBeGreaterThan(0);
    await writeFile(cache, saved);
    expect(await build(posts, out)).toBe(0);
    await expectClean(posts, out, root);

    expect(await build(posts, out, ["--audience", "internal"])).toBe(0);
    await expectClean(posts, out, root, ["--audience", "internal"]);
  }, 60_000);
});

describe("projectKey", () => {
  it("changes with the options that change the output, not with the posts' folder or the clock", async () => {
    const base = await projectKey(buildOptions({ posts: "posts", now: NOW }, {}));
    expect(await projectKey(buildOptions({ posts: "elsewhere", now: "2020-01-01T00:00" }, {}))).toBe(base);
    expect(await projectKey(buildOptions({ posts: "posts", now: NOW, audience: "internal" }, {}))).not.toBe(base);
    expect(await projectKey(buildOptions({ posts: "posts", now: NOW, drafts: true }, {}))).not.toBe(base);
  });
});

describe("times in the cache", () => {
  it("come back as the same instant at the same offset, written as before", () => {
    const times = ["2011-07-20 15:35", "2011-11-06 01:30", "2011-07-20 19:35Z", "2011-07-21 01:05+05:30"].map((t) => {
      const parsed = parseAuthorTime(t, "America/New_York");
      if (!parsed.ok) throw new Error(parsed.message);
      return parsed.value;
    });
    const value = {
      kind: "incident",
      windows: [{ start: times[0], end: times[1], note: "x" }],
      updates: times.slice(2).map((at) => ({ at })),
    };
    const back = revive(JSON.parse(JSON.stringify(withTimes(value)))) as typeof value;
    expect(JSON.stringify(back)).toBe(JSON.stringify(value));
    const pairs = [
      [back.windows[0]?.start, value.windows[0]?.start],
      [back.windows[0]?.end, value.windows[0]?.end],
      ...back.updates.map((u, i) => [u.at, value.updates[i]?.at]),
    ];
    for (const [got, want] of pairs) {
      expect(got?.toMillis()).toBe(want?.toMillis());
      expect(got?.offset).toBe(want?.offset);
      expect(got?.zoneName).toBe(want?.zoneName);
      expect(got?.toFormat("yyyy-MM-dd HH:mm ZZZZ")).toBe(want?.toFormat("yyyy-MM-dd HH:mm ZZZZ"));
    }
  });

  it("refuses a time in a named zone, which the cache could not give back as it was", () => {
    const named = parseAuthorTime("2011-07-20 15:35", "America/New_York");
    if (!named.ok) throw new Error(named.message);
    expect(() => withTimes({ at: named.value.setZone("Europe/Berlin") })).toThrow(/Europe\/Berlin/);
  });
});
