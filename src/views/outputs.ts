import type { SiteFile } from "../build/write-files.ts";
import type { Post, Site } from "../model/site.ts";
import { calendarPath, feedPath, ROUTES, type Scope, serviceCalendarPath, updatesFeedPath } from "../routes.ts";
import { statuspageApi } from "./api/statuspage.ts";
import { badges, favicon } from "./badges.ts";
import { type CalendarOptions, CalendarWriter } from "./calendar/ics.ts";
import { atomFeed } from "./feeds/atom.ts";
import { feedEntries } from "./feeds/entry.ts";
import { jsonFeed } from "./feeds/json-feed.ts";
import type { FeedFormat, KeptEntries } from "./feeds/kept-entries.ts";
import { opml } from "./feeds/opml.ts";
import { rssFeed } from "./feeds/rss.ts";
import { type FeedSet, feedSets } from "./feeds/sets.ts";
import { updatesFeed, updatesFeedPosts } from "./feeds/updates.ts";
import { hostHeaders } from "./host-headers.ts";
import { siteTemplates, type TemplateEngine } from "./nunjucks.ts";
import type { RenderKeys, RenderMemo } from "./render-memo.ts";

/** The files that are not pages: feeds, calendars, OPML, badges and the status API, made once per build. */
export type OutputFile = SiteFile;

/** A subscription as pages show it: the subscribe page and `<link rel="alternate">`. */
export interface Subscription {
  scope: Scope;
  /** `scopeKey(scope)`: a page names the scope it belongs to as `feedKey` */
  key: string;
  title: string;
  /** the scope's own name: "Incidents", "DNS" */
  label: string;
  description: string;
  page: string;
  atom: string;
  rss: string;
  json: string;
  calendar: string | null;
  /** the feed of every update, for the site and each service */
  updates: string | null;
}

/**
 * `kept`: a process that builds again keeps each feed whose entries did not change
 * (src/views/render-memo.ts).
 */
export function outputs(
  site: Site,
  templates: TemplateEngine = siteTemplates(site),
  kept?: { memo: RenderMemo; keys: RenderKeys },
): { files: OutputFile[]; subscriptions: Subscription[] } {
  const sets = feedSets(site);
  const entries = feedEntries(site, templates);
  // A feed made again takes the entries the last build wrote of posts that did not change.
  const entriesOf = (format: FeedFormat): KeptEntries | undefined =>
    kept && { memo: kept.memo.texts, key: (post) => kept.keys.entry(post, format) };
  const feed = (set: FeedSet, format: FeedFormat, make: () => string): OutputFile => {
    const path = feedPath(set.page, format);
    return { path, content: kept ? kept.memo.content(path, kept.keys.feed(set, format), "", make) : make() };
  };
  const files: OutputFile[] = sets.flatMap((set) => [
    feed(set, "atom", () => atomFeed(set, site, entries, entriesOf("atom"))),
    feed(set, "rss", () => rssFeed(set, site, entries, entriesOf("rss"))),
    feed(set, "json", () => jsonFeed(set, site, entries, entriesOf("json"))),
  ]);
  const keep = (path: string, inputs: unknown, make: () => string): OutputFile => ({
    path,
    content: kept ? kept.memo.content(path, kept.keys.file(inputs), "", make) : make(),
  });
  // Keyed, and made, by the posts whose updates can be among the latest: an older post's change leaves it.
  const updates = (scope: Scope, title: string, all: readonly Post[]) => {
    const posts = updatesFeedPosts(site, all);
    return keep(updatesFeedPath(scope) as string, { title, posts }, () => updatesFeed(site, scope, title, posts));
  };
  files.push(updates({ of: "site" }, `${site.settings.title}: every update`, site.posts));
  for (const service of site.services) {
    files.push(
      updates(
        { of: "service", id: service.id },
        `${site.settings.title}: ${service.name}, every update`,
        service.posts,
      ),
    );
  }
  const calendars = new CalendarWriter(site);
  // Keyed by the posts each calendar holds: an incident's update leaves every calendar as it was.
  const calendar = (path: string, posts: Post[], options: CalendarOptions) => {
    const selected = calendars.select(posts, options);
    return keep(path, { posts: selected, options }, () => calendars.write(selected, options));
  };
  files.push(calendar(ROUTES.calendar, site.posts, { name: `${site.settings.title}: maintenance` }));
  for (const service of site.services) {
    files.push(
      calendar(serviceCalendarPath(service.id), service.posts, {
        name: `${site.settings.title}: ${service.name} maintenance`,
        serviceId: service.id,
      }),
    );
  }
  files.push({ path: ROUTES.opml, content: opml(site, sets) });
  files.push(...badges(site));
  files.push({ path: ROUTES.favicon, content: favicon(site.board.status) });
  files.push({ path: ROUTES.hostHeaders, content: hostHeaders(site.settings, site.audience) });
  for (const [path, data] of Object.entries(statuspageApi(site))) {
    files.push({ path, content: `${JSON.stringify(data, null, 2)}\n` });
  }
  const subscriptions = sets.map((set) => ({
    scope: set.scope,
    key: set.key,
    title: set.title,
    label: set.label,
    description: set.description,
    page: set.page,
    atom: feedPath(set.page, "atom"),
    rss: feedPath(set.page, "rss"),
    json: feedPath(set.page, "json"),
    calendar: calendarPath(set.scope),
    updates: updatesFeedPath(set.scope),
  }));
  return { files, subscriptions };
}

/**
 * The feeds each page links as alternates (`<link rel="alternate">`), by the page's `feedKey`: the
 * site's, then its own scope's (a kind's or a service's list); a page without a scope of its own
 * takes the site's (`site`). Picked here once, not by every page going through every subscription
 * (at 10,000 posts, about 240,000 turns of a template loop).
 */
export function alternates(subscriptions: readonly Subscription[]): Record<string, Subscription[]> {
  const byKey: Record<string, Subscription[]> = {};
  for (const { key } of subscriptions) {
    byKey[key] = subscriptions.filter((s) => s.key === "site" || s.key === key);
  }
  return byKey;
}
