import { hash as cryptoHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DateTime } from "luxon";
import { InSpare } from "../build/write-files.ts";
import type { Post, ServiceView, Site } from "../model/site.ts";
import type { FeedFormat } from "./feeds/kept-entries.ts";
import type { FeedSet } from "./feeds/sets.ts";
import { KeptTexts } from "./kept-texts.ts";
import type { PageSpec } from "./pages.ts";

/**
 * What a process that builds again and again (`npm run serve`) keeps of the last build: every page's
 * HTML and every feed's text, each under a key made of everything it was made from. A page whose key
 * is unchanged is not rendered again, so saving one post re-renders that post's page, the lists and
 * feeds it is in, and every page only when what every page shows (the banners, the settings, the
 * services' names) changed. The output is the same as a clean build's: a test builds both after a
 * sequence of edits and compares every file.
 *
 * A key holds, as JSON: the page's own data (each post in it by a hash of the whole post as the
 * model made it, state and rendered Markdown included) and the `chrome` that every page's layout and
 * the template filters read. Pages whose templates read the whole site (the board, the history) or
 * the clock ("as of") have no key and are rendered every time: a handful, with the first page of
 * the latest posts and of each service's archive.
 */

/**
 * Templates rendered from their page data and the chrome alone (see the note above), each with
 * what of the data its page's key holds; undefined: the page has no key. The older pages of the
 * latest posts and of a service's archive show only their posts and the service's own fields: the
 * status board, a service's status and history and the clock are on the first page alone.
 */
const KEYED_TEMPLATES = new Map<string, (data: Record<string, unknown>) => unknown>([
  ["post.njk", (data) => data],
  ["kind.njk", (data) => data],
  ["year.njk", (data) => data],
  ["day.njk", (data) => data],
  ["home.njk", (data) => (isOlderPage(data) ? data : undefined)],
  [
    "service.njk",
    (data) => {
      if (!isOlderPage(data)) return undefined;
      const { service, ...page } = data.p as { service: ServiceView };
      const { history: _h, status: _s, statusLabel: _l, posts: _p, open: _o, upcoming: _u, ...fields } = service;
      return { p: { ...page, service: fields } };
    },
  ],
]);

/** A page of a list after the first (`p` is one page of it). */
function isOlderPage(data: Record<string, unknown>): boolean {
  return ((data.p as { number?: unknown } | undefined)?.number ?? 1) !== 1;
}

/**
 * What a build kept of a page or feed: its key, the build time it carries, and its text, or, for a
 * memo that reads kept text from the folder the build wrote (`RenderMemo.inFolder`), its length, in
 * characters and in bytes as written.
 */
export interface KeptRender {
  key: string;
  builtAt: string;
  content?: string;
  length: number;
  bytes?: number;
  /** where in the file, in bytes, the build time stands (a page's `data-built-at`) */
  at?: number;
}

export class RenderMemo {
  #kept = new Map<string, KeptRender>();
  /** what the build before the last wrote, into the spare build this build writes over */
  #spare = new Map<string, KeptRender>();
  #used = new Set<string>();
  /** where kept text without its content is read from: the folder the build that made it wrote */
  #folder: string | undefined;
  /** keep each text in memory (a process that builds again), or only its length (`inFolder`) */
  #holdContent = true;
  /** what the last build rendered and what it took as it was */
  rendered = 0;
  reused = 0;
  /** paths of this build whose content is the last build's but for the build time it carries */
  readonly sameButTime = new Set<string>();
  /**
   * A short stand-in for a post's or update's HTML in the keys, when the process keeps its rendered
   * Markdown (`MarkdownMemo.keyOf`): a key then hashes a few bytes for each body, not the body.
   */
  bodyKey: (html: string) => string | undefined = () => undefined;
  /**
   * each feed entry as written, for feeds made again around it (src/views/feeds/kept-entries.ts),
   * and each post's item in lists (src/views/nunjucks.ts)
   */
  readonly texts = new KeptTexts();

  /**
   * A memo for a process that builds once and hands what it rendered to the next build (src/build/
   * build-cache.ts): it keeps only each text's key and lengths, and takes a kept text from the files
   * the earlier build wrote into `folder`. A file that is gone, or not of the length written, is
   * rendered again. `spare`: what the build before that wrote into the spare build this build writes
   * over; a text whose key is the same there is left in its file, which gets only the new build time
   * (`InSpare`).
   */
  static inFolder(
    folder: string | undefined,
    kept: Iterable<[string, KeptRender]>,
    spare: Iterable<[string, KeptRender]> = [],
  ): RenderMemo {
    const memo = new RenderMemo();
    memo.#folder = folder;
    memo.#holdContent = false;
    memo.#kept = new Map(kept);
    memo.#spare = new Map(spare);
    return memo;
  }

