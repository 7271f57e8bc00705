import { parseFeed } from "@rowanmanning/feed-parser";
import { describe, expect, it } from "vitest";
import type { Site } from "../../../src/model/site.ts";
import { atomFeed } from "../../../src/views/feeds/atom.ts";
import { feedEntries } from "../../../src/views/feeds/entry.ts";
import { feedSets } from "../../../src/views/feeds/sets.ts";
import { site } from "../../factory.ts";
import { maintenance, notice, outage, resolvedUpdate } from "./fixtures.ts";

const atom = (s: Site, key = "site") => {
  const set = feedSets(s).find((f) => f.key === key);
  if (!set) throw new Error(`no feed ${key}`);
  return atomFeed(set, s, feedEntries(s));
};
const parse = (xml: string) => parseFeed(xml);
const entry = (xml: string, titleStart: string) => {
  const item = parse(xml).items.find((i) => i.title?.includes(titleStart));
  if (!item) throw new Error(`no entry ${titleStart}`);
  return item;
};

describe("Atom feed", () => {
  it("has the feed's id, self and alternate links, author and newest-entry updated time", () => {
    const xml = atom(site([outage(resolvedUpdate), notice()], "2012-01-01T00:00"));
    const feed = parse(xml);
    expect(feed.meta.type).toBe("atom");
    expect(xml).toContain("<id>tag:example.net,2008:feed:site</id>");
    expect(feed.self).toBe("https://status.example.net/feed.xml");
    expect(feed.url).toBe("https://status.example.net/");
    expect(feed.updated?.toISOString()).toBe("2011-07-20T20:12:00.000Z");
    expect(xml).toContain("<name>Test NOC</name>");
  });

  it("gives each entry a tag: id from the post id, published date and latest update", () => {
    const e = entry(atom(site([outage(resolvedUpdate)], "2012-01-01T00:00")), "Outage");
    expect(e.id).toBe("tag:example.net,2008:post:2011-07-20-outage");
    expect(e.url).toBe("https://status.example.net/posts/2011-07-20-outage/");
    expect(e.published?.toISOString()).toBe("2011-07-20T19:45:00.000Z");
    expect(e.updated?.toISOString()).toBe("2011-07-20T20:12:00.000Z");
    expect(e.categories.map((c) => c.term)).toEqual(["incident", "mail", "web"]);
    expect(e.authors[0]?.name).toBe("Test NOC");
  });

  it("keeps entry ids across builds, clocks and site addresses", () => {
    const ids = (s: Site) => parse(atom(s)).items.map((i) => i.id);
    const first = ids(site([outage(), notice()], "2011-07-20T16:00"));
    expect(ids(site([outage(), notice()], "2011-07-20T16:00"))).toEqual(first);
    expect(ids(site([outage(resolvedUpdate), notice()], "2013-05-01T00:00"))).toEqual(first);
    expect(ids(site([outage(), notice()], "2011-07-20T16:00", { baseUrl: "https://noc.example.org/status/" }))).toEqual(
      first,
    );
  });

  it("moves updated, and the title's state, when an update is appended", () => {
    const before = entry(atom(site([outage()], "2012-01-01T00:00")), "Outage");
    const after = entry(atom(site([outage(resolvedUpdate)], "2012-01-01T00:00")), "Outage");
    expect(before.updated?.toISOString()).toBe("2011-07-20T19:45:00.000Z");
    expect(after.updated?.toISOString()).toBe("2011-07-20T20:12:00.000Z");
    expect(before.title?.startsWith("Investigating: ")).toBe(true);
    expect(after.title?.startsWith("Resolved: ")).toBe(true);
  });

  it("escapes <, &, quotes and ]]> exactly once and keeps emoji and curly quotes", () => {
    const xml = atom(site([outage()], "2012-01-01T00:00"));
    const e = entry(xml, "Outage");
    expect(e.title).toBe('Investigating: Outage of "mail" & <web> ]]> ]]> — “curly” 🚨');
    expect(e.description).toBe("Tom & Jerry's <summary>");
    // The content is HTML inside CDATA: escaped once in the HTML, never broken out of the CDATA.
    expect(xml).toContain("Looking at &lt;&lt;&lt; 521 errors &amp; <a");
    expect(xml).toContain("<code>]]&gt;</code>");
    expect(xml.match(/\]\]>/g)?.length).toBe(xml.match(/<!\[CDATA\[/g)?.length);
    expect(e.content).toContain("🚨");
    expect(xml).not.toContain("&amp;amp;");
  });

  it("escapes the feed's own title once", () => {
    const feed = parse(atom(site([outage()], "2012-01-01T00:00", { title: "R&D <NOC> ]]>" })));
    expect(feed.title).toBe("R&D <NOC> ]]>");
  });

  it("makes every link in the content absolute", () => {
    const content = entry(atom(site([outage()], "2012-01-01T00:00")), "Outage").content ?? "";
    expect(content).toContain('<a href="https://status.example.net/posts/2011-07-01-runbook/">the runbook</a>');
    expect(content).toContain('<a href="https://status.example.net/services/mail/">link</a>');
    expect(content).not.toMatch(/href="\//);
  });

  it("tells the whole story: state, services, windows in both zones, the timeline and the body", () => {
    const content = entry(atom(site([maintenance()], "2011-11-01T23:00")), "Core upgrades").content ?? "";
    expect(content).toContain("<strong>In progress</strong> · Maintenance · Major expected impact");
    expect(content).toContain('<a href="https://status.example.net/services/web/">Web hosting</a>');
    expect(content).toContain(
      "Sat, 5 Nov 2011, 22:00 EDT (6 Nov, 02:00 UTC) – Sun, 6 Nov 2011, 06:00 EST (11:00 UTC), 9 h",
    );
    expect(content).toContain("<p>We upgrade things.</p>");
  });

  it("holds only the latest entries, up to the feed limit", () => {
    const xml = atom(site([outage(), notice(), maintenance()], "2012-01-01T00:00", { feedLimit: 2 }));
    expect(parse(xml).items.map((i) => i.id)).toEqual([
      "tag:example.net,2008:post:2011-10-30-core-upgrades",
      "tag:example.net,2008:post:2011-07-20-outage",
    ]);
  });

  it("has per-service and per-kind feeds with only their posts", () => {
    const s = site([outage(), notice(), maintenance()], "2012-01-01T00:00");
    expect(parse(atom(s, "service-mail")).items).toHaveLength(2);
    expect(parse(atom(s, "service-dns")).items).toHaveLength(0);
    expect(parse(atom(s, "kind-notice")).items.map((i) => i.title)).toEqual(["Happy New Year"]);
    expect(parse(atom(s, "kind-maintenance")).self).toBe("https://status.example.net/maintenance/feed.xml");
  });
});
