import { execFile } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { generatePosts } from "./generate.ts";

/**
 * `npm run bench [-- 1000 4000 10000]`: builds N generated posts and prints wall time, CPU time and
 * peak memory of the build, with search indexing measured on its own line, next to a floor measured
 * in the same run: gray-matter + markdown-it rendering the same posts to files, no framework
 * (floor.mjs). Measured with GNU time. The full build (`npm run build`) is timed as it runs; for CPU
 * and memory the pages are built with --skip-search and indexed by Pagefind's own command with the
 * settings src/search-index.ts uses, because the indexer the build starts is a service process
 * GNU time does not see.
 */
const exec = promisify(execFile);
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const NOW = "2026-11-28T12:00";
const work = path.join(os.tmpdir(), "noc-bench");

interface Measure {
  wall: number;
  cpu: number;
  peakMiB: number;
  output: string;
}

async function measure(command: string[]): Promise<Measure> {
  const { stdout, stderr } = await exec("/usr/bin/time", ["-f", "TIME %e %U %S %M", ...command], {
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NOC_NOW: "", NOC_POSTS: "", NOC_DRAFTS: "" },
  });
  const line = stderr.split("\n").find((l) => l.startsWith("TIME "));
  const [, wall, user, sys, kb] = line?.split(" ").map(Number) ?? [];
  return {
    wall: wall ?? Number.NaN,
    cpu: (user ?? 0) + (sys ?? 0),
    peakMiB: (kb ?? 0) / 1024,
    output: `${stdout}${stderr}`,
  };
}

/** `npm run build` on the generated posts, as the bench runs it. */
function buildCommand(posts: string, out: string, ...extra: string[]): string[] {
  return [
    process.execPath,
    "--import",
    "tsx",
    "src/cli/build.ts",
    "--posts",
    posts,
    "--out",
    out,
    "--now",
    NOW,
    ...extra,
  ];
}

const f = (n: number) => n.toFixed(2).padStart(7);
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
);
console.log(
  "posts  | full build wall | pages wall | pages cpu | pages peak MiB | search wall | search cpu | search peak MiB | floor wall | floor cpu | floor peak MiB | pages cpu ÷ floor | all cpu ÷ floor",
);
for (const n of sizes.length > 0 ? sizes : [1000, 4000, 10000]) {
  const posts = path.join(work, `posts-${n}`);
  await mkdir(work, { recursive: true });
  await generatePosts(posts, n);
  const floor = await measure([process.execPath, "bench/floor.mjs", posts, path.join(work, `floor-${n}`)]);
  const site = path.join(work, `site-${n}`);
  const build = await measure(buildCommand(posts, site, "--skip-search"));
  // The real build, pages then search index. Wall time only: Pagefind's own process is not one
  // GNU time sees.
  const full = await measure(buildCommand(posts, path.join(work, `full-${n}`)));
  await rm(path.join(work, `full-${n}`), { recursive: true, force: true });
  const search = await measure([
    process.execPath,
    "node_modules/pagefind/lib/runner/bin.cjs",
    "--site",
    site,
    "--glob",
    "posts/**/*.html",
    "--force-language",
    "en",
  ]);
  const ratio = (cpu: number) => `${(cpu / floor.cpu).toFixed(1)}×`.padStart(6);
  console.log(
    `${String(n).padStart(6)} | ${f(full.wall)} s       | ${f(build.wall)} s  | ${f(build.cpu)} s | ${f(build.peakMiB)}        | ${f(search.wall)} s   | ${f(search.cpu)} s  | ${f(search.peakMiB)}         | ${f(floor.wall)} s  | ${f(floor.cpu)} s | ${f(floor.peakMiB)}        | ${ratio(build.cpu)}            | ${ratio(build.cpu + search.cpu)}`,
  );
  await rm(path.join(work, `site-${n}`), { recursive: true, force: true });
  await rm(path.join(work, `floor-${n}`), { recursive: true, force: true });
}
