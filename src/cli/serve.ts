import { type ChildProcess, fork } from "node:child_process";
import { watch } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { postsFolder } from "../environment.ts";
import { UsageError } from "../errors.ts";
import { runMain } from "./main.ts";
import type { BuildAnswer } from "./preview-builder.ts";
import { startPreview } from "./preview-server.ts";
import { watchTree } from "./watch-tree.ts";

/**
 * `npm run serve [-- --port 8080 --posts posts --now TIME]`: builds the site with drafts, serves it
 * on 127.0.0.1 and rebuilds on every change to posts (with settings and services), templates,
 * public/ or src/. The builds run in a process that stays up between changes and re-renders only
 * what a change touched (src/cli/preview-builder.ts); a change to the code starts a new one.
 */
const USAGE = "usage: npm run serve -- [--port 8080] [--posts DIR] [--out _preview] [--now TIME]";

/** The build process: one at a time, started again when the code changes. */
function previewBuilder(args: string[]) {
  const script = fileURLToPath(new URL("./preview-builder.ts", import.meta.url));
  let child: ChildProcess | undefined;
  let answers: ((answer: BuildAnswer) => void)[] = [];
  const start = () => {
    const started = fork(script, args, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    started.on("message", (message) => {
      if (typeof message === "object" && message !== null) answers.shift()?.(message as BuildAnswer);
    });
    started.on("exit", (code, signal) => {
      if (child !== started) return;
      child = undefined;
      const waiting = answers;
      answers = [];
      for (const answer of waiting)
        answer({ ok: false, output: `The build process stopped (${signal ?? `exit ${code}`}).` });
    });
    return started;
  };
  process.once("exit", () => child?.kill());
  return {
    /** Asks the build process to end once it has stopped writing, and waits for that (at most 10 s). */
    async stop(): Promise<void> {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const ended = new Promise((resolve) => running.once("exit", resolve));
      running.send("stop");
      const timer = setTimeout(() => running.kill("SIGKILL"), 10_000);
      await ended;
      clearTimeout(timer);
    },
    build(): Promise<BuildAnswer> {
      child ??= start();
      const running = child;
      return new Promise((resolve) => {
        answers.push(resolve);
        running.send("build");
      });
    },
    restart(): void {
      const old = child;
      child = undefined;
      old?.kill();
    },
  };
}

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
  const builder = previewBuilder(["--out", values.out, "--posts", posts, ...(values.now ? ["--now", values.now] : [])]);

  // Ctrl-C or a service manager's stop: the build process finishes what it is writing first.
  const end = (signal: NodeJS.Signals) => {
    void builder.stop().then(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", end);
  process.once("SIGTERM", end);

  const first = await builder.build();
  console.log(first.output);
  const preview = await startPreview(values.out, port);
  console.log(`Preview (drafts shown) at ${preview.url}; watching for changes. Ctrl-C stops.`);

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let restart = false;
  async function rebuild(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        // The code changed: a new build process runs it (its first build writes a whole new folder).
        if (restart) {
          restart = false;
          builder.restart();
        }
        const result = await builder.build();
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
  for (const tree of [posts, "templates", "public"]) watchTree(tree, changed);
  const codeChanged = (file: string) => {
    restart = true;
    changed(file);
  };
  watchTree("src", codeChanged);
  watch(".", (_event, name) => {
    if (name === ".eleventy.ts" || name === "package-lock.json") codeChanged(name);
  });
  return undefined;
});
