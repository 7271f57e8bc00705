import type { Post } from "../../model/site.ts";
import type { KeptTexts } from "../kept-texts.ts";
import { type SlotFormat, withBodies, withSlots } from "./content-slots.ts";
import type { FeedSet } from "./sets.ts";

/**
 * A feed written around the entries of the last build. A post's update changes every feed it is
 * in (at 1,000 posts, 12 feeds of 50 entries each), but of each only that post's entry: the others
 * are taken as they were written, each kept by a key of everything it is made from (the post's
 * key, the settings, the services' names and the format: `RenderKeys.entry`). `feed` writes the
 * document around them and the entries no build has written yet, in a document of their own, which
 * is then cut into its entries: remaking the feeds a post is in took about 100 ms at 1,000 posts,
 * most of it for entries no change had touched.
 *
 * An entry is the same wherever it stands: `feed` writes each of a format's entries on lines of
 * their own at one depth, and what lies between them does not depend on them (tests compare every
 * format with the feed `feed` writes whole). Bodies are in slots when the document is cut
 * (src/views/feeds/content-slots.ts), and every other text is escaped, so the only `<` of an Atom
 * or RSS document are its markup, and a JSON document's strings hold no line break: an entry's end
 * is the first line that closes it. A document that does not cut as expected is written whole.
 */

export type FeedFormat = "atom" | "rss" | "json";

/** A format's entries as `feed` writes them (JSON Feed as src/views/feeds/json-feed.ts indents it). */
const ENTRY: Record<FeedFormat, { open: string; close: string; between: string; slots: SlotFormat }> = {
  atom: { open: "\n    <entry>\n", close: "\n    </entry>", between: "", slots: "cdata" },
  rss: { open: "\n        <item>\n", close: "\n        </item>", between: "", slots: "cdata" },
  json: { open: "\n    {\n", close: "\n    }", between: ",", slots: "json" },
};

/** The entries a process keeps, and the key of a post's entry in this build. */
export interface KeptEntries {
  memo: KeptTexts;
  key: (post: Post) => string;
}

/** Makes the document of a set (`write`), with `body` standing for each entry's HTML. */
export type FeedWriter = (set: FeedSet, body: (html: string) => string) => string;

/** The feed of `set` in `format`: written whole, or, with `kept`, around the kept entries. */
export function feedFromEntries(
  format: FeedFormat,
  set: FeedSet,
  write: FeedWriter,
  kept: KeptEntries | undefined,
): string {
  const shape = ENTRY[format];
  const whole = () => withBodies(shape.slots, (body) => write(set, body));
  if (!kept || set.posts.length === 0) return whole();
  const keys = set.posts.map(kept.key);
  const texts = keys.map((key) => kept.memo.get(key));
  // The document around the entries comes from `feed` with at least one entry in it.
  const missing = set.posts.filter((_post, i) => texts[i] === undefined);
  const making = new Set(missing.length > 0 ? missing : set.posts.slice(0, 1));
  const made = withSlots(shape.slots, (body) => write({ ...set, posts: [...making] }, body));
  const pieces = made && cut(made.document, shape, making.size);
  if (!made || !pieces) return whole();
  let next = 0;
  const entries = set.posts.map((post, i) => {
    if (!making.has(post)) return texts[i] as string;
    const text = made.fill(pieces.entries[next++] as string);
    kept.memo.set(keys[i] as string, text);
    return text;
  });
  return `${made.fill(pieces.head)}${entries.join(shape.between)}${made.fill(pieces.tail)}`;
}

/** `document` as what comes before its `count` entries, the entries, and what comes after; undefined if it is not so. */
function cut(
  document: string,
  { open, close, between }: { open: string; close: string; between: string },
  count: number,
): { head: string; entries: string[]; tail: string } | undefined {
  const start = document.indexOf(open);
  if (start < 0) return undefined;
  const entries: string[] = [];
  let at = start;
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      if (!document.startsWith(`${between}${open}`, at)) return undefined;
      at += between.length;
    }
    const end = document.indexOf(close, at + open.length);
    if (end < 0) return undefined;
    entries.push(document.slice(at, end + close.length));
    at = end + close.length;
  }
  const tail = document.slice(at);
  // One entry more than asked for: not the document this was made for.
  if (tail.startsWith(`${between}${open}`)) return undefined;
  return { head: document.slice(0, start), entries, tail };
}
