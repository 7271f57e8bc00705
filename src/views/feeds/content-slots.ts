import { protectCdata } from "./build.ts";

/**
 * Entries' HTML bodies go into a feed after `feed` has written the document around them.
 *
 * `feed` writes XML through xml-js and JSON Feed through JSON.stringify, and both cost in
 * proportion to the text they carry: at 1,000 posts the bodies (about 2.7 MB per format across
 * the feeds) made three quarters of the feeds' time. So `feed` is handed a short slot name for
 * each body and writes everything else (elements, attributes, dates, order); the bodies are then
 * put into the written document in one pass, encoded as `feed` would have: inside CDATA for Atom
 * and RSS, as a JSON string for JSON Feed.
 *
 * A slot name is a word no post can make the output hold by accident, and if the written document
 * holds it anywhere but in the slots (an author typed it), the feed is written the direct way.
 */

export type SlotFormat = "cdata" | "json";

const MARK = "noc-status-feed-slot-";
const SLOT = /noc-status-feed-slot-(\d+)_/g;

const ENCODE: Record<SlotFormat, (html: string) => string> = {
  // A CDATA section ends at the first `]]>`: every one is split across two sections (xml-js
  // splits only the first one of a text).
  cdata: (html) => (html.includes("]]>") ? html.replaceAll("]]>", "]]]]><![CDATA[>") : html),
  json: (html) => JSON.stringify(html).slice(1, -1),
};

/**
 * `write` makes the document, calling `body(html)` for each entry's content and using what it
 * returns in its place. Returns the document with every body in its place, encoded for `format`.
 */
export function withBodies(format: SlotFormat, write: (body: (html: string) => string) => string): string {
  const slotted = withSlots(format, write);
  return slotted ? slotted.fill(slotted.document) : direct(format, write);
}

/**
 * The document `write` makes with a slot for each body, and `fill`, which puts the bodies into the
 * slots of the document or of any piece of it (src/views/feeds/kept-entries.ts cuts it into its
 * entries). Undefined when the document holds a slot's word anywhere but in the slots: written the
 * direct way then (`withBodies`).
 */
export function withSlots(
  format: SlotFormat,
  write: (body: (html: string) => string) => string,
): { document: string; fill: (piece: string) => string } | undefined {
  const bodies: string[] = [];
  const document = write((html) => {
    bodies.push(html);
    return `${MARK}${bodies.length - 1}_`;
  });
  if (occurrences(document, MARK) !== bodies.length) return undefined;
  const encode = ENCODE[format];
  return { document, fill: (piece) => piece.replace(SLOT, (_slot, i: string) => encode(bodies[Number(i)] as string)) };
}

/** The document written with the bodies in it from the start (and CDATA split the same way). */
function direct(format: SlotFormat, write: (body: (html: string) => string) => string): string {
  return write(format === "json" ? (html) => html : protectCdata);
}

function occurrences(text: string, word: string): number {
  let n = 0;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) n++;
  return n;
}
