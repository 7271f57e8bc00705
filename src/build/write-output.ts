import { lstatSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Site } from "../model/site.ts";
import type { CompiledTemplates } from "../views/nunjucks.ts";
import type { OutputFile } from "../views/outputs.ts";
import { writePages } from "../views/pages.ts";
import type { RenderMemo } from "../views/render-memo.ts";
import {
  filesKey,
  indexSite,
  inPart,
  PART_RECORD,
  type PartRecord,
  type PartReuse,
  type SearchSummary,
} from "../views/search-index.ts";
import { collectNow } from "./memory.ts";
import type { BuildOptions } from "./options.ts";
import { sitePlan } from "./site-plan.ts";
import type { Spare } from "./spare-build.ts";
import { FolderWriter } from "./write-files.ts";

/**
 * Everything a build writes from the site model into its folder: every page (src/views/pages.ts),
 * every generated file (feeds, calendars, badges, API: src/views/outputs.ts) and the search index
 * (Pagefind, in its own process, on the other core while the pages are rendered).
 */

export interface SiteSummary {
  pages: number;
  files: number;
  search: SearchSummary | null;
}

export interface Writing {
  /** what was written, once every part has ended; rejects with the first failure */
  summary: Promise<SiteSummary>;
  /** resolves when every write has stopped, however it ended: a failed build waits for it before removing its folder */
  settled: Promise<unknown>;
  /** the site paths written */
  written: ReadonlySet<string>;
}

/**
 * `spare`: what the folder holds already (src/build/spare-build.ts); `rendered`: the pages and feeds
 * the last build made, for those whose inputs did not change, and `compiled`, the templates it
 * compiled (src/build/build-cache.ts).
 */
export function writeOutput(
  site: Site,
  options: BuildOptions,
  folder: string,
  spare?: Promise<Spare>,
  rendered?: RenderMemo,
  compiled?: CompiledTemplates,
): Writing {
  const plan = sitePlan(site, options, rendered, compiled);
  // Generated files are written once and not kept: at 10,000 posts the feeds alone are 20 MB.
  const files: OutputFile[] = plan.files;
  plan.files = [];
  const writer = new FolderWriter(folder, spare);
  const { write } = writer;
  const jobs = [
    options.search ? indexSite(site, plan.search, write, spare && spareParts(writer)) : Promise.resolve(null),
    write(files).then(() => files.length),
    writePages(site, plan.pages, plan.globals, plan.templates, write, plan.kept).then((count) => {
      // Pagefind, in its own process, is at its largest as it writes the index after the
      // pages: the pages' garbage should not add to that peak (see write-site.ts).
      if (options.search) collectNow();
      return count;
    }),
  ] as const;
  const summary = Promise.all(jobs).then(([indexed, fileCount, pageCount]) => ({
    pages: pageCount,
    files: fileCount,
    search: indexed,
  }));
  // Failures reach the build through the summary; this only keeps them from counting as unhandled.
  summary.catch(() => undefined);
  return { summary, settled: Promise.allSettled(jobs), written: writer.written };
}

/**
 * Keeps the spare's search index parts whose records did not change (src/views/search-index.ts):
 * the part's `part.json` names the same records, and the spare holds the files, by name, that the
 * part was written with, each a file.
 * A part that fails either check, or whose `part.json` cannot be read, is indexed again.
 */
function spareParts(writer: FolderWriter): PartReuse {
  return async (part, records) => {
    const files = await writer.spareFiles((file) => inPart(file, part));
    const recordPath = path.posix.join(part, PART_RECORD);
    if (!files.includes(recordPath)) return false;
    let kept: Partial<PartRecord>;
    try {
      kept = JSON.parse(await readFile(path.join(writer.folder, recordPath), "utf8"));
    } catch {
      return false;
    }
    if (kept.records !== records || kept.files !== filesKey(files.filter((file) => file !== recordPath))) return false;
    // The spare's files as the last build recorded them (src/build/build-cache.ts), not as listed:
    // each looked at once (at 10,000 posts, about 9,500 files of seven parts).
    const there = (file: string) => lstatSync(path.join(writer.folder, file), { throwIfNoEntry: false })?.isFile();
    if (!files.every(there)) return false;
    writer.keep(files);
    return true;
  };
}
