import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  endsPart,
  filesKey,
  indexSite,
  inPart,
  partPath,
  recordsKey,
  searchParts,
  searchPlan,
  searchRecord,
  searchSize,
} from "../../src/views/search-index.ts";
import { site, tempFolders } from "../factory.ts";
import { maintenance, notice, outage, resolvedUpdate } from "./feeds/fixtures.ts";

describe("searchParts", () => {
  it("keeps the order and starts a new part before one would pass the limit", () => {
    expect(searchParts([3, 4, 2, 5, 1], (n) => n, 7)).toEqual([[3, 4], [2, 5], [1]]);
  });

  it("puts an item larger than the limit in a part of its own", () => {
    expect(searchParts([2, 9, 2], (n) => n, 5)).toEqual([[2], [9], [2]]);
  });

  it("makes no part of nothing", () => {
    expect(searchParts([], (n: number) => n, 5)).toEqual([]);
  });

  it("ends a part past seven eighths of the limit after an item that may end one, not before", () => {
    const items = Array.from({ length: 20 }, (_, i) => i + 1);
    // 3, 6 and 9 may end a part but come before the mark (7 of 8); 8 is cut off by the limit.
    expect(
      searchParts(
        items,
        () => 1,
        8,
        (n) => n % 3 === 0,
      ),
    ).toEqual([
      [1, 2, 3, 4, 5, 6, 7, 8],
      [9, 10, 11, 12, 13, 14, 15],
      [16, 17, 18, 19, 20],
    ]);
  });

  it("leaves the later parts as they were when an earlier item grows, where the ids decide the ends", () => {
    // 2,000 posts of 2,000-4,500 characters in parts of 400,000; one in the second part gains a
    // post-mortem of 12,000 characters.
    const ids = Array.from({ length: 2000 }, (_, i) => `2012-01-01-post-${i}`);
    const size = (id: string, grown?: string) =>
      2000 + ((Number(id.slice(16)) * 7919) % 2500) + (id === grown ? 12_000 : 0);
    const moved = (cutAfter?: (id: string) => boolean) => {
      const before = searchParts(ids, (id) => size(id), 400_000, cutAfter);
      const after = searchParts(ids, (id) => size(id, before[1]?.[50]), 400_000, cutAfter);
      expect(before.length).toBeGreaterThan(10);
      return before.map((part, i) => part.join() !== after[i]?.join()).filter(Boolean).length;
    };
    expect(moved(endsPart)).toBe(0);
    // Cut by length alone, every part after the second moves.
    expect(moved()).toBeGreaterThan(10);
  });
});

describe("endsPart", () => {
  it("takes about one post in sixteen, by its id alone", () => {
    const ids = Array.from({ length: 16_000 }, (_, i) => `2015-03-02-post-${i}`);
    const taken = ids.filter(endsPart).length;
    expect(taken).toBeGreaterThan(800);
    expect(taken).toBeLessThan(1200);
    // Pinned: a change to the hash would move where every site's parts end, and index them all again.
    const pinned = Array.from({ length: 40 }, (_, i) => `2011-07-20-post-${i}`);
    expect(pinned.filter(endsPart)).toEqual(["2011-07-20-post-11", "2011-07-20-post-28"]);
  });
});

describe("searchPlan", () => {
  const posts = () => [outage(resolvedUpdate), maintenance(), notice()];

  it("is one part at /pagefind/ for a small site, oldest post first", () => {
    const plan = searchPlan(site(posts(), "2011-12-01T00:00"));
    expect(plan.map((p) => p.path)).toEqual(["/pagefind/"]);
    expect(plan[0]?.posts.map((p) => p.id)).toEqual([
      "2011-01-01-new-year",
      "2011-07-20-outage",
      "2011-10-30-core-upgrades",
    ]);
  });

  it("cuts a big site into parts, each under the limit unless one post is bigger", () => {
    const plan = searchPlan(site(posts(), "2011-12-01T00:00"), 200);
    expect(plan.map((p) => p.path)).toEqual(["/pagefind/", "/pagefind/part-2/", "/pagefind/part-3/"]);
    expect(plan.flatMap((p) => p.posts.map((post) => post.id))).toHaveLength(3);
  });

  it("keeps the newest quarter's posts in a part of their own once the site has a quarter of a part's text", () => {
    const s = site(posts(), "2011-12-01T00:00");
    const text = s.posts.reduce((n, p) => n + searchSize(p), 0);
    const ids = (plan: { posts: { id: string }[] }[]) => plan.map((part) => part.posts.map((p) => p.id));
    // Everything fits in one part, and is more than a quarter of it: the fourth quarter of 2011
    // (the maintenance of 30 October) apart from the older posts.
    expect(ids(searchPlan(s, text + 1))).toEqual([
      ["2011-01-01-new-year", "2011-07-20-outage"],
      ["2011-10-30-core-upgrades"],
    ]);
    // A quarter of a part or less: one part.
    expect(ids(searchPlan(s, text * 4))).toEqual([
      ["2011-01-01-new-year", "2011-07-20-outage", "2011-10-30-core-upgrades"],
    ]);
  });

  it("still has one (empty) part when nothing is published", () => {
    expect(searchPlan(site([], "2011-12-01T00:00"))).toEqual([{ path: "/pagefind/", posts: [] }]);
  });

  it("names parts after the first one part-2, part-3, ...", () => {
    expect([0, 1, 9].map(partPath)).toEqual(["/pagefind/", "/pagefind/part-2/", "/pagefind/part-10/"]);
  });
});

