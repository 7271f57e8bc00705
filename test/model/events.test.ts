import { describe, expect, it } from "vitest";
import { latestEvents, notifyEvents, passes, scheduleHash } from "../../src/model/events.ts";
import { post, site } from "../factory.ts";

/** Notification events are a pure function of the published posts and now, with stable ids. */

const REMINDERS = { reminderHours: [24, 1] };
const eventsAt = (posts: ReturnType<typeof post>[], now: string) => {
  const s = site(posts, now);
  return notifyEvents(s.posts, s.now, REMINDERS).map((e) => `${e.type} ${e.id}`);
};

const incident = post(`
title: Outage
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
  - at: 2011-07-20 16:05
    status: identified
    body: Found it (typo).
    notify: false
  - at: 2011-07-20 16:12
    status: resolved
    body: Fixed.
  - at: 2011-07-20 17:00
    status: monitoring
    body: Back.
`);

const maintenance = post(
  `
title: Upgrade
kind: maintenance
service: web
severity: minor
date: 2011-09-10 12:00
window:
  - start: 2011-09-15 21:00
    end: 2011-09-16 01:00
  - start: 2011-09-17 21:00
    end: 2011-09-18 01:00
`,
  "Body.\n",
  "posts/2011-09-10-upgrade.md",
);

describe("notifyEvents", () => {
  it("gives an incident's publication (with its first update) and each later update, reopenings named", () => {
    expect(eventsAt([incident], "2011-07-21T00:00")).toEqual([
      "incident.published 2011-07-20-test/published",
      "incident.updated 2011-07-20-test/update/20110720T2000Z-identified",
      "incident.resolved 2011-07-20-test/update/20110720T2012Z-resolved",
      "incident.reopened 2011-07-20-test/update/20110720T2100Z-monitoring",
    ]);
  });

  it("gives only what has happened by now, with the same ids at every later now", () => {
    expect(eventsAt([incident], "2011-07-20T16:10")).toEqual([
      "incident.published 2011-07-20-test/published",
      "incident.updated 2011-07-20-test/update/20110720T2000Z-identified",
    ]);
  });

  it("gives a maintenance's publication, reminders, window starts and completion as time passes", () => {
    expect(eventsAt([maintenance], "2011-09-10T12:00")).toEqual([
      "maintenance.published 2011-09-10-upgrade/published",
      `maintenance.rescheduled 2011-09-10-upgrade/schedule/${scheduleHash(maintenance)}`,
    ]);
    expect(eventsAt([maintenance], "2011-09-15T20:30").slice(2)).toEqual([
      "maintenance.reminder 2011-09-10-upgrade/reminder/24h/20110916T0100Z",
      "maintenance.reminder 2011-09-10-upgrade/reminder/1h/20110916T0100Z",
    ]);
    expect(eventsAt([maintenance], "2011-09-20T00:00").slice(2)).toEqual([
      "maintenance.started 2011-09-10-upgrade/started/20110916T0100Z",
      "maintenance.started 2011-09-10-upgrade/started/20110918T0100Z",
      "maintenance.completed 2011-09-10-upgrade/completed",
    ]);
  });

  it("has a reminder not sent before a nearer one is due said by the nearer one", () => {
    const s = site([maintenance], "2011-09-15T20:30");
    const reminders = notifyEvents(s.posts, s.now, REMINDERS).filter((e) => e.type === "maintenance.reminder");
    expect(reminders.map((e) => [e.leadHours, e.coveredBy])).toEqual([
      [24, "2011-09-10-upgrade/reminder/1h/20110916T0100Z"],
      [1, undefined],
    ]);
  });

  it("gives no reminder that would have gone out before the maintenance was announced", () => {
    const late = post(
      "title: Late\nkind: maintenance\nservice: web\nseverity: minor\ndate: 2011-09-15 20:30\nwindow:\n  start: 2011-09-15 21:00\n  end: 2011-09-15 22:00",
    );
    expect(eventsAt([late], "2011-09-15T20:45").filter((e) => e.includes("reminder"))).toEqual([]);
  });

  it("gives a cancelled maintenance no reminder, start or completion", () => {
    const cancelled = post(`
title: Upgrade
kind: maintenance
service: web
severity: minor
date: 2011-09-10 12:00
window:
  start: 2011-09-15 21:00
  end: 2011-09-16 01:00
updates:
  - at: 2011-09-12 10:00
    status: cancelled
    body: Off.
`);
    expect(eventsAt([cancelled], "2011-09-20T00:00").map((e) => e.split(" ")[0])).toEqual([
      "maintenance.published",
      "maintenance.rescheduled", // the schedule as announced: covered by the publication
      "maintenance.cancelled",
    ]);
  });

  it("gives a moved window a new schedule id, the same schedule the same one", () => {
    const schedule = (start: string) =>
      post(
        `title: Upgrade\nkind: maintenance\nservice: web\nseverity: minor\ndate: 2011-09-10 12:00\nwindow:\n  start: ${start}\n  end: 2011-09-16 01:00`,
      );
    const moved = schedule("2011-09-15 22:00");
    expect(scheduleHash(schedule("2011-09-15 21:00"))).toBe(scheduleHash(schedule("2011-09-15 21:00")));
    expect(scheduleHash(moved)).not.toBe(scheduleHash(schedule("2011-09-15 21:00")));
  });

  it("names a post-mortem, a maintenance update and a notice update", () => {
    const closed = post(`
title: Outage
kind: incident
service: mail
severity: major
date: 2011-07-20 15:45
updates:
  - at: 2011-07-20 16:12
    status: resolved
    body: Fixed.
  - at: 2011-07-22 10:00
    status: postmortem
    body: Why.
`);
    const works = post(
      "title: W\nkind: maintenance\nservice: web\nseverity: minor\ndate: 2011-07-20 10:00\nwindow:\n  start: 2011-08-01 10:00\n  end: 2011-08-01 11:00\nupdates:\n  - at: 2011-07-21 10:00\n    status: scheduled\n    body: Still on.",
      "x\n",
      "posts/w.md",
    );
    const note = post(
      "title: N\nkind: notice\ndate: 2011-07-20 10:00\nupdates:\n  - at: 2011-07-21 09:00\n    status: update\n    body: More.",
      "x\n",
      "posts/n.md",
    );
    const types = eventsAt([closed, works, note], "2011-07-23T00:00").map((e) => e.split(" ")[0]);
    expect(types).toEqual(
      expect.arrayContaining(["incident.resolved", "incident.postmortem", "maintenance.updated", "notice.updated"]),
    );
  });

  it("gives drafts and posts dated after now no event", () => {
    const draft = post("title: D\nkind: notice\ndate: 2011-07-20 10:00\ndraft: true", "x\n", "posts/d.md");
    const later = post("title: L\nkind: notice\ndate: 2011-07-22 10:00", "x\n", "posts/l.md");
    expect(eventsAt([draft, later], "2011-07-21T00:00")).toEqual([]);
  });
});

