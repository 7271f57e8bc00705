import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireLock, LockTimeout } from "../src/lock.ts";
import { tempFolders } from "./factory.ts";

const temp = tempFolders("noc-lock-");

describe("acquireLock", () => {
  it("writes the owner's process id and removes the file on release", async () => {
    const file = path.join(await temp(), "lock");
    const lock = await acquireLock(file, { wait: 1000 });
    expect(await readFile(file, "utf8")).toBe(`${process.pid}\n`);
    await lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it("waits for a running owner, then gives up with the owner's id", async () => {
    const file = path.join(await temp(), "lock");
    const first = await acquireLock(file, { wait: 1000 });
    const waited: number[] = [];
    await expect(acquireLock(file, { wait: 200, onWait: (owner) => waited.push(owner) })).rejects.toThrow(LockTimeout);
    expect(waited).toEqual([process.pid]);
    await first.release();
  });

  it("takes over a lock whose owner no longer runs", async () => {
    const file = path.join(await temp(), "lock");
    await writeFile(file, "999999999\n");
    const lock = await acquireLock(file, { wait: 200 });
    expect(await readFile(file, "utf8")).toBe(`${process.pid}\n`);
    await lock.release();
  });
});
