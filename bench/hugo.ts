import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";
import { buildCommand } from "../src/cli/build-command.ts";
import { generatePosts, updateNewest } from "./generate.ts";
import { type Measure, measure } from "./measure.ts";

/**
 * `npm run bench:hugo [-- 1000 10000]`: our build against Debian's Hugo (`apt-get install hugo`) over
 * the same generated posts, in one run, alternating (A B A B ...), medians of 5 (3 at 10,000 and
 * more), each a rebuild over its previous output after the newest post got an update (as a NOC's
 * rebuilds are). Hugo builds bench/hugo/: a page per post, a paginated list and an RSS feed per
 * service. Lines: our full build (search included) and our pages alone (--skip-search) against
 * Hugo, and an empty site, which is what each costs before the first post is read (start-up). The
 * last column is our full build as a first build (no earlier output to write over or keep search
 * index parts from: medians of 3, 1 at 10,000), against the same Hugo median.
 */
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n >= 0);
const NOW = "2026-11-28T12:00";
const work = path.join(os.tmpdir(), "noc-bench-hugo");

/** Hugo content from our posts: title, date with its offset, services as a taxonomy, the body. */
async function hugoSite(posts: string, site: string): Promise<void> {
  await rm(site, { recursive: true, force: true });
  await cp("bench/hugo", site, { recursive: true });
  const content = path.join(site, "content", "posts");
  await mkdir(content, { recursive: true });
  for (const name of (await readdir(posts)).filter((f) => f.endsWith(".md"))) {
    const text = await readFile(path.join(posts, name), "utf8");
    const [, front = "", body = ""] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
    const data = parse(front) as { title: string; date: string; service: string[] };
    const date = `${data.date.replace(" ", "T")}:00-05:00`;
    await writeFile(
      path.join(content, name),
      `---\n${stringify({ title: data.title, date, services: data.service })}---\n${body}`,
    );
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
const f = (n: number, unit = "s") => `${n.toFixed(n >= 100 ? 0 : 2)} ${unit}`;

console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
);
console.log(
  "| posts | ours (full) wall / CPU / peak | ours (pages) wall / CPU / peak | Hugo wall / CPU / peak | full ÷ Hugo wall | pages ÷ Hugo wall | full ÷ Hugo CPU | full ÷ Hugo peak | first full build wall / CPU / peak | first ÷ Hugo wall |",
);
console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const n of sizes.length > 0 ? sizes : [0, 1000, 10000]) {
  const posts = path.join(work, `posts-${n}`);
  await generatePosts(posts, n);
  const site = path.join(work, `hugo-${n}`);
  await hugoSite(posts, site);
  const full = await buildCommand(["--posts", posts, "--out", path.join(work, `full-${n}`), "--now", NOW]);
  const pages = await buildCommand([
    "--posts",
    posts,
    "--out",
    path.join(work, `pages-${n}`),
    "--now",
    NOW,
    "--skip-search",
  ]);
  const hugo = ["hugo", "--quiet", "--source", site, "--destination", path.join(work, `hugo-out-${n}`)];
  const runs = n >= 10000 ? 3 : 5;
  const results: { full: Measure[]; pages: Measure[]; hugo: Measure[] } = { full: [], pages: [], hugo: [] };
  // Two unmeasured rounds, then A B C A B C ...: the machine's drift falls on all three alike.
  // Every measured build is then a rebuild after the newest post got an update, ours over the
  // spare build before it and Hugo's over its own output, as a NOC's builds are
  // (src/build/spare-build.ts).
  const changed = [posts, path.join(site, "content", "posts")];
  for (let round = 0; round < 2; round++) {
    await updateNewest(changed, n, round);
    await measure(full.argv, full.env);
    await measure(pages.argv, pages.env);
    await measure(hugo);
  }
  for (let i = 0; i < runs; i++) {
    await updateNewest(changed, n, i + 2);
    results.full.push(await measure(full.argv, full.env));
    results.pages.push(await measure(pages.argv, pages.env));
    results.hugo.push(await measure(hugo));
  }
  // First builds: the output and its builds folder removed before each.
  const first = await buildCommand(["--posts", posts, "--out", path.join(work, `first-${n}`), "--now", NOW]);
  const firsts: Measure[] = [];
  for (let i = 0; i < (n >= 10000 ? 1 : 3); i++) {
    for (const made of [`first-${n}`, `first-${n}.builds`])
      await rm(path.join(work, made), { recursive: true, force: true });
    firsts.push(await measure(first.argv, first.env));
  }
  const m = (list: Measure[]) => ({
    wall: median(list.map((x) => x.wall)),
    cpu: median(list.map((x) => x.cpu)),
    peak: median(list.map((x) => x.peakMiB)),
  });
  const [a, p, h, c] = [m(results.full), m(results.pages), m(results.hugo), m(firsts)];
  const cell = (x: { wall: number; cpu: number; peak: number }) => `${f(x.wall)} / ${f(x.cpu)} / ${f(x.peak, "MiB")}`;
  console.log(
    `| ${n === 0 ? "0 (start-up)" : n.toLocaleString("en")} | ${cell(a)} | ${cell(p)} | ${cell(h)} | ${(a.wall / h.wall).toFixed(2)}× | ${(p.wall / h.wall).toFixed(2)}× | ${(a.cpu / h.cpu).toFixed(2)}× | ${(a.peak / h.peak).toFixed(2)}× | ${cell(c)} | ${(c.wall / h.wall).toFixed(2)}× |`,
  );
  await rm(work, { recursive: true, force: true });
}
