import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { isoInstant, isoTimestamp, localDate, localDays, parseAuthorTime, resolveNow } from "../../src/model/time.ts";
import { ZONE } from "../factory.ts";

const iso = (input: unknown, dateOnly = false) => {
  const r = parseAuthorTime(input, ZONE, dateOnly);
  return r.ok ? isoInstant(r.value, ZONE) : `error: ${r.message}`;
};

describe("parseAuthorTime", () => {
  it.each([
    ["bare time in summer is EDT", "2011-07-20 15:35", "2011-07-20T15:35:00-04:00"],
    ["bare time in winter is EST", "2008-03-04 09:05", "2008-03-04T09:05:00-05:00"],
    ["seconds", "2011-07-20 15:35:07", "2011-07-20T15:35:07-04:00"],
    ["T separator", "2011-07-20T15:35", "2011-07-20T15:35:00-04:00"],
    ["Z is UTC", "2011-07-20 19:35Z", "2011-07-20T15:35:00-04:00"],
    ["explicit offset is honoured", "2011-07-20 20:35+01:00", "2011-07-20T15:35:00-04:00"],
    ["offset without colon", "2011-07-20T14:35-0500", "2011-07-20T15:35:00-04:00"],
    ["the furthest offset east", "2011-07-21 09:35+14:00", "2011-07-20T15:35:00-04:00"],
    ["the furthest offset west", "2011-07-20 07:35-12:00", "2011-07-20T15:35:00-04:00"],
    ["surrounding space", " 2011-07-20 15:35 ", "2011-07-20T15:35:00-04:00"],
    ["a leap day", "2012-02-29 10:00", "2012-02-29T10:00:00-05:00"],
    // 2011-11-06 01:30 happens twice in New York; RFC 5545 reads the first (EDT).
    ["ambiguous time after clocks go back is the first", "2011-11-06 01:30", "2011-11-06T01:30:00-04:00"],
  ])("%s", (_name, input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it.each([
    ["a date without a time", "2011-07-20", /has a date but no time/],
    ["a time skipped by the spring change", "2011-03-13 02:30", /does not exist in America\/New_York/],
    ["a month that does not exist", "2011-13-01 10:00", /not a valid date/],
    ["30 February", "2011-02-30 10:00", /not a valid date/],
    ["29 February of a common year", "2011-02-29 10:00", /not a valid date/],
    ["hour 24", "2011-07-20 24:00", /not a valid date/],
    ["minute 60", "2011-07-20 10:60", /not a valid date/],
    ["American order", "7/20/2011 3:35 PM", /is not a time/],
    ["a number", 1311190500, /found number 1311190500/],
    ["nothing", null, /found nothing/],
    ["a YAML timestamp already read as UTC", new Date("2011-07-20T15:35:00Z"), /YAML timestamp/],
    ["an offset past +14:00", "2011-07-20 15:35+99:99", /offsets run from -12:00 to \+14:00/],
    ["an offset past -12:00", "2011-07-20 15:35-13:00", /offsets run from/],
    ["60 minutes of offset", "2011-07-20 15:35+05:60", /offsets run from/],
    ["a long paste, quoted short", "x".repeat(5000), /^error: "x{60}…" is not a time/],
  ])("rejects %s", (_name, input, message) => {
    expect(iso(input)).toMatch(message);
  });

  it("reads a bare date as midnight in the NOC zone where a date is allowed", () => {
    expect(iso("2011-07-20", true)).toBe("2011-07-20T00:00:00-04:00");
  });
});

describe("machine times", () => {
  // ISO text is written from the instant and the cached offset; luxon, asking Intl each time, is the
  // reference it must agree with, on both sides of every clock change.
  it.each([
    ["America/New_York", "2011-11-06T05:59:59.999Z"],
    ["America/New_York", "2011-11-06T06:00:00Z"],
    ["America/New_York", "2011-03-13T06:59:00Z"],
    ["America/New_York", "2011-03-13T07:00:00.250Z"],
    ["America/New_York", "2011-12-31T23:30:00Z"],
    ["Europe/London", "2011-10-30T00:59:00Z"],
    ["Europe/London", "2011-10-30T01:00:00Z"],
    ["Asia/Kolkata", "2011-07-20T20:00:00Z"],
    ["Australia/Lord_Howe", "2011-04-02T15:30:00Z"],
    ["UTC", "2011-07-20T15:35:07.005Z"],
  ])("in %s, %s is written as luxon writes it", (zone, instant) => {
    const dt = DateTime.fromISO(instant, { zone: "utc" });
    const local = dt.setZone(zone);
    const offset = local.offset === 0 ? "Z" : local.toFormat("ZZ");
    expect(isoInstant(dt, zone)).toBe(
      local.toFormat(local.millisecond ? "yyyy-MM-dd'T'HH:mm:ss.SSS" : "yyyy-MM-dd'T'HH:mm:ss") + offset,
    );
    expect(isoTimestamp(dt, zone)).toBe(local.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS") + offset);
    expect(localDate(dt, zone)).toBe(local.toISODate());
  });
});

describe("resolveNow", () => {
  it("reads NOC_NOW in the NOC zone unless it has an offset", () => {
    expect(isoInstant(resolveNow("2011-07-20 16:00", ZONE), ZONE)).toBe("2011-07-20T16:00:00-04:00");
    expect(isoInstant(resolveNow("2011-07-20T20:00Z", ZONE), ZONE)).toBe("2011-07-20T16:00:00-04:00");
  });

  it("rejects a clock it cannot read", () => {
    expect(() => resolveNow("yesterday", ZONE)).toThrow(/--now \(or NOC_NOW\): "yesterday" is not a time/);
  });
});

describe("localDays", () => {
  // luxon's reading of each calendar day, for comparison: its first instant, midnight or after a skip.
  const byLuxon = (now: DateTime, zone: string, count: number) => {
    const today = now.setZone(zone).startOf("day");
    return Array.from({ length: count }, (_, i) => {
      const { year, month, day } = today.minus({ days: count - 1 - i });
      const start = DateTime.fromObject({ year, month, day }, { zone });
      const next = start.plus({ days: 1 }).startOf("day");
      return { date: start.toISODate(), start: start.toMillis(), end: next.toMillis() };
    });
  };
  const ours = (now: DateTime, zone: string, count: number) =>
    localDays(now, zone, count).map((d) => ({ date: d.date, start: d.start.toMillis(), end: d.end.toMillis() }));

  it.each([
    ["Europe/Berlin", "2026-11-02T12:00:00Z"], // back from summer time inside the range
    ["America/New_York", "2026-03-20T03:30:00Z"], // forward, and the evening before a UTC day
    ["America/Santiago", "2026-10-01T12:00:00Z"], // the clocks skip midnight
    ["America/Havana", "2026-03-20T12:00:00Z"], // skip midnight
    ["Asia/Beirut", "2026-11-01T12:00:00Z"], // back at midnight: it happens twice
    ["Australia/Lord_Howe", "2026-10-20T12:00:00Z"], // a half-hour change
    ["Asia/Kolkata", "2026-06-01T20:00:00Z"], // a half-hour offset, no changes
    ["UTC", "2026-12-01T23:59:59Z"],
  ])("gives each of 90 days in %s its date and first instant as luxon does (now %s)", (zone, at) => {
    const now = DateTime.fromISO(at, { zone: "utc" });
    expect(ours(now, zone, 90)).toEqual(byLuxon(now, zone, 90));
  });

  it("starts a day whose midnight the clocks skip at the jump (Santiago, 6 Sep 2026)", () => {
    const [day] = localDays(DateTime.fromISO("2026-09-06T18:00:00Z"), "America/Santiago", 1);
    if (!day) throw new Error("no day");
    expect(day.date).toBe("2026-09-06");
    // 00:00 at -04:00 became 01:00 at -03:00: the day starts at 04:00 UTC and is 23 hours long.
    expect(day.start.toISO()).toBe("2026-09-06T01:00:00.000-03:00");
    expect(day.end.diff(day.start, "hours").hours).toBe(23);
  });
});
