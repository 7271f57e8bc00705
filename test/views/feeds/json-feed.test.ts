import { describe, expect, it } from "vitest";
import { feedEntries } from "../../../src/views/feeds/entry.ts";
import { jsonFeed } from "../../../src/views/feeds/json-feed.ts";
import { feedSets } from "../../../src/views/feeds/sets.ts";
import { site } from "../../factory.ts";
import { outage, resolvedUpdate } from "./fixtures.ts";

interface Item {
  id: string;
  url: string;
  title: string;
  content_html: string;
  date_published: string;
  date_modified: string;
  authors: { name: string }[];
  tags: string[];
}

describe("JSON Feed 1.1", () => {
  const s = site([outage(resolvedUpdate)], "2012-01-01T00:00");
  const set = feedSets(s).find((f) => f.key === "service-mail");
  if (!set) throw new Error("no mail feed");
  const feed = JSON.parse(jsonFeed(set, s, feedEntries(s))) as Record<string, unknown> & { items: Item[] };

  it("says version 1.1 and uses its authors and language fields", () => {
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.language).toBe("en");
    expect(feed.authors).toEqual([{ name: "Test NOC" }]);
    expect(feed).not.toHaveProperty("author");
    expect(feed.feed_url).toBe("https://status.example.net/services/mail/feed.json");
    expect(feed.home_page_url).toBe("https://status.example.net/services/mail/");
  });

  it("gives items the stable id, plain title, HTML content and both dates", () => {
    const [item] = feed.items;
    expect(item).toMatchObject({
      id: "tag:example.net,2008:post:2011-07-20-outage",
      url: "https://status.example.net/posts/2011-07-20-outage/",
      title: 'Resolved: Outage of "mail" & <web> ]]> ]]> — “curly” 🚨',
      date_published: "2011-07-20T19:45:00.000Z",
      date_modified: "2011-07-20T20:12:00.000Z",
      authors: [{ name: "Test NOC" }],
      tags: ["Incident", "Mail", "Web hosting"],
    });
    expect(item?.content_html).toContain("Looking at &lt;&lt;&lt; 521 errors &amp; ");
    expect(item).not.toHaveProperty("author");
  });
});
