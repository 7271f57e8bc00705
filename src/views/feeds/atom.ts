import type { Site } from "../../model/site.ts";
import { escapeAttributes, makeFeed } from "./build.ts";
import type { Entries } from "./entry.ts";
import { feedFromEntries, type KeptEntries } from "./kept-entries.ts";
import type { FeedSet } from "./sets.ts";

/** Atom 1.0 (RFC 4287): the feed partners subscribe to. `kept`: entries written by an earlier build. */
export function atomFeed(set: FeedSet, site: Site, entries: Entries, kept?: KeptEntries): string {
  return feedFromEntries(
    "atom",
    set,
    (part, body) => escapeAttributes(makeFeed(part, site, entries, "atom", body).atom1()),
    kept,
  );
}
