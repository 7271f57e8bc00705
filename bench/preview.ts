import { spawn } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { generatePosts } from "./generate.ts";

/**
 * `npm run bench:preview [-- 26 1000]`: "saved to shown" in `npm run serve`. A post's title is
 * changed the way `npm run update` and editors save (a new file renamed over the old one), and the
 * clock runs until the post's page, polled every 20 ms, shows the new title. 26 is the sample
 * history (test/fixtures/noc-history); other sizes are generated posts.
 */
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const TRIALS = 5;

async function postsFor(dir: string, count: number): Promise<string> {
  if (count === 26) await cp("test/fixtures/noc-history", dir, { recursive: true });
  else await generatePosts(dir, count);
  return dir;
}

async function startServe(posts: string, out: string): Promise<{ url: string; stop: () => void }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ["src/cli/serve.ts", "--port", String(port), "--posts", posts, "--out", out], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Preview \(drafts shown\) at (\S+);/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.on("exit", () => reject(new Error(`serve stopped:\n${output}`)));
  });
  return { url, stop: () => child.kill() };
}

async function savedToShown(file: string, page: string, trial: number): Promise<number> {
  const source = await readFile(file, "utf8");
  const marker = `Edited ${trial}`;
  const edited = source.replace(
    /^title: (.*)$/m,
    (_line, title: string) => `title: ${marker} ${title.replace(/^Edited \d+ /, "")}`,
  );
  await writeFile(`${file}.tmp-bench`, edited);
  const saved = performance.now();
  await rename(`${file}.tmp-bench`, file);
  for (;;) {
    const text = await (await fetch(page)).text();
    if (text.includes(`<h1>${marker} `)) return (performance.now() - saved) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

console.log(`| posts | saved to shown (median of ${TRIALS}) | fastest | slowest |`);
console.log("| ---: | ---: | ---: | ---: |");
for (const count of sizes.length > 0 ? sizes : [26, 1000]) {
  const work = await mkdtemp(path.join(os.tmpdir(), "noc-bench-preview-"));
  const posts = await postsFor(path.join(work, "posts"), count);
  const serve = await startServe(posts, path.join(work, "site"));
  try {
    const name = (await readdir(posts)).filter((f) => f.endsWith(".md")).sort()[0] as string;
    const id = name.replace(/\.md$/, "");
    const times: number[] = [];
    for (let trial = 1; trial <= TRIALS; trial++) {
      times.push(await savedToShown(path.join(posts, name), `${serve.url}posts/${id}/`, trial));
      // An author saves again seconds later, not at once: the search index of the save has been rebuilt.
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
    times.sort((a, b) => a - b);
    const s = (t: number | undefined) => `${(t ?? 0).toFixed(2)} s`;
    console.log(`| ${count.toLocaleString("en")} | ${s(times[TRIALS >> 1])} | ${s(times[0])} | ${s(times.at(-1))} |`);
  } finally {
    serve.stop();
    await rm(work, { recursive: true, force: true });
  }
}
