import { describe, expect, it } from "vitest";
import { groupBy, paginate } from "../../src/model/paginate.ts";

describe("paginate", () => {
  it("splits items into pages with links between them", () => {
    const pages = paginate([1, 2, 3, 4, 5], 2, "/services/mail/");
    expect(pages.map((p) => [p.url, p.items, p.previous, p.next])).toEqual([
      ["/services/mail/", [1, 2], null, "/services/mail/page/2/"],
      ["/services/mail/page/2/", [3, 4], "/services/mail/", "/services/mail/page/3/"],
      ["/services/mail/page/3/", [5], "/services/mail/page/2/", null],
    ]);
    expect(pages.every((p) => p.total === 3)).toBe(true);
  });

  it("gives an empty list one empty page", () => {
    expect(paginate([], 10, "/notices/")).toEqual([
      { items: [], number: 1, total: 1, url: "/notices/", previous: null, next: null },
    ]);
  });
});

describe("groupBy", () => {
  it("keeps the order keys and items were first seen in", () => {
    expect([...groupBy(["b1", "a1", "b2"], (s) => s[0] ?? "")]).toEqual([
      ["b", ["b1", "b2"]],
      ["a", ["a1"]],
    ]);
  });
});
