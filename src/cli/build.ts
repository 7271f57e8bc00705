import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { BuildCache } from "../build/build-cache.ts";
import { type EleventyStart, startEleventy } from "../build/eleventy-run.ts";
import { buildInputs, PROJECT } from "../build/fingerprint.ts";
import { collectWith, fullCollection } from "../build/memory.ts";
import { type BuildOptions, buildOptions } from "../build/options.ts";
import { copyPublic, publicInSpare } from "../build/public-copy.ts";
import { abandonNow, checkOutput, type Release, readFolders, spareFolder, startRelease } from "../build/publish.ts";
import { SharedReads } from "../build/shared-reads.ts";
import type { SeenFile } from "../model/load.ts";
import { SiteError } from "../model/problems.ts";
import { isValidZone, parseAuthorTime } from "../model/time.ts";
import { ROUTES } from "../routes.ts";
import { explain, runMain } from "./main.ts";

/**
 * `npm run build [-- --out _site --posts posts --now 2011-07-20T16:00-04:00 --drafts --skip-search]`
 * Builds the whole site into a new folder, then points the output at it in one step
 * (src/build/publish.ts). On any problem: exit 1, every problem listed, the previous output untouched.
 */
const USAGE =
  "usage: npm run build -- [--out DIR] [--posts DIR] [--now TIME] [--drafts] [--skip-search] [--skip-broken] [--if-changed] [--audience public|internal]";

/** Exit status of a build that published, but not every post as written (--skip-broken). */
const EXIT_SKIPPED = 3;

