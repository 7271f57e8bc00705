import { describe, expect, it } from "vitest";
import { feedPath } from "../../../src/routes.ts";
import { feedSets } from "../../../src/views/feeds/sets.ts";
import { site } from "../../factory.ts";
import { maintenance, notice, outage, resolvedUpdate } from "./fixtures.ts";

describe("feedSets", () => {
  const s = site([outage(resolvedUpdate), notice(), maintenance()], "2012-01-01T00:00");
  const sets = feedSets(s);

  it("has one set for the site, each kind and each service, with their file paths", () => {
    expect(sets.map((f) => f.key)).toEqual([
      "site",
      "kind-incident",
      "kind-maintenance",
      "kind-notice",
      "service-mail",
      "service-web",
      "service-dns",
    ]);
    expect(sets.map((f) => feedPath(f.page, "atom"))).toContain("/services/web/feed.xml");
    expect(sets.map((f) => feedPath(f.page, "json"))).toContain("/feed.json");
  });

  it("orders entries by their latest update", () => {
    expect(sets[0]?.posts.map((p) => p.id)).toEqual([
      "2011-10-30-core-upgrades",
      "2011-07-20-outage",
      "2011-01-01-new-year",
    ]);
  });

  it("dates an empty feed by the newest post of the site", () => {
    const dns = sets.find((f) => f.key === "service-dns");
    expect(dns?.posts).toEqual([]);
    expect(dns?.updated.toMillis()).toBe(sets[0]?.updated.toMillis());
  });
});
