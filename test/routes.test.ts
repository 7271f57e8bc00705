import { describe, expect, it } from "vitest";
import {
  calendarPath,
  dayPath,
  feedPath,
  kindPath,
  listPagePath,
  pageFile,
  postPath,
  type Scope,
  scopeKey,
  searchPartPath,
  withBasePath,
} from "../src/routes.ts";
import { settings } from "./factory.ts";

describe("site paths", () => {
  it.each([
    [postPath("2011-07-20-outage"), "/posts/2011-07-20-outage/"],
    [kindPath("incident"), "/incidents/"],
    [kindPath("notice"), "/notices/"],
    [dayPath("2011-07-20"), "/history/2011-07-20/"],
    [listPagePath("/services/dns/", 1), "/services/dns/"],
    [listPagePath("/services/dns/", 3), "/services/dns/page/3/"],
    [feedPath("/services/dns/", "rss"), "/services/dns/rss.xml"],
    [searchPartPath(1), "/pagefind/"],
    [searchPartPath(2), "/pagefind/part-2/"],
    [pageFile("/posts/x/"), "/posts/x/index.html"],
    [pageFile("/404.html"), "/404.html"],
  ])("%s", (made, expected) => {
    expect(made).toBe(expected);
  });
});

describe("scopes", () => {
  it.each<[Scope, string, string | null]>([
    [{ of: "site" }, "site", "/maintenance.ics"],
    [{ of: "kind", kind: "maintenance" }, "kind-maintenance", "/maintenance.ics"],
    [{ of: "kind", kind: "incident" }, "kind-incident", null],
    [{ of: "service", id: "dns" }, "service-dns", "/services/dns/maintenance.ics"],
  ])("%j is %s, with calendar %s", (scope, key, calendar) => {
    expect(scopeKey(scope)).toBe(key);
    expect(calendarPath(scope)).toBe(calendar);
  });
});

describe("withBasePath", () => {
  const html =
    '<a href="/posts/x/">x</a> <img src="/a.png"> <a href="https://example.net/">out</a> <a href="//cdn.example/">proto</a>' +
    ' <form action="/search/" data-pagefind="/pagefind/" data-pagefind-merge="/pagefind/part-2/ /pagefind/part-3/"></form>';

  it("puts the prefix in front of every root-relative address, once", () => {
    expect(withBasePath(html, settings({ baseUrl: "https://example.net/noc/" }))).toBe(
      '<a href="/noc/posts/x/">x</a> <img src="/noc/a.png"> <a href="https://example.net/">out</a> <a href="//cdn.example/">proto</a>' +
        ' <form action="/noc/search/" data-pagefind="/noc/pagefind/" data-pagefind-merge="/noc/pagefind/part-2/ /noc/pagefind/part-3/"></form>',
    );
  });

  it("changes nothing for a site at the root", () => {
    expect(withBasePath(html, settings({ baseUrl: "https://status.example.net/" }))).toBe(html);
  });
});
