import { DateTime } from "luxon";
import { KINDS } from "../../model/schema.ts";
import { KIND_TITLES, newestUpdate, type Post, type Site } from "../../model/site.ts";
import { kindPath, ROUTES, type Scope, scopeKey } from "../../routes.ts";

/**
 * What partners can subscribe to: the whole site, one kind, or one service. Every output format
 * (Atom, RSS, JSON Feed, OPML, the subscribe page) is made from these sets.
 */
export interface FeedSet {
  scope: Scope;
  /** `scopeKey(scope)`, which templates compare */
  key: string;
  title: string;
  /** the scope's own name, without the site's: "Incidents", "DNS" */
  label: string;
  description: string;
  /** site path of the HTML page the feed mirrors; the feed files sit in that folder */
  page: string;
  /** the latest entries, most recently updated first */
  posts: Post[];
  /** the newest entry's update time; never the build clock, so builds are reproducible */
  updated: DateTime;
}

export function feedSets(site: Site): FeedSet[] {
  const { settings } = site;
  const siteTitle = settings.title;
  const make = (scope: Scope, label: string, description: string, page: string, posts: Post[]): FeedSet => {
    const latest = [...posts].sort(recentlyUpdatedFirst).slice(0, settings.feedLimit);
    const updated = feedUpdated(latest, site.posts);
    const title = scope.of === "site" ? siteTitle : `${siteTitle}: ${label}`;
    return { scope, key: scopeKey(scope), title, label, description, page, posts: latest, updated };
  };
  return [
    make(
      { of: "site" },
      "All posts",
      settings.description ?? `Incidents, maintenance and notices from ${siteTitle}.`,
      ROUTES.home,
      site.posts,
    ),
    ...KINDS.map((kind) =>
      make(
        { of: "kind", kind },
        KIND_TITLES[kind],
        `${KIND_TITLES[kind]} only.`,
        kindPath(kind),
        site.posts.filter((p) => p.kind === kind),
      ),
    ),
    ...site.services.map((s) =>
      make({ of: "service", id: s.id }, s.name, `Incidents, maintenance and notices for ${s.name}.`, s.url, s.posts),
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
