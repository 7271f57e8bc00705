import { describe, expect, it } from "vitest";
import { KeptTexts } from "../../src/views/kept-texts.ts";

describe("KeptTexts", () => {
  it("reads a given text when first asked for, and keeps only what the last build asked for", () => {
    const memo = new KeptTexts();
    let reads = 0;
    memo.give([
      [
        "a",
        () => {
          reads++;
          return "entry a";
        },
      ],
      ["b", () => "entry b"],
    ]);
    expect(reads).toBe(0);
    expect(memo.get("a")).toBe("entry a");
    expect(memo.get("a")).toBe("entry a");
    expect(reads).toBe(1);
    memo.set("c", "entry c");
    expect(memo.get("d")).toBeUndefined();
    memo.sweep();
    expect(memo.entries()).toEqual([
      ["a", "entry a"],
      ["c", "entry c"],
    ]);
    expect(memo.get("b")).toBeUndefined();
  });
});
