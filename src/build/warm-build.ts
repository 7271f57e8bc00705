import { createHash } from "node:crypto";
import type { Lock } from "../lock.ts";
import { PostMemo, type SkippedPost } from "../model/load.ts";
import { MarkdownMemo } from "../model/markdown.ts";
import type { Site } from "../model/site.ts";
import { CompiledTemplates } from "../views/nunjucks.ts";
import { writePages } from "../views/pages.ts";
import { RenderMemo } from "../views/render-memo.ts";
import { indexSite, inPart, type PartReuse, type SearchPart, type SearchSummary } from "../views/search-index.ts";
import { ChangedFiles, folderFiles } from "./changed-files.ts";
import { buildInputs, type KeptBytes, PROJECT } from "./fingerprint.ts";
import { loadSite } from "./load-site.ts";
import { type BuildOptions, PUBLIC_DIR } from "./options.ts";
import { checkOutput, currentBuild, readFolders, startRelease } from "./publish.ts";
import { sitePlan } from "./site-plan.ts";
import type { SiteFile } from "./write-files.ts";

/**
 * A build that stays in memory and builds again after each change: what `npm run serve` runs. It
 * keeps what the last build made (each post file's checked front matter, each body's HTML, each
 * page's and feed's text under the key of its inputs: src/views/render-memo.ts) and writes into its
 * own live output folder only the files whose bytes changed (src/build/changed-files.ts). The output
 * after any sequence of changes is what a clean build of the same posts at the same moment writes
 * (tested file by file).
 *
 * The first build writes a new folder and switches the output to it as `npm run build` does, and
 * holds the output's lock from then on (another build into the same output waits for this process
 * to end). A rebuild that finds a problem writes nothing; one that fails while writing leaves the
 * preview partly updated until the next build. The search index is rebuilt after the pages, beside
 * the next change: the pages show first.
 */

export interface WarmReport {
  /** the first build of this process (a whole new folder) */
  first: boolean;
  pages: number;
  /** pages and feeds rendered, and taken as they were */
  rendered: number;
  reused: number;
  skipped: SkippedPost[];
  /** milliseconds from the start until every page whose content changed is written */
  ms: number;
  /**
   * The rest of the build written (the files that changed only by the build time they carry): the
   * site paths written because their bytes changed, and removed because no longer made.
   */
  written: Promise<{ changed: string[]; removed: string[] }>;
  /** the search index of this build (or of a later one that replaced it), null without search */
  search: Promise<SearchSummary | null>;
}

interface Live {
  folder: string;
  site: ChangedFiles;
  search: ChangedFiles;
}

export class WarmBuild {
  readonly options: BuildOptions;
  readonly out: string;
  #posts = new PostMemo();
  #markdown = new MarkdownMemo();
  #rendered = new RenderMemo();
  #compiled = new CompiledTemplates();
  #templates = "";
  #bytes: KeptBytes = new Map();
  /** the folder being written and its writers; the lock once the output points at it */
  #live: Live | undefined;
  #lock: Lock | undefined;
  #wanted: { site: Site; plan: SearchPart[] } | undefined;
  /** the search index parts in the live folder: site path → the key of their records */
  #parts = new Map<string, string>();
  #indexing: Promise<SearchSummary | null> | undefined;

  constructor(options: BuildOptions, out: string) {
    this.options = { ...options };
    this.out = out;
    this.#rendered.bodyKey = this.#markdown.keyOf;
  }

