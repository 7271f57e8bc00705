import { describe, expect, it } from "vitest";
import {
  effectOn,
  impactSegments,
  impacts,
  incidentState,
  isOpen,
  maintenanceState,
  nextWindow,
  reopenedAt,
  reopenings,
  resolvedAt,
  serviceStatus,
  severityAt,
  worst,
} from "../../src/model/status.ts";
import { isoInstant } from "../../src/model/time.ts";
import { at, post, ZONE } from "../factory.ts";

const outage = () =>
  post(`
title: Outage
kind: incident
service: [mail, web]
severity: critical
date: 2011-07-20 15:45
window:
  start: 2011-07-20 15:35
updates:
  - at: 2011-07-20 15:45
    status: investigating
    body: Looking.
  - at: 2011-07-20 16:00
    status: identified
    body: Found it.
  - at: 2011-07-20 16:12
    status: resolved
    body: Fixed.
`);

const schedule = (updates = "") =>
  post(`
title: Upgrades
kind: maintenance
service: [mail, web]
severity: minor
date: 2011-09-14 17:00
window:
  - start: 2011-09-15 21:00
    end: 2011-09-16 01:00
    service: mail
  - start: 2011-09-17 00:00
    end: 2011-09-17 09:00
    service: web
${updates}`);

describe("incidents", () => {
  it.each([
    ["2011-07-20T15:40", "investigating", true, "major_outage"], // before the first update: investigating
    ["2011-07-20T15:50", "investigating", true, "major_outage"],
    ["2011-07-20T16:05", "identified", true, "major_outage"],
    ["2011-07-20T16:12", "resolved", false, "operational"],
    ["2012-01-01T00:00", "resolved", false, "operational"],
  ])("at %s the incident is %s (open: %s) and mail is %s", (now, state, open, mailStatus) => {
    const p = outage();
    expect(incidentState(p, at(now))).toBe(state);
    expect(isOpen(p, at(now))).toBe(open);
    expect(effectOn(p, "mail", at(now))).toBe(mailStatus);
  });

  it("does not touch services it does not name", () => {
    expect(effectOn(outage(), "dns", at("2011-07-20T15:50"))).toBe("operational");
  });

  it("has no effect before its impact starts", () => {
    expect(effectOn(outage(), "mail", at("2011-07-20T15:00"))).toBe("operational");
  });

  it("ends its impact at the resolving update when the window has no end", () => {
    const [impact] = impacts(outage(), at("2012-01-01T00:00"));
    expect(isoInstant(impact?.start ?? at("2000-01-01"), ZONE)).toBe("2011-07-20T15:35:00-04:00");
    expect(isoInstant(impact?.end ?? at("2000-01-01"), ZONE)).toBe("2011-07-20T16:12:00-04:00");
  });

  it("runs its impact from its date when it has no window, open while unresolved", () => {
    const p = post("title: X\nkind: incident\nservice: dns\nseverity: minor\ndate: 2011-07-20 10:00");
    expect(impacts(p, at("2011-07-21T00:00"))).toMatchObject([{ end: null, services: ["dns"] }]);
    expect(effectOn(p, "dns", at("2011-07-21T00:00"))).toBe("degraded_performance");
  });

  it.each([
    ["none", "operational"],
    ["minor", "degraded_performance"],
    ["major", "partial_outage"],
    ["critical", "major_outage"],
  ])("severity %s shows the service as %s while open", (severity, status) => {
    const p = post(`title: X\nkind: incident\nservice: dns\nseverity: ${severity}\ndate: 2011-07-20 10:00`);
    expect(effectOn(p, "dns", at("2011-07-20T11:00"))).toBe(status);
  });
});

describe("a reopened incident", () => {
  const reopened = (extra = "") =>
    post(`
title: Outage
kind: incident
service: [mail, web]
severity: critical
date: 2011-07-20 15:45
updates:
  - at: 2011-07-20 15:45
    status: investigating
    body: Looking.
  - at: 2011-07-20 16:12
    status: resolved
    body: Fixed.
  - at: 2011-07-20 17:00
    status: investigating
    body: Errors are back.
${extra}`);

  it.each([
    ["2011-07-20T16:30", "resolved", false, "operational"],
    ["2011-07-20T17:00", "investigating", true, "major_outage"],
    ["2011-07-21T00:00", "investigating", true, "major_outage"],
  ])("at %s is %s (open: %s) and mail is %s", (now, state, open, mailStatus) => {
    const p = reopened();
    expect(incidentState(p, at(now))).toBe(state);
    expect(isOpen(p, at(now))).toBe(open);
    expect(effectOn(p, "mail", at(now))).toBe(mailStatus);
  });

  it("marks the reopening update, and says since when it is open again", () => {
    const p = reopened();
    expect(reopenings(p)).toEqual([false, false, true]);
    expect(reopenedAt(p, at("2011-07-20T16:30"))).toBeNull();
    expect(isoInstant(reopenedAt(p, at("2011-07-20T18:00")) ?? at("2000-01-01"), ZONE)).toBe(
      "2011-07-20T17:00:00-04:00",
    );
    expect(resolvedAt(p, at("2011-07-20T18:00"))).toBeNull();
  });

  it("hurts from its date to the first resolution, and again from the reopening to the next", () => {
    const p = reopened(`  - at: 2011-07-20 17:40
    status: resolved
    body: Fixed again.`);
    const spans = impacts(p, at("2011-07-21T00:00")).map((i) => [i.start.toISO(), i.end?.toISO() ?? null, i.services]);
    expect(spans).toEqual([
      [at("2011-07-20T15:45").toISO(), at("2011-07-20T16:12").toISO(), ["mail", "web"]],
      [at("2011-07-20T17:00").toISO(), at("2011-07-20T17:40").toISO(), ["mail", "web"]],
    ]);
    expect(incidentState(p, at("2011-07-21T00:00"))).toBe("resolved");
    expect(isoInstant(resolvedAt(p, at("2011-07-21T00:00")) ?? at("2000-01-01"), ZONE)).toBe(
      "2011-07-20T17:40:00-04:00",
    );
  });

  it("does not count a reopening twice when the author wrote a window for it", () => {
    const p = post(`
title: Outage
kind: incident
service: mail
severity: major
date: 2011-07-20 15:45
window:
  - start: 2011-07-20 15:45
    end: 2011-07-20 16:12
  - start: 2011-07-20 16:55
updates:
  - at: 2011-07-20 16:12
    status: resolved
    body: Fixed.
  - at: 2011-07-20 17:00
    status: identified
    body: Back, and we know why.
`);
    expect(impacts(p, at("2011-07-21T00:00"))).toHaveLength(2);
    expect(effectOn(p, "mail", at("2011-07-20T18:00"))).toBe("partial_outage");
  });
});

