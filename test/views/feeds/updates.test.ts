import { parseFeed } from "@rowanmanning/feed-parser";
import { describe, expect, it } from "vitest";
import { updatesFeed } from "../../../src/views/feeds/updates.ts";
import { post, site } from "../../factory.ts";

/** The feeds of every update: each update a new entry, with the notification event's id. */

const incident = post(`
title: Mail delays
kind: incident
service: mail
severity: major
date: 2011-07-20 15:45
updates:
  - at: 2011-07-20 15:45
    status: investigating
    body: Looking.
  - at: 2011-07-20 16:00
    status: identified
    body: Found it.
  - at: 2011-07-20 16:01
    status: identified
    body: Found it (a typo fixed).
    notify: false
  - at: 2011-07-20 16:12
    status: resolved
    body: "Fixed: see [the runbook](/posts/runbook/)."
`);

describe("updatesFeed", () => {
  it("has one entry per publication and per update, newest first, silent updates left out", () => {
    const s = site([incident], "2011-07-21T00:00");
    const feed = parseFeed(updatesFeed(s, { of: "site" }, "Test NOC: every update", s.posts));
    expect(feed.title).toBe("Test NOC: every update");
    expect(feed.items.map((i) => [i.title, i.id])).toEqual([
      ["Resolved: Mail delays", "tag:example.net,2008:2011-07-20-test/update/20110720T2012Z-resolved"],
      ["Identified: Mail delays", "tag:example.net,2008:2011-07-20-test/update/20110720T2000Z-identified"],
      ["New incident: Mail delays", "tag:example.net,2008:2011-07-20-test/published"],
    ]);
    expect(feed.items[0]?.content).toContain('href="https://status.example.net/posts/runbook/"');
    expect(feed.updated?.toISOString()).toBe("2011-07-20T20:12:00.000Z");
  });

  it("names the WebSub hub when the settings give one", () => {
    const s = site([incident], "2011-07-21T00:00", { websubHub: "https://hub.example.net/" });
    expect(updatesFeed(s, { of: "service", id: "mail" }, "Mail", s.posts)).toContain(
      '<link rel="hub" href="https://hub.example.net/"/>',
    );
  });
});