  /**
   * The content at `path`: kept when `key` is what it was made from last time, else made. Pages
   * carry the build's time (`data-built-at`), which every build changes: a kept page gets the new one.
   * When the spare's file was made from the same key, the content is that file (`InSpare`).
   */
  content(path: string, key: string | null, builtAt: string, make: () => string): string | InSpare {
    this.#used.add(path);
    const last = this.#kept.get(path);
    if (key === null) {
      this.#kept.delete(path);
      this.rendered++;
      return make();
    }
    const spare = this.#spare.get(path);
    if (spare?.key === key && spare.bytes !== undefined && spare.builtAt.length === builtAt.length) {
      this.reused++;
      this.sameButTime.add(path);
      this.#kept.set(path, withAt({ key, builtAt, length: spare.length, bytes: spare.bytes }, spare.at));
      // Made only when the spare's file is not as recorded: the same text, as below.
      const text = () => {
        const kept = this.#lastText(path, key, builtAt, last);
        if (kept !== undefined) return kept;
        this.reused--;
        this.rendered++;
        return make();
      };
      return new InSpare(builtAtMark(spare.builtAt), builtAtMark(builtAt), spare.bytes, text, spare.at);
    }
    let content = this.#lastText(path, key, builtAt, last);
    if (content !== undefined) {
      this.reused++;
      this.sameButTime.add(path);
    } else {
      this.rendered++;
      content = make();
    }
    let kept: KeptRender = { key, builtAt, length: content.length };
    if (this.#holdContent) kept.content = content;
    else kept = withAt({ ...kept, bytes: Buffer.byteLength(content) }, builtAtOffset(content, builtAt));
    this.#kept.set(path, kept);
    return content;
  }

  /** The last build's text at `path`, with this build's time, when it was made from the same key. */
  #lastText(path: string, key: string, builtAt: string, last: KeptRender | undefined): string | undefined {
    const text = last?.key === key ? this.#text(path, last) : undefined;
    if (text === undefined || last?.builtAt === builtAt) return text;
    return withBuiltAt(text, last?.builtAt ?? builtAt, builtAt);
  }

