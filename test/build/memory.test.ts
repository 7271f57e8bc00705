import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { collectIfGrown, collectNow, collectWith, fullCollection, worthCollecting } from "../../src/build/memory.ts";

const exec = promisify(execFile);

afterEach(() => {
  collectWith(undefined);
});

describe("collectIfGrown", () => {
  it("asks for a full collection once the heap has grown by its headroom, and not before", () => {
    const gc = vi.fn();
    collectWith(gc);
    collectIfGrown(); // notes where the heap stands
    collectIfGrown();
    expect(gc).not.toHaveBeenCalled();
    // About 100 MB that stays reachable until the check has run.
    const held = Array.from({ length: 1_000_000 }, (_, i) => ({ i, text: `item ${i} `.repeat(4) }));
    collectIfGrown();
    expect(gc).toHaveBeenCalledTimes(1);
    expect(held.length).toBe(1_000_000);
  });

  it("asks for nothing in a process that did not say how to collect, even with a global gc", () => {
    const gc = vi.fn();
    (globalThis as { gc?: () => void }).gc = gc;
    try {
      collectIfGrown(); // where the heap stood, had anything been asked
      // About 150 MB that stays reachable: past the headroom and past a small build's heap.
      const held = Array.from({ length: 1_500_000 }, (_, i) => ({ i, text: `item ${i} `.repeat(4) }));
      collectIfGrown();
      collectNow();
      expect(held.length).toBe(1_500_000);
    } finally {
      delete (globalThis as { gc?: () => void }).gc;
    }
    expect(gc).not.toHaveBeenCalled();
  });
});

describe("collectNow", () => {
  it("leaves a heap of a small build to V8 (1,000 posts hold 40-60 MB), and collects a big one", () => {
    expect(worthCollecting(60 * 1024 * 1024)).toBe(false);
    expect(worthCollecting(127 * 1024 * 1024)).toBe(false);
    expect(worthCollecting(128 * 1024 * 1024)).toBe(true);
    expect(worthCollecting(400 * 1024 * 1024)).toBe(true);
    const gc = vi.fn();
    collectWith(gc);
    // About 150 MB that stays reachable until the collection.
    const held = Array.from({ length: 1_500_000 }, (_, i) => ({ i, text: `item ${i} `.repeat(4) }));
    collectNow();
    expect(gc).toHaveBeenCalledTimes(1);
    expect(held.length).toBe(1_500_000);
  });
});

describe("fullCollection", () => {
  it("frees what nothing holds any more, without --expose-gc", async () => {
    expect(process.execArgv).not.toContain("--expose-gc");
    let dropped: object[] | undefined = Array.from({ length: 1000 }, (_, i) => ({ i }));
    const ref = new WeakRef(dropped);
    dropped = undefined;
    // A WeakRef holds its target until the task that made it has ended.
    await new Promise((resolve) => setTimeout(resolve, 0));
    fullCollection();
    expect(ref.deref()).toBeUndefined();
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });

  it("leaves the flags as they were: a built-in module loaded afterwards still comes compiled", async () => {
    // NODE_DEBUG_NATIVE=CODE_CACHE has Node say whether V8 took each built-in's compiled code.
    const script = [
      `const { fullCollection } = await import(${JSON.stringify(new URL("../../src/build/memory.ts", import.meta.url).href)});`,
      "fullCollection();",
      'await import("node:zlib");',
    ].join("\n");
    const { stderr } = await exec(process.execPath, ["--input-type=module", "-e", script], {
      env: { ...process.env, NODE_DEBUG_NATIVE: "CODE_CACHE" },
    });
    expect(stderr).toMatch(/Code cache of zlib \S* ?is accepted/);
    expect(stderr).not.toMatch(/is rejected/);
  });
});
