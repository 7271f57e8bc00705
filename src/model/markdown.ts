import { hash } from "node:crypto";
import markdownIt from "markdown-it";
import { escapeHtml } from "./text.ts";

/**
 * Post bodies and update bodies are Markdown. Raw HTML is not allowed: it shows as text, so a pasted
 * error message such as `<<< 521 blocked` or `<b>` reads as written. HTML comments are the one
 * exception: `<!-- internal note -->` is for the people who edit the file and is left out of every
 * page, feed, message and search record.
 */
const md = markdownIt({ html: true, linkify: true, typographer: false });

const COMMENT = /^<!--[\s\S]*?-->\s*$/;

md.renderer.rules.html_inline = (tokens, i) => {
  const content = tokens[i]?.content ?? "";
  return COMMENT.test(content) ? "" : escapeHtml(content);
};
md.renderer.rules.html_block = (tokens, i) => {
  const content = tokens[i]?.content ?? "";
  if (COMMENT.test(content.trim())) return "";
  // A block of raw HTML reads as a paragraph of its text, comments inside it left out.
  const text = content.replace(/<!--[\s\S]*?-->/g, "").trim();
  return text ? `<p>${escapeHtml(text)}</p>\n` : "";
};

export function renderMarkdown(source: string): string {
  return phoneNumbersTogether(md.render(source));
}

/** One line of inline Markdown (links, emphasis, code), no paragraph: the settings' contact line. */
export function renderInline(source: string): string {
  return phoneNumbersTogether(md.renderInline(source));
}

/** A phone number a tel: link shows never breaks across lines: its spaces and hyphens become non-breaking. */
function phoneNumbersTogether(html: string): string {
  return html.replace(
    /(<a href="tel:[^"]*">)([^<]*)(<\/a>)/g,
    (_m, open: string, text: string, close: string) =>
      `${open}${text.replace(/ /g, "&nbsp;").replace(/-/g, "&#8209;")}${close}`,
  );
}

/**
 * Rendered Markdown kept between builds of one process (`npm run serve`): a body that has not
 * changed is not rendered again. `sweep` forgets what the last build did not ask for.
 */
export class MarkdownMemo {
  #html = new Map<string, string>();
  #used = new Set<string>();
  /** HTML an earlier process rendered, by a hash of its source (`give`) */
  #given = new Map<string, string>();
  /** each source's hash */
  #hashes = new Map<string, string>();
  /** each HTML this memo made or was given, by the hash of a source it is made from (`keyOf`) */
  #keys = new Map<string, string>();

  render = (source: string): string => this.#made(source, source, renderMarkdown);

  /**
   * One line of inline Markdown, as `renderInline` makes it: the settings' contact line, whose
   * first render, with an e-mail address in it, makes linkify-it compile its largest expressions
   * (10-15 ms of a rebuild that would not otherwise need them).
   */
  inline = (source: string): string => this.#made(`${INLINE}${source}`, source, renderInline);

  /** `key`: the source as the memo keeps it, which tells a block from a line. */
  #made(key: string, source: string, make: (source: string) => string): string {
    this.#used.add(key);
    let html = this.#html.get(key);
    if (html === undefined) {
      const hash = sourceHash(key);
      html = this.#given.get(hash) ?? make(source);
      this.#hashes.set(key, hash);
      this.#html.set(key, html);
      this.#keys.set(html, hash);
    }
    return html;
  }

  /**
   * A short stand-in for `html` in a render key (src/views/render-memo.ts): the hash of a source it
   * was made from, which gives that HTML and no other. Undefined for HTML the memo did not make.
   */
  keyOf = (html: string): string | undefined => this.#keys.get(html);

  sweep(): void {
    for (const source of this.#html.keys()) {
      if (this.#used.has(source)) continue;
      this.#html.delete(source);
      this.#hashes.delete(source);
    }
    this.#keys.clear();
    for (const [source, html] of this.#html) this.#keys.set(html, this.#hashes.get(source) as string);
    this.#used.clear();
    this.#given.clear();
  }

  /** Each source's hash with its HTML, as a later process can take them (`give`). */
  entries(): [string, string][] {
    return [...this.#html].map(([source, html]) => [this.#hashes.get(source) as string, html]);
  }

  /** HTML an earlier process rendered, by a hash of its source. */
  give(entries: Iterable<[string, string]>): void {
    for (const [hash, html] of entries) this.#given.set(hash, html);
  }
}

/** Leads an inline source's key: no post's text holds a NUL (src/model/sanitize.ts takes them out). */
const INLINE = "\0inline\0";

function sourceHash(source: string): string {
  return hash("sha1", source, "base64");
}
