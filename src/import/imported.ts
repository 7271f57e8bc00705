import { DateTime } from "luxon";
import type { Kind, Severity } from "../model/schema.ts";
import { parseAuthorTime } from "../model/time.ts";

/**
 * What every importer gives: posts and services in our terms, and what it could not map. Times are
 * kept as the source wrote them, with their offsets (`sourceTime`).
 */

export interface ImportedPost {
  /** the source's own identity of the item ("statuspage incident p31zjtct2jer"): the ledger's key */
  key: string;
  /** the id the post keeps, when the source has one worth keeping (Statuspage ids, our own API's ids) */
  id?: string | undefined;
  kind: Kind;
  title: string;
  date: string;
  services: string[];
  severity: Severity;
  summary?: string | undefined;
  windows: { start: string; end?: string | undefined }[];
  updates: { at: string; status: string; body: string; impact?: Severity | undefined }[];
  /** Markdown */
  body: string;
}

export interface ImportedService {
  id: string;
  name: string;
  group: string;
  description?: string | undefined;
}

/** Something in the source that is not in the posts written, or not as it was: the item and why. */
export interface Unmapped {
  item: string;
  reason: string;
}

/** What the source says about the site, for a starter settings.yaml in an empty posts folder. */
export interface ImportedSite {
  title?: string | undefined;
  url?: string | undefined;
  timeZone?: string | undefined;
}

export interface Imported {
  posts: ImportedPost[];
  services: ImportedService[];
  unmapped: Unmapped[];
  site: ImportedSite;
}

/**
 * An ISO 8601 time from a source as an author writes it, keeping its offset:
 * `2011-07-20T15:35:00.000-04:00` → `2011-07-20 15:35-04:00`; `Z` stays `Z`. A time without an
 * offset is read in `zoneWithout` (UTC unless said). Undefined when it is not a time.
 */
export function sourceTime(text: unknown, zoneWithout = "UTC"): string | undefined {
  if (typeof text !== "string" || !text.trim()) return undefined;
  const trimmed = text.trim().replace(" ", "T");
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed);
  const dt = DateTime.fromISO(trimmed, hasOffset ? { setZone: true } : { zone: zoneWithout });
  return dt.isValid ? withOwnOffset(dt) : undefined;
}

/** A time as an author writes it in its own offset: `2011-07-20 15:35-04:00`, `Z` for UTC. */
export function withOwnOffset(dt: DateTime): string {
  const clock = dt.toFormat(dt.second ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm");
  return `${clock}${dt.offset === 0 ? "Z" : dt.toFormat("ZZ")}`;
}

/**
 * The instant an imported time names, in milliseconds (0 when it is not one): times with different
 * offsets compare by value; one without an offset is read in `zone`, as the build reads it.
 */
export function instant(text: string, zone = "UTC"): number {
  const parsed = parseAuthorTime(text, zone);
  return parsed.ok ? parsed.value.toMillis() : 0;
}
