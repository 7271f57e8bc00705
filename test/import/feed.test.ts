import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { fromFeed, kindRule } from "../../src/import/feed.ts";

const rss = () => readFile("test/fixtures/import/feed/wordpress.rss", "utf8");
const atom = () => readFile("test/fixtures/import/feed/blog.atom", "utf8");

describe("fromFeed", () => {
  it("makes every entry a notice unless a category rule says otherwise, keeping the time's offset", async () => {
    const plain = fromFeed(await rss(), { kindFromCategory: new Map() });
    expect(plain.posts.map((p) => [p.kind, p.date])).toEqual([
      ["notice", "2011-07-20 16:02:41-04:00"],
      ["notice", "2011-09-14 10:00-04:00"],
      ["notice", "2010-12-24 09:00-05:00"],
    ]);
    const ruled = fromFeed(await rss(), { kindFromCategory: kindRule("Outages=incident,maintenance=maintenance") });
    expect(ruled.posts.map((p) => p.kind)).toEqual(["incident", "maintenance", "notice"]);
  });

  it("turns HTML from CDATA into Markdown: links absolute, scripts' links dropped, ]]> kept as text", async () => {
    const { posts } = fromFeed(await rss(), { kindFromCategory: new Map() });
    expect(posts[0]?.body).toBe(
      [
        "Random packet loss across several services has turned into a wide-spread outage. See [our status page](https://noc.ownwebnow.example/status/) and [the follow-up](https://noc.ownwebnow.example/2011/07/08/01/follow-up/).",
        "",
        "Contact [the NOC](mailto:noc@ownwebnow.example). Not a link.",
        "",
        "![Traffic graph](https://noc.ownwebnow.example/wp-content/uploads/graph.png)",
        "",
        "Updates: \\]\\]> will follow.",
      ].join("\n"),
    );
    expect(posts[0]?.title).toBe("Packet loss and outage on Hosted Exchange & websites");
  });

  it("resolves an Atom entry's relative links against xml:base and its own address, and reads an HTML title as text", async () => {
    const { posts } = fromFeed(await atom(), { kindFromCategory: new Map() });
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      key: "feed tag:acme-hosting.example,2016:noc/dns-resolver",
      title: "DNS resolver change",
      date: "2016-03-01 09:30+01:00",
      body: "New resolvers: see [the docs](https://blog.acme-hosting.example/noc/docs/dns.html).",
    });
  });

  it("writes an incident resolved at publication and a maintenance window at publication, and lists both", async () => {
    const { posts, unmapped } = fromFeed(await rss(), {
      kindFromCategory: kindRule("Outages=incident,Maintenance=maintenance"),
    });
    expect(posts[0]?.updates.map((u) => [u.at, u.status])).toEqual([["2011-07-20 16:02:41-04:00", "resolved"]]);
    expect(posts[1]?.windows).toEqual([{ start: "2011-09-14 10:00-04:00", end: "2011-09-14 10:00-04:00" }]);
    expect(unmapped.map((u) => u.reason)).toEqual([
      "an incident: written resolved at its publication, impact none; put in its times by hand",
      "a maintenance: its window is set to its publication time; put in the real window by hand",
      "has no publication date: left out",
    ]);
  });

  it("refuses a rule that names no kind, and text that is not a feed", async () => {
    expect(() => kindRule("Outages=outage")).toThrow(
      /"Outages=outage" is not CATEGORY=KIND with KIND one of incident, maintenance, notice/,
    );
    expect(() => fromFeed("<html><body>hi</body></html>", { kindFromCategory: new Map() })).toThrow(
      /not an Atom or RSS feed/,
    );
  });
});
