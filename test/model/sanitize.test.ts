import { describe, expect, it } from "vitest";
import { codePointName, decodeUtf8, positions, stripForbidden, stripStrings } from "../../src/model/sanitize.ts";

describe("stripForbidden", () => {
  it.each([
    ["ESC colour codes", "\u001b[31mred\u001b[0m", "[31mred[0m", 2],
    ["BEL, form feed, vertical tab and NUL", "a\u0007b\u000cc\u000bd\u0000e", "abcde", 4],
    ["C1 controls and DEL", "a\u0085b\u007fc", "abc", 2],
    ["a lone surrogate", "a\ud800b", "ab", 1],
    ["U+FFFE and U+FFFF", "a\ufffeb\uffffc", "abc", 2],
  ])("removes %s", (_name, input, output, count) => {
    const result = stripForbidden(input);
    expect(result.text).toBe(output);
    expect(result.removed).toHaveLength(count);
  });

  it("keeps tab, line breaks, emoji and other scripts", () => {
    const text = "a\tb\r\nc\nd 🚨 ü 日本 \u202e";
    expect(stripForbidden(text)).toEqual({ text, removed: [] });
  });

  it("names a character by its code point", () => {
    expect(codePointName("a\u001b", 1)).toBe("U+001B");
  });
});

describe("stripStrings", () => {
  it("cleans every string in parsed YAML and says where", () => {
    const result = stripStrings({ title: "a\u0007", updates: [{ body: "ok" }, { body: "\u0000x" }], n: 3 });
    expect(result.data).toEqual({ title: "a", updates: [{ body: "ok" }, { body: "x" }], n: 3 });
    expect(result.paths).toEqual([["title"], ["updates", 1, "body"]]);
  });
});

describe("decodeUtf8", () => {
  it("drops a byte order mark", () => {
    expect(decodeUtf8(Buffer.from("\ufeff---\n", "utf8"))).toEqual({ text: "---\n" });
  });

  it("names the line of the first byte that is not UTF-8", () => {
    const bytes = Buffer.concat([Buffer.from("one\ntwo\n"), Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from("\n")]);
    expect(decodeUtf8(bytes)).toEqual({ line: 3 });
  });
});

describe("positions", () => {
  it("gives 1-based lines and columns of ascending offsets", () => {
    expect(positions("ab\ncd\n\nef", [0, 4, 7, 8])).toEqual([
      { line: 1, column: 1 },
      { line: 2, column: 2 },
      { line: 4, column: 1 },
      { line: 4, column: 2 },
    ]);
  });
});
