import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, realpath, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildsFolder, CACHE_FILE, MARKER } from "../../src/build/publish.ts";
import { openIncident, postsDir, tempFolders } from "../factory.ts";
import { runCli } from "./run.ts";

/** What the build promises about the folder it publishes: it replaces only its own, whole or not at all. */

const temp = tempFolders("noc-safety-");
const NOW = "2011-07-20T16:00-04:00";

const incident = openIncident("2011-07-20 15:00");

async function fixture() {
  const { root, dir } = await postsDir({ "2011-07-20-mail.md": incident });
  return { root, posts: dir, out: path.join(root, "site") };
}

const build = (posts: string, out: string, extra: string[] = []) =>
  runCli("build", ["--posts", posts, "--out", out, "--now", NOW, "--skip-search", ...extra]);

function startBuild(posts: string, out: string, extra: string[] = []): ChildProcess {
  return spawn(process.execPath, ["src/cli/build.ts", "--posts", posts, "--out", out, "--now", NOW, ...extra], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NOC_NOW: "", NOC_POSTS: "" },
  });
}

const ended = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code, signal) => resolve({ code, signal, stderr }));
  });

/** Polls until `test` holds (a build reached a stage), for at most 30 s. */
async function until(test: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error("the build never reached the stage");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The build folders other than the live one: what an interrupted build left. */
async function newBuildFolders(out: string): Promise<string[]> {
  const names = existsSync(buildsFolder(out)) ? await readdir(buildsFolder(out)) : [];
  const live = path.basename(await realpath(out).catch(() => ""));
  return names.filter((n) => n.startsWith("site-") && n !== live);
}

describe("the output folder", () => {
  it("is refused when it holds files the build did not make, and they stay (exit 2)", async () => {
    const { posts, root } = await fixture();
    const out = path.join(root, "mine");
    await mkdir(out);
    await writeFile(path.join(out, "notes.txt"), "do not delete");
    const result = await build(posts, out);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("is not a previous build's output");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await readFile(path.join(out, "notes.txt"), "utf8")).toBe("do not delete");
  });

  it("is refused when it is the posts folder", async () => {
    const { posts } = await fixture();
    const result = await build(posts, posts);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("is the posts folder");
    expect(existsSync(path.join(posts, "2011-07-20-mail.md"))).toBe(true);
  });

  it("never lacks a page while the site is rebuilt", async () => {
    const { posts, out } = await fixture();
    expect((await build(posts, out)).code).toBe(0);
    let reads = 0;
    let missing = 0;
    let building = true;
    const reader = (async () => {
      while (building) {
        try {
          await readFile(path.join(out, "index.html"));
        } catch {
          missing++;
        }
        reads++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let i = 0; i < 4; i++) expect((await build(posts, out)).code).toBe(0);
    building = false;
    await reader;
    expect(reads).toBeGreaterThan(100);
    expect(missing).toBe(0);
  });
});

describe("an interrupted build", () => {
  it.each([
    ["as soon as its build folder exists", (f: string) => existsSync(f)],
    ["while pages are written", (f: string) => existsSync(path.join(f, "index.html"))],
    ["while the search index is written", (f: string) => existsSync(path.join(f, "pagefind"))],
  ])("killed with -9 %s leaves the last site whole, and the next build cleans up", async (_stage, reached) => {
    const { posts, out } = await fixture();
    expect((await build(posts, out)).code).toBe(0);
    const before = await readFile(path.join(out, "index.html"), "utf8");
    const child = startBuild(posts, out);
    const done = ended(child);
    await until(async () => (await newBuildFolders(out)).some((n) => reached(path.join(buildsFolder(out), n))));
    child.kill("SIGKILL");
    await done;
    expect(await readFile(path.join(out, "index.html"), "utf8")).toBe(before);

    expect((await build(posts, out)).code).toBe(0);
    expect(await newBuildFolders(out)).toEqual([]);
    expect((await readdir(buildsFolder(out))).sort()).toEqual(
      [MARKER, CACHE_FILE, "spare", path.basename(await realpath(out))].sort(),
    );
  });

  it.each([
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const)("stopped with %s removes its own folder and lock and says the site was left", async (signal, code) => {
    const { posts, out } = await fixture();
    expect((await build(posts, out)).code).toBe(0);
    const child = startBuild(posts, out);
    const done = ended(child);
    await until(async () => (await newBuildFolders(out)).length > 0);
    child.kill(signal);
    const result = await done;
    expect(result.code).toBe(code);
    expect(result.stderr).toContain("was left as it was");
    expect(await newBuildFolders(out)).toEqual([]);
    expect(existsSync(path.join(buildsFolder(out), "lock"))).toBe(false);
  });
});

describe("two builds at once", () => {
  it("take turns: both succeed and the site is whole", async () => {
    const { posts, out } = await fixture();
    const [a, b] = await Promise.all([build(posts, out), build(posts, out)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(`${a.stderr}${b.stderr}`).not.toMatch(/ENOTEMPTY|\n\s+at /);
    expect(await readFile(path.join(out, "index.html"), "utf8")).toContain("Mail delays");
    expect(await newBuildFolders(out)).toEqual([]);
  });
});

describe("a full disk", () => {
  // A small tmpfs is a real full disk; mounting one needs root, which CI has.
  const canMount = (() => {
    try {
      return process.getuid?.() === 0 && existsSync("/proc/filesystems");
    } catch {
      return false;
    }
  })();

  it.runIf(canMount)("fails the build with a message and exit 1, and the next build still works", async () => {
    const { posts } = await fixture();
    const disk = await temp();
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=400k", "tmpfs", disk]);
    try {
      const out = path.join(disk, "site");
      const result = await runCli("build", ["--posts", posts, "--out", out, "--now", NOW]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/disk is full|stopped without finishing/);
      expect(result.stderr).toContain("Build failed");
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(await newBuildFolders(out)).toEqual([]);
      execFileSync("mount", ["-o", "remount,size=64m", disk]);
      expect((await runCli("build", ["--posts", posts, "--out", out, "--now", NOW])).code).toBe(0);
    } finally {
      execFileSync("umount", [disk]);
    }
  });
});
