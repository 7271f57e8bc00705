import type { DateTime } from "luxon";
import { z } from "zod";
import { excerpt, quoted } from "./excerpt.ts";
import { closest } from "./suggest.ts";
import { parseAuthorTime } from "./time.ts";

/**
 * The field types the schemas are made of (src/model/schema.ts, src/model/notify-schema.ts): each
 * says what was found and what is expected, with "did you mean" where a value is close to an
 * allowed one.
 */

export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) =>
      issue.input === undefined
        ? `is required; one of ${values.join(", ")}`
        : `${typeof issue.input === "string" ? quoted(issue.input) : excerpt(issue.input)} is not one of ${values.join(", ")}${hint(issue.input, values)}`,
  });
}

/** The valid ids, the first dozen of them, for a message that has no close match to offer. */
export function listed(values: readonly string[]): string {
  if (values.length === 0) return "no services";
  const shown = values.slice(0, 12).join(", ");
  return values.length > 12 ? `${shown} and ${values.length - 12} more` : shown;
}

export function hint(input: unknown, values: readonly string[]): string {
  const best = typeof input === "string" ? closest(input, values) : undefined;
  return best ? ` (did you mean "${best}"?)` : "";
}

export const text = (what: string) =>
  z
    .string({ error: (i) => (i.input === undefined ? "is required" : `expected ${what}, found ${typeof i.input}`) })
    .trim()
    .min(1, { error: "must not be empty" });

export const slug = (what: string) =>
  text(what).regex(SLUG_RE, { error: `expected ${what}: lowercase letters, digits and single hyphens` });

/** A time field read in `zone`; `dateOnly` allows a bare date (midnight). */
export function time(zone: string, dateOnly = false) {
  return z.unknown().transform((input, ctx): DateTime => {
    if (input === undefined || input === null) {
      ctx.issues.push({ code: "custom", message: "is required", input });
      return z.NEVER;
    }
    const parsed = parseAuthorTime(input, zone, dateOnly);
    if (!parsed.ok) {
      ctx.issues.push({ code: "custom", message: parsed.message, input });
      return z.NEVER;
    }
    return parsed.value;
  });
}

export function oneOrMany<T extends z.ZodType>(item: T) {
  return z.union([item, z.array(item)], {
    error: (i) => (i.input === undefined ? "is required" : "expected one value or a list of them"),
  });
}

export function serviceId(services: readonly string[] | null) {
  return z.string({ error: "expected a service id" }).superRefine((id, ctx) => {
    if (services && !services.includes(id)) {
      const known = hint(id, services) || ` (services.yaml has ${listed(services)})`;
      ctx.addIssue({ code: "custom", message: `unknown service ${quoted(id)}${known}` });
    }
  });
}

/** An http or https address: it lands in every link, feed and calendar, so no javascript: or data:. */
export function webUrl(what: string) {
  return z
    .url({ protocol: /^https?$/, error: `expected an absolute URL (http or https): ${what}` })
    .refine((u) => !/[\s"<>\\^`{|}]/.test(u), { error: `expected ${what}, without spaces or quotes` });
}
