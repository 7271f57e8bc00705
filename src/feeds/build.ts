import { Feed } from "feed";
import type { Site } from "../site.ts";
import { absolute, tagUri } from "../urls.ts";
import type { Entry } from "./entry.ts";
import { type FeedSet, feedPath } from "./sets.ts";

/**
 * A `feed` package Feed for one set. `feed` writes Atom titles as HTML, so `htmlTitles` escapes them
 * for Atom, while RSS and JSON Feed titles stay plain text.
 */
export function makeFeed(set: FeedSet, site: Site, entries: Map<string, Entry>, htmlTitles: boolean): Feed {
  const { settings } = site;
  const author = { name: settings.author.name, email: settings.author.email, link: settings.author.uri };
  const feed = new Feed({
    id: tagUri(settings, `feed:${set.key}`),
    title: set.title,
    description: set.description,
    link: absolute(settings, set.page),
    language: "en",
    updated: set.updated.toJSDate(),
    generator: false,
    feedLinks: {
      atom: absolute(settings, feedPath(set, "atom")),
      rss: absolute(settings, feedPath(set, "rss")),
      json: absolute(settings, feedPath(set, "json")),
    },
    author,
  });
  for (const post of set.posts) {
    const entry = entries.get(post.id);
    if (!entry) continue;
    feed.addItem({
      id: entry.id,
      guid: entry.id,
      title: htmlTitles ? escapeTitle(entry.title) : entry.title,
      link: entry.link,
      date: entry.updated.toJSDate(),
      published: entry.published.toJSDate(),
      content: entry.content,
      ...(entry.summary ? { description: htmlTitles ? escapeTitle(entry.summary) : entry.summary } : {}),
      category: entry.categories.map((c) => ({ term: c.term, name: c.label })),
      author: [author],
    });
  }
  return feed;
}

/** For `type="html"` text: `&` and `<` escaped once; `>` too, so `]]>` cannot end feed's CDATA. */
function escapeTitle(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
