import type { Site } from "../../model/site.ts";
import { makeFeed } from "./build.ts";
import type { Entries } from "./entry.ts";
import { feedFromEntries, type KeptEntries } from "./kept-entries.ts";
import type { FeedSet } from "./sets.ts";

interface JsonFeedAuthor {
  name?: string;
  url?: string;
}
interface JsonFeed {
  version: string;
  language?: string;
  author?: JsonFeedAuthor;
  authors?: JsonFeedAuthor[];
  items: { author?: JsonFeedAuthor; authors?: JsonFeedAuthor[] }[];
  hubs?: { type: string; url: string }[];
}

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). `feed` writes version 1; 1.1 replaces
 * `author` with `authors` and adds `language`, so those are moved here; `hubs` names the WebSub hub.
 * `kept`: entries written by an earlier build.
 */
export function jsonFeed(set: FeedSet, site: Site, entries: Entries, kept?: KeptEntries): string {
  return feedFromEntries("json", set, (part, body) => jsonDocument(part, site, entries, body), kept);
}

function jsonDocument(set: FeedSet, site: Site, entries: Entries, body: (html: string) => string): string {
  const data = JSON.parse(makeFeed(set, site, entries, "json", body).json1()) as JsonFeed;
  data.version = "https://jsonfeed.org/version/1.1";
  data.language = "en";
  if (data.author) data.authors = [data.author];
  delete data.author;
  if (site.settings.websubHub) data.hubs = [{ type: "WebSub", url: site.settings.websubHub }];
  for (const item of data.items) {
    if (item.author) item.authors = [item.author];
    delete item.author;
  }
  return `${JSON.stringify(data, null, 2)}\n`;
}
