import { IANAZone } from "luxon";
import { compiledFormat } from "./date-pattern.ts";
import { zoneOffset } from "./time.ts";

/**
 * Times as readers see them, in the site's `locale` (BCP 47): one format per context.
 *
 * - full, on a post page and in feeds, messages and commands: "Tue, 1 Dec 2026, 11:38 CET"
 * - short, in lists, banners and search results: "1 Dec, 11:38 CET", with the year when it is not
 *   the build's year ("4 Mar 2008, 09:05 EST")
 * - clock, the end of a window on its start's day: "13:00 CET"
 * - day: "Tue, 1 Dec 2026"
 * - UTC beside each: "10:38 UTC", with the day when it is not the local one ("30 Nov, 23:38 UTC")
 *
 * Intl writes every text in the locale's own order, words and clock (24 h in en-GB, AM/PM in en-US),
 * through its pattern (date-pattern.ts: Intl's output, without Intl per time). It is given the
 * wall-clock time as if in UTC: the NOC offset comes from the cache in time.ts, so no zone is looked
 * up per time.
 */

/** The locale when settings name none: day before month, a 24-hour clock, English words. */
export const DEFAULT_LOCALE = "en-GB";

export interface TimeText {
  readonly locale: string;
  full(dt: Instant): string;
  short(dt: Instant): string;
  clock(dt: Instant): string;
  day(dt: Instant): string;
  /** the same instant in UTC, with its day only when that differs from the local one */
  utc(dt: Instant): string;
  /** full, with UTC in brackets: a time in plain text */
  withUtc(dt: Instant): string;
  /** short, with UTC in brackets */
  shortWithUtc(dt: Instant): string;
}

/** Anything that knows its instant: a luxon DateTime, or milliseconds. */
export type Instant = { toMillis(): number } | number;

/** True when Intl knows the locale as BCP 47; its canonical spelling otherwise comes from `canonicalLocale`. */
export function isKnownLocale(locale: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(locale).length === 1;
  } catch {
    return false;
  }
}

export function canonicalLocale(locale: string): string {
  return Intl.getCanonicalLocales(locale)[0] ?? locale;
}

const texts = new Map<string, TimeText>();

/** The formats for a zone and locale; `now` decides which year short times leave out. */
export function timeText(zone: string, locale: string = DEFAULT_LOCALE, now?: Instant): TimeText {
  const thisYear = now === undefined ? undefined : wallDate(ms(now), zone).getUTCFullYear();
  const key = `${zone} ${locale} ${thisYear}`;
  let text = texts.get(key);
  if (!text) {
    text = makeTimeText(zone, locale, thisYear);
    texts.set(key, text);
  }
  return text;
}

function makeTimeText(zone: string, locale: string, thisYear: number | undefined): TimeText {
  const hour = hourStyle(locale);
  const f = (options: Intl.DateTimeFormatOptions) => {
    const intl = new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" });
    const write = compiledFormat(intl);
    return { format: (at: number | Date) => write(typeof at === "number" ? new Date(at) : at) };
  };
  const clock = f({ hour, minute: "2-digit" });
  const full = f({ weekday: "short", day: "numeric", month: "short", year: "numeric", hour, minute: "2-digit" });
  const short = f({ day: "numeric", month: "short", hour, minute: "2-digit" });
  const shortYear = f({ day: "numeric", month: "short", year: "numeric", hour, minute: "2-digit" });
  const day = f({ weekday: "short", day: "numeric", month: "short", year: "numeric" });
  const named = (at: number, format: { format(at: Date): string }) =>
    `${format.format(wallDate(at, zone))} ${zoneAbbreviation(zone, at, locale)}`;
  const utc = (dt: Instant) => {
    const at = ms(dt);
    const sameDay = wallDate(at, zone).getUTCDate() === new Date(at).getUTCDate();
    return `${(sameDay ? clock : short).format(at)} UTC`;
  };
  const text: TimeText = {
    locale,
    full: (dt) => named(ms(dt), full),
    short: (dt) => {
      const at = ms(dt);
      return named(at, wallDate(at, zone).getUTCFullYear() === thisYear ? short : shortYear);
    },
    clock: (dt) => named(ms(dt), clock),
    day: (dt) => day.format(wallDate(ms(dt), zone)),
    utc,
    withUtc: (dt) => `${text.full(dt)} (${utc(dt)})`,
    shortWithUtc: (dt) => `${text.short(dt)} (${utc(dt)})`,
  };
  return text;
}

/** Two digits for a 24-hour clock ("09:05"), as a NOC writes it; as the locale has it for a 12-hour one ("9:05 AM"). */
function hourStyle(locale: string): "2-digit" | "numeric" {
  const cycle = new Intl.DateTimeFormat(locale, { hour: "numeric" }).resolvedOptions().hourCycle;
  return cycle === "h11" || cycle === "h12" ? "numeric" : "2-digit";
}

function ms(dt: Instant): number {
  return typeof dt === "number" ? dt : dt.toMillis();
}

/** The wall clock in `zone` at an instant, as a Date whose UTC fields read it. */
function wallDate(at: number, zone: string): Date {
  return new Date(at + zoneOffset(zone, at) * 60_000);
}

const abbreviations = new Map<string, string>();

/**
 * English locales whose short zone names Intl knows: US English names only the US zones ("CET" is
 * "GMT+1" there), British English Europe's, Indian English IST, Australian and New Zealand English
 * theirs, South African English SAST.
 */
const NAME_LOCALES = ["en-US", "en-GB", "en-IN", "en-AU", "en-NZ", "en-ZA"] as const;

/** "GMT+1", "UTC−5", "GMT+5:30": an offset, not a name. */
const OFFSET_NAME = /[+\-−]\S/;

/**
 * The zone's short name at an instant: the locale's own ("MEZ" in de-DE, "CET" in en-GB) when it
 * has one; else as English speakers there write it (the first of NAME_LOCALES with a name: "EST",
 * "IST", "LHST"); else the locale's offset ("GMT+9"). Names change only when the offset does, so
 * each is asked of Intl once per zone, offset and locale.
 */
export function zoneAbbreviation(zone: string, at: number, locale: string = DEFAULT_LOCALE): string {
  const key = `${zone} ${zoneOffset(zone, at)} ${locale}`;
  let name = abbreviations.get(key);
  if (name === undefined) {
    const iana = IANAZone.create(zone);
    const own = iana.offsetName(at, { format: "short", locale }) ?? "";
    const english = NAME_LOCALES.map((l) => iana.offsetName(at, { format: "short", locale: l }) ?? "");
    name = [own, ...english].find((n) => n && !OFFSET_NAME.test(n)) ?? own;
    abbreviations.set(key, name);
  }
  return name;
}

/** "1 h 37 min", "3 days 2 h" */
export function formatDuration(start: Instant, end: Instant): string {
  const minutes = Math.round((ms(end) - ms(start)) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} ${days === 1 ? "day" : "days"}`);
  if (hours) parts.push(`${hours} h`);
  if (mins || parts.length === 0) parts.push(`${mins} min`);
  return parts.join(" ");
}
