import { buildOptions } from "../build/options.ts";
import { abandonNow } from "../build/publish.ts";
import { WarmBuild } from "../build/warm-build.ts";
import { explain } from "./main.ts";

/**
 * The build process behind `npm run serve` (src/cli/serve.ts starts it; not a command of its own).
 * It stays up between changes and builds again on each "build" message, re-rendering only what the
 * change touched (src/build/warm-build.ts), and answers with what happened. serve.ts starts a new
 * one when the code itself changes. Arguments: --posts DIR --out DIR [--now TIME].
 */

export interface BuildAnswer {
  ok: boolean;
  /** what the build command would print */
  output: string;
}

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const out = option("out") ?? "_preview";
const warm = new WarmBuild(buildOptions({ posts: option("posts"), now: option("now"), drafts: true }), out);

/** Ends once nothing more is being written: serve waits for that before it ends itself. */
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await warm.close().catch(() => undefined);
  abandonNow(out);
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
process.on("disconnect", () => void stop());

let queue: Promise<unknown> = Promise.resolve();
process.on("message", (message) => {
  if (message === "stop") return void stop();
  if (message !== "build" || stopping) return;
  queue = queue.then(async () => {
    const answer = await build();
    process.send?.(answer);
  });
});
process.send?.("ready");

async function build(): Promise<BuildAnswer> {
  try {
    const report = await warm.build();
    const { skipped } = report;
    const lines = [
      `${report.first ? "Built" : "Rebuilt"} ${report.pages} pages in ${(report.ms / 1000).toFixed(2)} s ` +
        `(${report.rendered} pages and files made, ${report.reused} unchanged).`,
    ];
    if (skipped.length > 0) lines.push(`${skipped.length} broken posts left out.`);
    report.search.catch((error: unknown) => console.error(`Search index not rebuilt: ${explain(error).message}`));
    return { ok: true, output: lines.join("\n") };
  } catch (error) {
    return { ok: false, output: `${explain(error).message}\nBuild failed; the preview shows the last good build.` };
  }
}
