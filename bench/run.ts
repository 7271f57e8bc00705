import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildCommand, type Command } from "../src/cli/build-command.ts";
import { generatePosts } from "./generate.ts";
import { measure } from "./measure.ts";

/**
 * `npm run bench [-- 1000 4000 10000]`: generates N posts (generate.ts) and measures, each as a
 * rebuild over its own previous output (every command runs twice unmeasured first: a build is then
 * written over the spare build before it, as a NOC's builds are; src/build/spare-build.ts):
 *
 * - full: the build as `npm run build` runs it (package.json), search index included;
 * - pages: the same with --skip-search;
 * - search: indexing on its own (bench/search.ts: reads the posts into the site model, then
 *   Pagefind), the line the full build's search work is timed on;
 * - floor: gray-matter + markdown-it rendering the same posts to one file each (floor.mjs).
 *
 * Wall and CPU time (children included) from GNU time; peak memory is the whole process tree's,
 * Node and Pagefind together, sampled every 50 ms. Speed is measured here, never by a test.
 */
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const NOW = "2026-11-28T12:00";
const work = path.join(os.tmpdir(), "noc-bench");

async function afterTwo(command: string[] | Command) {
  const { argv, env } = Array.isArray(command) ? { argv: command, env: {} } : command;
  await measure(argv, env);
  await measure(argv, env);
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
  const floor = await afterTwo([process.execPath, "bench/floor.mjs", posts, out("floor")]);
  const pages = await afterTwo(
    await buildCommand(["--posts", posts, "--out", out("pages"), "--now", NOW, "--skip-search"]),
  );
  const full = await afterTwo(await buildCommand(["--posts", posts, "--out", out("full"), "--now", NOW]));
  const search = await afterTwo([process.execPath, "bench/search.ts", posts, out("search"), NOW]);
  console.log(
    `| ${n.toLocaleString("en")} | ${f(full.wall)} | ${f(full.cpu)} | ${f(full.peakMiB, "MiB")} | ${f(pages.wall)} | ${f(pages.cpu)} | ${f(pages.peakMiB, "MiB")} | ${f(search.wall)} | ${f(search.cpu)} | ${f(search.peakMiB, "MiB")} | ${f(floor.wall)} | ${f(floor.cpu)} | ${f(floor.peakMiB, "MiB")} | ${(full.cpu / floor.cpu).toFixed(1)}× |`,
  );
  for (const name of ["floor", "pages", "full", "search"]) {
    // A build output is a link into `<out>.builds/` (src/build/publish.ts).
    for (const made of [out(name), `${out(name)}.builds`]) await rm(made, { recursive: true, force: true });
  }
}
