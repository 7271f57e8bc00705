import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ChangedFiles, folderFiles } from "../../src/build/changed-files.ts";
import { tempFolders } from "../factory.ts";

const temp = tempFolders("noc-changed-");

describe("ChangedFiles", () => {
  it("writes a file only when its bytes changed, and removes what a round no longer writes", async () => {
    const dir = await temp();
    const files = new ChangedFiles(dir);
    await files.write([
      { path: "/a/index.html", content: "one" },
      { path: "/b/deep/index.html", content: "two" },
      { path: "/feed.xml", content: "feed" },
    ]);
    expect(await files.finish()).toEqual({
      changed: ["/a/index.html", "/b/deep/index.html", "/feed.xml"],
      removed: [],
    });
    const before = await stat(path.join(dir, "a/index.html"));

    await files.write([
      { path: "/a/index.html", content: "one" },
      { path: "/feed.xml", content: "feed, changed" },
    ]);
    expect(await files.finish()).toEqual({ changed: ["/feed.xml"], removed: ["/b/deep/index.html"] });
    // Unchanged bytes: the same file, not written again.
    expect((await stat(path.join(dir, "a/index.html"))).mtimeMs).toBe(before.mtimeMs);
    expect(await readFile(path.join(dir, "feed.xml"), "utf8")).toBe("feed, changed");
    // The removed page's folders went with it.
    expect(existsSync(path.join(dir, "b"))).toBe(false);
  });

  it("writes what was left for later at the end of the round, and drops it when the round fails", async () => {
    const dir = await temp();
    const files = new ChangedFiles(dir);
    await files.write([{ path: "/now.html", content: "now" }]);
    files.later([{ path: "/later.html", content: "later" }]);
    expect(existsSync(path.join(dir, "later.html"))).toBe(false);
    expect((await files.finish()).changed).toEqual(["/later.html", "/now.html"]);
    expect(await readFile(path.join(dir, "later.html"), "utf8")).toBe("later");

    files.later([{ path: "/later.html", content: "from a round that failed" }]);
    files.abort();
    await files.write([
      { path: "/now.html", content: "now" },
      { path: "/later.html", content: "later" },
    ]);
    expect(await files.finish()).toEqual({ changed: [], removed: [] });
    expect(await readFile(path.join(dir, "later.html"), "utf8")).toBe("later");
  });

  it("keeps the files written before that a round takes as they are, and removes the rest", async () => {
    const dir = await temp();
    const files = new ChangedFiles(dir);
    await files.write([
      { path: "/pagefind/a.pf_index", content: "a" },
      { path: "/pagefind/part-2/b.pf_index", content: "b" },
    ]);
    await files.finish();
    const before = (await stat(path.join(dir, "pagefind/a.pf_index"))).mtimeMs;
    files.keep((file) => !file.includes("/part-"));
    // A path not written before is not made by keeping.
    files.keep((file) => file === "/never.html");
    expect(await files.finish()).toEqual({ changed: [], removed: ["/pagefind/part-2/b.pf_index"] });
    expect((await stat(path.join(dir, "pagefind/a.pf_index"))).mtimeMs).toBe(before);
    expect(existsSync(path.join(dir, "pagefind/part-2"))).toBe(false);
    expect(existsSync(path.join(dir, "never.html"))).toBe(false);
  });

  it("reads a folder as site files, in order", async () => {
    const dir = await temp();
    const files = new ChangedFiles(dir);
    await files.write([
      { path: "/z.css", content: "z" },
      { path: "/a/b.js", content: "b" },
    ]);
    await files.finish();
    const read = await folderFiles(dir);
    expect(read.map((f) => f.path)).toEqual(["/a/b.js", "/z.css"]);
    expect(Buffer.from(read[1]?.content ?? "").toString()).toBe("z");
  });
});
