import type { DateTime } from "luxon";
import { isMap, isScalar, isSeq, type YAMLMap, type YAMLSeq } from "yaml";
import { type FrontMatterDocument, frontMatterDocument, yamlScalar } from "../model/frontmatter.ts";
import { formatAuthorTime } from "../model/time.ts";

/**
 * Edits a post's front matter as text, in place: new lines are inserted where they belong and every
 * other byte of the file (comments, key order, quoting, the body) stays as it was.
 */

export interface NewUpdate {
  at: DateTime;
  status: string;
  body: string;
  /** false: written with `notify: false`, published without notifications */
  notify?: boolean;
  /** the incident's impact from this update on */
  impact?: string | undefined;
}

interface Insertion {
  offset: number;
  text: string;
  /** characters at `offset` that `text` replaces */
  replace?: number;
}

export class EditError extends Error {}

/** Appends an update to the end of `updates`, creating the list if the post has none. */
export function appendUpdate(source: string, update: NewUpdate, zone: string): string {
  const fm = frontMatterDocument(source);
  return apply(source, [updateInsertion(source, fm, update, zone)]);
}

/**
 * Sets `end` on the window that has none (the last such window), if any, and returns the new text;
 * the same text when every window has an end. A post without a window gets one, from `start` (its
 * date) to `end`, so the time service recovered is written down.
 */
export function setMissingWindowEnd(source: string, end: DateTime, zone: string, start?: DateTime): string {
  const fm = frontMatterDocument(source);
  if (start && fm.doc.get("window", true) === undefined) {
    const offset = fm.end;
    const needsBreak = offset > 0 && source[offset - 1] !== "\n";
    const text = `${needsBreak ? "\n" : ""}window:\n  start: ${formatAuthorTime(start, zone)}\n  end: ${formatAuthorTime(end, zone)}\n`;
    return apply(source, [{ offset, text }]);
  }
  const insertion = windowEndInsertion(source, fm, end, zone);
  return insertion ? apply(source, [insertion]) : source;
}

function updateInsertion(source: string, fm: FrontMatterDocument, update: NewUpdate, zone: string): Insertion {
  const node = fm.doc.get("updates", true);
  const lines = (dash: number, key: number) =>
    `${" ".repeat(dash)}-${" ".repeat(Math.max(1, key - dash - 1))}at: ${formatAuthorTime(update.at, zone)}\n` +
    `${" ".repeat(key)}status: ${update.status}\n` +
    `${" ".repeat(key)}body: ${yamlScalar(update.body)}\n` +
    (update.impact ? `${" ".repeat(key)}impact: ${yamlScalar(update.impact)}\n` : "") +
    (update.notify === false ? `${" ".repeat(key)}notify: false\n` : "");

  if (node === undefined || (isScalar(node) && node.value === null)) {
    if (node === undefined) {
      const offset = fm.end;
      const needsBreak = offset > 0 && source[offset - 1] !== "\n";
      return { offset, text: `${needsBreak ? "\n" : ""}updates:\n${lines(2, 4)}` };
    }
    // `updates:` with nothing after it: the list goes on the next lines.
    return { offset: lineEnd(source, fm.start + (node.range?.[1] ?? 0)), text: lines(2, 4) };
  }
  if (!isSeq(node)) throw new EditError("updates is not a list");
  const seq = node as YAMLSeq;
  if (seq.flow) {
    if (seq.items.length > 0)
      throw new EditError("updates is written as [ ... ]; write it as a block list to append to it");
    let from = fm.start + (seq.range?.[0] ?? 0);
    const to = fm.start + (seq.range?.[1] ?? 0);
    while (source[from - 1] === " ") from--;
    return { offset: from, text: `\n${lines(2, 4).replace(/\n$/, "")}`, replace: to - from };
  }
  const dash = column(fm, seq.range?.[0] ?? 0);
  const first = seq.items[0] as { range?: [number, number, number] } | undefined;
  const key = first?.range ? column(fm, first.range[0]) : dash + 2;
  return { offset: lineEnd(source, fm.start + (seq.range?.[1] ?? 0)), text: lines(dash, key) };
}

function windowEndInsertion(source: string, fm: FrontMatterDocument, end: DateTime, zone: string): Insertion | null {
  const node = fm.doc.get("window", true);
  const windows: unknown[] = isSeq(node) ? (node as YAMLSeq).items : node ? [node] : [];
  const open = windows.filter((w): w is YAMLMap => isMap(w) && !w.has("end")).at(-1);
  if (!open) return null;
  if (open.flow) throw new EditError("the open window is written as { ... }; add its end by hand");
  const start = open.items.find((p) => isScalar(p.key) && p.key.value === "start");
  const keyRange = isScalar(start?.key) ? start.key.range : undefined;
  const valueRange = (start?.value as { range?: [number, number, number] } | null)?.range;
  if (!keyRange || !valueRange) return null;
  const indent = column(fm, keyRange[0]);
  return {
    offset: lineEnd(source, fm.start + valueRange[1]),
    text: `${" ".repeat(indent)}end: ${formatAuthorTime(end, zone)}\n`,
  };
}

/** 0-based column of an offset in the front matter text. */
function column(fm: FrontMatterDocument, offset: number): number {
  return fm.lineCounter.linePos(offset).col - 1;
}

/** The offset just after the line break that ends the line holding `offset` (or the line before it). */
function lineEnd(source: string, offset: number): number {
  if (offset > 0 && source[offset - 1] === "\n") return offset;
  const next = source.indexOf("\n", offset);
  return next < 0 ? source.length : next + 1;
}

/** Applies insertions from the end backwards, in the file's own line endings (LF or CRLF). */
function apply(source: string, insertions: Insertion[]): string {
  const eol = source.includes("\r\n") ? "\r\n" : "\n";
  let out = source;
  for (const { offset, text, replace } of [...insertions].sort((a, b) => b.offset - a.offset)) {
    out = out.slice(0, offset) + text.replace(/\n/g, eol) + out.slice(offset + (replace ?? 0));
  }
  return out;
}
