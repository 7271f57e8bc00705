import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { overwriteFile } from "../src/files.ts";
import { tempFolders } from "./factory.ts";

describe("overwriteFile", () => {
  const tempFolder = tempFolders("noc-files-");

  it.each([
    ["a longer file: its tail is cut", "<p>an old page, longer than the new one</p>", "<p>new</p>"],
    ["a shorter file: it grows", "<p>old</p>", "<p>a new page, longer than the old one</p>"],
    ["a file of the same length", "<p>built 10:00</p>", "<p>built 10:05</p>"],
    ["with characters of more than one byte", "x".repeat(40), "Zürich → 東京 ✓"],
    ["with nothing", "<p>old</p>", ""],
  ])("writes over %s, in place, leaving exactly the new bytes", async (_case, before, after) => {
    const file = path.join(await tempFolder(), "index.html");
    await writeFile(file, before);
    const { ino } = await stat(file);
    await overwriteFile(file, after);
    expect(await readFile(file, "utf8")).toBe(after);
    expect((await stat(file)).ino).toBe(ino);
  });

  it("writes bytes as given", async () => {
    const file = path.join(await tempFolder(), "badge.svg");
    await writeFile(file, "0123456789");
    await overwriteFile(file, new Uint8Array([0xef, 0xbb, 0xbf, 0x3c]));
    expect([...(await readFile(file))]).toEqual([0xef, 0xbb, 0xbf, 0x3c]);
  });

  it("creates a file that is not there", async () => {
    const file = path.join(await tempFolder(), "feed.xml");
    await overwriteFile(file, "<feed/>");
    expect(await readFile(file, "utf8")).toBe("<feed/>");
  });

  it("fails with ENOENT where the file's folder is not there", async () => {
    const dir = await tempFolder();
    await expect(overwriteFile(path.join(dir, "missing", "index.html"), "page")).rejects.toMatchObject({
      code: "ENOENT",
    });
  });
});
