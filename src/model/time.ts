import { DateTime, FixedOffsetZone, IANAZone } from "luxon";
import { UsageError } from "../errors.ts";
import { excerpt, quoted } from "./excerpt.ts";

/**
 * Every time an author writes, and every time a page shows, goes through this module.
 *
 * Author times are `YYYY-MM-DD HH:mm[:ss]` in the NOC's zone, or carry an explicit offset or `Z`.
 * They reach us as text: the YAML engine runs without the timestamp type (see frontmatter.ts).
 */

const TIME_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\s*(Z|[+-]\d{2}:?\d{2}))?)?$/;

export const TIME_FORMAT_HINT = '"YYYY-MM-DD HH:mm" in the NOC zone, or with an offset like "2011-07-20 15:35-04:00"';

export type TimeResult = { ok: true; value: DateTime } | { ok: false; message: string };

/** Reads an author's time. `allowDateOnly` lets a bare date mean midnight in the NOC zone. */
export function parseAuthorTime(input: unknown, zone: string, allowDateOnly = false): TimeResult {
  if (input instanceof Date) {
    return { ok: false, message: `found a YAML timestamp; expected ${TIME_FORMAT_HINT}` };
  }
  if (typeof input !== "string") {
    return { ok: false, message: `expected ${TIME_FORMAT_HINT}, found ${excerpt(input)}` };
  }
  const text = input.trim();
  const m = TIME_RE.exec(text);
  if (!m) return { ok: false, message: `${quoted(text)} is not a time; expected ${TIME_FORMAT_HINT}` };
  const [, y, mo, d, h, mi, s, offset] = m;
  if (h === undefined && !allowDateOnly) {
    return { ok: false, message: `${quoted(text)} has a date but no time; expected ${TIME_FORMAT_HINT}` };
  }
  const parts = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h ?? 0),
    minute: Number(mi ?? 0),
    second: Number(s ?? 0),
  };
  if (offset !== undefined && offset !== "Z" && !offsetInRange(offset)) {
    return {
      ok: false,
      message: `${quoted(text)} has the offset ${offset}; offsets run from -12:00 to +14:00, minutes under 60`,
    };
  }
  if (offset !== undefined) {
    const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? "00"}${offset === "Z" ? "Z" : normaliseOffset(offset)}`;
    const dt = DateTime.fromISO(iso, { setZone: true });
    if (!dt.isValid) return { ok: false, message: `${quoted(text)} is not a valid time (${dt.invalidExplanation})` };
    return { ok: true, value: dt };
  }
  return localTime(parts, zone, text);
}

/**
 * A wall-clock time in `zone`. A time skipped by a clock change is an error; a time that happens twice
 * (clocks go back) is its first occurrence, as RFC 5545 reads it.
 */
function localTime(parts: LocalParts, zone: string, text: string): TimeResult {
  const wall = wallMillis(parts);
  if (wall === undefined) {
    // luxon words what is wrong ("you specified 30 (of type number) as a day, which is invalid").
    const probe = DateTime.fromObject(parts, { zone: "utc" });
    return {
      ok: false,
      message: `${quoted(text)} is not a valid date (${probe.invalidExplanation ?? "no such date"})`,
    };
  }
  const first = firstInstant(zone, wall);
  if (!first) {
    return {
      ok: false,
      message: `${quoted(text)} does not exist in ${zone} (the clocks skip it); write the time after the change`,
    };
  }
  return { ok: true, value: DateTime.fromMillis(first.ts, { zone: fixedZone(first.offset) }) };
}

/**
 * The time at `ms` as an author's time is read: at the fixed UTC offset (minutes) it was written
 * with, or was in force in the NOC zone. What a build's cache gives back for a time it saved
 * (src/build/build-cache.ts).
 */
export function timeAtOffset(ms: number, offset: number): DateTime {
  return DateTime.fromMillis(ms, { zone: fixedZone(offset) });
}

/**
 * The first instant at which `zone`'s clocks show `wall` (a wall-clock time read as if in UTC, in
 * milliseconds), with the offset then; undefined when the clocks skip it. The true instant is wall
 * minus the zone's offset then: the offsets in force half a day either side are tried.
 */
function firstInstant(zone: string, wall: number): { offset: number; ts: number } | undefined {
  const offsets = new Set([-HALF_DAY, 0, HALF_DAY].map((d) => zoneOffset(zone, wall + d)));
  return [...offsets]
    .map((offset) => ({ offset, ts: wall - offset * 60_000 }))
    .filter(({ offset, ts }) => zoneOffset(zone, ts) === offset)
    .sort((a, b) => a.ts - b.ts)[0];
}

/** The wall-clock time read as if in UTC, in milliseconds; undefined when there is no such date or time. */
function wallMillis(p: LocalParts): number | undefined {
  if (p.hour > 23 || p.minute > 59 || p.second > 59) return undefined;
  const t = new Date(0);
  t.setUTCFullYear(p.year, p.month - 1, p.day);
  t.setUTCHours(p.hour, p.minute, p.second, 0);
  // Date rolls 30 February over into March: a date that came back different does not exist.
  const same = t.getUTCFullYear() === p.year && t.getUTCMonth() === p.month - 1 && t.getUTCDate() === p.day;
  return same ? t.getTime() : undefined;
}

const fixedZones = new Map<number, FixedOffsetZone>();

/** One luxon zone object per offset, shared by every time at that offset. */
function fixedZone(offset: number): FixedOffsetZone {
  let zone = fixedZones.get(offset);
  if (!zone) {
    zone = FixedOffsetZone.instance(offset);
    fixedZones.set(offset, zone);
  }
  return zone;
}

const HALF_DAY = 12 * 3_600_000;
const DAY = 24 * 3_600_000;
const days = new Map<string, number | null>();
const exact = new Map<string, number>();

/**
 * The zone's UTC offset in minutes at an instant. Asking Intl is the slow part of reading times and
 * offsets change only a few times a year, so each UTC day whose offset is the same at both ends is
 * answered from a cache; only days with a change ask Intl for the instant itself.
 */
export function zoneOffset(zone: string, ts: number): number {
  const day = Math.floor(ts / DAY);
  const dayKey = `${zone} ${day}`;
  let steady = days.get(dayKey);
  if (steady === undefined) {
    const iana = IANAZone.create(zone);
    const start = iana.offset(day * DAY);
    steady = start === iana.offset((day + 1) * DAY - 1) ? start : null;
    days.set(dayKey, steady);
  }
  if (steady !== null) return steady;
  const key = `${zone} ${ts}`;
  let offset = exact.get(key);
  if (offset === undefined) {
    offset = IANAZone.create(zone).offset(ts);
    exact.set(key, offset);
  }
  return offset;
}

type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

/** Real zones lie between UTC-12:00 and UTC+14:00. */
function offsetInRange(offset: string): boolean {
  const [hours, minutes] = normaliseOffset(offset).slice(1).split(":").map(Number);
  if (hours === undefined || minutes === undefined || minutes > 59) return false;
  const total = hours * 60 + minutes;
  return offset.startsWith("-") ? total <= 12 * 60 : total <= 14 * 60;
}

function normaliseOffset(offset: string): string {
  return offset.includes(":") ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** The build clock: `NOC_NOW` (any author time form, or ISO) or the real clock. */
export function resolveNow(text: string | undefined, zone: string): DateTime {
  if (!text) return DateTime.now().setZone(zone);
  const parsed = parseAuthorTime(text, zone, true);
  if (!parsed.ok) throw new UsageError(`--now (or NOC_NOW): ${parsed.message}`);
  return parsed.value.setZone(zone);
}

/**
 * An instant as an author writes it: `2011-07-20 15:35` in the NOC zone, with seconds only when
 * there are any, and with the offset when the bare text would read back as another instant (the
 * second 01:30 of the night the clocks go back).
 */
export function formatAuthorTime(dt: DateTime, zone: string): string {
  const local = dt.setZone(zone);
  const bare = local.toFormat(local.second ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm");
  const back = parseAuthorTime(bare, zone);
  return back.ok && back.value.toMillis() === local.startOf("second").toMillis()
    ? bare
    : `${bare}${local.toFormat("ZZ")}`;
}

/** ISO 8601 with the NOC offset, for `<time datetime>`, feeds and JSON. */
export function isoInstant(dt: DateTime, zone: string): string {
  return isoAtOffset(dt.toMillis(), zone, false);
}

/** ISO 8601 with milliseconds and the NOC offset, as Statuspage's API writes times. */
export function isoTimestamp(dt: DateTime, zone: string): string {
  return isoAtOffset(dt.toMillis(), zone, true);
}

/** Calendar day (yyyy-MM-dd) of an instant in the NOC zone. */
export function localDate(dt: DateTime, zone: string): string {
  const ms = dt.toMillis();
  const w = wallClock(ms, zoneOffset(zone, ms));
  return `${w.year}-${pad(w.month + 1)}-${pad(w.day)}`;
}

/** A calendar day in a zone: its date and the instants it starts and ends (the next day's start). */
export interface LocalDay {
  /** yyyy-MM-dd */
  date: string;
  start: DateTime;
  end: DateTime;
}

/**
 * The `count` calendar days in `zone` that end with the one `now` falls on, oldest first. Each
 * starts at its first instant: midnight, or when the clocks skip midnight (as some zones change),
 * the moment they jump, as luxon's `startOf("day")` has it. Worked out from the cached offsets, not
 * a luxon zone per day: the status history asks for 90 days on every build.
 */
export function localDays(now: DateTime, zone: string, count: number): LocalDay[] {
  const ms = now.toMillis();
  const today = wallClock(ms, zoneOffset(zone, ms));
  // Each day's midnight read as if in UTC, and the day after the last (where the last ends).
  const walls = Array.from({ length: count + 1 }, (_, i) =>
    Date.UTC(today.year, today.month, today.day - count + 1 + i),
  );
  const starts = walls.map((wall) => dayStart(zone, wall));
  return starts.slice(0, count).map((start, i) => {
    const end = starts[i + 1] as number;
    return {
      date: new Date(walls[i] as number).toISOString().slice(0, 10),
      start: timeAtOffset(start, zoneOffset(zone, start)),
      end: timeAtOffset(end, zoneOffset(zone, end)),
    };
  });
}

/** The first instant of the day whose midnight, read as if in UTC, is `wall`. */
function dayStart(zone: string, wall: number): number {
  // Midnight skipped: the day starts when the clocks jump, midnight at the old offset.
  return firstInstant(zone, wall)?.ts ?? wall - zoneOffset(zone, wall - HALF_DAY) * 60_000;
}

/**
 * Machine times (ISO 8601, calendar days) go from the instant and the cached zone offset straight to
 * text, without making luxon objects: pages and feeds write thousands. Times for readers are in
 * time-text.ts.
 */
interface WallClock {
  year: number;
  /** 0-11 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

function wallClock(ms: number, offsetMinutes: number): WallClock {
  const t = new Date(ms + offsetMinutes * 60_000);
  return {
    year: t.getUTCFullYear(),
    month: t.getUTCMonth(),
    day: t.getUTCDate(),
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
    second: t.getUTCSeconds(),
    millisecond: t.getUTCMilliseconds(),
  };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** `2011-07-20T15:35:00-04:00`, `Z` for UTC; milliseconds always, or only when there are any. */
function isoAtOffset(ms: number, zone: string, withMilliseconds: boolean): string {
  const offset = zoneOffset(zone, ms);
  const w = wallClock(ms, offset);
  const fraction = withMilliseconds || w.millisecond ? `.${pad(w.millisecond, 3)}` : "";
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const suffix = offset === 0 ? "Z" : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${w.year}-${pad(w.month + 1)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${fraction}${suffix}`;
}
