import { describe, expect, it } from "vitest";
import { excerpt, quoted } from "../../src/model/excerpt.ts";

describe("excerpt", () => {
  it.each([
    [null, "nothing"],
    [[1, 2], "a list"],
    [{ a: 1 }, "a mapping"],
    [42, "number 42"],
    ["short", 'string "short"'],
  ])("describes %j", (value, text) => {
    expect(excerpt(value)).toBe(text);
  });

  it("never stringifies a whole nested value, however large", () => {
    const huge: unknown[] = [];
    let level: unknown[] = huge;
    for (let i = 0; i < 1000; i++) {
      const next: unknown[] = [];
      level.push(next, next);
      level = next;
    }
    expect(excerpt(huge)).toBe("a list");
  });
});

describe("quoted", () => {
  it("cuts a long text to 60 characters with an ellipsis", () => {
    expect(quoted("x".repeat(10_000))).toBe(`"${"x".repeat(60)}…"`);
  });

  it("does not split an emoji", () => {
    expect(quoted("🚨".repeat(100))).toBe(`"${"🚨".repeat(60)}…"`);
  });
});
