import { cp, mkdir, readFile, rename, rm, stat, symlink, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type EleventyStart, startEleventy } from "../../src/build/eleventy-run.ts";
import { copyPublic, keptCopies, publicInSpare, recordCopies } from "../../src/build/public-copy.ts";
import type { Spare } from "../../src/build/spare-build.ts";
import { tempFolders } from "../factory.ts";

const temp = tempFolders("noc-public-copy-");

/** A `public/` of two files, one in a subfolder, and a copy of it with one more file beside. */
async function publicAndCopy(): Promise<{ from: string; to: string }> {
  const from = await temp();
  await mkdir(path.join(from, "img"));
  await writeFile(path.join(from, "style.css"), "body { color: black }\n");
  await writeFile(path.join(from, "img", "logo.svg"), "<svg/>\n");
  const to = await temp();
  await cp(from, to, { recursive: true });
  await writeFile(path.join(to, "index.html"), "<p>a page</p>\n");
  return { from, to };
}

const spareOf = (folder: string, files: string[]): Spare => ({ folders: new Set([folder]), files: new Set(files) });

describe("publicInSpare (the guess made before the build holds its folder)", () => {
  it("is true when the folder holds every file of public/ byte for byte, whatever else it holds", async () => {
    const { from, to } = await publicAndCopy();
    expect(publicInSpare(to, from)).toBe(true);
  });

  it("is false when a byte differs, a file is missing, emptied or a link, or there is no public/", async () => {
    const { from, to } = await publicAndCopy();
    await writeFile(path.join(to, "style.css"), "body { color: blue! }\n");
    expect(publicInSpare(to, from)).toBe(false);

    const missing = await publicAndCopy();
    await rm(path.join(missing.to, "img", "logo.svg"));
    expect(publicInSpare(missing.to, missing.from)).toBe(false);
    // Emptied: the same file, but not the same bytes.
    const emptied = await publicAndCopy();
    await truncate(path.join(emptied.to, "img", "logo.svg"));
    expect(publicInSpare(emptied.to, emptied.from)).toBe(false);

    // The same bytes, but through a link (which no build makes).
    const linked = await publicAndCopy();
    const elsewhere = path.join(await temp(), "style.css");
    await rename(path.join(linked.to, "style.css"), elsewhere);
    await symlink(elsewhere, path.join(linked.to, "style.css"));
    expect(publicInSpare(linked.to, linked.from)).toBe(false);

    expect(publicInSpare(to, path.join(from, "none"))).toBe(false);
  });
});

describe("keptCopies and recordCopies (the cache's record of what Eleventy wrote)", () => {
  it("records each copy's site path and length, in path order, and finds them kept at that length", async () => {
    const { to } = await publicAndCopy();
    const copies = recordCopies(to, [path.join(to, "style.css"), path.join(to, "img", "logo.svg")]);
    expect(copies).toEqual([
      { path: "/img/logo.svg", bytes: 7 },
      { path: "/style.css", bytes: 22 },
    ]);
    const spare = spareOf(to, ["/img/logo.svg", "/style.css", "/index.html"]);
    expect(keptCopies(to, spare, copies ?? [])).toEqual([path.join(to, "img", "logo.svg"), path.join(to, "style.css")]);
  });

  it("records nothing when Eleventy answered with something that is not a file", async () => {
    const { to } = await publicAndCopy();
    expect(recordCopies(to, [path.join(to, "style.css"), path.join(to, "img")])).toBeUndefined();
  });

  it("keeps none when one copy has another length, is not in the spare's list, or leaves the folder", async () => {
    const { to } = await publicAndCopy();
    const spare = spareOf(to, ["/img/logo.svg", "/style.css"]);
    expect(keptCopies(to, spare, [{ path: "/style.css", bytes: 21 }])).toBeUndefined();
    expect(keptCopies(to, spareOf(to, ["/style.css"]), [{ path: "/img/logo.svg", bytes: 7 }])).toBeUndefined();
    expect(keptCopies(to, spare, [{ path: "/../style.css", bytes: 22 }])).toBeUndefined();
    expect(keptCopies(to, spare, [{ path: 5, bytes: 22 } as never])).toBeUndefined();
    expect(keptCopies(to, spare, [{ path: "/style.css", bytes: 22 }])).toEqual([path.join(to, "style.css")]);
  });
});

describe("copyPublic", () => {
  /** startEleventy, counting its calls. */
  const counted = () => {
    const calls = { count: 0 };
    const start = (): EleventyStart => {
      calls.count++;
      return startEleventy();
    };
    return { calls, start };
  };

  it("keeps the spare's copies without starting Eleventy when the record holds", async () => {
    const folder = await temp();
    await cp("public", folder, { recursive: true });
    const copies = recordCopies(folder, [path.join(folder, "style.css")]) ?? [];
    const before = (await stat(path.join(folder, "style.css"))).ctimeMs;
    const { calls, start } = counted();
    const run = copyPublic(
      folder,
      Promise.resolve(spareOf(folder, ["/style.css"])),
      async () => copies,
      undefined,
      start,
    );
    expect(await run.done).toEqual([path.join(folder, "style.css")]);
    expect(calls.count).toBe(0);
    expect((await stat(path.join(folder, "style.css"))).ctimeMs).toBe(before);
  });

  it("has Eleventy copy public/ again when a recorded copy is not as recorded, or there is no record", async () => {
    const folder = await temp();
    await cp("public", folder, { recursive: true });
    const copies = recordCopies(folder, [path.join(folder, "style.css")]) ?? [];
    await truncate(path.join(folder, "style.css"), 10);
    const { calls, start } = counted();
    const spare = Promise.resolve(spareOf(folder, ["/style.css"]));
    const copied = await copyPublic(folder, spare, async () => copies, undefined, start).done;
    expect(calls.count).toBe(1);
    expect(copied).toContain(path.join(folder, "style.css"));
    expect(await readFile(path.join(folder, "style.css"), "utf8")).toBe(await readFile("public/style.css", "utf8"));

    const unrecorded = await temp();
    const again = counted();
    await copyPublic(unrecorded, spare, async () => undefined, undefined, again.start).done;
    expect(again.calls.count).toBe(1);
    expect(await readFile(path.join(unrecorded, "style.css"), "utf8")).toBe(await readFile("public/style.css", "utf8"));
  }, 30_000);
});
