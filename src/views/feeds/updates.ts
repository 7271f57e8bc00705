import { Feed } from "feed";
import { latestEvents } from "../../model/events.ts";
import type { Post, Site } from "../../model/site.ts";
import { escapeHtml } from "../../model/text.ts";
import {
  absolute,
  ROUTES,
  rebaseLinks,
  type Scope,
  scopeKey,
  servicePath,
  tagUri,
  updatesFeedPath,
} from "../../routes.ts";
import { escapeAttributes } from "./build.ts";
import { withBodies } from "./content-slots.ts";

/**
 * Atom feeds of updates: one entry per post published and per update published after it, newest
 * first, the latest `feedLimit`. Entry ids are the notification events' (src/model/events.ts), so
 * an update is the same item here, in a webhook and in a mail's Message-ID; an update published
 * with `notify: false` is not an entry either.
 */
export function updatesFeed(site: Site, scope: Scope, title: string, posts: readonly Post[]): string {
  return withBodies("cdata", (body) => updatesDocument(site, scope, title, posts, body));
}

/** The posts an updates feed of `posts` is made from: a build keys the feed by them. */
export function updatesFeedPosts(site: Site, posts: readonly Post[]): Post[] {
  return latestEvents(posts, site.now, site.settings.feedLimit).posts;
}

function updatesDocument(
  site: Site,
  scope: Scope,
  title: string,
  posts: readonly Post[],
  body: (html: string) => string,
): string {
  const { settings } = site;
  const path = updatesFeedPath(scope) ?? "";
  const { events } = latestEvents(posts, site.now, settings.feedLimit);
  const text = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const author = { name: settings.author.name, email: settings.author.email, link: settings.author.uri };
  const feed = new Feed({
    id: tagUri(settings, `updates:${scopeKey(scope)}`),
    title,
    link: absolute(settings, scope.of === "service" ? servicePath(scope.id) : ROUTES.home),
    language: "en",
    // The newest entry's time, never the build clock: builds stay reproducible.
    updated: (events[0]?.at ?? posts[0]?.updated ?? site.now).toJSDate(),
    generator: false,
    feedLinks: { atom: absolute(settings, path) },
    author,
    ...(settings.websubHub ? { hub: settings.websubHub } : {}),
  });
  for (const event of events) {
    const { post, update } = event;
    const label = update?.label ?? `New ${post.kindLabel.toLowerCase()}`;
    const link = absolute(settings, post.url);
    const html = update?.html ?? post.html;
    feed.addItem({
      id: tagUri(settings, event.id),
      guid: tagUri(settings, event.id),
      title: text(`${label}: ${post.title}`),
      link,
      date: event.at.toJSDate(),
      published: event.at.toJSDate(),
      content: body(
        `<p><strong>${escapeHtml(label)}</strong> · <a href="${escapeHtml(link)}">${escapeHtml(post.title)}</a></p>\n${rebaseLinks(html, (p) => absolute(settings, p))}`,
      ),
      author: [author],
    });
  }
  return escapeAttributes(feed.atom1());
}