  async build(): Promise<WarmReport> {
    const started = performance.now();
    // Files that changed only by their build time, still being written after the last build.
    await this.#rest;
    // Read on the thread pool while the posts are checked.
    const inputs = buildInputs(this.options, this.#bytes);
    inputs.catch(() => undefined);
    const { site, skipped } = await loadSite(this.options, { posts: this.#posts, markdown: this.#markdown });
    const templates = await folderHash("templates");
    // A changed template changes pages whose data did not: nothing kept is what it would render.
    if (templates !== this.#templates) this.#rendered.clear();
    this.#templates = templates;
    this.options.inputs = await inputs;
    const plan = sitePlan(site, this.options, this.#rendered, this.#compiled);

    // Another build may have replaced the output meanwhile (only before this process held it).
    const first = !this.#lock || !this.#live || currentBuild(this.out) !== this.#live.folder;
    const release = first ? await this.#start() : undefined;
    const live = this.#live as Live;
    let counts = { rendered: 0, reused: 0 };
    // Pages whose content changed are written first, those that carry only a new build time after.
    const write = (files: readonly SiteFile[]) => {
      const same = this.#rendered.sameButTime;
      live.site.later(files.filter((f) => same.has(f.path)));
      return live.site.write(files.filter((f) => !same.has(f.path)));
    };
    try {
      await live.site.write(await folderFiles(PUBLIC_DIR));
      await live.site.write(plan.files);
      await writePages(site, plan.pages, plan.globals, plan.templates, write, plan.kept);
    } catch (error) {
      live.site.abort();
      await release?.abandon();
      throw error;
    } finally {
      counts = this.#rendered.sweep();
    }
    const ms = performance.now() - started;
    const written = live.site.finish();
    this.#rest = written.catch(() => undefined);
    const search = this.options.search ? this.#index(site, plan.search) : Promise.resolve(null);
    if (release) {
      // The first output is complete, search index and all, before the output points at it.
      try {
        await written;
        await search;
        this.#lock = await release.publish(true);
      } catch (error) {
        await release.abandon();
        throw error;
      }
    }
    return { first, pages: plan.pages.length, ...counts, skipped, ms, written, search };
  }

  #rest: Promise<unknown> = Promise.resolve();

  /**
   * Frees the output for other builds once the search index being written is done (changes saved
   * meanwhile are not indexed); the preview stays as last written.
   */
  async close(): Promise<void> {
    this.#wanted = undefined;
    await this.#rest;
    await this.#indexing?.catch(() => undefined);
    await this.#lock?.release();
    this.#lock = undefined;
  }

  /** A new build folder, as `npm run build` starts one; the writers start empty. */
  async #start() {
    await this.#indexing?.catch(() => undefined);
    await this.#lock?.release();
    this.#lock = undefined;
    this.#live = undefined;
    this.#parts = new Map();
    await checkOutput(this.out, readFolders(this.options.posts, PROJECT));
    const release = await startRelease(this.out);
    this.#live = {
      folder: release.folder,
      site: new ChangedFiles(release.folder),
      search: new ChangedFiles(release.folder),
    };
    return {
      abandon: async () => {
        this.#live = undefined;
        await release.abandon();
      },
      publish: (hold: boolean) => release.publish(hold),
    };
  }

  /**
   * Indexes `site` for search after the pages are written, one index at a time: a change saved while
   * one runs is indexed next, and changes saved meanwhile are indexed together.
   */
  #index(site: Site, plan: SearchPart[]): Promise<SearchSummary | null> {
    this.#wanted = { site, plan };
    this.#indexing ??= (async () => {
      try {
        let summary: SearchSummary | null = null;
        while (this.#wanted) {
          const { site: next, plan: parts } = this.#wanted;
          this.#wanted = undefined;
          summary = await this.#indexInto(next, parts);
        }
        return summary;
      } finally {
        this.#indexing = undefined;
      }
    })();
    return this.#indexing;
  }

  /** Indexes the parts whose records changed since the last index written into the live folder. */
  async #indexInto(site: Site, plan: SearchPart[]): Promise<SearchSummary> {
    const live = this.#live as Live;
    const parts = new Map<string, string>();
    // An index that fails half-way leaves no part known: the next one indexes every part.
    const before = this.#parts;
    this.#parts = new Map();
    const reuse: PartReuse = async (part, records) => {
      parts.set(part, records);
      if (before.get(part) !== records) return false;
      live.search.keep((file) => inPart(file, part));
      return true;
    };
    const summary = await indexSite(site, plan, live.search.write, reuse);
    await live.search.finish();
    this.#parts = parts;
    return summary;
  }
}

/** A hash of every file's name and bytes under `folder`. */
async function folderHash(folder: string): Promise<string> {
  const hash = createHash("sha1");
  for (const file of await folderFiles(folder)) hash.update(`\0${file.path}\0`).update(file.content);
  return hash.digest("base64");
}
