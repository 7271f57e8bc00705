import { mkdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createFile, overwriteFile, patchInPlace } from "../src/files.ts";
import { tempFolders } from "./factory.ts";

describe("overwriteFile", () => {
  const tempFolder = tempFolders("noc-files-");

  it.each([
    ["a longer file: its tail is cut", "<p>an old page, longer than the new one</p>", "<p>new</p>"],
    ["a shorter file: it grows", "<p>old</p>", "<p>a new page, longer than the old one</p>"],
    ["a file of the same length", "<p>built 10:00</p>", "<p>built 10:05</p>"],
    ["with characters of more than one byte", "x".repeat(40), "Zürich → 東京 ✓"],
    ["with nothing", "<p>old</p>", ""],
    ["with a lone surrogate, written as U+FFFD as Buffer.from writes it", "<p>old page</p>", "a\uD800b"],
  ])("writes over %s, in place, leaving exactly the new bytes", async (_case, before, after) => {
    const file = path.join(await tempFolder(), "index.html");
    await writeFile(file, before);
    const { ino } = await stat(file);
    await overwriteFile(file, after);
    expect(await readFile(file)).toEqual(Buffer.from(after));
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

describe("createFile", () => {
  const tempFolder = tempFolders("noc-files-");

  it.each([
    ["a new file", null],
    ["a file that is there and longer", "<p>an old page, longer than the new one</p>"],
  ])("writes %s as exactly the new text", async (_case, before) => {
    const file = path.join(await tempFolder(), "index.html");
    if (before !== null) await writeFile(file, before);
    await createFile(file, "Zürich → 東京 ✓ a\uD800b");
    expect(await readFile(file)).toEqual(Buffer.from("Zürich → 東京 ✓ a\uD800b"));
  });

  it("writes bytes as given", async () => {
    const file = path.join(await tempFolder(), "badge.svg");
    await createFile(file, new Uint8Array([0xef, 0xbb, 0xbf, 0x3c]));
    expect([...(await readFile(file))]).toEqual([0xef, 0xbb, 0xbf, 0x3c]);
  });

  it("fails with ENOENT where the file's folder is not there", async () => {
    const dir = await tempFolder();
    await expect(createFile(path.join(dir, "missing", "index.html"), "page")).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("patchInPlace", () => {
  const tempFolder = tempFolders("noc-files-");
  const PAGE = '<!doctype html>\n<html lang="en" data-built-at="2018-01-16T12:00:00-05:00">\n<p>Zürich</p>\n</html>\n';
  const WAS = ' data-built-at="2018-01-16T12:00:00-05:00"';
  const NOW = ' data-built-at="2018-01-16T12:05:00-05:00"';
  const BYTES = Buffer.byteLength(PAGE);

  async function page(): Promise<string> {
    const file = path.join(await tempFolder(), "index.html");
    await writeFile(file, PAGE);
    return file;
  }

  it("puts the new text where the old stands, in the same file, when the file is as recorded", async () => {
    const file = await page();
    const { ino } = await stat(file);
    expect(patchInPlace(file, BYTES, WAS, NOW)).toBe(true);
    expect(await readFile(file, "utf8")).toBe(PAGE.replace(WAS, NOW));
    expect((await stat(file)).ino).toBe(ino);
  });

  it("told where the old text stands, writes the new one there without reading the file", async () => {
    const file = await page();
    const at = Buffer.from(PAGE).indexOf(WAS);
    expect(patchInPlace(file, BYTES, WAS, NOW, at)).toBe(true);
    expect(await readFile(file, "utf8")).toBe(PAGE.replace(WAS, NOW));
    // Where the record says, whatever stands there: the build's folder is its own (README, Decisions).
    expect(patchInPlace(file, BYTES, WAS, NOW.replace("12:05", "12:10"), at)).toBe(true);
    expect(await readFile(file, "utf8")).toBe(PAGE.replace(WAS, NOW.replace("12:05", "12:10")));
    // A place past the file's end is not trusted: the text is looked for.
    expect(patchInPlace(file, BYTES, NOW.replace("12:05", "12:10"), NOW, BYTES)).toBe(true);
    expect(await readFile(file, "utf8")).toBe(PAGE.replace(WAS, NOW));
  });

  it("with the same text before and after, looks at the file's kind and length alone", async () => {
    const file = await page();
    expect(patchInPlace(file, BYTES, WAS, WAS)).toBe(true);
    expect(patchInPlace(file, BYTES + 1, WAS, WAS)).toBe(false);
    expect(await readFile(file, "utf8")).toBe(PAGE);
  });

  it("with nothing to replace, only checks the file's length", async () => {
    const file = await page();
    expect(patchInPlace(file, BYTES, "", "")).toBe(true);
    expect(patchInPlace(file, BYTES - 1, "", "")).toBe(false);
    expect(await readFile(file, "utf8")).toBe(PAGE);
  });

  it.each([
    ["of another length", (file: string) => patchInPlace(file, BYTES + 1, WAS, NOW)],
    ["without the text", (file: string) => patchInPlace(file, BYTES, WAS.replace("12:00", "11:00"), NOW)],
    ["given texts of different lengths", (file: string) => patchInPlace(file, BYTES, WAS, `${NOW} `)],
  ])("leaves a file %s as it was, and says so", async (_case, patch) => {
    const file = await page();
    expect(patch(file)).toBe(false);
    expect(await readFile(file, "utf8")).toBe(PAGE);
  });

  it("does not follow a link, and takes no folder or missing file for the file", async () => {
    const target = await page();
    const dir = await tempFolder();
    await symlink(target, path.join(dir, "link.html"));
    expect(patchInPlace(path.join(dir, "link.html"), BYTES, WAS, NOW)).toBe(false);
    expect(await readFile(target, "utf8")).toBe(PAGE);
    await mkdir(path.join(dir, "folder"));
    const { size } = await stat(path.join(dir, "folder"));
    expect(patchInPlace(path.join(dir, "folder"), size, "", "")).toBe(false);
    expect(patchInPlace(path.join(dir, "missing.html"), BYTES, WAS, NOW)).toBe(false);
  });
});
