/**
 * What an Intl.DateTimeFormat (set to UTC) writes, written without Intl for each time: a site of
 * 10,000 posts formats some 150,000 times, and Intl takes several microseconds for each. The
 * format's parts (formatToParts) give the pattern once; the words it uses (month and weekday names,
 * AM and PM) are asked of Intl once each; numbers are written as the format writes them. The result
 * is checked against Intl on times across every month, weekday, hour and both day widths before it
 * is used: a locale whose pattern this cannot follow (other digits, words that change with the date)
 * keeps Intl's own `format`.
 */

type Part = { literal: string } | { field: Field };
type Field = "weekday" | "day" | "month" | "year" | "hour" | "minute" | "dayPeriod";
const FIELDS = new Set<string>(["weekday", "day", "month", "year", "hour", "minute", "dayPeriod"]);

export function compiledFormat(format: Intl.DateTimeFormat): (date: Date) => string {
  return compiledPattern(format) ?? ((date: Date) => format.format(date));
}

/** The pattern-driven writer for `format`, or null when Intl's own is kept. */
export function compiledPattern(format: Intl.DateTimeFormat): ((date: Date) => string) | null {
  const options = format.resolvedOptions();
  if (options.timeZone !== "UTC" || options.numberingSystem !== "latn") return null;
  if (options.month !== undefined && !["short", "long", "narrow"].includes(options.month)) return null;
  const pattern: Part[] = [];
  for (const part of format.formatToParts(Date.UTC(2026, 10, 23, 9, 5))) {
    // V8's format writes a plain space where its formatToParts has ICU's narrow one ("9:05 AM").
    if (part.type === "literal") pattern.push({ literal: part.value.replaceAll("\u202f", " ") });
    else if (FIELDS.has(part.type)) pattern.push({ field: part.type as Field });
    else return null;
  }
  const partOf = (at: number, type: Field) => format.formatToParts(at).find((p) => p.type === type)?.value ?? "";
  // Names in the format's own context: 2026 has every month; 1-7 June 2026 every weekday.
  const months = Array.from({ length: 12 }, (_, m) => partOf(Date.UTC(2026, m, 15, 9), "month"));
  const weekdays = Array.from({ length: 7 }, (_, d) => {
    const at = Date.UTC(2026, 5, 7 + d, 9); // 7 June 2026 is a Sunday: index 0 as getUTCDay
    return partOf(at, "weekday");
  });
  const periods = [partOf(Date.UTC(2026, 5, 1, 9), "dayPeriod"), partOf(Date.UTC(2026, 5, 1, 21), "dayPeriod")];
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  const twelve = options.hourCycle === "h11" || options.hourCycle === "h12";
  const hourText = (h: number): string => {
    let hour = h;
    if (options.hourCycle === "h12") hour = h % 12 === 0 ? 12 : h % 12;
    else if (options.hourCycle === "h11") hour = h % 12;
    else if (options.hourCycle === "h24") hour = h === 0 ? 24 : h;
    return options.hour === "2-digit" ? two(hour) : String(hour);
  };
  const write = (date: Date): string => {
    let out = "";
    for (const part of pattern) {
      if ("literal" in part) {
        out += part.literal;
        continue;
      }
      switch (part.field) {
        case "weekday":
          out += weekdays[date.getUTCDay()];
          break;
        case "day":
          out += options.day === "2-digit" ? two(date.getUTCDate()) : String(date.getUTCDate());
          break;
        case "month":
          out += months[date.getUTCMonth()];
          break;
        case "year":
          out += String(date.getUTCFullYear());
          break;
        case "hour":
          out += hourText(date.getUTCHours());
          break;
        case "minute":
          out += two(date.getUTCMinutes());
          break;
        case "dayPeriod":
          out += twelve ? periods[date.getUTCHours() < 12 ? 0 : 1] : "";
          break;
      }
    }
    return out;
  };
  return agreesWithIntl(write, format) ? write : null;
}

/** Times that vary every field the formats write: each month and weekday, hours around noon and midnight, one- and two-digit days. */
function agreesWithIntl(write: (date: Date) => string, format: Intl.DateTimeFormat): boolean {
  const samples: number[] = [];
  for (let m = 0; m < 12; m++) samples.push(Date.UTC(2027, m, m + 1, (m * 7) % 24, (m * 13) % 60));
  for (const [d, h, min] of [
    [1, 0, 0],
    [9, 1, 5],
    [10, 11, 59],
    [31, 12, 0],
    [15, 13, 30],
    [20, 21, 9],
    [28, 23, 45],
  ] as const) {
    samples.push(Date.UTC(2026, 0, d, h, min));
  }
  for (let d = 0; d < 7; d++) samples.push(Date.UTC(2008, 1, 10 + d, 9, 5));
  return samples.every((at) => write(new Date(at)) === format.format(at));
}
