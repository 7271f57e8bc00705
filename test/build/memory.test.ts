import { afterEach, describe, expect, it, vi } from "vitest";
import { collectIfGrown } from "../../src/build/memory.ts";

describe("collectIfGrown", () => {
  const globals = globalThis as { gc?: () => void };
  afterEach(() => {
    delete globals.gc;
  });

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
