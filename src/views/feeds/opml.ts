import { create } from "xmlbuilder2";
import type { Site } from "../../model/site.ts";
import { absolute, feedPath, updatesFeedPath } from "../../routes.ts";
import type { FeedSet } from "./sets.ts";

/**
 * OPML 2.0 (http://opml.org/spec2.opml): every Atom feed in one file, so a partner subscribes to
 * all of them in one import. Built with xmlbuilder2, which escapes every attribute.
 */
export function opml(site: Site, sets: FeedSet[]): string {
  const { settings } = site;
  const doc = create({ version: "1.0", encoding: "utf-8" }).ele("opml", { version: "2.0" });
  const head = doc.ele("head");
  head.ele("title").txt(`${settings.title} feeds`);
  head.ele("dateModified").txt((sets[0]?.updated ?? site.now).toUTC().toHTTP() ?? "");
  head.ele("ownerName").txt(settings.author.name);
  const body = doc.ele("body");
  const groups: [string, FeedSet[]][] = [
    ["Everything", sets.filter((s) => s.scope.of === "site")],
    ["By kind", sets.filter((s) => s.scope.of === "kind")],
    ["By service", sets.filter((s) => s.scope.of === "service")],
  ];
  for (const [name, list] of groups) {
    const outline = body.ele("outline", { text: name, title: name });
    for (const set of list) {
      outline.ele("outline", {
        type: "rss",
        text: set.title,
        title: set.title,
        xmlUrl: absolute(settings, feedPath(set.page, "atom")),
        htmlUrl: absolute(settings, set.page),
        description: set.description,
        language: "en",
        version: "ATOM",
      });
    }
  }
  const updates = body.ele("outline", { text: "Every update", title: "Every update" });
  for (const set of sets) {
    const path = updatesFeedPath(set.scope);
    if (!path) continue;
    updates.ele("outline", {
      type: "rss",
      text: `${set.title}: every update`,
      title: `${set.title}: every update`,
      xmlUrl: absolute(settings, path),
      htmlUrl: absolute(settings, set.page),
      language: "en",
      version: "ATOM",
    });
  }
  return `${doc.end({ prettyPrint: true })}\n`;
}
