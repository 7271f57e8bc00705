import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { indexSite, partPath, searchParts, searchPlan, searchRecord } from "../../src/views/search-index.ts";
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
    expect(await indexSite(s, plan, dir)).toEqual({ posts: 3, parts: 3 });
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
});
