import { describe, expect, it } from "vitest";
import { contrastRatio } from "../../src/model/contrast.ts";

describe("contrastRatio", () => {
  it.each([
    ["#000000", "#ffffff", 21],
    ["#ffffff", "#ffffff", 1],
    ["#0550ae", "#ffffff", 7.59],
    ["#58a6ff", "#0d1117", 7.47],
  ])("%s on %s is %s:1, either way round", (a, b, ratio) => {
    expect(contrastRatio(a, b)).toBeCloseTo(ratio, 1);
    expect(contrastRatio(b, a)).toBeCloseTo(ratio, 1);
  });
});
