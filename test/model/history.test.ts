import { describe, expect, it } from "vitest";
import { lastDays, serviceHistory, weightedUnion } from "../../src/model/history.ts";
import { buildSite } from "../../src/model/site.ts";
import { at, post, settings, ZONE } from "../factory.ts";

const NOW = "2011-07-20T12:00";
const days = () => lastDays(at(NOW), ZONE, 90);
const incident = (severity: string, start: string, end?: string, updates = "") =>
  post(
    `title: ${severity} ${start}\nkind: incident\nservice: mail\nseverity: ${severity}\ndate: ${start}\nwindow:\n  start: ${start}\n${end ? `  end: ${end}\n` : ""}${updates}`,
    "",
    `posts/${start.slice(0, 10)}-${severity}.md`,
  );
const resolved = (at: string) => `updates:\n  - at: ${at}\n    status: resolved\n    body: Done.\n`;
// Built through the site model, so posts carry their state at NOW.
const history = (...sources: ReturnType<typeof post>[]) => {
  const site = buildSite(
    { settings: settings(), services: [{ id: "mail", name: "Mail", group: "G", audience: "public" }], posts: sources },
    { now: at(NOW) },
  );
  return serviceHistory(site.posts, "mail", days(), at(NOW));
};

describe("lastDays", () => {
  it("covers 90 NOC-zone days ending today", () => {
    const list = days();
    expect(list).toHaveLength(90);
    expect(list[0]?.date).toBe("2011-04-22");
    expect(list.at(-1)?.date).toBe("2011-07-20");
  });

  it("gives the spring-forward day 23 hours", () => {
    const spring = lastDays(at("2011-03-14T12:00"), ZONE, 2)[0];
    expect(spring?.date).toBe("2011-03-13");
    expect(spring?.end.diff(spring.start, "hours").hours).toBe(23);
  });
});

describe("serviceHistory", () => {
  it("is all quiet and 100% with nothing on the service", () => {
    expect(history()).toMatchObject({
      marks: [],
      uptime: 100,
      uptimeText: "100%",
      summary: "Last 90 days: no incidents; uptime 100%.",
    });
  });

  it("marks both days of an incident that spans midnight, at its severity", () => {
    const h = history(incident("critical", "2011-07-10 23:00", "2011-07-11 01:00", resolved("2011-07-11 01:00")));
    expect(h.marks.map((m) => [m.date, m.level])).toEqual([
      ["2011-07-10", "critical"],
      ["2011-07-11", "critical"],
    ]);
    expect(h.marks[0]?.label).toBe("Sun, 10 Jul 2011: major outage (1 post)");
    // Two hours of major outage in 89.5 days.
    expect(h.uptime).toBe(99.9);
  });

  it("runs a still-open incident up to now and counts a partial outage at 30%", () => {
    const h = history(incident("major", "2011-07-19 12:00"));
    expect(h.marks.map((m) => m.date)).toEqual(["2011-07-19", "2011-07-20"]);
    const total = at(NOW)
      .diff(days()[0]?.start ?? at(NOW))
      .toMillis();
    expect(h.uptime).toBe(Math.floor((1 - (0.3 * 24 * 3600_000) / total) * 10000) / 100);
  });

  it("keeps the worst impact of a day and does not count degraded performance as downtime", () => {
    const h = history(
      incident("minor", "2011-07-15 08:00", "2011-07-15 20:00", resolved("2011-07-15 20:00")),
      incident("critical", "2011-07-15 10:00", "2011-07-15 11:00", resolved("2011-07-15 11:00")),
    );
    expect(h.marks).toMatchObject([{ date: "2011-07-15", level: "critical", postIds: expect.any(Array) }]);
    expect(h.marks[0]?.postIds).toHaveLength(2);
    expect(h.uptime).toBe(
      Math.floor(
        (1 -
          3600_000 /
            at(NOW)
              .diff(days()[0]?.start ?? at(NOW))
              .toMillis()) *
          10000,
      ) / 100,
    );
  });

  it("shows maintenance apart, without counting it, and leaves out cancelled maintenance", () => {
    const maintenance = (cancel: boolean) =>
      post(
        `title: M\nkind: maintenance\nservice: mail\nseverity: critical\ndate: 2011-07-01 10:00\nwindow:\n  start: 2011-07-02 22:00\n  end: 2011-07-03 02:00\n${cancel ? "updates:\n  - at: 2011-07-01 12:00\n    status: cancelled\n    body: Off.\n" : ""}`,
        "",
        `posts/2011-07-01-m${cancel ? "c" : ""}.md`,
      );
    const h = history(maintenance(false), maintenance(true));
    expect(h.marks.map((m) => [m.date, m.level, m.maintenance])).toEqual([
      ["2011-07-02", "none", true],
      ["2011-07-03", "none", true],
    ]);
    expect(h.uptime).toBe(100);
    expect(h.summary).toBe("Last 90 days: no incidents, maintenance on 2 days; uptime 100%.");
  });

  it("follows an update that lowered the impact: downtime only while it was critical, the day at its worst", () => {
    // 09:00-10:00 critical (counts fully), then minor until resolved at 11:00 (counts nothing).
    const lowered = `updates:\n  - at: 2011-07-20 10:00\n    status: monitoring\n    body: Mostly back.\n    impact: minor\n  - at: 2011-07-20 11:00\n    status: resolved\n    body: Done.\n`;
    const h = history(incident("critical", "2011-07-20 09:00", undefined, lowered));
    const total = 90 * 24 * 60 - 12 * 60; // the 90 days end at NOW, noon
    expect(h.uptime).toBe(Math.floor((1 - 60 / total) * 10000) / 100);
    expect(h.marks.map((m) => [m.date, m.level])).toEqual([["2011-07-20", "critical"]]);
  });

  it("ignores what happened before the 90 days", () => {
    expect(
      history(incident("critical", "2011-01-01 10:00", "2011-01-01 11:00", resolved("2011-01-01 11:00"))).marks,
    ).toEqual([]);
  });
});

describe("weightedUnion", () => {
  it("counts overlapping spans once, at the heaviest weight", () => {
    expect(
      weightedUnion([
        { start: 0, end: 10, weight: 0.3 },
        { start: 5, end: 15, weight: 1 },
        { start: 20, end: 30, weight: 0.3 },
      ]),
    ).toBeCloseTo(0.3 * 5 + 10 + 0.3 * 10);
  });
});
