import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { inputsFingerprint } from "../../src/build/fingerprint.ts";
import { SharedReads } from "../../src/build/shared-reads.ts";
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
