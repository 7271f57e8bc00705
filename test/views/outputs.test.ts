import { describe, expect, it } from "vitest";
import { themeCss } from "../../src/views/assets.ts";
import { alternates, outputs } from "../../src/views/outputs.ts";
import { RenderMemo, renderKeys } from "../../src/views/render-memo.ts";
import { settings, site } from "../factory.ts";
import { maintenance, outage, resolvedUpdate } from "./feeds/fixtures.ts";

describe("outputs", () => {
  const { files, subscriptions } = outputs(site([outage(), maintenance()], "2011-10-31T00:00"));

  it("makes three feed formats per subscription, calendars for the site and each service, and OPML", () => {
    const paths = files.map((f) => f.path);
    expect(paths.filter((p) => p.endsWith("feed.xml"))).toHaveLength(subscriptions.length);
    expect(paths.filter((p) => p.endsWith("rss.xml"))).toHaveLength(subscriptions.length);
    expect(paths.filter((p) => p.endsWith("feed.json"))).toHaveLength(subscriptions.length);
    expect(paths.filter((p) => p.endsWith(".ics"))).toEqual([
      "/maintenance.ics",
      "/services/mail/maintenance.ics",
      "/services/web/maintenance.ics",
      "/services/dns/maintenance.ics",
    ]);
    expect(paths).toContain("/feeds.opml");
    expect(new Set(paths).size).toBe(paths.length);
  });

  it("gives each page's alternates by its feed key: the site's feed, then its own scope's", () => {
    const byKey = alternates(subscriptions);
    expect(Object.keys(byKey)).toEqual(subscriptions.map((s) => s.key));
    expect(byKey.site?.map((s) => s.key)).toEqual(["site"]);
    expect(byKey["service-web"]?.map((s) => s.key)).toEqual(["site", "service-web"]);
    expect(byKey["kind-incident"]?.map((s) => s.atom)).toEqual(["/feed.xml", "/incidents/feed.xml"]);
  });

  it("lists each subscription with its feed and calendar paths", () => {
    expect(subscriptions.find((s) => s.key === "service-web")).toEqual({
      scope: { of: "service", id: "web" },
      key: "service-web",
      title: "Test NOC: Web hosting",
      label: "Web hosting",
      description: "Incidents, maintenance and notices for Web hosting.",
      page: "/services/web/",
      atom: "/services/web/feed.xml",
      rss: "/services/web/rss.xml",
      json: "/services/web/feed.json",
      calendar: "/services/web/maintenance.ics",
      updates: "/services/web/updates.xml",
    });
    expect(subscriptions.find((s) => s.key === "kind-notice")?.calendar).toBeNull();
  });
});

describe("outputs kept from the last build", () => {
  const NOW = "2011-10-31T00:00";
  const CALENDARS = ["/maintenance.ics", "/services/mail/maintenance.ics", "/services/web/maintenance.ics"];
  /** Builds with `memo` and gives the files taken from the last build, and every file's text. */
  function build(memo: RenderMemo, posts: ReturnType<typeof outage>[]) {
    const s = site(posts, NOW);
    const { files } = outputs(s, undefined, { memo, keys: renderKeys(s, {}) });
    const kept = new Set(memo.sameButTime);
    memo.sweep();
    return { kept, texts: new Map(files.map((f) => [f.path, f.content])) };
  }

  it("keeps every calendar when an incident changes, and makes a maintenance's calendars again when it does", () => {
    const memo = new RenderMemo();
    build(memo, [outage(), maintenance()]);
    const incident = build(memo, [outage(resolvedUpdate), maintenance()]);
    for (const path of CALENDARS) expect(incident.kept).toContain(path);
    expect(incident.kept).not.toContain("/feed.xml");
    expect(incident.kept).not.toContain("/services/mail/feed.xml");

    const moved = maintenance("updates:\n  - at: 2011-10-30 12:00\n    status: scheduled\n    body: Phase 2 moved.");
    const changed = build(memo, [outage(resolvedUpdate), moved]);
    for (const path of CALENDARS) expect(changed.kept).not.toContain(path);
    // What was made again is what a build without the memo makes.
    const clean = outputs(site([outage(resolvedUpdate), moved], NOW)).files;
    for (const { path, content } of clean) expect(changed.texts.get(path), path).toBe(content);
    expect(changed.texts.get("/maintenance.ics")).toContain("Phase 2 moved.");
  });
});

describe("themeCss", () => {
  it("sets the link colour of each theme the settings give, and is absent without them", () => {
    expect(themeCss(settings())).toBeNull();
    const css = themeCss(settings({ accentColor: "#8250df", accentColorDark: "#d2a8ff" })) ?? "";
    expect(css).toContain(":root {\n  --link: #8250df;\n}");
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\) \{\n {2}:root \{\n {4}--link: #d2a8ff;/);
  });
});
