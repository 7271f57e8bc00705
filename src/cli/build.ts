import { rm } from "node:fs/promises";
import { parseArgs } from "node:util";
import Eleventy from "@11ty/eleventy";
import { backgroundSettled } from "../background.ts";
import { SiteError } from "../problems.ts";
import { stagingDir, swapInto } from "../staging.ts";

/**
 * `npm run build [-- --out _site --posts posts --now 2011-07-20T16:00-04:00 --drafts --skip-search]`
 * Builds the whole site into a staging folder, then swaps it in. On any problem: exit 1, every
 * problem listed, the previous output untouched.
 */
const { values } = parseArgs({
  options: {
    out: { type: "string", default: "_site" },
    posts: { type: "string" },
    now: { type: "string" },
    drafts: { type: "boolean", default: false },
    "skip-search": { type: "boolean", default: false },
  },
});

if (values.posts) process.env.NOC_POSTS = values.posts;
if (values.now) process.env.NOC_NOW = values.now;
if (values.drafts) process.env.NOC_DRAFTS = "1";
if (values["skip-search"]) process.env.NOC_SKIP_SEARCH = "1";

const outDir = values.out;
const staged = stagingDir(outDir);

try {
  const started = performance.now();
  await rm(staged, { recursive: true, force: true });
  const eleventy = new Eleventy(undefined, staged, { configPath: ".eleventy.ts", quietMode: true });
  await eleventy.write();
  await swapInto(staged, outDir);
  console.log(`Site written to ${outDir}/ in ${((performance.now() - started) / 1000).toFixed(2)} s.`);
} catch (error) {
  // Post pages or Pagefind may still be writing into the staging folder; let them stop first.
  await backgroundSettled();
  await rm(staged, { recursive: true, force: true });
  const problems = findSiteError(error);
  console.error(problems ? problems.message : error);
  console.error(`Build failed; ${outDir}/ was left as it was.`);
  process.exitCode = 1;
}

/** Eleventy wraps errors thrown by the config; find ours to print it plainly. */
function findSiteError(error: unknown): SiteError | undefined {
  for (
    let e = error;
    e;
    e = (e as { cause?: unknown; originalError?: unknown }).originalError ?? (e as { cause?: unknown }).cause
  ) {
    if (e instanceof SiteError) return e;
    if (e instanceof Error && e.name === "SiteError") return e as SiteError;
  }
  return undefined;
}
