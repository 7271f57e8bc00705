import { spawnSync } from "node:child_process";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildCommand, type Command } from "../src/cli/build-command.ts";
import { generatePosts, updateNewest } from "./generate.ts";
import { measure } from "./measure.ts";

/**
 * `npm run bench [-- 1000 4000 10000]`: generates N posts (generate.ts) and measures, each as a
 * rebuild over its own previous output after the newest post got an update (every command runs
 * twice unmeasured first: a build is then written over the spare build before it, as a NOC's
 * builds are; src/build/spare-build.ts):
 *
 * - full: the build as `npm run build` runs it (package.json), search index included;
 * - pages: the same with --skip-search;
 * - search: indexing on its own (bench/search.ts: reads the posts into the site model, then
 *   Pagefind), the line the full build's search work is timed on;
 * - floor: gray-matter + markdown-it rendering the same posts to one file each (floor.mjs).
 *
 * Wall and CPU time (children included) from GNU time; peak memory is the whole process tree's,
 * Node and Pagefind together, sampled every 50 ms. Speed is measured here, never by a test.
 *
 * Then, when Debian's `hugo` is installed, the same sizes against Hugo (bench/hugo.ts, also
 * `npm run bench:hugo`), with an empty site for what each costs before its first post.
 */
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const NOW = "2026-11-28T12:00";
const work = path.join(os.tmpdir(), "noc-bench");

let round = 0;

/** The third of three runs of `command`, each after an update to the newest of the `n` posts in `posts`. */
async function afterTwo(command: string[] | Command, posts: string, n: number) {
  const { argv, env } = Array.isArray(command) ? { argv: command, env: {} } : command;
  for (let i = 0; i < 2; i++) {
    await updateNewest([posts], n, round++);
    await measure(argv, env);
  }
  await updateNewest([posts], n, round++);
  return measure(argv, env);
}

const f = (n: number, unit = "s") => `${n.toFixed(n >= 100 ? 0 : 2)} ${unit}`;
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
);
console.log(
  "| posts | full wall | full CPU | full peak | pages wall | pages CPU | pages peak | search wall | search CPU | search peak | floor wall | floor CPU | floor peak | full CPU ÷ floor |",
);
console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const n of sizes.length > 0 ? sizes : [1000, 4000, 10000]) {
  const posts = path.join(work, `posts-${n}`);
  await generatePosts(posts, n);
  const out = (name: string) => path.join(work, `${name}-${n}`);
  const floor = await afterTwo([process.execPath, "bench/floor.mjs", posts, out("floor")], posts, n);
  const pages = await afterTwo(
    await buildCommand(["--posts", posts, "--out", out("pages"), "--now", NOW, "--skip-search"]),
    posts,
    n,
  );
  const full = await afterTwo(await buildCommand(["--posts", posts, "--out", out("full"), "--now", NOW]), posts, n);
  const search = await afterTwo([process.execPath, "bench/search.ts", posts, out("search"), NOW], posts, n);
  console.log(
    `| ${n.toLocaleString("en")} | ${f(full.wall)} | ${f(full.cpu)} | ${f(full.peakMiB, "MiB")} | ${f(pages.wall)} | ${f(pages.cpu)} | ${f(pages.peakMiB, "MiB")} | ${f(search.wall)} | ${f(search.cpu)} | ${f(search.peakMiB, "MiB")} | ${f(floor.wall)} | ${f(floor.cpu)} | ${f(floor.peakMiB, "MiB")} | ${(full.cpu / floor.cpu).toFixed(1)}× |`,
  );
  for (const name of ["floor", "pages", "full", "search"]) {
    // A build output is a link into `<out>.builds/` (src/build/publish.ts).
    for (const made of [out(name), `${out(name)}.builds`]) await rm(made, { recursive: true, force: true });
  }
}

if (spawnSync("hugo", ["version"], { stdio: "ignore" }).status === 0) {
  console.log("\nAgainst Hugo (bench/hugo.ts):");
  const against = sizes.length > 0 ? sizes : [1000, 10000];
  spawnSync(process.execPath, ["bench/hugo.ts", "0", ...against.map(String)], { stdio: "inherit" });
} else {
  console.log("\nHugo is not installed (apt-get install hugo): no ratios against it.");
}
