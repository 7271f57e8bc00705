import { describe, expect, it } from "vitest";
import { closest, distance } from "../../src/model/suggest.ts";

describe("closest", () => {
  it.each([
    ["exchange-defender", ["exchangedefender", "dns"], "exchangedefender"],
    ["resovled", ["investigating", "resolved"], "resolved"],
    ["sevrity", ["severity", "service"], "severity"],
    ["kernel", ["dns", "web"], undefined],
  ])("%s among %j is %s", (input, candidates, expected) => {
    expect(closest(input, candidates)).toBe(expected);
  });

  it("measures edit distance", () => {
    expect(distance("kitten", "sitting")).toBe(3);
    expect(distance("", "abc")).toBe(3);
  });
});
