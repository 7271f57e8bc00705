import type { Site } from "../../model/site.ts";
import { escapeAttributes, makeFeed } from "./build.ts";
import { withBodies } from "./content-slots.ts";
import type { Entries } from "./entry.ts";
import type { FeedSet } from "./sets.ts";

/** RSS 2.0, for readers that know no Atom. `lastBuildDate` is the newest entry's update, not the clock. */
export function rssFeed(set: FeedSet, site: Site, entries: Entries): string {
  return withBodies("cdata", (body) => escapeAttributes(makeFeed(set, site, entries, "rss", body).rss2()));
}