  #text(path: string, kept: KeptRender): string | undefined {
    // In memory, or a memo with no earlier build's folder to read from.
    if (kept.content !== undefined || !this.#folder) return kept.content;
    let text: string;
    try {
      text = readFileSync(join(this.#folder, path), "utf8");
    } catch {
      return undefined;
    }
    return text.length === kept.length ? text : undefined;
  }

  /** Forgets what the build that just ended did not write, and starts the counts again. */
  sweep(): { rendered: number; reused: number } {
    for (const path of this.#kept.keys()) if (!this.#used.has(path)) this.#kept.delete(path);
    this.#used.clear();
    this.sameButTime.clear();
    this.texts.sweep();
    const counts = { rendered: this.rendered, reused: this.reused };
    this.rendered = 0;
    this.reused = 0;
    return counts;
  }

  /** Everything forgotten: templates changed, so no kept page is what they would make. */
  clear(): void {
    this.#kept.clear();
    this.texts.clear();
  }

  /** What the memo keeps, by site path, without the texts: what a build's cache saves. */
  entries(): [string, KeptRender][] {
    return [...this.#kept].map(([path, { key, builtAt, length, bytes, at }]) => [
      path,
      bytes === undefined ? { key, builtAt, length } : withAt({ key, builtAt, length, bytes }, at),
    ]);
  }
}

const BUILT_AT = ' data-built-at="';

/** The build time as a page carries it; none for a feed or file (`builtAt` empty). */
function builtAtMark(builtAt: string): string {
  return builtAt ? `${BUILT_AT}${builtAt}"` : "";
}

/** Where a page's build time (`builtAtMark`) stands in its text as written, in bytes; undefined for none. */
function builtAtOffset(text: string, builtAt: string): number | undefined {
  if (!builtAt) return undefined;
  const at = text.indexOf(builtAtMark(builtAt));
  return at < 0 ? undefined : Buffer.byteLength(text.slice(0, at));
}

function withAt(kept: KeptRender, at: number | undefined): KeptRender {
  return at === undefined ? kept : { ...kept, at };
}

function withBuiltAt(html: string, was: string, now: string): string {
  const at = html.indexOf(`${BUILT_AT}${was}"`);
  if (at < 0) return html;
  const start = at + BUILT_AT.length;
  return `${html.slice(0, start)}${now}${html.slice(start + was.length)}`;
}

/** The keys of one build's pages and feeds. */
export interface RenderKeys {
  page(spec: PageSpec): string | null;
  feed(set: FeedSet, format: string): string;
  /** A post's entry in any feed of `format`: an entry does not depend on the feed it is in. */
  entry(post: Post, format: FeedFormat): string;
  /** A post's item in lists, as `macro` makes it (src/views/nunjucks.ts): the same in every list. */
  item(macro: string, post: Post): string;
  /**
   * Any other generated file made from `inputs` (posts in it by their keys) and the clock: whatever
   * the clock alone changes in the site changes at `site.nextChange` (the build record's promise to
   * `--if-changed`), so the key holds that moment rather than the clock.
   */
  file(inputs: unknown): string;
}

/**
 * `chrome`: what every page shows besides its own data, as the layout and filters read it (the
 * banners come rendered, so the key holds exactly what readers see of them).
 */
export function renderKeys(
  site: Site,
  chrome: Record<string, unknown>,
  /** each post's hash, shared by the keys of one build's feeds and pages (made once per post) */
  posts = new Map<Post, string>(),
  /** `RenderMemo.bodyKey` */
  bodyKey: (html: string) => string | undefined = () => undefined,
): RenderKeys {
  // Bodies are more than half of the posts' JSON at 1,000 posts, and each is made from its source alone.
  const body = (html: string): string | { body: string } => {
    const key = bodyKey(html);
    return key === undefined ? html : { body: key };
  };
  const postKey = (post: Post): string => {
    let key = posts.get(post);
    if (key === undefined) {
      const updates = post.updates.map((u) => ({ ...u, html: body(u.html) }));
      key = hash(JSON.stringify(withInstants({ ...post, html: body(post.html), updates })));
      posts.set(post, key);
    }
    return key;
  };
  const isPost = new Set<unknown>(site.posts);
  const replacer = (_name: string, value: unknown) => (isPost.has(value) ? `post:${postKey(value as Post)}` : value);
  // The filters write a short time's year only when it is not the build's.
  const year = site.now.setZone(site.settings.timeZone).year;
  const shared = JSON.stringify({
    settings: site.settings,
    contact: site.contact,
    audience: site.audience,
    year,
    services: site.services.map((s) => ({ id: s.id, name: s.name, url: s.url, audience: s.audience })),
  });
  const pages = hash(`${shared}\0${JSON.stringify(chrome)}`);
  const sets = new WeakMap<FeedSet, string>();
  return {
    page: (spec) => {
      const keyed = KEYED_TEMPLATES.get(spec.template)?.(spec.data);
      return keyed === undefined ? null : hash(`${pages}\0${spec.template}\0${JSON.stringify(keyed, replacer)}`);
    },
    feed: (set, format) => {
      // A set's three formats share the set's JSON.
      let json = sets.get(set);
      if (json === undefined) {
        json = JSON.stringify(set, replacer);
        sets.set(set, json);
      }
      return hash(`${shared}\0${format}\0${json}`);
    },
    entry: (post, format) => hash(`${shared}\0entry\0${format}\0${postKey(post)}`),
    item: (macro, post) => hash(`${shared}\0item\0${macro}\0${postKey(post)}`),
    file: (inputs) => hash(`${shared}\0${site.nextChange.at.toMillis()}\0${JSON.stringify(inputs, replacer)}`),
  };
}

/**
 * A copy of `value` with each luxon time as its instant and offset: what its ISO text says, without
 * luxon's formatting, which took about a third of the posts' keys (10,000 times at 1,000 posts).
 */
function withInstants(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withInstants);
  if (typeof value !== "object" || value === null) return value;
  if (DateTime.isDateTime(value)) return `${value.toMillis()}${value.offset < 0 ? "" : "+"}${value.offset}`;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = withInstants((value as Record<string, unknown>)[key]);
  return copy;
}

function hash(text: string): string {
  return cryptoHash("sha1", text, "base64");
}