describe("searchRecord", () => {
  const s = site([outage(resolvedUpdate), maintenance()], "2011-12-01T00:00");
  const record = (id: string) => {
    const post = s.posts.find((p) => p.id === id);
    if (!post) throw new Error(id);
    return searchRecord(post, s);
  };

  it("holds the title, summary, update text and body as plain text, decoded once", () => {
    const r = record("2011-07-20-outage");
    expect(r.url).toBe("/posts/2011-07-20-outage/");
    expect(r.content).toContain(`Outage of "mail" & <web>`);
    expect(r.content).toContain("Tom & Jerry's <summary>");
    expect(r.content).toContain("Looking at <<< 521 errors & the runbook.");
    expect(r.content).toContain("Body with a link and ]]> in code.");
    expect(r.content).not.toMatch(/&amp;|<p>|<a /);
    // Parts end as sentences, so excerpts that cross them read.
    expect(r.content).toContain("Tom & Jerry's <summary>. Investigating. Looking at");
  });

  it("has what a result shows: title, kind, local date and service names", () => {
    expect(record("2011-07-20-outage").meta).toEqual({
      title: `Outage of "mail" & <web> ]]> ]]> — “curly” 🚨`,
      kind: "Incident",
      date: "20 Jul, 15:45 EDT",
      services: "Mail, Web hosting",
    });
  });

  it("searches window notes", () => {
    expect(record("2011-10-30-core-upgrades").content).toContain("Mail clusters");
  });
});

describe("indexSite", () => {
  const tempFolder = tempFolders("noc-search-");

  it("writes one Pagefind bundle per part, together holding every published post", async () => {
    const dir = await tempFolder();
    const s = site([outage(resolvedUpdate), maintenance(), notice()], "2011-12-01T00:00");
    const plan = searchPlan(s, 200);
    expect(await indexSite(s, plan, dir)).toEqual({ posts: 3, parts: 3, kept: 0 });
    const counts = await Promise.all(
      plan.map(async (part) => {
        const entry = JSON.parse(await readFile(path.join(dir, part.path, "pagefind-entry.json"), "utf8")) as {
          languages: { en: { page_count: number } };
        };
        return entry.languages.en.page_count;
      }),
    );
    expect(counts).toEqual([1, 1, 1]);
    expect(await readdir(path.join(dir, "pagefind"))).toContain("pagefind.js");
  }, 30_000);

  it("writes each part's record: the key of its records and of its files' names", async () => {
    const dir = await tempFolder();
    const s = site([outage(resolvedUpdate), maintenance(), notice()], "2011-12-01T00:00");
    const plan = searchPlan(s, 200);
    await indexSite(s, plan, dir);
    const second = plan[1];
    if (!second) throw new Error("three parts expected");
    const record = JSON.parse(await readFile(path.join(dir, second.path, "part.json"), "utf8"));
    const files = (await readdir(path.join(dir, second.path), { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile() && e.name !== "part.json")
      .map((e) => `/${path.relative(dir, path.join(e.parentPath, e.name))}`);
    expect(files.length).toBeGreaterThan(5);
    expect(record).toEqual({
      records: recordsKey(second.posts.map((post) => searchRecord(post, s))),
      files: filesKey(files),
    });
  }, 30_000);

  it("indexes and writes no part that reuse keeps, and asks with each part's records", async () => {
    const dir = await tempFolder();
    const s = site([outage(resolvedUpdate), maintenance(), notice()], "2011-12-01T00:00");
    const plan = searchPlan(s, 200);
    const asked: [string, string][] = [];
    const summary = await indexSite(s, plan, dir, async (part, records) => {
      asked.push([part, records]);
      return part === "/pagefind/part-2/";
    });
    expect(summary).toEqual({ posts: 3, parts: 3, kept: 1 });
    expect(asked).toEqual(plan.map((part) => [part.path, recordsKey(part.posts.map((p) => searchRecord(p, s)))]));
    expect(await readdir(path.join(dir, "pagefind"))).not.toContain("part-2");
    expect(await readdir(path.join(dir, "pagefind"))).toContain("part-3");
    // Every part kept: nothing is written.
    await rm(dir, { recursive: true });
    expect(await indexSite(s, plan, dir, async () => true)).toEqual({ posts: 3, parts: 3, kept: 3 });
    await expect(readdir(dir)).rejects.toThrow(/ENOENT/);
  }, 30_000);
});

describe("recordsKey", () => {
  it("changes with any record", () => {
    const s = site([outage(resolvedUpdate), maintenance()], "2011-12-01T00:00");
    const records = s.posts.map((post) => searchRecord(post, s));
    const [first, second] = records;
    if (!first || !second) throw new Error("two records expected");
    expect(recordsKey(records)).toBe(recordsKey(s.posts.map((post) => searchRecord(post, s))));
    expect(recordsKey(records)).not.toBe(recordsKey([{ ...first, content: `${first.content} ` }, second]));
    expect(recordsKey(records)).not.toBe(recordsKey([second, first]));
  });
});

describe("inPart", () => {
  it("gives the first part its folder without the later parts' folders", () => {
    expect(inPart("/pagefind/pagefind.js", "/pagefind/")).toBe(true);
    expect(inPart("/pagefind/fragment/en_1.pf_fragment", "/pagefind/")).toBe(true);
    expect(inPart("/pagefind/part-2/pagefind.js", "/pagefind/")).toBe(false);
    expect(inPart("/pagefind/part-2/pagefind.js", "/pagefind/part-2/")).toBe(true);
    expect(inPart("/pagefind/part-21/pagefind.js", "/pagefind/part-2/")).toBe(false);
    expect(inPart("/search/index.html", "/pagefind/")).toBe(false);
  });
});
