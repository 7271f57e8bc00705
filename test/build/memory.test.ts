import { afterEach, describe, expect, it, vi } from "vitest";
import { collectIfGrown, collectNow, worthCollecting } from "../../src/build/memory.ts";

const globals = globalThis as { gc?: () => void };
afterEach(() => {
  delete globals.gc;
});

describe("collectIfGrown", () => {
  it("asks for a full collection once the heap has grown by its headroom, and not before", () => {
    const gc = vi.fn();
    globals.gc = gc;
    collectIfGrown(); // notes where the heap stands
    collectIfGrown();
    expect(gc).not.toHaveBeenCalled();
    // About 100 MB that stays reachable until the check has run.
    const held = Array.from({ length: 1_000_000 }, (_, i) => ({ i, text: `item ${i} `.repeat(4) }));
    collectIfGrown();
    expect(gc).toHaveBeenCalledTimes(1);
    expect(held.length).toBe(1_000_000);
  });
});

describe("collectNow", () => {
  it("leaves a heap of a small build to V8 (1,000 posts hold 40-60 MB), and collects a big one", () => {
    expect(worthCollecting(60 * 1024 * 1024)).toBe(false);
    expect(worthCollecting(127 * 1024 * 1024)).toBe(false);
    expect(worthCollecting(128 * 1024 * 1024)).toBe(true);
    expect(worthCollecting(400 * 1024 * 1024)).toBe(true);
    const gc = vi.fn();
    globals.gc = gc;
    // About 150 MB that stays reachable until the collection.
    const held = Array.from({ length: 1_500_000 }, (_, i) => ({ i, text: `item ${i} `.repeat(4) }));
    collectNow();
    expect(gc).toHaveBeenCalledTimes(1);
    expect(held.length).toBe(1_500_000);
  });
});
