import type { DateTime } from "luxon";
import type { ServiceView, Site } from "../model/site.ts";
import { formatDay, formatDuration, formatLocal, formatUtc, isoInstant } from "../model/time.ts";
import { absolute, rebaseLinks } from "../routes.ts";

/**
 * Template filters: display only. Everything they show was decided in the site model.
 * Built per site, because links need the deployment path and times need the NOC zone.
 */
export function templateFilters(site: Site) {
  const zone = site.settings.timeZone;
  const byId = new Map(site.services.map((s) => [s.id, s]));
  return {
    /** site path → absolute URL, for canonical links */
    absolute: (url: string): string => absolute(site.settings, url),
    /** rendered Markdown with its root-relative links made absolute, for feeds */
    absoluteLinks: (html: string): string => rebaseLinks(html, (p) => absolute(site.settings, p)),
    /** "Post title · Site", or the title alone when both would not fit a tab (70 characters) */
    pageTitle: (title: string | undefined): string => {
      const name = site.settings.title;
      if (!title) return name;
      const full = `${title} · ${name}`;
      return full.length <= 70 ? full : title;
    },
    iso: (dt: DateTime): string => isoInstant(dt, zone),
    local: (dt: DateTime): string => formatLocal(dt, zone),
    day: (dt: DateTime): string => formatDay(dt, zone),
    utc: (dt: DateTime): string => formatUtc(dt, zone),
    duration: (start: DateTime, end: DateTime): string => formatDuration(start, end),
    services: (ids: readonly string[]): ServiceView[] =>
      ids.map((id) => byId.get(id)).filter((s): s is ServiceView => s !== undefined),
  };
}
