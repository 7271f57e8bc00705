import ical, { ICalEventStatus } from "ical-generator";
import type { Severity } from "../../model/schema.ts";
import type { Post, Site } from "../../model/site.ts";
import { calendarMaintenance, type WindowState, windowState } from "../../model/status.ts";
import { htmlToParagraphs } from "../../model/text.ts";
import { absolute, authorityDomain, kindPath } from "../../routes.ts";

/**
 * Maintenance calendars (RFC 5545): one VEVENT per maintenance window, times in UTC.
 *
 * UID: `<post id>-<window number>@<tag authority domain>`, stable for the post and window.
 * SEQUENCE: the number of updates published on the post, so it grows each time the NOC posts an
 * update (record a moved window with an update, and calendars pick the move up).
 * The X-MAINTNOTE-* properties follow the maintenance-notification BCOP; the mapping is in the README.
 * Like a feed, a calendar holds every upcoming maintenance and the latest `feedLimit` of the rest.
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

/**
 * Makes the site's calendars. ical-generator writes every property; its final line folding creates
 * an encoder per character, which made calendars the slowest part of a build, so each event is
 * written once, shared by every calendar it is in, and folded here by the same rule (`foldLines`).
 */
export class CalendarWriter {
  private readonly events = new Map<string, string>();
  private readonly scratch;
  private readonly domain: string;
  private readonly site: Site;

  constructor(site: Site) {
    this.site = site;
    this.domain = authorityDomain(site.settings);
    this.scratch = this.calendar("scratch");
  }

  private calendar(name: string) {
    const { settings } = this.site;
    // ical-generator writes the calendar's name and PRODID as given: escaped here (RFC 5545 §3.3.11),
    // or a line break in the site's title or the author's name would start a property of its own.
    return ical({
      name: escapeText(name),
      prodId: {
        company: escapeText(settings.author.name.replaceAll("//", "/")),
        product: "NOC status site",
        language: "EN",
      },
      url: absolute(settings, kindPath("maintenance")),
      // Calendar apps that honour it refresh hourly.
      ttl: 60 * 60,
    });
  }

  /**
   * The maintenance posts a calendar of `posts` holds: those with a window touching the service
   * (`options.serviceId`), every open one and the latest `feedLimit` of the rest. A calendar is made
   * of these alone (with the settings and the clock), so a build keys it by them.
   */
  select(posts: readonly Post[], options: CalendarOptions): Post[] {
    const { serviceId } = options;
    const touching = serviceId ? posts.filter((p) => p.windows.some((w) => w.services.includes(serviceId))) : posts;
    return calendarMaintenance(touching, this.site.settings.feedLimit, this.site.now);
  }

  /** The calendar of `selected` (`select`). */
  write(selected: readonly Post[], options: CalendarOptions): string {
    const events: string[] = [];
    for (const post of selected) {
      post.windows.forEach((window, index) => {
        if (!window.end) return;
        if (options.serviceId && !window.services.includes(options.serviceId)) return;
        events.push(this.event(post, index));
      });
    }
    const [head, tail] = this.calendar(options.name)
      .toString()
      .split(/(?=END:VCALENDAR$)/);
    // RFC 5545 ends every content line, the last one too, with CRLF.
    return `${head}${events.join("")}${tail}\r\n`;
  }

  /** One window's VEVENT, folded, ending with CRLF. */
  private event(post: Post, index: number): string {
    const key = `${post.id}#${index}`;
    const cached = this.events.get(key);
    if (cached) return cached;
    const window = post.windows[index];
    if (!window?.end) return "";
    const { settings } = this.site;
    const maintenanceId = `${post.id}-${index + 1}`;
    const cancelled = post.state === "cancelled";
    const several = post.windows.length > 1 ? ` (${index + 1} of ${post.windows.length})` : "";
    const event = this.scratch.createEvent({
      id: `${maintenanceId}@${this.domain}`,
      sequence: post.updates.length,
      stamp: post.updated.toJSDate(),
      start: window.start.toJSDate(),
      end: window.end.toJSDate(),
      summary: `${cancelled ? "Cancelled: " : ""}${post.title}${several}`,
      description: description(post, window.note),
      url: absolute(settings, post.url),
      // Tools that read providers' maintenance notices (the BCOP's parsers) expect an organizer.
      ...(settings.author.email
        ? { organizer: { name: escapeText(settings.author.name), email: settings.author.email } }
        : {}),
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      x: [
        ["X-MAINTNOTE-PROVIDER", this.domain],
        ["X-MAINTNOTE-ACCOUNT", "public"],
        ["X-MAINTNOTE-MAINTENANCE-ID", maintenanceId],
        ["X-MAINTNOTE-IMPACT", IMPACT[post.severity]],
        ...window.services.map((id): [string, string] => [
          `X-MAINTNOTE-OBJECT-ID;X-MAINTNOTE-OBJECT-IMPACT=${IMPACT[post.severity]}`,
          id,
        ]),
        ["X-MAINTNOTE-STATUS", MAINTNOTE_STATUS[windowState(post, window, this.site.now)]],
      ],
    });
    const text = foldLines(event.toString());
    this.events.set(key, text);
    return text;
  }
}

/** RFC 5545 TEXT: backslash, semicolon and comma escaped, line breaks as `\n`. */
export function escapeText(text: string): string {
  return text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, "\\n");
}

/** One calendar, for callers that need only one. */
export function maintenanceCalendar(site: Site, posts: Post[], options: CalendarOptions): string {
  const writer = new CalendarWriter(site);
  return writer.write(writer.select(posts, options), options);
}

/**
 * RFC 5545 §3.1 line folding, as ical-generator does it: a line longer than 74 octets of UTF-8
 * continues on the next line after CRLF and a space, never splitting a character.
 */
export function foldLines(text: string): string {
  return text.split("\r\n").map(foldLine).join("\r\n");
}

const FOLD_AT = 74;

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function foldLine(line: string): string {
  // Plain ASCII (most lines): one octet per character.
  if (isAscii(line)) {
    if (line.length <= FOLD_AT) return line;
    const parts: string[] = [];
    for (let i = 0; i < line.length; i += FOLD_AT) parts.push(line.slice(i, i + FOLD_AT));
    return parts.join("\r\n ");
  }
  const parts: string[] = [];
  let start = 0;
  let octets = 0;
  for (let i = 0; i < line.length; ) {
    const code = line.codePointAt(i) ?? 0;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    octets += size;
    if (octets > FOLD_AT) {
      parts.push(line.slice(start, i));
      start = i;
      octets = size;
    }
    i += code > 0xffff ? 2 : 1;
  }
  parts.push(line.slice(start));
  return parts.join("\r\n ");
}

/** Note, status, latest update and the start of the body: a calendar shows a summary, the URL the rest. */
function description(post: Post, note: string | undefined): string {
  const latest = post.updates.at(-1);
  return [
    note,
    `Status: ${post.stateLabel}.`,
    latest ? `Latest update: ${htmlToParagraphs(latest.html)}` : undefined,
    shorten(htmlToParagraphs(post.html), DESCRIPTION_LENGTH),
  ]
    .filter(Boolean)
    .join("\n\n");
}

const DESCRIPTION_LENGTH = 500;

function shorten(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), length / 2)).trimEnd()}…`;
}

/** The BCOP's words for a window's state (the state itself is the model's, src/model/status.ts). */
const MAINTNOTE_STATUS: Record<WindowState, string> = {
  cancelled: "CANCELLED",
  completed: "COMPLETED",
  in_progress: "IN-PROCESS",
  scheduled: "CONFIRMED",
};
