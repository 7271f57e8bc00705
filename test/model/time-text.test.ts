import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  canonicalLocale,
  DEFAULT_LOCALE,
  formatDuration,
  isKnownLocale,
  timeText,
  zoneAbbreviation,
} from "../../src/model/time-text.ts";
import { at, ZONE } from "../factory.ts";

const NOW = at("2011-07-20T16:00");

describe("formats per context (default locale en-GB)", () => {
  const time = timeText(ZONE, DEFAULT_LOCALE, NOW);
  it.each([
    ["2011-07-20T15:35", "Wed, 20 Jul 2011, 15:35 EDT", "20 Jul, 15:35 EDT", "15:35 EDT", "19:35 UTC"],
    // Another year: short times keep the year; the zone's name is the one in force that day.
    ["2008-03-04T09:05", "Tue, 4 Mar 2008, 09:05 EST", "4 Mar 2008, 09:05 EST", "09:05 EST", "14:05 UTC"],
    // UTC is on the next day: its day is shown.
    ["2011-07-20T22:30", "Wed, 20 Jul 2011, 22:30 EDT", "20 Jul, 22:30 EDT", "22:30 EDT", "21 Jul, 02:30 UTC"],
  ])("%s: full %s, short %s, clock %s, UTC %s", (instant, full, short, clock, utc) => {
    expect(time.full(at(instant))).toBe(full);
    expect(time.short(at(instant))).toBe(short);
    expect(time.clock(at(instant))).toBe(clock);
    expect(time.utc(at(instant))).toBe(utc);
  });

  it("writes a day with its weekday, and UTC in brackets after a full or short time", () => {
    expect(time.day(at("2011-07-20T23:59"))).toBe("Wed, 20 Jul 2011");
    expect(time.withUtc(at("2011-07-20T15:35"))).toBe("Wed, 20 Jul 2011, 15:35 EDT (19:35 UTC)");
    expect(time.shortWithUtc(at("2011-07-20T15:35"))).toBe("20 Jul, 15:35 EDT (19:35 UTC)");
  });
});

describe("the locale decides order, words and clock", () => {
  const instant = DateTime.fromISO("2026-12-01T11:38", { zone: "Europe/Berlin" });
  it.each([
    ["en-GB", "Tue, 1 Dec 2026, 11:38 CET", "1 Dec, 11:38 CET"],
    ["en-US", "Tue, Dec 1, 2026, 11:38 AM CET", "Dec 1, 11:38 AM CET"],
    ["de-DE", "Di., 1. Dez. 2026, 11:38 MEZ", "1. Dez., 11:38 MEZ"],
  ])("%s: %s", (locale, full, short) => {
    const time = timeText("Europe/Berlin", locale, instant);
    expect(time.full(instant)).toBe(full);
    expect(time.short(instant)).toBe(short);
  });

  it("writes a 12-hour clock without a leading zero and a 24-hour one with it", () => {
    const early = DateTime.fromISO("2026-12-01T09:05", { zone: "Europe/Berlin" });
    expect(timeText("Europe/Berlin", "en-US").clock(early)).toBe("9:05 AM CET");
    expect(timeText("Europe/Berlin", "en-GB").clock(early)).toBe("09:05 CET");
  });

  // Text is written from the wall clock and the cached offset; Intl, given the zone itself, is the
  // reference it must agree with on both sides of each clock change.
  it.each([
    ["America/New_York", "2011-11-06T05:59:00Z"],
    ["America/New_York", "2011-11-06T06:00:00Z"],
    ["America/New_York", "2011-03-13T06:59:00Z"],
    ["America/New_York", "2011-03-13T07:00:00Z"],
    ["Europe/London", "2011-10-30T00:59:00Z"],
    ["Europe/London", "2011-10-30T01:00:00Z"],
    ["Asia/Kolkata", "2011-07-20T20:00:00Z"],
    ["Australia/Lord_Howe", "2011-04-02T15:30:00Z"],
    ["UTC", "2011-07-20T15:35:07Z"],
  ])("in %s, %s reads as Intl reads it in that zone", (zone, iso) => {
    const ms = Date.parse(iso);
    for (const locale of ["en-GB", "en-US", "de-DE"]) {
      const cycle = new Intl.DateTimeFormat(locale, { hour: "numeric" }).resolvedOptions().hourCycle;
      const hour = cycle === "h12" || cycle === "h11" ? "numeric" : "2-digit";
      const intl = new Intl.DateTimeFormat(locale, {
        timeZone: zone,
        weekday: "short",
        day: "numeric",
        month: "short",
        year: "numeric",
        hour,
        minute: "2-digit",
      });
      expect(timeText(zone, locale).full(ms)).toBe(`${intl.format(ms)} ${zoneAbbreviation(zone, ms, locale)}`);
    }
  });
});

describe("zoneAbbreviation", () => {
  const winter = Date.UTC(2026, 0, 15, 12);
  const summer = Date.UTC(2026, 6, 15, 12);
  it.each([
    ["America/New_York", "en-GB", "EST", "EDT"],
    ["Europe/Berlin", "en-GB", "CET", "CEST"],
    // US English has no name for Berlin's zone: the English one people there use, not GMT+1.
    ["Europe/Berlin", "en-US", "CET", "CEST"],
    ["Europe/Berlin", "de-DE", "MEZ", "MESZ"],
    ["Europe/London", "en-GB", "GMT", "BST"],
    ["Asia/Kolkata", "en-GB", "IST", "IST"],
    // Lord Howe moves by half an hour: daylight time in the southern summer
    ["Australia/Lord_Howe", "en-GB", "LHDT", "LHST"],
    ["Asia/Tokyo", "en-GB", "GMT+9", "GMT+9"],
    ["Asia/Tokyo", "ja-JP", "JST", "JST"],
    ["UTC", "en-GB", "UTC", "UTC"],
  ])("%s in %s is %s in January and %s in July", (zone, locale, january, july) => {
    expect([zoneAbbreviation(zone, winter, locale), zoneAbbreviation(zone, summer, locale)]).toEqual([january, july]);
  });
});

describe("locales", () => {
  it("knows BCP 47 tags and writes them canonically", () => {
    expect(isKnownLocale("en-GB")).toBe(true);
    expect(isKnownLocale("de")).toBe(true);
    expect(canonicalLocale("EN-us")).toBe("en-US");
  });

  it("refuses what is not a locale", () => {
    expect(isKnownLocale("english")).toBe(false);
    expect(isKnownLocale("en_GB")).toBe(false);
    expect(isKnownLocale("")).toBe(false);
  });
});

describe("formatDuration", () => {
  it.each([
    ["2011-07-20T15:35", "2011-07-20T16:12", "37 min"],
    ["2011-07-20T15:00", "2011-07-20T17:00", "2 h"],
    ["2011-09-17T00:00", "2011-09-17T09:00", "9 h"],
    ["2010-04-03T22:00", "2010-04-05T01:30", "1 day 3 h 30 min"],
    // Across the autumn change a night from 22:00 to 06:00 lasts nine hours.
    ["2011-11-05T22:00", "2011-11-06T06:00", "9 h"],
    ["2011-03-12T22:00", "2011-03-13T06:00", "7 h"],
  ])("from %s to %s is %s", (start, end, text) => {
    expect(formatDuration(at(start), at(end))).toBe(text);
  });
});
