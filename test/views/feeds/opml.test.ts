import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { opml } from "../../../src/views/feeds/opml.ts";
import { feedSets } from "../../../src/views/feeds/sets.ts";
import { site } from "../../factory.ts";
import { outage } from "./fixtures.ts";

interface Outline {
  "@_text": string;
  "@_xmlUrl"?: string;
  "@_type"?: string;
  outline?: Outline[];
}

describe("OPML", () => {
  it("lists every Atom feed, grouped, with absolute URLs and escaped text", () => {
    const s = site([outage()], "2012-01-01T00:00", { title: "R&D <NOC>" });
    const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "outline" });
    const doc = parser.parse(opml(s, feedSets(s))) as {
      opml: { "@_version": string; head: { title: string }; body: { outline: Outline[] } };
    };
    expect(doc.opml["@_version"]).toBe("2.0");
    expect(doc.opml.head.title).toBe("R&D <NOC> feeds");
    const groups = doc.opml.body.outline;
    expect(groups.map((g) => g["@_text"])).toEqual(["Everything", "By kind", "By service", "Every update"]);
    const feeds = groups.flatMap((g) => g.outline ?? []);
    expect(feeds.map((f) => f["@_xmlUrl"])).toEqual([
      "https://status.example.net/feed.xml",
      "https://status.example.net/incidents/feed.xml",
      "https://status.example.net/maintenance/feed.xml",
      "https://status.example.net/notices/feed.xml",
      "https://status.example.net/services/mail/feed.xml",
      "https://status.example.net/services/web/feed.xml",
      "https://status.example.net/services/dns/feed.xml",
      "https://status.example.net/updates.xml",
      "https://status.example.net/services/mail/updates.xml",
      "https://status.example.net/services/web/updates.xml",
      "https://status.example.net/services/dns/updates.xml",
    ]);
    expect(feeds[0]?.["@_text"]).toBe("R&D <NOC>");
    expect(feeds.every((f) => f["@_type"] === "rss")).toBe(true);
  });

  it("keeps quotes, angle brackets, ampersands and line breaks of attribute values", () => {
    const description = 'Say "hi" & <wave>\nsecond line';
    const s = site([outage()], "2012-01-01T00:00", { description });
    const xml = opml(s, feedSets(s));
    const parser = new XMLParser({
      ignoreAttributes: false,
      htmlEntities: true,
      isArray: (name) => name === "outline",
    });
    const doc = parser.parse(xml) as { opml: { body: { outline: Outline[] } } };
    const everything = doc.opml.body.outline[0]?.outline?.[0] as Outline & { "@_description": string };
    expect(everything["@_description"]).toBe(description);
    expect(xml).toContain('description="Say &quot;hi&quot; &amp; &lt;wave&gt;&#10;second line"');
  });
});
