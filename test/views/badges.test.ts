import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { COMPONENT_STATUSES } from "../../src/model/status.ts";
import { badge, badges, favicon } from "../../src/views/badges.ts";
import { site } from "../factory.ts";
import { outage } from "./feeds/fixtures.ts";

describe("badges", () => {
  it.each(COMPONENT_STATUSES)("a %s badge is valid SVG with a text alternative", (status) => {
    const svg = badge("R&D <mail>", status);
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(svg) as {
      svg: Record<string, string> & { title: string };
    };
    expect(doc.svg["@_xmlns"]).toBe("http://www.w3.org/2000/svg");
    expect(doc.svg["@_role"]).toBe("img");
    expect(doc.svg.title).toMatch(/^R&D <mail>: /);
    expect(Number(doc.svg["@_width"])).toBeGreaterThan(60);
  });

  it("makes one for the site and one per service, with their status now", () => {
    const files = badges(site([outage()], "2011-07-20T16:00"));
    expect(files.map((f) => f.path)).toEqual([
      "/badges/status.svg",
      "/badges/mail.svg",
      "/badges/web.svg",
      "/badges/dns.svg",
    ]);
    expect(files[0]?.content).toContain("Test NOC: major outage");
    expect(files[3]?.content).toContain("DNS: operational");
  });
});

describe("favicon", () => {
  it.each([
    ["operational", "#1a7f37", "M9 16.5"],
    ["under_maintenance", "#0550ae", '<circle cx="16" cy="16" r="6"'],
    ["major_outage", "#82071e", "M16 8.5v9"],
  ] as const)("shows %s in its colour and symbol", (status, colour, symbol) => {
    const svg = favicon(status);
    expect(svg).toContain(`fill="${colour}"`);
    expect(svg).toContain(symbol);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });
});
