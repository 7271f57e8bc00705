import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildCommand } from "../src/cli/build-command.ts";
import { generatePosts } from "./generate.ts";
import { measure } from "./measure.ts";

/**
 * `npm run bench:if-changed [-- 1000]`: what a 1-minute schedule of `npm run build -- --if-changed`
 * costs when nothing changed (it hashes the inputs, reads the last build record and stops), against
 * the full build it saves. Medians of 5, on generated posts.
 */
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const TRIALS = 5;
const NOW = "2026-06-01T00:00Z";
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;

console.log(`| posts | full build (wall) | --if-changed, nothing to do (wall / CPU / peak) | per day at 1/min |`);
console.log("| ---: | ---: | ---: | ---: |");
for (const count of sizes.length > 0 ? sizes : [1000]) {
  const work = await mkdtemp(path.join(os.tmpdir(), "noc-bench-if-changed-"));
  try {
    const posts = path.join(work, "posts");
    await generatePosts(posts, count);
    const out = path.join(work, "site");
    const args = ["--posts", posts, "--out", out, "--now", NOW, "--if-changed"];
    const { argv, env } = await buildCommand(args);
    const full = await measure(argv, env);
    const quiet = [];
    for (let i = 0; i < TRIALS; i++) {
      const m = await measure(argv, env);
      if (!m.output.includes("Nothing to do")) throw new Error(`expected nothing to do:\n${m.output}`);
      quiet.push(m);
    }
    const wall = median(quiet.map((m) => m.wall));
    const cpu = median(quiet.map((m) => m.cpu));
    const peak = median(quiet.map((m) => m.peakMiB));
    console.log(
      `| ${count.toLocaleString("en")} | ${full.wall.toFixed(2)} s | ${wall.toFixed(2)} s / ${cpu.toFixed(2)} s / ${peak.toFixed(0)} MiB | ${((cpu * 1440) / 60).toFixed(1)} CPU-min |`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
