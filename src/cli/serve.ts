import { execFile } from "node:child_process";
import { watch } from "node:fs";
import { parseArgs } from "node:util";
import { startPreview } from "../dev-server.ts";
import { buildCommand } from "./build-command.ts";

/**
 * `npm run serve [-- --port 8080 --posts posts --now TIME]`: builds the site with drafts, serves it
 * on 127.0.0.1 and rebuilds on every change to posts (with settings and services), templates,
 * public/ or src/. Each build runs the build command afresh, so edits to src/*.ts count too.
 */
const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8080" },
    posts: { type: "string", default: process.env.NOC_POSTS ?? "posts" },
    out: { type: "string", default: "_site" },
    now: { type: "string" },
  },
});

const [node, ...args] = await buildCommand([
  "--out",
  values.out,
  "--posts",
  values.posts,
  "--drafts",
  ...(values.now ? ["--now", values.now] : []),
]);

function build(): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(node ?? process.execPath, args, (error, stdout, stderr) =>
      resolve({ ok: !error, output: `${stdout}${stderr}`.trim() }),
    );
  });
}

const first = await build();
console.log(first.output);
const preview = await startPreview(values.out, Number(values.port));
console.log(`Preview (drafts shown) at ${preview.url}; watching for changes. Ctrl-C stops.`);

let timer: NodeJS.Timeout | undefined;
let running: Promise<void> | undefined;
let again = false;
async function rebuild(): Promise<void> {
  if (running) {
    again = true;
    return;
  }
  running = (async () => {
    do {
      again = false;
      const result = await build();
      console.log(result.output);
      if (result.ok) preview.reload();
      else preview.problems(result.output);
    } while (again);
  })();
  await running;
  running = undefined;
}

for (const target of [values.posts, "templates", "public", "src", ".eleventy.ts"]) {
  watch(target, { recursive: true }, (_event, name) => {
    if (name && /(^|\/)\.|\.tmp-\d+/.test(String(name))) return;
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), 150);
  });
}
