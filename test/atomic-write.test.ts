import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeAtomically } from "../src/atomic-write.ts";
import { tempFolders } from "./factory.ts";

const temp = tempFolders("noc-atomic-");

describe("writeAtomically", () => {
  it.each([false, true])(
    "puts the new text in place of the old and leaves nothing staged (removeOld: %s)",
    async (removeOld) => {
      const folder = await temp();
      const file = path.join(folder, "cache.json");
      await writeFile(file, "old");
      await writeAtomically(file, "new", { removeOld });
      expect(await readFile(file, "utf8")).toBe("new");
      expect(await readdir(folder)).toEqual(["cache.json"]);
    },
  );

  it("removes what it staged when the rename fails", async () => {
    const folder = await temp();
    const file = path.join(folder, "cache.json");
    // A folder with something in it where the file goes: neither removed nor replaced.
    await mkdir(path.join(file, "in-the-way"), { recursive: true });
    await expect(writeAtomically(file, "new", { removeOld: true })).rejects.toThrow();
    expect(await readdir(folder)).toEqual(["cache.json"]);
  });
});
