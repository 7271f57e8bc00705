import { readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { inputsFingerprint } from "../../src/build/fingerprint.ts";
import { digestOf, SharedReads } from "../../src/build/shared-reads.ts";
import type { SeenFile } from "../../src/model/load.ts";
import { loadSources } from "../../src/model/load.ts";
import { postFile, postsDir } from "../factory.ts";

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function folder(files: Record<string, string>) {
  const { root, dir } = await postsDir(files);
  made.push(root);
  return { root, dir };
}

const notice = (title: string) => postFile(`title: ${title}\nkind: notice\ndate: 2011-01-01 10:00`);

describe("one read of each post for the fingerprint and the build", () => {
  it("gives the second reader the bytes the first read, though the file changed between", async () => {
    const { dir } = await folder({ "2011-01-01-a.md": notice("First") });
    const file = path.join(dir, "2011-01-01-a.md");
    const reads = new SharedReads();
    const first = await reads.read(file);
    await writeFile(file, notice("Second"));
    const second = await reads.read(path.relative(process.cwd(), file));
    expect(second).toBe(first);
    // Both have had it: a third read is a new one.
    expect((await reads.read(file)).toString()).toContain("Second");
  });

  it("hands a failed read to both readers", async () => {
    const { dir } = await folder({});
    const reads = new SharedReads();
    const missing = path.join(dir, "gone.md");
    await expect(reads.read(missing)).rejects.toMatchObject({ code: "ENOENT" });
    await expect(reads.read(missing)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("records the fingerprint of the very bytes the posts were built from", async () => {
    const { root, dir } = await folder({ "2011-01-01-a.md": notice("First") });
    const file = path.join(dir, "2011-01-01-a.md");
    const before = await inputsFingerprint(dir, root, {});

    const reads = new SharedReads();
    const recorded = await inputsFingerprint(dir, root, {}, undefined, reads);
    // An author saves between the fingerprint and the reading of the posts.
    await writeFile(file, notice("Second"));
    const loaded = await loadSources(dir, { read: (f) => reads.read(f) });

    expect(loaded.ok && loaded.value.posts.map((p) => p.title)).toEqual(["First"]);
    expect(recorded).toBe(before);
    // So the next `--if-changed` build sees the change and builds again.
    expect(await inputsFingerprint(dir, root, {})).not.toBe(recorded);
  });
});

describe("a post file the last build saw as it is", () => {
  /** How a build that looked at `file` `after` ms past its last change saw it, with `digest`. */
  async function seenAfter(file: string, after: number, digest = "recorded"): Promise<SeenFile> {
    const info = await stat(file);
    const stamp = `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
    return { stamp, at: Math.max(info.mtimeMs, info.ctimeMs) + after, digest };
  }

  it("is not read: its digest is the one that build recorded", async () => {
    const { dir } = await folder({ "2011-01-01-a.md": notice("First") });
    const file = path.join(dir, "2011-01-01-a.md");
    const seen = await seenAfter(file, 2_000);
    const reads = new SharedReads(Promise.resolve(new Map([[file, seen]])));
    expect(await reads.look(file)).toEqual({ seen });
  });

  it("is read when it was saved since, though at the same length", async () => {
    const { dir } = await folder({ "2011-01-01-a.md": notice("First") });
    const file = path.join(dir, "2011-01-01-a.md");
    const seen = await seenAfter(file, 60_000);
    await writeFile(file, notice("Firsz"));
    const reads = new SharedReads(Promise.resolve(new Map([[file, seen]])));
    const { bytes, seen: now } = await reads.look(file);
    expect(bytes?.toString()).toContain("Firsz");
    expect(now?.digest).toBe(digestOf(bytes as Buffer));
    expect(now?.stamp).not.toBe(seen.stamp);
  });

  it("is read when that build looked at it less than 2 s after it changed (a coarse clock could hide a later save)", async () => {
    const { dir } = await folder({ "2011-01-01-a.md": notice("First") });
    const file = path.join(dir, "2011-01-01-a.md");
    const reads = new SharedReads(Promise.resolve(new Map([[file, await seenAfter(file, 1_999)]])));
    expect((await reads.look(file)).bytes?.toString()).toContain("First");
  });

  it("gives the fingerprint the digest of its bytes, as a build that reads every file", async () => {
    const { root, dir } = await folder({ "2011-01-01-a.md": notice("First"), "2011-01-02-b.md": notice("Second") });
    const file = path.join(dir, "2011-01-01-a.md");
    const seen = await seenAfter(file, 2_000, digestOf(await readFile(file)));
    const reads = new SharedReads(Promise.resolve(new Map([[file, seen]])));
    expect(await inputsFingerprint(dir, root, {}, undefined, reads)).toBe(await inputsFingerprint(dir, root, {}));
    // The digest recorded is the one taken: another would give another fingerprint.
    const other = new SharedReads(Promise.resolve(new Map([[file, { ...seen, digest: "another" }]])));
    expect(await inputsFingerprint(dir, root, {}, undefined, other)).not.toBe(await inputsFingerprint(dir, root, {}));
  });
});
