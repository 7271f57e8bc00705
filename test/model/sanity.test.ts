import { describe, expect, it } from "vitest";
import { timeWarnings } from "../../src/model/sanity.ts";
import { at, post, settings } from "../factory.ts";

const NOW = at("2026-12-01T11:30");
const options = (isNew = false) => ({ now: NOW, settings: settings(), isNew });
const paths = (frontMatter: string, isNew = false) =>
  timeWarnings(post(frontMatter), options(isNew)).map((w) => `${w.path.join(".")}: ${w.message}`);

const incident = (lines: string) => `
title: Mail delays
kind: incident
service: mail
severity: major
date: 2026-12-01 09:00
${lines}`;

describe("timeWarnings", () => {
  it("says nothing about times that make sense", () => {
    expect(
      paths(
        incident(`window:
  start: 2026-12-01 09:00
  end: 2026-12-01 11:00
updates:
  - at: 2026-12-01 09:00
    status: investigating
    body: Looking.
  - at: 2026-12-01 11:00
    status: resolved
    body: Fixed.`),
      ),
    ).toEqual([]);
  });

  it.each([
    [
      "an update 11½ hours ahead",
      `updates:
  - at: 2026-12-01 23:00
    status: resolved
    body: Fixed.`,
      /^updates\.0\.at: Tue, 1 Dec 2026, 23:00 EST is in the future \(now is Tue, 1 Dec 2026, 11:30 EST\)/,
    ],
    [
      "an incident window ending ahead",
      `window:
  start: 2026-12-01 09:00
  end: 2026-12-01 23:00`,
      /^window\.end: .* is in the future .*ends when service recovered/,
    ],
    [
      "a window longer than maxWindowHours",
      `window:
  start: 2026-11-01 09:00
  end: 2026-11-29 09:00`,
      /^window\.end: the window lasts 672 hours, more than 168/,
    ],
    [
      "an update long after the resolution",
      `updates:
  - at: 2026-06-01 09:00
    status: resolved
    body: Fixed.
  - at: 2026-11-30 09:00
    status: monitoring
    body: Still fine.`,
      /^updates\.1\.at: .* is 182 days after the resolved update/,
    ],
  ])("warns about %s", (_name, lines, message) => {
    const found = paths(incident(lines).replace("date: 2026-12-01 09:00", "date: 2026-06-01 09:00"));
    expect(
      found.some((w) => message.test(w)),
      found.join("\n"),
    ).toBe(true);
  });

  it("leaves an update a few minutes ahead alone (clocks differ)", () => {
    const lines = `updates:
  - at: 2026-12-01 11:40
    status: investigating
    body: Looking.`;
    expect(paths(incident(lines))).toEqual([]);
  });

  it("warns about a new maintenance whose every window is over, only when it is new", () => {
    const maintenance = `
title: DNS upgrade
kind: maintenance
service: dns
severity: minor
date: 2026-12-01 11:30
window:
  start: 2025-12-02 22:00
  end: 2025-12-03 01:00`;
    expect(paths(maintenance, true)).toEqual([
      "window: every window is over already (now is Tue, 1 Dec 2026, 11:30 EST): a new maintenance is announced before it happens. A typo in the year?",
    ]);
    expect(paths(maintenance, false)).toEqual([]);
  });

  it("allows a post-mortem long after the resolution", () => {
    const lines = `updates:
  - at: 2026-06-01 09:00
    status: resolved
    body: Fixed.
  - at: 2026-11-30 09:00
    status: postmortem
    body: What happened.`;
    expect(paths(incident(lines).replace("date: 2026-12-01 09:00", "date: 2026-06-01 09:00"))).toEqual([]);
  });

  it("counts late updates from the resolution that closed the incident last: a reopening starts again", () => {
    const lines = `updates:
  - at: 2026-06-01 09:00
    status: resolved
    body: Fixed.
  - at: 2026-11-30 09:00
    status: investigating
    body: Back.
  - at: 2026-11-30 10:00
    status: resolved
    body: Fixed again.`;
    expect(paths(incident(lines).replace("date: 2026-12-01 09:00", "date: 2026-06-01 09:00"))).toEqual([
      "updates.1.at: Mon, 30 Nov 2026, 09:00 EST is 182 days after the resolved update (Mon, 1 Jun 2026, 09:00 EDT); a typo in the date?",
    ]);
  });
});
