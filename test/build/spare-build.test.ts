import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { removeLeftovers, spareFromList, takeSpare } from "../../src/build/spare-build.ts";
import { FolderWriter } from "../../src/build/write-files.ts";
import { tempFolders } from "../factory.ts";

const temp = tempFolders("noc-spare-");

/** A folder holding `files` (site path → content). */
async function folderWith(files: Record<string, string>): Promise<string> {
  const folder = await temp();
  for (const [site, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(folder, site)), { recursive: true });
    await writeFile(path.join(folder, site), content);
  }
  return folder;
}

describe("takeSpare", () => {
  it("lists the spare's files as site paths and its folders", async () => {
    const folder = await folderWith({ "/index.html": "a", "/posts/x/index.html": "b" });
    const spare = await takeSpare(folder);
    expect([...spare.files].sort()).toEqual(["/index.html", "/posts/x/index.html"]);
    expect([...spare.folders].sort()).toEqual([folder, path.join(folder, "posts"), path.join(folder, "posts/x")]);
  });

  it("removes links, which a build never makes, so no write follows one out of the folder", async () => {
    const outside = await folderWith({ "/secret.txt": "keep" });
    const folder = await folderWith({ "/index.html": "a" });
    await symlink(path.join(outside, "secret.txt"), path.join(folder, "feed.xml"));
    await symlink(outside, path.join(folder, "posts"));
    const spare = await takeSpare(folder);
    expect([...spare.files]).toEqual(["/index.html"]);
    expect((await readdir(folder)).sort()).toEqual(["index.html"]);
    expect(await readFile(path.join(outside, "secret.txt"), "utf8")).toBe("keep");
  });
});

describe("spareFromList", () => {
  it("gives what listing gives, from the files the build that wrote the spare recorded", async () => {
    const files = { "/index.html": "a", "/posts/x/index.html": "b", "/posts/y/index.html": "c", "/a/b/c/d.xml": "d" };
    const folder = await folderWith(files);
    const listed = await takeSpare(folder);
    const recorded = spareFromList(folder, Object.keys(files));
    expect([...(recorded?.files ?? [])].sort()).toEqual([...listed.files].sort());
    expect([...(recorded?.folders ?? [])].sort()).toEqual([...listed.folders].sort());
  });

  it("gives nothing when a folder it names is a link, so the spare is listed and its links removed", async () => {
    const outside = await folderWith({ "/x/index.html": "keep" });
    const folder = await folderWith({ "/index.html": "a" });
    await symlink(outside, path.join(folder, "posts"));
    expect(spareFromList(folder, ["/index.html", "/posts/x/index.html"])).toBeUndefined();
    // Deeper down, beside folders that are folders.
    const deeper = await folderWith({ "/services/a/index.html": "a" });
    await symlink(outside, path.join(deeper, "services", "b"));
    expect(spareFromList(deeper, ["/services/a/index.html", "/services/b/x/index.html"])).toBeUndefined();
    expect(spareFromList(deeper, ["/services/a/index.html"])).toBeDefined();
  });

  it("writes a file where the record's file is a link, not through the link", async () => {
    const outside = await folderWith({ "/secret.txt": "keep" });
    const folder = await folderWith({ "/index.html": "a" });
    await symlink(path.join(outside, "secret.txt"), path.join(folder, "feed.xml"));
    const writer = new FolderWriter(folder, spareFromList(folder, ["/index.html", "/feed.xml"]));
    await writer.write([{ path: "/feed.xml", content: "<feed/>" }]);
    expect(await readFile(path.join(folder, "feed.xml"), "utf8")).toBe("<feed/>");
    expect(await readFile(path.join(outside, "secret.txt"), "utf8")).toBe("keep");
  });

  it("writes a file the record names whose file and folder are gone as a new one", async () => {
    const folder = await folderWith({ "/index.html": "a", "/posts/x/index.html": "b" });
    const spare = spareFromList(folder, ["/index.html", "/posts/x/index.html", "/posts/gone/index.html"]);
    const writer = new FolderWriter(folder, spare);
    await writer.write([
      { path: "/posts/x/index.html", content: "B" },
      { path: "/posts/gone/index.html", content: "C" },
    ]);
    expect(await readFile(path.join(folder, "posts/gone/index.html"), "utf8")).toBe("C");
    expect(await readFile(path.join(folder, "posts/x/index.html"), "utf8")).toBe("B");
  });
});

describe("removeLeftovers", () => {
  it("removes the files not written and the folders they leave empty, and nothing else", async () => {
    const folder = await folderWith({
      "/index.html": "new",
      "/posts/gone/index.html": "old",
      "/posts/kept/index.html": "new",
      "/services/dns/page/2/index.html": "old",
      "/services/dns/index.html": "new",
    });
    const spare = await takeSpare(folder);
    // Made after the spare was taken, by someone the build did not list.
    await mkdir(path.join(folder, "pagefind"));
    await writeFile(path.join(folder, "pagefind/pagefind.js"), "x");
    await removeLeftovers(
      folder,
      spare,
      new Set(["/index.html", "/posts/kept/index.html", "/services/dns/index.html"]),
    );
    const left = (await readdir(folder, { recursive: true })).map((p) => p.split(path.sep).join("/")).sort();
    expect(left).toEqual([
      "index.html",
      "pagefind",
      "pagefind/pagefind.js",
      "posts",
      "posts/kept",
      "posts/kept/index.html",
      "services",
      "services/dns",
      "services/dns/index.html",
    ]);
  });
});

describe("a spare whose paths changed", () => {
  it("ends as the files written: a file where a folder is made, a folder where a file is written", async () => {
    const folder = await folderWith({ "/posts/x": "a file once", "/feed.xml/index.html": "a folder once" });
    const spare = await takeSpare(folder);
    const writer = new FolderWriter(folder, spare);
    await writer.write([
      { path: "/posts/x/index.html", content: "page" },
      { path: "/feed.xml", content: "<feed/>" },
    ]);
    await removeLeftovers(folder, spare, writer.written);
    const left = (await readdir(folder, { recursive: true })).map((p) => p.split(path.sep).join("/")).sort();
    expect(left).toEqual(["feed.xml", "posts", "posts/x", "posts/x/index.html"]);
    expect(await readFile(path.join(folder, "posts/x/index.html"), "utf8")).toBe("page");
  });
});
