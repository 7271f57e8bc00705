import type { Site } from "../../model/site.ts";
import { escapeAttributes, makeFeed } from "./build.ts";
import type { Entries } from "./entry.ts";
import { feedFromEntries, type KeptEntries } from "./kept-entries.ts";
import type { FeedSet } from "./sets.ts";

/**
 * RSS 2.0, for readers that know no Atom. `lastBuildDate` is the newest entry's update, not the
 * clock. `kept`: entries written by an earlier build.
 */
export function rssFeed(set: FeedSet, site: Site, entries: Entries, kept?: KeptEntries): string {
  return feedFromEntries(
    "rss",
    set,
    (part, body) => escapeAttributes(makeFeed(part, site, entries, "rss", body).rss2()),
    kept,
  );
}
