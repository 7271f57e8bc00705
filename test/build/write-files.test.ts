import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { removeLeftovers, takeSpare } from "../../src/build/spare-build.ts";
import { FolderWriter, InSpare } from "../../src/build/write-files.ts";
import { tempFolders } from "../factory.ts";

describe("FolderWriter", () => {
  const tempFolder = tempFolders("noc-write-");

  it("writes each file at its site path under the folder, making folders as needed", async () => {
    const dir = await tempFolder();
    await new FolderWriter(dir).write([
      { path: "/feed.xml", content: "<feed/>" },
      { path: "/services/dns/feed.json", content: '{"a":"ü"}' },
      { path: "/services/dns/maintenance.ics", content: "BEGIN:VCALENDAR" },
    ]);
    expect(await readFile(path.join(dir, "feed.xml"), "utf8")).toBe("<feed/>");
    expect(await readFile(path.join(dir, "services/dns/feed.json"), "utf8")).toBe('{"a":"ü"}');
    expect(await readFile(path.join(dir, "services/dns/maintenance.ics"), "utf8")).toBe("BEGIN:VCALENDAR");
  });

  it("writes over a spare build: its files replaced, a folder where a file goes and a file where a folder goes", async () => {
    const dir = await tempFolder();
    await new FolderWriter(dir).write([
      { path: "/index.html", content: "the old home page, longer than the new one" },
      { path: "/feed.xml/index.html", content: "a folder once" },
      { path: "/posts/x", content: "a file once" },
    ]);
    const writer = new FolderWriter(dir, await takeSpare(dir));
    await writer.write([
      { path: "/index.html", content: "new" },
      { path: "/feed.xml", content: "<feed/>" },
      { path: "/posts/x/index.html", content: "page" },
    ]);
    expect(await readFile(path.join(dir, "index.html"), "utf8")).toBe("new");
    expect(await readFile(path.join(dir, "feed.xml"), "utf8")).toBe("<feed/>");
    expect(await readFile(path.join(dir, "posts/x/index.html"), "utf8")).toBe("page");
    expect([...writer.written].sort()).toEqual(["/feed.xml", "/index.html", "/posts/x/index.html"]);
  });

  it("keeps files of the spare as they are, counted as written, so they outlast the leftovers", async () => {
    const dir = await tempFolder();
    await new FolderWriter(dir).write([
      { path: "/pagefind/a.pf_index", content: "kept" },
      { path: "/pagefind/part-2/b.pf_index", content: "old" },
      { path: "/index.html", content: "old home" },
    ]);
    const before = (await stat(path.join(dir, "pagefind/a.pf_index"))).mtimeMs;
    const spare = await takeSpare(dir);
    const writer = new FolderWriter(dir, spare);
    const first = await writer.spareFiles((file) => file.startsWith("/pagefind/") && !file.includes("/part-"));
    expect(first).toEqual(["/pagefind/a.pf_index"]);
    writer.keep(first);
    await writer.write([{ path: "/index.html", content: "new home" }]);
    expect([...writer.written].sort()).toEqual(["/index.html", "/pagefind/a.pf_index"]);
    await removeLeftovers(dir, spare, writer.written);
    expect((await readdir(dir, { recursive: true })).sort()).toEqual(["index.html", "pagefind", "pagefind/a.pf_index"]);
    expect((await stat(path.join(dir, "pagefind/a.pf_index"))).mtimeMs).toBe(before);
    // Without a spare there is nothing to keep.
    expect(await new FolderWriter(dir).spareFiles(() => true)).toEqual([]);
  });

  it("without a spare, a file where a folder goes is an error, not removed", async () => {
    const dir = await tempFolder();
    await writeFile(path.join(dir, "posts"), "mine");
    await expect(new FolderWriter(dir).write([{ path: "/posts/x/index.html", content: "page" }])).rejects.toThrow();
    expect(await readFile(path.join(dir, "posts"), "utf8")).toBe("mine");
  });

  it("gives a spare's file made as this build would make it the new build time in place, and writes the whole text when the file is not as recorded", async () => {
    const dir = await tempFolder();
    const page = (at: string, text: string) => `<html data-built-at="${at}"><p>${text}</p></html>`;
    await new FolderWriter(dir).write([
      { path: "/a/index.html", content: page("T1", "a ü") },
      { path: "/b/index.html", content: page("T1", "b, edited by hand") },
      { path: "/c/index.html", content: page("T0", "c") },
    ]);
    const { ino } = await stat(path.join(dir, "a/index.html"));
    const made: string[] = [];
    const inSpare = (name: string, was: string, text: string) =>
      new InSpare(` data-built-at="${was}"`, ' data-built-at="T2"', Buffer.byteLength(page(was, text)), () => {
        made.push(name);
        return page("T2", text);
      });
    const writer = new FolderWriter(dir, await takeSpare(dir));
    await writer.write([
      { path: "/a/index.html", content: inSpare("a", "T1", "a ü") },
      // Of another length than recorded, a build time other than recorded, not in the spare.
      { path: "/b/index.html", content: inSpare("b", "T1", "b") },
      { path: "/c/index.html", content: inSpare("c", "T1", "c") },
      { path: "/d/index.html", content: inSpare("d", "T1", "d") },
    ]);
    expect(await readFile(path.join(dir, "a/index.html"), "utf8")).toBe(page("T2", "a ü"));
    expect((await stat(path.join(dir, "a/index.html"))).ino).toBe(ino);
    for (const name of ["b", "c", "d"]) {
      expect(await readFile(path.join(dir, name, "index.html"), "utf8")).toBe(page("T2", name));
    }
    expect(made.sort()).toEqual(["b", "c", "d"]);
    expect([...writer.written].sort()).toEqual(["/a/index.html", "/b/index.html", "/c/index.html", "/d/index.html"]);
  });
});
