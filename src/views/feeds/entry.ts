import type { DateTime } from "luxon";
import type { Post, Schedule, ServiceView, Site } from "../../model/site.ts";
import { type TimeText, timeText } from "../../model/time-text.ts";
import { absolute, tagUri } from "../../routes.ts";
import { siteTemplates, type TemplateEngine } from "../nunjucks.ts";

/** One post as every feed format carries it: built once per post, shared by all feeds. */
export interface Entry {
  /** `tag:` IRI from the post id: stable across rebuilds, clocks and site addresses */
  id: string;
  /** plain text, with the current state first ("Resolved: ..."); a maintenance's summary starts with when */
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

export function feedEntries(site: Site, templates: TemplateEngine = siteTemplates(site)): Entries {
  const services = new Map(site.services.map((s) => [s.id, s]));
  const made = new Map<string, Entry>();
  return (post) => {
    let entry = made.get(post.id);
    if (!entry) {
      entry = entryFor(post, site, services, templates);
      made.set(post.id, entry);
    }
    return entry;
  };
}

function entryFor(post: Post, site: Site, services: Map<string, ServiceView>, templates: TemplateEngine): Entry {
  return {
    id: tagUri(site.settings, `post:${post.id}`),
    title: post.kind === "notice" ? post.title : `${post.stateLabel}: ${post.title}`,
    link: absolute(site.settings, post.url),
    published: post.date,
    updated: post.updated,
    // The template ends every part with a line break; the last one is not part of the content.
    content: templates.render("feed-entry.njk", { post, site }).slice(0, -1),
    summary:
      [
        post.schedule ? `${scheduleText(post.schedule, timeText(site.settings.timeZone, site.settings.locale))}.` : "",
        post.summary ?? "",
      ]
        .filter(Boolean)
        .join(" ") || undefined,
    categories: [
      { term: post.kind, label: post.kindLabel },
      ...post.services.map((id) => ({ term: id, label: services.get(id)?.name ?? id })),
    ],
  };
}

/** A maintenance's window in a summary: "Thu, 15 Sep 2011, 21:00 EDT (01:00 UTC) to ... and 4 more windows". */
function scheduleText(schedule: Schedule, time: TimeText): string {
  const when = time.withUtc;
  const { window, inProgress, more } = schedule;
  const main = inProgress
    ? `In progress until ${window.end ? when(window.end) : "further notice"}`
    : `${when(window.start)} to ${window.end ? when(window.end) : "open end"}`;
  return more > 0 ? `${main}, and ${more} more ${more === 1 ? "window" : "windows"}` : main;
}
