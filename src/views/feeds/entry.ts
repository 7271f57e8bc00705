import type { DateTime } from "luxon";
import type { Post, ServiceView, Site } from "../../model/site.ts";
import { escapeHtml } from "../../model/text.ts";
import { formatDuration, formatLocal, formatUtc } from "../../model/time.ts";
import { absolute, rebaseLinks, tagUri } from "../../routes.ts";

/** One post as every feed format carries it: built once per post, shared by all feeds. */
export interface Entry {
  /** `tag:` IRI from the post id: stable across rebuilds, clocks and site addresses */
  id: string;
  /** plain text, with the current state first ("Resolved: ...") */
  title: string;
  link: string;
  published: DateTime;
  updated: DateTime;
  /** the full story as HTML with absolute links */
  content: string;
  summary: string | undefined;
  categories: { term: string; label: string }[];
}

/** A post's entry, made the first time a feed asks for it and shared by every feed after. */
export type Entries = (post: Post) => Entry;

export function feedEntries(site: Site): Entries {
  const services = new Map(site.services.map((s) => [s.id, s]));
  const made = new Map<string, Entry>();
  return (post) => {
    let entry = made.get(post.id);
    if (!entry) {
      entry = entryFor(post, site, services);
      made.set(post.id, entry);
    }
    return entry;
  };
}

function entryFor(post: Post, site: Site, services: Map<string, ServiceView>): Entry {
  return {
    id: tagUri(site.settings, `post:${post.id}`),
    title: post.kind === "notice" ? post.title : `${post.stateLabel}: ${post.title}`,
    link: absolute(site.settings, post.url),
    published: post.date,
    updated: post.updated,
    content: entryContent(post, site, services),
    summary: post.summary,
    categories: [
      { term: post.kind, label: post.kindLabel },
      ...post.services.map((id) => ({ term: id, label: services.get(id)?.name ?? id })),
    ],
  };
}

function entryContent(post: Post, site: Site, services: Map<string, ServiceView>): string {
  const { settings } = site;
  const zone = settings.timeZone;
  const link = (path: string) => absolute(settings, path);
  const when = (dt: DateTime) => `${escapeHtml(formatLocal(dt, zone))} (${escapeHtml(formatUtc(dt, zone))})`;
  const serviceLinks = (ids: string[]) =>
    ids
      .map((id) => services.get(id))
      .filter((s): s is ServiceView => s !== undefined)
      .map((s) => `<a href="${escapeHtml(link(s.url))}">${escapeHtml(s.name)}</a>`)
      .join(", ");

  const parts: string[] = [];
  const facts = [post.kindLabel];
  if (post.kind !== "notice") facts.unshift(`<strong>${escapeHtml(post.stateLabel)}</strong>`);
  if (post.severity !== "none")
    facts.push(`${post.severityLabel} ${post.kind === "maintenance" ? "expected impact" : "impact"}`);
  parts.push(`<p>${facts.join(" · ")}</p>`);
  if (post.services.length > 0) parts.push(`<p>Affects: ${serviceLinks(post.services)}</p>`);
  if (post.windows.length > 0) {
    parts.push(`<h3>${post.kind === "maintenance" ? "Maintenance windows" : "Impact"}</h3>`, "<ul>");
    for (const w of post.windows) {
      const range = w.end
        ? `${when(w.start)} – ${when(w.end)}, ${formatDuration(w.start, w.end)}`
        : `${when(w.start)} – ongoing`;
      const note = w.note ? ` — ${escapeHtml(w.note)}` : "";
      const which = post.windows.length > 1 ? ` (${serviceLinks(w.services)})` : "";
      parts.push(`<li>${range}${note}${which}</li>`);
    }
    parts.push("</ul>");
  }
  if (post.updates.length > 0) {
    parts.push("<h3>Updates</h3>", "<ul>");
    for (const u of [...post.updates].reverse()) {
      parts.push(`<li><p><strong>${escapeHtml(u.label)}</strong> · ${when(u.at)}</p>${rebaseLinks(u.html, link)}</li>`);
    }
    parts.push("</ul>");
  }
  if (post.html.trim()) parts.push("<hr>", rebaseLinks(post.html, link));
  return parts.join("\n");
}
