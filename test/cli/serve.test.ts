import { type ChildProcess, spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_POSTS } from "../factory.ts";

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
  child?.kill();
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
});
