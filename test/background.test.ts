import { describe, expect, it } from "vitest";
import { backgroundSettled, inBackground } from "../src/background.ts";

const later = <T>(ms: number, value: T, fail = false) =>
  new Promise<T>((resolve, reject) => setTimeout(() => (fail ? reject(new Error(String(value))) : resolve(value)), ms));

describe("inBackground", () => {
  it("gives every job's value, in order", async () => {
    expect(await inBackground([later(20, "slow"), later(5, 2)])).toEqual(["slow", 2]);
  });

  it("fails with the first failure, but only once every job has ended", async () => {
    const ended: string[] = [];
    const slow = later(40, "slow").then((v) => ended.push(v));
    const result = inBackground([later(5, "broken", true), slow]);
    await expect(result).rejects.toThrow("broken");
    expect(ended).toEqual(["slow"]);
  });

  it("lets a failed build wait for the work still writing into its folder", async () => {
    let done = false;
    inBackground([later(30, "x").then(() => (done = true))]).catch(() => undefined);
    await backgroundSettled();
    expect(done).toBe(true);
  });
});
