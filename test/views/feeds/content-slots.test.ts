import { parseFeed } from "@rowanmanning/feed-parser";
import { describe, expect, it } from "vitest";
import type { Site } from "../../../src/model/site.ts";
import { atomFeed } from "../../../src/views/feeds/atom.ts";
import { escapeAttributes, makeFeed } from "../../../src/views/feeds/build.ts";
import { withBodies } from "../../../src/views/feeds/content-slots.ts";
import { feedEntries } from "../../../src/views/feeds/entry.ts";
import { jsonFeed } from "../../../src/views/feeds/json-feed.ts";
import { rssFeed } from "../../../src/views/feeds/rss.ts";
import { feedSets } from "../../../src/views/feeds/sets.ts";
import { post, site } from "../../factory.ts";
import { maintenance, notice, outage, resolvedUpdate } from "./fixtures.ts";

const siteSet = (s: Site) => {
  const set = feedSets(s).find((f) => f.key === "site");
  if (!set) throw new Error("no site feed");
  return set;
};

describe("feed bodies put in after the document is written", () => {
  it("puts each body in its slot, every ]]> split across CDATA sections", () => {
    const xml = withBodies("cdata", (body) => `<a><![CDATA[${body("x]]>y]]>z")}]]></a><b><![CDATA[${body("é")}]]></b>`);
    expect(xml).toBe("<a><![CDATA[x]]]]><![CDATA[>y]]]]><![CDATA[>z]]></a><b><![CDATA[é]]></b>");
  });

  it("puts a body in a JSON document as the JSON string it is", () => {
    const text = 'say "hi"\n\\ \u2028 \u0001 🚨';
    const json = withBodies("json", (body) => JSON.stringify({ content: body(text), other: "noc" }));
    expect(JSON.parse(json)).toEqual({ content: text, other: "noc" });
    expect(json).toBe(JSON.stringify({ content: text, other: "noc" }));
  });

  it("writes the direct way when the document holds a slot's word outside the slots", () => {
    const title = "noc-status-feed-slot-0_ typed by an author";
    const xml = withBodies("cdata", (body) => `<t>${title}</t><c><![CDATA[${body("a]]>b]]>c")}]]></c>`);
    // xml-js splits the first ]]> itself; the direct way splits the later ones before it.
    expect(xml).toBe(`<t>${title}</t><c><![CDATA[a]]>b]]]]><![CDATA[>c]]></c>`);
  });

  it("gives the same Atom and RSS bytes as `feed` writing the bodies itself", () => {
    const s = site([outage(resolvedUpdate), notice(), maintenance()], "2012-01-01T00:00");
    const set = siteSet(s);
    const entries = feedEntries(s);
    expect(atomFeed(set, s, entries)).toBe(escapeAttributes(makeFeed(set, s, entries, "atom").atom1()));
    expect(rssFeed(set, s, entries)).toBe(escapeAttributes(makeFeed(set, s, entries, "rss").rss2()));
  });

  it("keeps every body in place when a post's title holds a slot's word", () => {
    const odd = post(
      "title: About noc-status-feed-slot-1_ and noc-status-feed-slot-0_\nkind: notice\ndate: 2011-01-02 10:00",
      "Odd body.\n",
      "posts/2011-01-02-odd.md",
    );
    const s = site([odd, notice()], "2012-01-01T00:00");
    const set = siteSet(s);
    const entries = feedEntries(s);
    const items = parseFeed(atomFeed(set, s, entries)).items;
    expect(items.map((i) => i.title)).toEqual([
      "About noc-status-feed-slot-1_ and noc-status-feed-slot-0_",
      "Happy New Year",
    ]);
    expect(items[0]?.content).toContain("<p>Odd body.</p>");
    expect(items[1]?.content).toContain("<p>Hi.</p>");
    const json = JSON.parse(jsonFeed(set, s, entries)) as { items: { title: string; content_html: string }[] };
    expect(json.items[0]?.title).toBe("About noc-status-feed-slot-1_ and noc-status-feed-slot-0_");
    expect(json.items[0]?.content_html).toContain("Odd body.");
  });
});
