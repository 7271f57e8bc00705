import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, readlink, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildsFolder, checkOutput, currentBuild, MARKER, startRelease } from "../../src/build/publish.ts";
import { tempFolders } from "../factory.ts";

const temp = tempFolders("noc-publish-");

/** Publishes a site holding `index.html` with `text` into `out`. */
async function publishSite(out: string, text: string): Promise<void> {
  const release = await startRelease(out);
  await writeFile(path.join(release.folder, "index.html"), text);
  await release.publish();
}

describe("the output folder the build may replace", () => {
  it("refuses a folder that holds anything and was not made by a build, and leaves it as it was", async () => {
    const dir = await temp();
    const out = path.join(dir, "notes");
    await mkdir(out);
    await writeFile(path.join(out, "keep.txt"), "mine");
    await expect(checkOutput(out, {})).rejects.toThrow(/exists and is not a previous build's output/);
    expect(await readFile(path.join(out, "keep.txt"), "utf8")).toBe("mine");
  });

  it.each([
    ["is", (posts: string) => posts],
    ["holds", (posts: string) => path.dirname(posts)],
    ["is inside", (posts: string) => path.join(posts, "site")],
  ])("refuses an output that %s a protected folder", async (_how, outFor) => {
    const dir = await temp();
    const posts = path.join(dir, "project", "posts");
    await mkdir(posts, { recursive: true });
    await expect(checkOutput(outFor(posts), { "the posts folder": posts })).rejects.toThrow(/posts folder/);
  });

  it("refuses a link that points anywhere but a build of this site", async () => {
    const dir = await temp();
    await mkdir(path.join(dir, "elsewhere"));
    await symlink("elsewhere", path.join(dir, "site"));
    await expect(checkOutput(path.join(dir, "site"), {})).rejects.toThrow(/not to a build of this site/);
  });

  it("refuses a builds folder without the marker", async () => {
    const dir = await temp();
    await mkdir(path.join(dir, "site.builds"));
    await expect(checkOutput(path.join(dir, "site"), {})).rejects.toThrow(/was not made by this build/);
  });

  it("accepts a new path, an empty folder and a previous build", async () => {
    const dir = await temp();
    await expect(checkOutput(path.join(dir, "new"), {})).resolves.toBeUndefined();
    await mkdir(path.join(dir, "empty"));
    await expect(checkOutput(path.join(dir, "empty"), {})).resolves.toBeUndefined();
    await publishSite(path.join(dir, "empty"), "one");
    await expect(checkOutput(path.join(dir, "empty"), {})).resolves.toBeUndefined();
  });
});

describe("publishing a build", () => {
  it("points the output at the new build and keeps the one it replaced as the spare, only that one", async () => {
    const out = path.join(await temp(), "site");
    await publishSite(out, "one");
    const first = await currentBuild(out);
    await publishSite(out, "two");
    expect(await readFile(path.join(out, "index.html"), "utf8")).toBe("two");
    expect(first && existsSync(first)).toBe(false);
    expect(await readFile(path.join(buildsFolder(out), "spare", "index.html"), "utf8")).toBe("one");
    await publishSite(out, "three");
    expect(await readFile(path.join(buildsFolder(out), "spare", "index.html"), "utf8")).toBe("two");
    expect((await readdir(buildsFolder(out))).filter((n) => n.startsWith("site-"))).toHaveLength(1);
    expect(path.isAbsolute(await readlink(out))).toBe(false);
    expect(existsSync(path.join(buildsFolder(out), MARKER))).toBe(true);
  });

  it("starts from the spare when asked to reuse it, and lists what it holds", async () => {
    const out = path.join(await temp(), "site");
    await publishSite(out, "one");
    await publishSite(out, "two");
    const release = await startRelease(out, { reuse: true });
    expect(existsSync(path.join(buildsFolder(out), "spare"))).toBe(false);
    expect(await readFile(path.join(release.folder, "index.html"), "utf8")).toBe("one");
    expect([...((await release.spare)?.files ?? [])]).toEqual(["/index.html"]);
    await release.abandon();
    // A build that failed leaves no spare; the next one starts from an empty folder.
    const next = await startRelease(out, { reuse: true });
    expect(next.spare).toBeUndefined();
    expect(await readdir(next.folder)).toEqual([]);
    await next.abandon();
  });

  it("removes what interrupted builds left, and keeps the live build and the spare", async () => {
    const out = path.join(await temp(), "site");
    await publishSite(out, "zero");
    await publishSite(out, "one");
    const builds = buildsFolder(out);
    await mkdir(path.join(builds, "site-1-99999"));
    await writeFile(path.join(builds, "link-99999"), "");
    await mkdir(`${out}.tmp-4242`);
    await mkdir(`${out}.old-4242`);
    const release = await startRelease(out);
    const names = await readdir(builds);
    expect(names.sort()).toEqual(
      [MARKER, "lock", "spare", path.basename(release.folder), path.basename((await currentBuild(out)) ?? "")].sort(),
    );
    expect(existsSync(`${out}.tmp-4242`) || existsSync(`${out}.old-4242`)).toBe(false);
    await release.abandon();
    expect(await readFile(path.join(out, "index.html"), "utf8")).toBe("one");
    expect(existsSync(path.join(builds, "lock"))).toBe(false);
  });

  it("makes a second build wait for the first and take over a lock whose owner is gone", async () => {
    const out = path.join(await temp(), "site");
    const first = await startRelease(out);
    let secondStarted = false;
    const second = startRelease(out).then((r) => {
      secondStarted = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondStarted).toBe(false);
    await first.abandon();
    const release = await second;
    expect(secondStarted).toBe(true);
    release.abandonNow();

    // A lock naming a process that no longer runs (kill -9) does not hold anyone up.
    await writeFile(path.join(buildsFolder(out), "lock"), "999999999\n");
    const after = await startRelease(out);
    await after.abandon();
  });
});

describe("a signal during publishing", () => {
  it("never removes the build the output already points at", async () => {
    const out = path.join(await temp(), "site");
    const release = await startRelease(out);
    await writeFile(path.join(release.folder, "index.html"), "new");
    await release.publish();
    release.abandonNow();
    expect(await readFile(path.join(out, "index.html"), "utf8")).toBe("new");
  });
});
