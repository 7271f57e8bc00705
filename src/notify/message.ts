import type { NotifyEvent } from "../model/events.ts";
import type { Site } from "../model/site.ts";
import { escapeHtml, htmlToParagraphs } from "../model/text.ts";
import { formatDuration, timeText } from "../model/time-text.ts";
import { absolute, rebaseLinks } from "../routes.ts";

/**
 * One event as every channel tells it: the words are made once here, and each channel
 * (src/notify/channels/) only lays them out in its own format and size.
 */
export interface Message {
  event: NotifyEvent;
  /** "[Incident · Resolved] Mail delays" */
  subject: string;
  /** "Resolved", "Reminder: starts in 24 hours", "Rescheduled" */
  status: string;
  title: string;
  /** "Tue, 1 Dec 2026, 10:47 EST (15:47 UTC)" */
  when: string;
  /** what the update or announcement says, as plain text paragraphs */
  body: string;
  /** the same as HTML (rendered Markdown) */
  bodyHtml: string;
  /** the post's page */
  url: string;
  services: string[];
  /** the maintenance windows, one line each */
  windows: string[];
  severity: string;
  /** plain text of the whole message */
  text: string;
  /** HTML of the whole message (email) */
  html: string;
}

const STATUS_WORDS: Record<NotifyEvent["type"], string> = {
  "incident.published": "New incident",
  "incident.updated": "Update",
  "incident.resolved": "Resolved",
  "incident.reopened": "Reopened",
  "incident.postmortem": "Post-mortem",
  "maintenance.published": "Scheduled maintenance",
  "maintenance.updated": "Update",
  "maintenance.rescheduled": "Rescheduled",
  "maintenance.cancelled": "Cancelled",
  "maintenance.reminder": "Reminder",
  "maintenance.started": "Maintenance window started",
  "maintenance.completed": "Completed",
  "notice.published": "Notice",
  "notice.updated": "Update",
};

export function message(event: NotifyEvent, site: Site): Message {
  const { post } = event;
  const when = timeText(site.settings.timeZone, site.settings.locale).withUtc;
  const names = new Map(site.services.map((s) => [s.id, s.name]));
  const services = post.services.map((id) => names.get(id) ?? id);
  // An incident's impact as the model works it out: ends from resolutions, reopenings added.
  const periods = post.kind === "maintenance" ? post.windows : post.periods;
  const windows = periods.map(
    (w) => `${when(w.start)} – ${w.end ? `${when(w.end)}, ${formatDuration(w.start, w.end)}` : "open-ended"}`,
  );
  // An update's own words ("Reopened: investigating"), else the event's.
  const status =
    event.type === "maintenance.reminder"
      ? `Reminder: starts in ${hours(event.leadHours ?? 0)}`
      : (event.update?.label ?? STATUS_WORDS[event.type]);

  const bodyHtml = event.update
    ? event.update.html
    : event.type.endsWith(".published")
      ? [post.html, ...post.updates.filter((u) => u.at <= post.date).map((u) => u.html)].filter(Boolean).join("\n")
      : "";
  const body = plainText(bodyHtml);
  const kind = post.kindLabel;
  const subject = `[${kind} · ${status}] ${post.title}`;
  const url = absolute(site.settings, post.url);
  const severity = post.kind === "notice" ? "" : post.severityLabel;
  const at = event.type === "maintenance.rescheduled" || event.type === "maintenance.reminder" ? null : event.at;

  const facts = [
    at ? `${status} · ${when(at)}` : status,
    event.type === "maintenance.reminder" && event.window ? `Starts: ${when(event.window.start)}` : "",
    services.length ? `Services: ${services.join(", ")}` : "",
    severity && severity !== "None" ? `${post.kind === "maintenance" ? "Expected impact" : "Impact"}: ${severity}` : "",
  ].filter(Boolean);
  const text = [
    post.title,
    "",
    ...facts,
    ...(windows.length
      ? ["", post.kind === "maintenance" ? "Windows:" : "Affected periods:", ...windows.map((w) => `- ${w}`)]
      : []),
    ...(body ? ["", body] : []),
    "",
    `More, and every update: ${url}`,
    "",
    `— ${site.settings.title}. ${site.contact.text}`,
    "",
  ].join("\n");
  const html = [
    `<h1>${escapeHtml(post.title)}</h1>`,
    ...facts.map((f) => `<p>${escapeHtml(f)}</p>`),
    windows.length
      ? `<p>${post.kind === "maintenance" ? "Windows" : "Affected periods"}:</p><ul>${windows.map((w) => `<li>${escapeHtml(w)}</li>`).join("")}</ul>`
      : "",
    bodyHtml,
    `<p><a href="${escapeHtml(url)}">More, and every update</a></p>`,
    `<p>— ${escapeHtml(site.settings.title)}. ${rebaseLinks(site.contact.html, (p) => absolute(site.settings, p))}</p>`,
  ]
    .filter(Boolean)
    .join("\n");
  return {
    event,
    subject,
    status,
    title: post.title,
    when: at ? when(at) : "",
    body,
    bodyHtml,
    url,
    services,
    windows,
    severity,
    text,
    html,
  };
}

/** Rendered Markdown as text for a message: a blank line between blocks, list items on lines of their own. */
function plainText(html: string): string {
  return htmlToParagraphs(
    html
      .replace(/<li>\s*/g, "- ")
      .replace(/<\/li>\s*/g, "\n")
      .replace(/<\/(p|h[1-6]|pre|blockquote|ul|ol)>\s*/g, "</$1>\n\n"),
  );
}

function hours(n: number): string {
  if (n % 24 === 0 && n >= 24) return n === 24 ? "24 hours" : `${n / 24} days`;
  return n === 1 ? "1 hour" : `${n} hours`;
}

/** Cuts `text` to at most `limit` characters (code points), ending with "…" when cut. */
export function truncate(text: string, limit: number): string {
  const chars = [...text];
  if (chars.length <= limit) return text;
  return `${chars
    .slice(0, Math.max(0, limit - 1))
    .join("")
    .trimEnd()}…`;
}
