import type { Site } from "../../model/site.ts";
import { escapeHtml } from "../../model/text.ts";
import { absolute, feedPath, updatesFeedPath } from "../../routes.ts";
import type { FeedSet } from "./sets.ts";

/**
 * OPML 2.0 (http://opml.org/spec2.opml): every Atom feed in one file, so a partner subscribes to
 * all of them in one import. Written as text: a head and two levels of outlines, every value
 * escaped; attribute values keep their line breaks and tabs as character references.
 */
export function opml(site: Site, sets: FeedSet[]): string {
  const { settings } = site;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    "  <head>",
    `    <title>${escapeHtml(`${settings.title} feeds`)}</title>`,
    `    <dateModified>${escapeHtml((sets[0]?.updated ?? site.now).toUTC().toHTTP() ?? "")}</dateModified>`,
    `    <ownerName>${escapeHtml(settings.author.name)}</ownerName>`,
    "  </head>",
    "  <body>",
  ];
  const group = (name: string, feeds: Record<string, string>[]) => {
    if (feeds.length === 0) {
      lines.push(`    <outline${attributes({ text: name, title: name })}/>`);
      return;
    }
    lines.push(`    <outline${attributes({ text: name, title: name })}>`);
    for (const feed of feeds) lines.push(`      <outline${attributes(feed)}/>`);
    lines.push("    </outline>");
  };
  // One outline per Atom feed; a feed of every update has no description of its own.
  const outline = (set: FeedSet, title: string, feed: string, description?: string) => ({
    type: "rss",
    text: title,
    title,
    xmlUrl: absolute(settings, feed),
    htmlUrl: absolute(settings, set.page),
    ...(description === undefined ? {} : { description }),
    language: "en",
    version: "ATOM",
  });
  const atom = (set: FeedSet) => outline(set, set.title, feedPath(set.page, "atom"), set.description);
  group("Everything", sets.filter((s) => s.scope.of === "site").map(atom));
  group("By kind", sets.filter((s) => s.scope.of === "kind").map(atom));
  group("By service", sets.filter((s) => s.scope.of === "service").map(atom));
  const updates = sets.flatMap((set) => {
    const path = updatesFeedPath(set.scope);
    return path ? [outline(set, `${set.title}: every update`, path)] : [];
  });
  group("Every update", updates);
  lines.push("  </body>", "</opml>", "");
  return lines.join("\n");
}

function attributes(values: Record<string, string>): string {
  return Object.entries(values)
    .map(
      ([name, value]) =>
        ` ${name}="${escapeHtml(value)
          .replace(/"/g, "&quot;")
          .replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`)}"`,
    )
    .join("");
}