void runMain("build", async () => {
  const { values } = parseArgs({
    options: {
      out: { type: "string", default: "_site" },
      posts: { type: "string" },
      now: { type: "string" },
      drafts: { type: "boolean", default: false },
      "skip-search": { type: "boolean", default: false },
      "skip-broken": { type: "boolean", default: false },
      "if-changed": { type: "boolean", default: false },
      audience: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  // A big build's heap is kept near what it holds (src/build/memory.ts).
  collectWith(fullCollection);
  // Eleventy loads on a thread of its own from here, beside this thread's work before the pages
  // (src/build/eleventy-run.ts), unless --if-changed may not need it or the spare build this build
  // will write over already holds `public/` (src/build/public-copy.ts).
  const kept = publicInSpare(spareFolder(values.out));
  let eleventy = values["if-changed"] || kept ? undefined : startEleventy();
  const options = buildOptions({ ...values, skipSearch: values["skip-search"], skipBroken: values["skip-broken"] });
  const out = values.out;
  // Read on the thread pool while the build starts; only --if-changed needs it before anything else.
  // The posts' bytes are read once, for the fingerprint and the build alike, and not at all for a
  // post the last build saw as it is, which the build cache tells once the lock is held
  // (src/build/shared-reads.ts).
  const seen = Promise.withResolvers<ReadonlyMap<string, SeenFile>>();
  const reads = new SharedReads(seen.promise);
  const inputs = buildInputs(options, undefined, reads);
  inputs.catch(() => undefined);
  if (values["if-changed"]) {
    // Needed before the cache is read: every file is read.
    seen.resolve(new Map());
    const unchanged = await unchangedSince(out, await inputs, options.now);
    if (unchanged) {
      console.log(unchanged);
      return 0;
    }
  }
  if (!kept) eleventy ??= startEleventy();
  await checkOutput(out, readFolders(options.posts, PROJECT));
  const hadOutput = existsSync(out);
  const left = hadOutput ? `${out}/ was left as it was` : `${out}/ was not written`;
  // From here on, a signal removes whatever this build has started, at any stage.
  const interrupted = (signal: NodeJS.Signals) => {
    abandonNow(out);
    console.error(`Build interrupted (${signal}); ${left}.`);
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  // Loaded here, not at the top: `--if-changed` with nothing to do never pays for the model. Read
  // once the lock is held: it may record the files of the spare this build writes over.
  const cache = import("../build/build-cache.ts").then(({ openBuildCache }) => openBuildCache(out, options, reads));
  const release = await startRelease(out, {
    onWait: (owner) => console.error(`Waiting for another build (process ${owner}) to finish with ${out}/...`),
    reuse: true,
    spareFiles: async () => (await cache).spareFiles(),
  });
  seen.resolve(cache.then((opened) => opened.seenFiles()));
  return buildInto(options, inputs, reads, release, out, left, cache, eleventy);
});

async function buildInto(
  options: BuildOptions,
  inputs: Promise<string>,
  reads: SharedReads,
  release: Release,
  out: string,
  left: string,
  cache: Promise<BuildCache>,
  loading: EleventyStart | undefined,
): Promise<number> {
  let finished = false;
  // A child that dies without an answer (Pagefind does on a full disk) leaves nothing to wait for.
  process.once("beforeExit", () => {
    if (finished) return;
    release.abandonNow();
    console.error(`Build failed: the search indexer stopped without finishing (is the disk full?); ${left}.`);
    process.exitCode = 1;
  });
  // After a failed write, writes still under way may fail on their own (a full disk): that belongs
  // to this build's failure, not to a crash with a stack trace.
  const stray: unknown[] = [];
  process.on("unhandledRejection", (reason) => {
    stray.push(reason);
  });

  const started = performance.now();
  // Eleventy copies `public/` into the folder while the posts are read and the pages written,
  // unless the spare holds it as Eleventy would write it.
  const eleventy = copyPublic(
    release.folder,
    release.spare,
    async () => (await cache).spareCopies(),
    loading,
    startEleventy,
  );
  try {
    const { describeSkipped, describeSummary, writeSite } = await import("../build/write-site.ts");
    const summary = await writeSite(options, release, eleventy, inputs, reads, await cache);
    if (stray.length > 0) throw stray[0];
    await release.publish();
    finished = true;
    console.log(describeSummary(summary));
    console.log(`Site written to ${out}/ in ${((performance.now() - started) / 1000).toFixed(2)} s.`);
    if (summary.skipped.length === 0) return 0;
    console.error(describeSkipped(summary.skipped));
    return EXIT_SKIPPED;
  } catch (error) {
    await eleventy.stop();
    await release.abandon();
    finished = true;
    const { message, code } = explain(error);
    console.error(message);
    console.error(`Build failed; ${left}.`);
    if (error instanceof SiteError && !options.skipBroken && (await onlyPostsBroken(error))) {
      console.error(
        "To publish the other posts now (an urgent update), run: npm run build -- --skip-broken (README: During an incident).",
      );
    }
    return code;
  }
}

/**
 * Why there is nothing to do, or undefined: the last build (its record in `out`) read the same
 * inputs, and the moment its output changes by itself has not come.
 */
async function unchangedSince(out: string, inputs: string, now: string | undefined): Promise<string | undefined> {
  let record: { inputs?: unknown; nextChangeAt?: unknown; nextChange?: unknown; timeZone?: unknown };
  try {
    record = JSON.parse(await readFile(path.join(out, ROUTES.buildRecord), "utf8"));
  } catch {
    return undefined;
  }
  const zone = typeof record.timeZone === "string" && isValidZone(record.timeZone) ? record.timeZone : "UTC";
  const at = now ? parseAuthorTime(now, zone, true) : undefined;
  const clock = at?.ok ? at.value.toMillis() : Date.now();
  const next = typeof record.nextChangeAt === "string" ? Date.parse(record.nextChangeAt) : Number.NaN;
  if (record.inputs !== inputs || !(clock < next)) return undefined;
  return `Nothing to do: no post, setting, template or code changed since the last build, and nothing changes by itself before ${record.nextChangeAt} (${record.nextChange}).`;
}

/** Only post files have errors: --skip-broken can publish the rest (it cannot do without settings). */
async function onlyPostsBroken(error: SiteError): Promise<boolean> {
  const { SERVICES_FILE, SETTINGS_FILE } = await import("../model/load.ts");
  const { NOTIFY_FILE } = await import("../model/notify-schema.ts");
  return error.problems.every(
    (p) => p.severity === "warning" || ![SETTINGS_FILE, SERVICES_FILE, NOTIFY_FILE].includes(path.basename(p.file)),
  );
}
