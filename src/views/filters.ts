import type { DateTime } from "luxon";
import type { Post, ServiceView, Site } from "../model/site.ts";
import { isoInstant, localDate } from "../model/time.ts";
import { formatDuration, timeText } from "../model/time-text.ts";
import { absolute, rebaseLinks } from "../routes.ts";

/**
 * Template filters: display only. Everything they show was decided in the site model.
 * Built per site, because links need the deployment path and times need the NOC zone.
 */
export function templateFilters(site: Site) {
  const zone = site.settings.timeZone;
  const time = timeText(zone, site.settings.locale, site.now);
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
    /** a time in the context's format (time-text.ts): "full", "short" or "clock" */
    local: (dt: DateTime, format: "full" | "short" | "clock" = "full"): string => time[format](dt),
    day: (dt: DateTime): string => time.day(dt),
    utc: (dt: DateTime): string => time.utc(dt),
    /** true when both instants fall on one day in the NOC zone: a window's end then needs only its clock */
    sameDay: (a: DateTime, b: DateTime): boolean => localDate(a, zone) === localDate(b, zone),
    duration: (start: DateTime, end: DateTime): string => formatDuration(start, end),
    /**
     * A maintenance's windows as "start/end start/end" (ISO) while its state is the one its windows
     * give (scheduled or in progress): public/freshness.js moves it on in the reader's browser.
     */
    timedWindows: (post: Post): string =>
      post.kind === "maintenance" && (post.state === "scheduled" || post.state === "in_progress")
        ? post.windows
            .filter((w) => w.end)
            .map((w) => `${isoInstant(w.start, zone)}/${isoInstant(w.end ?? w.start, zone)}`)
            .join(" ")
        : "",
    services: (ids: readonly string[]): ServiceView[] =>
      ids.map((id) => byId.get(id)).filter((s): s is ServiceView => s !== undefined),
  };
}
