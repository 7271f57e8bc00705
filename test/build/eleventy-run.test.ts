import { execFile } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runEleventy, startEleventy } from "../../src/build/eleventy-run.ts";
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

  it("cancelled, copies nothing into a folder given afterwards and answers that it stopped", async () => {
    const folder = await temp();
    const start = startEleventy();
    start.cancel();
    await expect(start.into(folder).done).rejects.toThrow(/^Eleventy stopped without an answer/);
    expect(await readdir(folder)).toEqual([]);
  });

  it("started but never given a folder, keeps no process from ending", async () => {
    // A build that stops before it holds a folder (a wrong option, a refused output) ends at once:
    // a process kept alive by the thread is killed at the timeout, and the call rejects.
    const script = path.join(await temp(), "start.mjs");
    const module = pathToFileURL(path.resolve("src/build/eleventy-run.ts")).href;
    await writeFile(script, `import { startEleventy } from "${module}"; startEleventy(); console.log("started");`);
    const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 15_000 });
    expect(stdout.trim()).toBe("started");
  }, 20_000);
});
