import { describe, expect, it } from "vitest";
import { compiledFormat, compiledPattern } from "../../src/model/date-pattern.ts";

/** The time formats time-text.ts asks for, with both clock styles. */
const FORMATS: Intl.DateTimeFormatOptions[] = (["2-digit", "numeric"] as const).flatMap((hour) => [
  { hour, minute: "2-digit" },
  { weekday: "short", day: "numeric", month: "short", year: "numeric", hour, minute: "2-digit" },
  { day: "numeric", month: "short", hour, minute: "2-digit" },
  { day: "numeric", month: "short", year: "numeric", hour, minute: "2-digit" },
  { weekday: "short", day: "numeric", month: "short", year: "numeric" },
]);

/** 3,000 instants from 1990 to 2040, the same every run. */
function instants(): number[] {
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const from = Date.UTC(1990, 0, 1);
  const to = Date.UTC(2040, 0, 1);
  return Array.from({ length: 3000 }, () => Math.floor(from + next() * (to - from)));
}

describe("compiledFormat", () => {
  it.each(["en-GB", "en-US", "de-DE", "fr-FR", "es-ES", "ja-JP", "nl-NL", "en-IN", "ar-EG", "hi-IN-u-nu-deva"])(
    "writes what Intl writes in %s, for every format and 3,000 times",
    (locale) => {
      for (const options of FORMATS) {
        const intl = new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" });
        const write = compiledFormat(intl);
        for (const at of instants()) expect(write(new Date(at))).toBe(intl.format(at));
      }
    },
  );

  it("follows the pattern itself for English and German, and leaves other digits to Intl", () => {
    const format = (locale: string) =>
      new Intl.DateTimeFormat(locale, {
        day: "numeric",
        month: "short",
        hour: "2-digit",
        minute: "2-digit",
        timeZone: "UTC",
      });
    expect(compiledPattern(format("en-GB"))).not.toBeNull();
    expect(compiledPattern(format("en-US"))).not.toBeNull();
    expect(compiledPattern(format("de-DE"))).not.toBeNull();
    expect(compiledPattern(format("ar-EG"))).toBeNull();
    expect(
      compiledPattern(new Intl.DateTimeFormat("en-GB", { hour: "2-digit", timeZone: "Europe/Berlin" })),
    ).toBeNull();
  });
});
