import { Feed } from "feed";
import type { Site } from "../../model/site.ts";
import { escapeHtml } from "../../model/text.ts";
import { absolute, feedPath, tagUri } from "../../routes.ts";
import type { Entries } from "./entry.ts";
import type { FeedSet } from "./sets.ts";

/**
 * How each format needs plain text (titles, summaries) handed to `feed`: Atom writes them as
 * `type="html"`, so HTML-escaped once; RSS puts them in CDATA, and RSS readers read title and
 * description as HTML, so they are HTML-escaped once too (a `<script>` in a title stays text);
 * JSON Feed's `title` and `summary` are plain text.
 */
const TEXT: Record<"atom" | "rss" | "json", (text: string) => string> = {
  atom: (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
  rss: (text) => protectCdata(escapeHtml(text)),
  json: (text) => text,
};

/**
 * A `feed` package Feed for one set, ready to write in `format`. `body`: what stands for an
 * entry's HTML in the feed (a slot of src/views/feeds/content-slots.ts, or the HTML itself).
 */
export function makeFeed(
  set: FeedSet,
  site: Site,
  entries: Entries,
  format: keyof typeof TEXT,
  body: (html: string) => string = (html) => html,
): Feed {
  const text = TEXT[format];
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
      atom: absolute(settings, feedPath(set.page, "atom")),
      rss: absolute(settings, feedPath(set.page, "rss")),
      json: absolute(settings, feedPath(set.page, "json")),
    },
    author,
    ...(settings.websubHub ? { hub: settings.websubHub } : {}),
  });
  for (const post of set.posts) {
    const entry = entries(post);
    feed.addItem({
      id: entry.id,
      guid: entry.id,
      title: text(entry.title),
      link: entry.link,
      date: entry.updated.toJSDate(),
      published: entry.published.toJSDate(),
      content: body(entry.content),
      ...(entry.summary ? { description: text(entry.summary) } : {}),
      category: entry.categories.map((c) => ({ term: c.term, name: c.label })),
      author: [author],
    });
  }
  return feed;
}

/**
 * `feed` writes attributes through xml-js, which escapes `&` and `"` but not `<`, so a service
 * named "DNS (latency <50ms)" made `<category label>` invalid XML. Every attribute value of the
 * written document gets `<` and `>` escaped here; `"` inside a value is already `&quot;`.
 */
export function escapeAttributes(xml: string): string {
  // Nearly always there is nothing to escape: a scan for it is cheaper than the rewrite.
  if (!/="[^"<>]*[<>]/.test(xml)) return xml;
  return xml.replace(/(<[A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"]*")+)(\s*\/?>)/g, (_tag, name, attributes, end) => {
    const escaped = (attributes as string).replace(
      /="([^"]*)"/g,
      (_a, value: string) => `="${value.replace(/</g, "&lt;").replace(/>/g, "&gt;")}"`,
    );
    return `${name}${escaped}${end}`;
  });
}

/**
 * `feed` writes plain text in CDATA through xml-js, which splits only the first `]]>` of a text
 * into two CDATA sections. Splitting every later one here makes the whole text come out intact.
 */
export function protectCdata(text: string): string {
  const first = text.indexOf("]]>");
  if (first < 0) return text;
  const rest = text.slice(first + 3).replaceAll("]]>", "]]]]><![CDATA[>");
  return `${text.slice(0, first + 3)}${rest}`;
}
