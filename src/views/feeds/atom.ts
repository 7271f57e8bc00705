import type { Site } from "../../model/site.ts";
import { escapeAttributes, makeFeed } from "./build.ts";
import type { Entries } from "./entry.ts";
import type { FeedSet } from "./sets.ts";

/** Atom 1.0 (RFC 4287): the feed partners subscribe to. */
export function atomFeed(set: FeedSet, site: Site, entries: Entries): string {
  return escapeAttributes(makeFeed(set, site, entries, "atom").atom1());
}
