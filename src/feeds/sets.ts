import { DateTime } from "luxon";
import { KIND_PATHS, newestUpdate, type Post, type Site } from "../site.ts";

/**
 * What partners can subscribe to: the whole site, one kind, or one service. Every output format
 * (Atom, RSS, JSON Feed, OPML, the subscribe page) is made from these sets.
 */
export interface FeedSet {
  key: string;
  title: string;
  description: string;
  /** site path of the HTML page the feed mirrors; the feed files sit in that folder */
  page: string;
  /** the latest entries, most recently updated first */
  posts: Post[];
  /** the newest entry's update time; never the build clock, so builds are reproducible */
  updated: DateTime;
}

export const FEED_FILES = { atom: "feed.xml", rss: "rss.xml", json: "feed.json" } as const;
export type FeedFormat = keyof typeof FEED_FILES;

export function feedPath(set: Pick<FeedSet, "page">, format: FeedFormat): string {
  return `${set.page}${FEED_FILES[format]}`;
}

export function feedSets(site: Site): FeedSet[] {
  const { settings } = site;
  const siteTitle = settings.title;
  const make = (key: string, title: string, description: string, page: string, posts: Post[]): FeedSet => {
    const latest = [...posts].sort(recentlyUpdatedFirst).slice(0, settings.feedLimit);
    return { key, title, description, page, posts: latest, updated: feedUpdated(latest, site.posts) };
  };
  return [
    make(
      "site",
      siteTitle,
      settings.description ?? `Incidents, maintenance and notices from ${siteTitle}.`,
      "/",
      site.posts,
    ),
    ...Object.entries(KIND_PATHS).map(([kind, { url, title }]) =>
      make(
        `kind-${kind}`,
        `${siteTitle}: ${title}`,
        `${title} only.`,
        url,
        site.posts.filter((p) => p.kind === kind),
      ),
    ),
    ...site.services.map((s) =>
      make(
        `service-${s.id}`,
        `${siteTitle}: ${s.name}`,
        `Incidents, maintenance and notices for ${s.name}.`,
        s.url,
        s.posts,
      ),
    ),
  ];
}

function recentlyUpdatedFirst(a: Post, b: Post): number {
  return b.updated.toMillis() - a.updated.toMillis() || a.id.localeCompare(b.id);
}

/** An empty feed takes the newest post of the whole site, so its date is still reproducible. */
function feedUpdated(entries: Post[], all: Post[]): DateTime {
  return newestUpdate(entries) ?? newestUpdate(all) ?? DateTime.fromMillis(0, { zone: "utc" });
}
