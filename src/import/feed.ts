import { readFile } from "node:fs/promises";
import { parseFeed } from "@rowanmanning/feed-parser";
import type { FeedItem } from "@rowanmanning/feed-parser/lib/feed/item/base.js";
import { DateTime } from "luxon";
import { UsageError } from "../errors.ts";
import { KINDS, type Kind } from "../model/schema.ts";
import { htmlToMarkdown } from "./html-markdown.ts";
import { type Imported, type ImportedPost, type Unmapped, withOwnOffset } from "./imported.ts";

/**
 * An Atom or RSS feed (an old WordPress NOC blog): each entry becomes a notice, or an incident or
 * maintenance when one of its categories is named in `kindFromCategory` ("Outages=incident").
 * Its HTML becomes Markdown (Turndown), links made absolute against the entry's address.
 *
 * A feed says when an entry was published, not what it hurt or when: an incident is written
 * resolved at its publication with impact none, a maintenance with a window at its publication
 * time; each such post is listed so its times can be put right by hand.
 */

export interface FeedOptions {
  /** category (label or term, any case) → kind */
  kindFromCategory: Map<string, Kind>;
}

/** `Outages=incident,Maintenance=maintenance` → the map; a wrong kind is a usage error. */
export function kindRule(text: string | undefined): Map<string, Kind> {
  const rule = new Map<string, Kind>();
  for (const pair of (text ?? "").split(",").filter((p) => p.trim())) {
    const [category, kind] = pair.split("=").map((s) => s.trim());
    if (!category || !kind || !(KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(
        `--kind-from-category: "${pair.trim()}" is not CATEGORY=KIND with KIND one of ${KINDS.join(", ")}`,
      );
    }
    rule.set(category.toLowerCase(), kind as Kind);
  }
  return rule;
}

export async function readFeedSource(input: string): Promise<string> {
  if (!/^https?:\/\//i.test(input)) return readFile(input, "utf8");
  const response = await fetch(input, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new UsageError(`${input}: HTTP ${response.status}`);
  return response.text();
}

export function fromFeed(xml: string, options: FeedOptions): Imported {
  const unmapped: Unmapped[] = [];
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(xml);
  } catch (error) {
    throw new UsageError(`not an Atom or RSS feed: ${(error as Error).message}`);
  }
  const posts: ImportedPost[] = [];
  feed.items.forEach((item, index) => {
    const title = plain(item.title ?? "") || "(untitled)";
    const what = `entry "${title}"${item.id ? ` (${item.id})` : ""}`;
    const date = entryTime(item);
    if (!date) {
      unmapped.push({ item: what, reason: "has no publication date: left out" });
      return;
    }
    const kind = kindOf(item, options.kindFromCategory);
    const base = item.url ?? item.element.baseUrl ?? feed.url ?? undefined;
    const body = htmlToMarkdown(item.content ?? item.description ?? "", base ?? undefined);
    const post: ImportedPost = {
      key: `feed ${item.id ?? item.url ?? `${date} ${title}`}`,
      kind,
      title,
      date,
      services: [],
      severity: "none",
      windows: [],
      updates: [],
      body,
    };
    if (kind === "incident") {
      post.updates.push({
        at: date,
        status: "resolved",
        body: "Imported from the old feed, which does not say when this was resolved.",
      });
      unmapped.push({
        item: what,
        reason: "an incident: written resolved at its publication, impact none; put in its times by hand",
      });
    } else if (kind === "maintenance") {
      post.windows.push({ start: date, end: date });
      unmapped.push({
        item: what,
        reason: "a maintenance: its window is set to its publication time; put in the real window by hand",
      });
    }
    if (!item.id && !item.url) {
      unmapped.push({
        item: `${what} (number ${index + 1})`,
        reason: "has no id or link: its identity is its date and title",
      });
    }
    posts.push(post);
  });
  return { posts, services: [], unmapped, site: { title: feed.title ?? undefined, url: feed.url ?? undefined } };
}

function kindOf(item: FeedItem, rule: Map<string, Kind>): Kind {
  for (const c of item.categories) {
    const kind = rule.get((c.label ?? "").toLowerCase()) ?? rule.get(c.term.toLowerCase());
    if (kind) return kind;
  }
  return "notice";
}

/**
 * The entry's publication time as written, offset kept: Atom's `published` (else `updated`), RSS's
 * `pubDate` (RFC 822) or `dc:date`.
 */
function entryTime(item: FeedItem): string | undefined {
  for (const name of ["published", "pubdate", "date", "updated"]) {
    // The parser names elements in lower case, without their namespace prefix (dc:date is "date").
    const text = item.element.findElementWithName(name)?.textContent.trim();
    if (!text) continue;
    const dt = [DateTime.fromISO(text, { setZone: true }), DateTime.fromRFC2822(text, { setZone: true })].find(
      (d) => d.isValid,
    );
    if (dt) return withOwnOffset(dt);
  }
  const fallback = item.published ?? item.updated;
  return fallback ? withOwnOffset(DateTime.fromJSDate(fallback, { zone: "utc" })) : undefined;
}

/** A title's text: tags dropped, entities already decoded by the parser, spaces collapsed. */
function plain(text: string): string {
  return text
    .replace(/<[^>]*>/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
