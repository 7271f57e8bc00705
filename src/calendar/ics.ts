import ical, { ICalEventStatus } from "ical-generator";
import { htmlToText } from "../markdown.ts";
import type { Severity } from "../schema.ts";
import type { Post, Site } from "../site.ts";
import { absolute, authorityDomain } from "../urls.ts";

/**
 * Maintenance calendars (RFC 5545): one VEVENT per maintenance window, times in UTC.
 *
 * UID: `<post id>-<window number>@<tag authority domain>`, stable for the post and window.
 * SEQUENCE: the number of updates published on the post, so it grows each time the NOC posts an
 * update (record a moved window with an update, and calendars pick the move up).
 * The X-MAINTNOTE-* properties follow the maintenance-notification BCOP; the mapping is in the README.
 */

const IMPACT: Record<Severity, string> = {
  none: "NO-IMPACT",
  minor: "REDUCED-REDUNDANCY",
  major: "DEGRADED",
  critical: "OUTAGE",
};

export interface CalendarOptions {
  name: string;
  /** only windows touching this service */
  serviceId?: string;
}

export function maintenanceCalendar(site: Site, posts: Post[], options: CalendarOptions): string {
  const { settings } = site;
  const domain = authorityDomain(settings);
  const calendar = ical({
    name: options.name,
    prodId: { company: settings.author.name, product: "NOC status site", language: "EN" },
    url: absolute(settings, "/maintenance/"),
    // Calendar apps that honour it refresh hourly.
    ttl: 60 * 60,
  });
  for (const post of posts.filter((p) => p.kind === "maintenance")) {
    post.windows.forEach((window, index) => {
      if (!window.end) return;
      if (options.serviceId && !window.services.includes(options.serviceId)) return;
      const maintenanceId = `${post.id}-${index + 1}`;
      const cancelled = post.state === "cancelled";
      calendar.createEvent({
        id: `${maintenanceId}@${domain}`,
        sequence: post.updates.length,
        stamp: post.updated.toJSDate(),
        start: window.start.toJSDate(),
        end: window.end.toJSDate(),
        summary: `${cancelled ? "Cancelled: " : ""}${post.title}${post.windows.length > 1 ? ` (${index + 1} of ${post.windows.length})` : ""}`,
        description: description(post, window.note),
        url: absolute(settings, post.url),
        status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
        x: [
          ["X-MAINTNOTE-PROVIDER", domain],
          ["X-MAINTNOTE-ACCOUNT", "public"],
          ["X-MAINTNOTE-MAINTENANCE-ID", maintenanceId],
          ["X-MAINTNOTE-IMPACT", IMPACT[post.severity]],
          ...window.services.map((id): [string, string] => [
            `X-MAINTNOTE-OBJECT-ID;X-MAINTNOTE-OBJECT-IMPACT=${IMPACT[post.severity]}`,
            id,
          ]),
          ["X-MAINTNOTE-STATUS", maintNoteStatus(post, window.start, window.end, site)],
        ],
      });
    });
  }
  // RFC 5545 ends every content line, the last one too, with CRLF.
  return `${calendar.toString()}\r\n`;
}

function description(post: Post, note: string | undefined): string {
  const latest = post.updates.at(-1);
  return [
    note,
    `Status: ${post.stateLabel}.`,
    latest ? `Latest update: ${htmlToText(latest.html)}` : undefined,
    htmlToText(post.html),
  ]
    .filter(Boolean)
    .join("\n\n");
}

/** TENTATIVE, CONFIRMED, CANCELLED, IN-PROCESS or COMPLETED, for this window at the build's now. */
function maintNoteStatus(post: Post, start: Post["date"], end: Post["date"], site: Site): string {
  if (post.state === "cancelled") return "CANCELLED";
  if (post.state === "completed" || end <= site.now) return "COMPLETED";
  if (start <= site.now) return "IN-PROCESS";
  return "CONFIRMED";
}