describe("passes", () => {
  const mail = { kind: "incident" as const, services: ["mail"], severity: "major" as const };
  const notice = { kind: "notice" as const, services: [], severity: "none" as const };
  it.each([
    [mail, {}, true],
    [mail, { kinds: "maintenance" }, false],
    [mail, { services: ["dns", "mail"] }, true],
    [mail, { services: "dns" }, false],
    [mail, { minSeverity: "major" as const }, true],
    [mail, { minSeverity: "critical" as const }, false],
    [notice, { services: "dns" }, true],
    [notice, { minSeverity: "minor" as const }, false],
  ])("%o with %o: %s", (p, filter, expected) => {
    expect(passes(p, filter)).toBe(expected);
  });
});

describe("latestEvents", () => {
  /** Notices a day apart; the oldest gets an update after the newest was published, one at the same minute as another's. */
  const notices = Array.from({ length: 12 }, (_, i) => {
    const day = String(i + 1).padStart(2, "0");
    const late =
      i === 0
        ? "\nupdates:\n  - at: 2011-08-11 10:00\n    status: update\n    body: Same minute.\n  - at: 2011-08-20 09:00\n    status: update\n    body: Still true."
        : "";
    return post(
      `title: Notice ${i}\nkind: notice\ndate: 2011-08-${day} 10:00${late}`,
      "Body.\n",
      `posts/2011-08-${day}-notice-${i}.md`,
    );
  });

  it("gives the latest events as notifyEvents lists them, from only the posts that can hold one", () => {
    const s = site(notices, "2011-09-01T00:00");
    const all = notifyEvents(s.posts, s.now, { reminderHours: [], writtenOnly: true }).reverse();
    for (const limit of [1, 2, 3, 5, 20]) {
      const latest = latestEvents(s.posts, s.now, limit);
      expect(latest.events.map((e) => e.id)).toEqual(all.slice(0, limit).map((e) => e.id));
      if (limit < 5) expect(latest.posts.length).toBeLessThan(s.posts.length);
    }
    // The oldest post's late update is the newest event: that post is read first.
    expect(latestEvents(s.posts, s.now, 1).posts.map((p) => p.title)).toEqual(["Notice 0"]);
  });
});
