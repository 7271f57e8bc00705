import { describe, expect, it } from "vitest";
import type { Site } from "../../../src/model/site.ts";
import { atomFeed } from "../../../src/views/feeds/atom.ts";
import { feedEntries } from "../../../src/views/feeds/entry.ts";
import { jsonFeed } from "../../../src/views/feeds/json-feed.ts";
import type { FeedFormat } from "../../../src/views/feeds/kept-entries.ts";
import { rssFeed } from "../../../src/views/feeds/rss.ts";
import { feedSets } from "../../../src/views/feeds/sets.ts";
import { KeptTexts } from "../../../src/views/kept-texts.ts";
import { renderKeys } from "../../../src/views/render-memo.ts";
import { post, site } from "../../factory.ts";
import { maintenance, notice, outage, resolvedUpdate } from "./fixtures.ts";

/** Feeds written around entries an earlier build wrote are the feeds `feed` writes whole. */

const NOW = "2012-01-01T00:00";
const WRITERS = { atom: atomFeed, rss: rssFeed, json: jsonFeed } as const;
const FORMATS = Object.keys(WRITERS) as FeedFormat[];

/** Every feed of `s` in every format, written around `memo`'s entries, with the whole feed beside it. */
function everyFeed(s: Site, memo: KeptTexts) {
  const entries = feedEntries(s);
  const keys = renderKeys(s, {});
  return feedSets(s).flatMap((set) =>
    FORMATS.map((format) => {
      const write = WRITERS[format];
      return {
        name: `${set.key} ${format}`,
        kept: write(set, s, entries, { memo, key: (p) => keys.entry(p, format) }),
        whole: write(set, s, entries),
      };
    }),
  );
}

describe("feeds written around kept entries", () => {
  it("are byte for byte the feeds `feed` writes whole, first, with every entry kept, and after a post changed", () => {
    const memo = new KeptTexts();
    const posts = [outage(), notice(), maintenance()];
    for (const { name, kept, whole } of everyFeed(site(posts, NOW), memo)) expect(kept, name).toBe(whole);
    memo.sweep();
    const made = memo.entries().length;
    expect(made).toBe(3 * FORMATS.length);
    for (const { name, kept, whole } of everyFeed(site(posts, NOW), memo)) expect(kept, name).toBe(whole);
    memo.sweep();
    // The outage resolved: its entries are new ones, the others are kept.
    for (const { name, kept, whole } of everyFeed(site([outage(resolvedUpdate), notice(), maintenance()], NOW), memo)) {
      expect(kept, name).toBe(whole);
    }
    memo.sweep();
    expect(memo.entries()).toHaveLength(made);
  });

  it("are the same with a WebSub hub, whose JSON Feed field comes after the entries", () => {
    const memo = new KeptTexts();
    const s = site([outage(), notice()], NOW, { websubHub: "https://hub.example/" });
    everyFeed(s, memo);
    for (const { name, kept, whole } of everyFeed(s, memo)) expect(kept, name).toBe(whole);
  });

  it("take a kept entry as it was written, not made again", () => {
    const s = site([outage(), notice()], NOW);
    const set = feedSets(s).find((f) => f.key === "site");
    if (!set) throw new Error("no site feed");
    const memo = new KeptTexts();
    const key = (p: { id: string }) => `${p.id} atom`;
    const entries = feedEntries(s);
    atomFeed(set, s, entries, { memo, key });
    const notes = set.posts.find((p) => p.kind === "notice");
    if (!notes) throw new Error("no notice");
    const was = memo.get(key(notes)) ?? "";
    memo.set(key(notes), was.replace("<entry>", "<entry><!--kept-->"));
    const xml = atomFeed(set, s, entries, { memo, key });
    expect(xml).toContain("<entry><!--kept-->");
    expect(xml.replace("<!--kept-->", "")).toBe(atomFeed(set, s, entries));
  });

  it("are written whole when a title holds a slot's word, or the feed has no entry", () => {
    const odd = post(
      "title: About noc-status-feed-slot-0_\nkind: notice\ndate: 2011-01-02 10:00",
      "Odd body.\n",
      "posts/2011-01-02-odd.md",
    );
    const memo = new KeptTexts();
    const s = site([odd, notice()], NOW);
    for (const { name, kept, whole } of everyFeed(s, memo)) expect(kept, name).toBe(whole);
    // Nothing could be cut from documents that hold a slot's word outside the slots.
    expect(memo.entries().map(([key]) => key)).toEqual([]);
    const empty = feedSets(site([], NOW)).find((f) => f.key === "site");
    if (!empty) throw new Error("no site feed");
    expect(jsonFeed(empty, site([], NOW), feedEntries(site([], NOW)), { memo, key: () => "k" })).toContain(
      '"items": []',
    );
  });
});
