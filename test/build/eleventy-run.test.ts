import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runEleventy } from "../../src/build/eleventy-run.ts";
import { tempFolders } from "../factory.ts";

const temp = tempFolders("noc-eleventy-");

describe("Eleventy on its own thread", () => {
  it("copies public/ into the folder and answers with the files it wrote", async () => {
    const folder = await temp();
    const copied = await runEleventy(folder).done;
    expect(copied).toContain(path.join(folder, "style.css"));
    expect(await readFile(path.join(folder, "style.css"), "utf8")).toBe(await readFile("public/style.css", "utf8"));
  });

  it("answers with its failure as an error that keeps the system's code, and ends", async () => {
    const file = path.join(await temp(), "a-file");
    await writeFile(file, "not a folder");
    const run = runEleventy(path.join(file, "site"));
    const error = (await run.done.catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/^Eleventy: /);
    expect(error.code).toMatch(/^(ENOTDIR|EEXIST)$/);
    await run.stop();
  });
});
