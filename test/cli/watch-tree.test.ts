import { mkdir, mkdtemp, rename, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type TreeWatcher, watchTree } from "../../src/cli/watch-tree.ts";

/** The preview's watcher sees every name change under a folder, as editors and the commands make them. */

let root: string;
let watcher: TreeWatcher | undefined;
let seen: string[] = [];
afterEach(async () => {
  watcher?.close();
  await rm(root, { recursive: true, force: true });
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

/** Runs `act`, then returns the names (relative to the root) reported since. */
async function reported(act: () => Promise<unknown>): Promise<string[]> {
  seen = [];
  await act();
  await settle();
  return [...new Set(seen.map((f) => path.relative(root, f)))];
}

async function start() {
  root = await mkdtemp(path.join(tmpdir(), "noc-watch-"));
  await mkdir(path.join(root, "2011"));
  await writeFile(path.join(root, "a.md"), "a");
  await writeFile(path.join(root, "2011", "b.md"), "b");
  watcher = watchTree(root, (file) => seen.push(file));
  await settle();
}

describe("watchTree", () => {
  it("keeps seeing a file after it was replaced by rename, deleted and re-created", async () => {
    await start();
    const file = path.join(root, "a.md");
    const replace = async (text: string) => {
      await writeFile(`${file}.tmp-1`, text);
      await rename(`${file}.tmp-1`, file);
    };
    expect(await reported(() => replace("1"))).toContain("a.md");
    expect(await reported(() => writeFile(file, "2"))).toContain("a.md");
    expect(await reported(() => replace("3"))).toContain("a.md");
    expect(await reported(() => unlink(file))).toContain("a.md");
    expect(await reported(() => writeFile(file, "4"))).toContain("a.md");
    expect(await reported(() => writeFile(file, "5"))).toContain("a.md");
  });

  it("watches folders that exist, appear later, and come back after being removed", async () => {
    await start();
    expect(await reported(() => writeFile(path.join(root, "2011", "b.md"), "b2"))).toEqual(["2011/b.md"]);
    await reported(() => mkdir(path.join(root, "2012")));
    expect(await reported(() => writeFile(path.join(root, "2012", "c.md"), "c"))).toEqual(["2012/c.md"]);
    await reported(() => rm(path.join(root, "2011"), { recursive: true }));
    await reported(() => mkdir(path.join(root, "2011")));
    expect(await reported(() => writeFile(path.join(root, "2011", "d.md"), "d"))).toEqual(["2011/d.md"]);
  });

  it("reports nothing after it is closed", async () => {
    await start();
    watcher?.close();
    expect(await reported(() => writeFile(path.join(root, "a.md"), "x"))).toEqual([]);
  });
});
