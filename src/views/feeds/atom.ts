import type { Site } from "../../model/site.ts";
import { escapeAttributes, makeFeed } from "./build.ts";
import { withBodies } from "./content-slots.ts";
import type { Entries } from "./entry.ts";
import type { FeedSet } from "./sets.ts";

/** Atom 1.0 (RFC 4287): the feed partners subscribe to. */
export function atomFeed(set: FeedSet, site: Site, entries: Entries): string {
  return withBodies("cdata", (body) => escapeAttributes(makeFeed(set, site, entries, "atom", body).atom1()));
}
