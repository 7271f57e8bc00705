import { describe, expect, it } from "vitest";
import { themeCss } from "../../src/views/assets.ts";
import { alternates, outputs } from "../../src/views/outputs.ts";
import { settings, site } from "../factory.ts";
import { maintenance, outage } from "./feeds/fixtures.ts";

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

describe("themeCss", () => {
  it("sets the link colour of each theme the settings give, and is absent without them", () => {
    expect(themeCss(settings())).toBeNull();
    const css = themeCss(settings({ accentColor: "#8250df", accentColorDark: "#d2a8ff" })) ?? "";
    expect(css).toContain(":root {\n  --link: #8250df;\n}");
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\) \{\n {2}:root \{\n {4}--link: #d2a8ff;/);
  });
});