describe("maintenance", () => {
  it.each([
    ["2011-09-15T12:00", "scheduled", "operational", "operational"],
    ["2011-09-15T22:00", "in_progress", "under_maintenance", "operational"],
    ["2011-09-16T12:00", "scheduled", "operational", "operational"], // between windows
    ["2011-09-17T03:00", "in_progress", "operational", "under_maintenance"],
    ["2011-09-17T09:00", "completed", "operational", "operational"],
  ])("at %s it is %s; mail %s, web %s", (now, state, mail, web) => {
    const p = schedule();
    expect(maintenanceState(p, at(now))).toBe(state);
    expect(effectOn(p, "mail", at(now))).toBe(mail);
    expect(effectOn(p, "web", at(now))).toBe(web);
  });

  it("is cancelled by a cancelled update, and then touches nothing", () => {
    const p = schedule("updates:\n  - at: 2011-09-15 12:00\n    status: cancelled\n    body: Postponed.");
    expect(maintenanceState(p, at("2011-09-15T22:00"))).toBe("cancelled");
    expect(effectOn(p, "mail", at("2011-09-15T22:00"))).toBe("operational");
    expect(isOpen(p, at("2011-09-15T22:00"))).toBe(false);
  });

  it("is completed early by a completed update", () => {
    const p = schedule("updates:\n  - at: 2011-09-15 23:00\n    status: completed\n    body: Done early.");
    expect(maintenanceState(p, at("2011-09-15T23:30"))).toBe("completed");
  });

  it("shows verifying after a window when an update says so, until the last window ends", () => {
    const p = schedule("updates:\n  - at: 2011-09-16 01:00\n    status: verifying\n    body: Checking.");
    expect(maintenanceState(p, at("2011-09-16T02:00"))).toBe("verifying");
    expect(maintenanceState(p, at("2011-09-17T03:00"))).toBe("in_progress");
    expect(maintenanceState(p, at("2011-09-17T10:00"))).toBe("completed");
  });

  it("puts every service of the post under maintenance when an update starts it early", () => {
    const p = schedule("updates:\n  - at: 2011-09-15 20:30\n    status: in_progress\n    body: Starting early.");
    expect(maintenanceState(p, at("2011-09-15T20:45"))).toBe("in_progress");
    expect(effectOn(p, "web", at("2011-09-15T20:45"))).toBe("under_maintenance");
  });

  it("knows its next window", () => {
    expect(isoInstant(nextWindow(schedule(), at("2011-09-16T12:00"))?.start ?? at("2000-01-01"), ZONE)).toBe(
      "2011-09-17T00:00:00-04:00",
    );
  });
});

describe("service and overall status", () => {
  it("is the worst effect of all posts on the service", () => {
    const posts = [outage(), schedule()];
    expect(serviceStatus(posts, "mail", at("2011-07-20T15:50"))).toBe("major_outage");
    expect(serviceStatus(posts, "mail", at("2011-09-15T22:00"))).toBe("under_maintenance");
    expect(serviceStatus(posts, "dns", at("2011-07-20T15:50"))).toBe("operational");
  });

  it.each([
    [[], "operational"],
    [["operational", "under_maintenance"], "under_maintenance"],
    [["under_maintenance", "degraded_performance"], "degraded_performance"],
    [["partial_outage", "major_outage", "operational"], "major_outage"],
  ] as const)("worst of %j is %s", (statuses, expected) => {
    expect(worst(statuses)).toBe(expected);
  });
});

describe("an update that changes the impact", () => {
  const lowered = () =>
    post(`
title: Outage
kind: incident
service: mail
severity: critical
date: 2011-07-20 10:00
updates:
  - at: 2011-07-20 10:00
    status: investigating
    body: Down.
  - at: 2011-07-20 11:00
    status: monitoring
    body: Mostly back.
    impact: minor
`);

  it("changes the service's status from that update on, and only then", () => {
    expect(effectOn(lowered(), "mail", at("2011-07-20T10:30"))).toBe("major_outage");
    expect(effectOn(lowered(), "mail", at("2011-07-20T11:30"))).toBe("degraded_performance");
    expect(severityAt(lowered(), at("2011-07-20T10:30"))).toBe("critical");
    expect(severityAt(lowered(), at("2011-07-20T11:30"))).toBe("minor");
  });

  it("cuts the impact where it changed, each piece with its own severity", () => {
    const pieces = impactSegments(lowered(), at("2011-07-20T12:00")).map((s) => [
      s.start.toFormat("HH:mm"),
      s.end?.toFormat("HH:mm") ?? null,
      s.severity,
    ]);
    expect(pieces).toEqual([
      ["10:00", "11:00", "critical"],
      ["11:00", null, "minor"],
    ]);
  });
});
