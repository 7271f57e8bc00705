import { type ChildProcess, spawn } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rename, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_POSTS } from "../factory.ts";
import { runCli } from "./run.ts";

/** The preview server: drafts shown, 127.0.0.1 only, live reload after edits to posts. */

let tmp: string;
let posts: string;
let child: ChildProcess;
let base: string;
const port = 20000 + Math.floor(Math.random() * 20000);

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "noc-serve-"));
  posts = path.join(tmp, "posts");
  await cp(SAMPLE_POSTS, posts, { recursive: true });
  await writeFile(
    path.join(posts, "draft.md"),
    "---\ntitle: A draft in progress\nkind: notice\ndate: 2011-07-01 10:00\ndraft: true\n---\nDraft.\n",
  );
  child = spawn(
    process.execPath,
    ["src/cli/serve.ts", "--port", String(port), "--posts", posts, "--out", path.join(tmp, "site")],
    { env: { ...process.env, NOC_NOW: "2011-07-20T16:00-04:00" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  base = await new Promise<string>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Preview \(drafts shown\) at (\S+);/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
});
afterAll(async () => {
  if (child && child.exitCode === null) {
    const ended = new Promise((resolve) => child.once("exit", resolve));
    child.kill();
    await ended;
  }
  await rm(tmp, { recursive: true, force: true });
});

describe("serve", () => {
  it("serves the built site on 127.0.0.1 with drafts and the live-reload script", async () => {
    expect(base).toBe(`http://127.0.0.1:${port}/`);
    const home = await (await fetch(base)).text();
    expect(home).toContain("A draft in progress");
    expect(home).toContain('<script src="/__preview/reload.js" defer></script>');
    expect((await fetch(`${base}nope/`)).status).toBe(404);
    expect((await fetch(`${base}feed.xml`)).headers.get("content-type")).toContain("xml");
  });

  it("listens on the loopback address only", async () => {
    const table = await readFile("/proc/net/tcp", "utf8");
    const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
    const listening = table
      .split("\n")
      .filter((line) => line.includes(`:${hexPort} `) && / 0A /.test(line))
      .map((line) => line.trim().split(/\s+/)[1]);
    expect(listening).toEqual([`0100007F:${hexPort}`]);
  });

  it("rebuilds and tells open pages to reload when a post changes", async () => {
    const events = await fetch(`${base}__preview/events`);
    const reader = events.body?.getReader();
    if (!reader) throw new Error("no event stream");
    const file = path.join(posts, "2011-07-20-packet-loss-and-outage.md");
    const source = await readFile(file, "utf8");
    await writeFile(file, source.replace("title: Packet loss and outage", "title: Edited packet loss and outage"));

    let received = "";
    const deadline = Date.now() + 30_000;
    while (!received.includes("event: reload") && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      received += new TextDecoder().decode(value);
    }
    await reader.cancel();
    expect(received).toContain("event: reload");
    expect(await (await fetch(base)).text()).toContain("Edited packet loss and outage");
  });

  /** Polls `url` until `ok` holds for its status and text (the rebuild is in another process). */
  async function until(url: string, ok: (status: number, text: string) => boolean): Promise<string> {
    const deadline = Date.now() + 30_000;
    let last = "";
    while (Date.now() < deadline) {
      const response = await fetch(url);
      last = await response.text();
      if (ok(response.status, last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${url} did not change in time; last answer:\n${last.slice(0, 300)}`);
  }

  it("keeps up with update, replace by rename, delete, re-create and a broken file fixed", async () => {
    const id = "2011-03-15-linux-hosted-mailboxes-down";
    const file = path.join(posts, `${id}.md`);
    const page = `${base}posts/${id}/`;
    const original = await readFile(file, "utf8");

    // npm run update replaces the file by rename
    const updated = await runCli(
      "update",
      [id, "--status", "postmortem", "--at", "2011-03-16 12:00", "Watching the links.", "--posts", posts],
      { NOC_NOW: "2011-03-16 12:00" },
    );
    expect(updated.code, updated.stderr).toBe(0);
    await until(page, (status, text) => status === 200 && text.includes("Watching the links."));

    // sed -i: a new file renamed over the old one
    const edited = (await readFile(file, "utf8")).replace("Watching the links.", "Watching every link.");
    await writeFile(`${file}.sedtmp`, edited);
    await rename(`${file}.sedtmp`, file);
    await until(page, (status, text) => status === 200 && text.includes("Watching every link."));

    // delete, then re-create
    await unlink(file);
    await until(page, (status) => status === 404);
    await writeFile(file, original);
    await until(page, (status, text) => status === 200 && !text.includes("Watching"));

    // a broken file is shown as problems; fixing it (by rename) shows the page again
    const events = await fetch(`${base}__preview/events`);
    const reader = events.body?.getReader();
    if (!reader) throw new Error("no event stream");
    await writeFile(`${file}.sedtmp`, original.replace("kind: incident", "kind: incidnet"));
    await rename(`${file}.sedtmp`, file);
    let received = "";
    const deadline = Date.now() + 30_000;
    while (!received.includes("event: problems") && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      received += new TextDecoder().decode(value);
    }
    await reader.cancel();
    expect(received).toMatch(
      /event: problems\ndata: .*2011-03-15-linux-hosted-mailboxes-down\.md:\d+:\d+: error: kind/,
    );
    expect((await fetch(page)).status).toBe(200); // the last good build stays
    await writeFile(`${file}.sedtmp`, original.replace("title: Mail", "title: Fixed mail"));
    await rename(`${file}.sedtmp`, file);
    await until(page, (status, text) => status === 200 && text.includes("<h1>Fixed mail"));
  }, 120_000);

  it("stops, when told to, only after its build process has stopped writing", async () => {
    // A save just before the stop: its search index is being written when the signal comes.
    const file = path.join(posts, "2011-03-15-linux-hosted-mailboxes-down.md");
    await writeFile(file, (await readFile(file, "utf8")).replace("title: Fixed mail", "title: Stopping"));
    await until(`${base}posts/2011-03-15-linux-hosted-mailboxes-down/`, (_s, text) => text.includes("<h1>Stopping"));
    const ended = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await ended).toBe(143);
    const builds = path.join(tmp, "site.builds");
    const left = await readdir(builds);
    expect(left.filter((name) => name === "lock" || name.startsWith("search-"))).toEqual([]);
    expect(await runningWith(tmp)).toEqual([]);
    // Nothing goes on writing: the folder is the same a moment later.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await readdir(builds)).toEqual(left);
  }, 60_000);
});

/** Command lines of running processes that name `text`. */
async function runningWith(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const line = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (line.includes(text)) found.push(line.replaceAll("\0", " "));
  }
  return found;
}
