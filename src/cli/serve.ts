import { execFile } from "node:child_process";
import { watch } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { postsFolder } from "../environment.ts";
import { UsageError } from "../errors.ts";
import { buildCommand } from "./build-command.ts";
import { runMain } from "./main.ts";
import { startPreview } from "./preview-server.ts";
import { watchTree } from "./watch-tree.ts";

/**
 * `npm run serve [-- --port 8080 --posts posts --now TIME]`: builds the site with drafts, serves it
 * on 127.0.0.1 and rebuilds on every change to posts (with settings and services), templates,
 * public/ or src/. Each build runs the build command afresh, so edits to src/*.ts count too.
 */
const USAGE = "usage: npm run serve -- [--port 8080] [--posts DIR] [--out _preview] [--now TIME]";

void runMain("serve", async () => {
  const { values } = parseArgs({
    options: {
      help: { type: "boolean", default: false },
      port: { type: "string", default: "8080" },
      posts: { type: "string" },
      // Not _site: the preview shows drafts, and _site is what a deploy publishes.
      out: { type: "string", default: "_preview" },
      now: { type: "string" },
    },
  });

  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: expected a port number, found "${values.port}"`);

  const posts = postsFolder(values.posts);
  const { argv, env } = await buildCommand([
    "--out",
    values.out,
    "--posts",
    posts,
    "--drafts",
    ...(values.now ? ["--now", values.now] : []),
  ]);

  function build(): Promise<{ ok: boolean; output: string }> {
    return new Promise((resolve) => {
      execFile(
        argv[0] ?? process.execPath,
        argv.slice(1),
        { env: { ...process.env, ...env } },
        (error, stdout, stderr) => resolve({ ok: !error, output: `${stdout}${stderr}`.trim() }),
      );
    });
  }

  const first = await build();
  console.log(first.output);
  const preview = await startPreview(values.out, port);
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

  const changed = (file: string) => {
    // Hidden files (the edit lock, editors' swap files) and half-written copies are not changes.
    if (/(^|\/)\.|\.tmp-\d+$/.test(path.basename(file))) return;
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), 100);
  };
  for (const tree of [posts, "templates", "public", "src"]) watchTree(tree, changed);
  watch(".", (_event, name) => {
    if (name === ".eleventy.ts") changed(name);
  });
  return undefined;
});
