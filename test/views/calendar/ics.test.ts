import ICAL from "ical.js";
import { foldLines as libraryFoldLines } from "ical-generator";
import { describe, expect, it } from "vitest";
import type { Site } from "../../../src/model/site.ts";
import { foldLines, maintenanceCalendar } from "../../../src/views/calendar/ics.ts";
import { site } from "../../factory.ts";
import { maintenance, outage } from "../feeds/fixtures.ts";

function events(s: Site, serviceId?: string) {
  const text = maintenanceCalendar(s, s.posts, { name: "Test NOC maintenance", ...(serviceId ? { serviceId } : {}) });
  const calendar = new ICAL.Component(ICAL.parse(text));
  return { text, calendar, events: calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v)) };
}
const prop = (e: ICAL.Event, name: string) => e.component.getFirstPropertyValue(name);
const props = (e: ICAL.Event, name: string) => e.component.getAllProperties(name);

describe("maintenance calendar", () => {
  it("has one event per maintenance window and none for incidents", () => {
    const { events: list } = events(site([maintenance(), outage()], "2011-10-31T00:00"));
    expect(list.map((e) => e.summary)).toEqual([
      "Core upgrades, phase 1 & 2 (1 of 2)",
      "Core upgrades, phase 1 & 2 (2 of 2)",
    ]);
    expect(list.map((e) => e.uid)).toEqual([
      "2011-10-30-core-upgrades-1@example.net",
      "2011-10-30-core-upgrades-2@example.net",
    ]);
  });

  it("gives a window across the autumn clock change its real length", () => {
    const [, night] = events(site([maintenance()], "2011-10-31T00:00")).events;
    expect(night?.startDate.toJSDate().toISOString()).toBe("2011-11-06T02:00:00.000Z");
    expect(night?.endDate.toJSDate().toISOString()).toBe("2011-11-06T11:00:00.000Z");
    expect(night?.duration.toSeconds()).toBe(9 * 3600);
  });

  it("keeps UIDs across builds and clocks, and grows SEQUENCE with each update", () => {
    const before = events(site([maintenance()], "2011-10-31T00:00")).events;
    const moved = maintenance(
      "updates:\n  - at: 2011-10-31 12:00\n    status: scheduled\n    body: Phase 2 moved by a day.",
    );
    const after = events(site([moved], "2011-11-01T00:00")).events;
    expect(after.map((e) => e.uid)).toEqual(before.map((e) => e.uid));
    expect(before.map((e) => e.sequence)).toEqual([0, 0]);
    expect(after.map((e) => e.sequence)).toEqual([1, 1]);
  });

  it("marks a cancelled maintenance CANCELLED", () => {
    const cancelled = maintenance("updates:\n  - at: 2011-10-31 12:00\n    status: cancelled\n    body: Called off.");
    const list = events(site([cancelled], "2011-11-01T00:00")).events;
    expect(list.map((e) => prop(e, "status"))).toEqual(["CANCELLED", "CANCELLED"]);
    expect(list.map((e) => prop(e, "x-maintnote-status"))).toEqual(["CANCELLED", "CANCELLED"]);
    expect(list[0]?.summary).toMatch(/^Cancelled: /);
  });

  it("carries the maintenance-notification properties", () => {
    const [first, second] = events(site([maintenance()], "2011-11-05T23:00")).events;
    if (!first || !second) throw new Error("missing events");
    expect(prop(first, "x-maintnote-provider")).toBe("example.net");
    expect(prop(first, "x-maintnote-account")).toBe("public");
    expect(prop(first, "x-maintnote-maintenance-id")).toBe("2011-10-30-core-upgrades-1");
    expect(prop(first, "x-maintnote-impact")).toBe("DEGRADED");
    expect(
      props(first, "x-maintnote-object-id").map((p) => [
        p.getFirstValue(),
        p.getParameter("x-maintnote-object-impact"),
      ]),
    ).toEqual([["mail", "DEGRADED"]]);
    expect(prop(first, "x-maintnote-status")).toBe("COMPLETED");
    expect(prop(second, "x-maintnote-status")).toBe("IN-PROCESS");
  });

  it("has a plain-text description, the post's URL and a stamp from the post, not the clock", () => {
    const { text, events: list } = events(site([maintenance()], "2011-10-31T00:00"));
    const [first] = list;
    expect(first?.description).toBe("Mail clusters\n\nStatus: Scheduled.\n\nWe upgrade things.");
    expect(prop(first as ICAL.Event, "url")).toBe("https://status.example.net/posts/2011-10-30-core-upgrades/");
    expect(String(prop(first as ICAL.Event, "dtstamp"))).toBe("2011-10-30T13:00:00Z");
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(
      events(site([maintenance()], "2015-01-01T00:00")).text.replace(
        /STATUS:\w+|X-MAINTNOTE-STATUS:\S+|Status: \w+/g,
        "",
      ),
    ).toBe(text.replace(/STATUS:\w+|X-MAINTNOTE-STATUS:\S+|Status: \w+/g, ""));
  });

  it("keeps only a service's windows in its own calendar", () => {
    const list = events(site([maintenance()], "2011-10-31T00:00"), "web").events;
    expect(list.map((e) => e.uid)).toEqual(["2011-10-30-core-upgrades-2@example.net"]);
  });
});

describe("foldLines", () => {
  it.each([
    ["a short line", "SUMMARY:Short"],
    ["a long ASCII line", `DESCRIPTION:${"a".repeat(300)}`],
    ["two-byte characters", `DESCRIPTION:${"é".repeat(100)}`],
    ["emoji across the fold", `DESCRIPTION:${"x".repeat(72)}🚨🚨🚨${"y".repeat(80)}`],
    ["several lines", `A:${"1".repeat(90)}\r\nB:${"—".repeat(40)}\r\nC:end`],
    ["ASCII lines at the fold's lengths", [74, 75, 148, 149].map((n) => "z".repeat(n)).join("\r\n")],
    ["an en dash at the fold", `DESCRIPTION:${"a".repeat(61)}–${"b".repeat(100)}`],
  ])("folds %s exactly as ical-generator does", (_name, text) => {
    expect(foldLines(text)).toBe(libraryFoldLines(text));
  });
});
