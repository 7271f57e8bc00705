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
  const atom = (set: FeedSet) => ({
    type: "rss",
    text: set.title,
    title: set.title,
    xmlUrl: absolute(settings, feedPath(set.page, "atom")),
    htmlUrl: absolute(settings, set.page),
    description: set.description,
    language: "en",
    version: "ATOM",
  });
  group("Everything", sets.filter((s) => s.scope.of === "site").map(atom));
  group("By kind", sets.filter((s) => s.scope.of === "kind").map(atom));
  group("By service", sets.filter((s) => s.scope.of === "service").map(atom));
  const updates = sets.flatMap((set) => {
    const path = updatesFeedPath(set.scope);
    if (!path) return [];
    return {
      type: "rss",
      text: `${set.title}: every update`,
      title: `${set.title}: every update`,
      xmlUrl: absolute(settings, path),
      htmlUrl: absolute(settings, set.page),
      language: "en",
      version: "ATOM",
    };
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
