import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type BuildOptions, buildOptions } from "../build/options.ts";
import { abandonNow, checkOutput, type Release, startRelease } from "../build/publish.ts";
import { describeSkipped, describeSummary, writeSite } from "../build/write-site.ts";
import { SERVICES_FILE, SETTINGS_FILE } from "../model/load.ts";
import { NOTIFY_FILE } from "../model/notify-schema.ts";
import { SiteError } from "../model/problems.ts";
import { explain, runMain } from "./main.ts";

/**
 * `npm run build [-- --out _site --posts posts --now 2011-07-20T16:00-04:00 --drafts --skip-search]`
 * Builds the whole site into a new folder, then points the output at it in one step
 * (src/build/publish.ts). On any problem: exit 1, every problem listed, the previous output untouched.
 */
const USAGE =
  "usage: npm run build -- [--out DIR] [--posts DIR] [--now TIME] [--drafts] [--skip-search] [--skip-broken]";

/** Exit status of a build that published, but not every post as written (--skip-broken). */
const EXIT_SKIPPED = 3;
const PROJECT = fileURLToPath(new URL("../..", import.meta.url));

void runMain("build", async () => {
  const { values } = parseArgs({
    options: {
      out: { type: "string", default: "_site" },
      posts: { type: "string" },
      now: { type: "string" },
      drafts: { type: "boolean", default: false },
      "skip-search": { type: "boolean", default: false },
      "skip-broken": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const options = buildOptions({ ...values, skipSearch: values["skip-search"], skipBroken: values["skip-broken"] });
  const out = values.out;
  await checkOutput(out, {
    "the project folder": PROJECT,
    "the posts folder": options.posts,
    ...Object.fromEntries(["posts", "public", "templates", "src"].map((d) => [`${d}/`, path.join(PROJECT, d)])),
  });
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
  const release = await startRelease(out, (owner) =>
    console.error(`Waiting for another build (process ${owner}) to finish with ${out}/...`),
  );
  return buildInto(options, release, out, left);
});

async function buildInto(options: BuildOptions, release: Release, out: string, left: string): Promise<number> {
  let finished = false;
  // A child that dies without an answer (Pagefind does on a full disk) leaves nothing to wait for.
  process.once("beforeExit", () => {
    if (finished) return;
    release.abandonNow();
    console.error(`Build failed: the search indexer stopped without finishing (is the disk full?); ${left}.`);
    process.exitCode = 1;
  });
  // After a failed write Eleventy's file copying may still fail on its own (a full disk): that
  // belongs to this build's failure, not to a crash with a stack trace.
  const stray: unknown[] = [];
  process.on("unhandledRejection", (reason) => {
    stray.push(reason);
  });

  const started = performance.now();
  try {
    const summary = await writeSite(options, release.folder);
    if (stray.length > 0) throw stray[0];
    await release.publish();
    finished = true;
    console.log(describeSummary(summary));
    console.log(`Site written to ${out}/ in ${((performance.now() - started) / 1000).toFixed(2)} s.`);
    if (summary.skipped.length === 0) return 0;
    console.error(describeSkipped(summary.skipped));
    return EXIT_SKIPPED;
  } catch (error) {
    await release.abandon();
    finished = true;
    const { message, code } = explain(error);
    console.error(message);
    console.error(`Build failed; ${left}.`);
    if (error instanceof SiteError && !options.skipBroken && onlyPostsBroken(error)) {
      console.error(
        "To publish the other posts now (an urgent update), run: npm run build -- --skip-broken (README: During an incident).",
      );
    }
    return code;
  }
}

/** Only post files have errors: --skip-broken can publish the rest (it cannot do without settings). */
function onlyPostsBroken(error: SiteError): boolean {
  return error.problems.every(
    (p) => p.severity === "warning" || ![SETTINGS_FILE, SERVICES_FILE, NOTIFY_FILE].includes(path.basename(p.file)),
  );
}
