import { parseFeed } from "@rowanmanning/feed-parser";
import { describe, expect, it } from "vitest";
import type { Site } from "../../../src/model/site.ts";
import { feedEntries } from "../../../src/views/feeds/entry.ts";
import { rssFeed } from "../../../src/views/feeds/rss.ts";
import { feedSets } from "../../../src/views/feeds/sets.ts";
import { site } from "../../factory.ts";
import { notice, outage, resolvedUpdate } from "./fixtures.ts";

const rss = (s: Site) => {
  const set = feedSets(s).find((f) => f.key === "site");
  if (!set) throw new Error("no site feed");
  return rssFeed(set, s, feedEntries(s));
};

describe("RSS 2.0 feed", () => {
  it("carries the same entries with permanent guids and plain-text titles", () => {
    const xml = rss(site([outage(resolvedUpdate), notice()], "2012-01-01T00:00"));
    const feed = parseFeed(xml);
    expect(feed.meta.type).toBe("rss");
    const item = feed.items.find((i) => i.title?.startsWith("Resolved:"));
    expect(item?.id).toBe("tag:example.net,2008:post:2011-07-20-outage");
    expect(item?.title).toBe('Resolved: Outage of "mail" & <web> ]]> ]]> — “curly” 🚨');
    expect(item?.url).toBe("https://status.example.net/posts/2011-07-20-outage/");
    expect(item?.published?.toISOString()).toBe("2011-07-20T19:45:00.000Z");
    expect(xml).toContain('<guid isPermaLink="false">tag:example.net,2008:post:2011-07-20-outage</guid>');
  });

  it("escapes the channel title once", () => {
    const s = site([outage()], "2012-01-01T00:00", { title: "R&D <NOC> ]]>" });
    const set = feedSets(s).find((f) => f.key === "site");
    if (!set) throw new Error("no site feed");
    expect(parseFeed(rssFeed(set, s, feedEntries(s))).title).toBe("R&D <NOC> ]]>");
  });

  it("dates the channel by its newest entry, not by the build clock", () => {
    const a = rss(site([outage(resolvedUpdate)], "2012-01-01T00:00"));
    const b = rss(site([outage(resolvedUpdate)], "2015-06-01T00:00"));
    expect(a).toContain("<lastBuildDate>Wed, 20 Jul 2011 20:12:00 GMT</lastBuildDate>");
    expect(b).toBe(a);
  });
});
