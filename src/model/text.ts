/**
 * Text helpers every layer shares: escaping, HTML to text, slugs.
 */

/** Text into HTML text or attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const BLOCK_TAG =
  /<\/?(?:address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|figure|h[1-6]|hr|li|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul)\b[^>]*>/gi;

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/**
 * The text of an HTML fragment (rendered Markdown), for the search index: block tags become spaces,
 * inline tags nothing (so "<a>runbook</a>." stays "runbook."), character references are decoded,
 * runs of white space become one space.
 *
 * Every post's text goes through here once per build (2.4 MB at 1,000 posts), so each pass runs only
 * when the text can hold what it looks for, and a single plain space, most of a text's white space,
 * is left where it is rather than replaced by itself: less than half the time of six plain passes.
 */
export function htmlToText(html: string): string {
  let text = html;
  if (text.includes("<")) {
    if (SCRIPT_OR_STYLE.test(text)) text = text.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ");
    text = text.replace(BLOCK_TAG, " ").replace(/<[^>]*>/g, "");
  }
  if (text.includes("&")) text = text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, decodeReference);
  // A run of two or more, or one white space character that is not a plain space.
  return text.replace(/\s\s+|[^\S ]/g, " ").trim();
}

const SCRIPT_OR_STYLE = /<(?:script|style)/i;

function decodeReference(whole: string, ref: string): string {
  if (ref[0] !== "#") return NAMED[ref.toLowerCase()] ?? whole;
  const code = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
}

/** Plain text of rendered Markdown with its paragraphs kept, for calendar descriptions and the API. */
export function htmlToParagraphs(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** "Hosted Exchange (EU)" → "hosted-exchange-eu": lowercase letters and digits, single hyphens. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** A title as a file name: accents dropped, "&" as "and", at most 60 characters, never empty. */
export function titleSlug(title: string): string {
  const made = slug(
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/&/g, " and "),
  )
    .slice(0, 60)
    .replace(/-+$/, "");
  return made || "post";
}
