import { DateTime } from "luxon";
import { z } from "zod";
import { AA_TEXT_CONTRAST, contrastRatio } from "./contrast.ts";
import { excerpt, quoted } from "./excerpt.ts";
import { hint, oneOf, oneOrMany, serviceId, slug, text, time, webUrl } from "./fields.ts";
import type { SanityOptions } from "./sanity.ts";
import { isValidZone } from "./time.ts";
import { canonicalLocale, DEFAULT_LOCALE, isKnownLocale } from "./time-text.ts";

/**
 * The single source of every front-matter, services and settings rule, and of the types they give.
 * Allowed values live here; the README's authoring guide lists the same ones.
 */

export const KINDS = ["incident", "maintenance", "notice"] as const;
export const SEVERITIES = ["none", "minor", "major", "critical"] as const;
export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved", "postmortem"] as const;
export const MAINTENANCE_STATUSES = ["scheduled", "in_progress", "verifying", "completed", "cancelled"] as const;
export const NOTICE_STATUSES = ["update"] as const;
/** Who a post or service is for: everyone, or the NOC's own staff (`build --audience internal`). */
export const AUDIENCES = ["public", "internal"] as const;
export type Audience = (typeof AUDIENCES)[number];
/** The update statuses each kind of post allows. */
export const STATUSES_BY_KIND = {
  incident: INCIDENT_STATUSES,
  maintenance: MAINTENANCE_STATUSES,
  notice: NOTICE_STATUSES,
} as const;
/**
 * Updates that say the impact is over: `update` sets the open window's end with them. A
 * `cancelled` update closes a maintenance too, but its window never happened, so it sets no end.
 */
export const ENDING_STATUSES = ["resolved", "postmortem", "completed"] as const;
/** Updates after which a post is no longer open. */
export const CLOSING_STATUSES = [...ENDING_STATUSES, "cancelled"] as const;

// ---- Settings and services registry ------------------------------------------------------------

/** The themes' backgrounds an accent colour is read on (public/style.css). */
export const THEME_BACKGROUNDS = { light: "#ffffff", dark: "#0d1117" } as const;

function accent(theme: keyof typeof THEME_BACKGROUNDS) {
  return z
    .string({ error: "expected a colour like #0550ae" })
    .regex(/^#[0-9a-fA-F]{6}$/, { error: "expected a colour as # and six hex digits, like #0550ae" })
    .superRefine((colour, ctx) => {
      const ratio = contrastRatio(colour, THEME_BACKGROUNDS[theme]);
      if (ratio >= AA_TEXT_CONTRAST) return;
      ctx.addIssue({
        code: "custom",
        message: `${colour} has a contrast of ${ratio.toFixed(2)}:1 on the ${theme} theme's background (${THEME_BACKGROUNDS[theme]}); WCAG AA needs ${AA_TEXT_CONTRAST}:1 for links and text: choose a ${theme === "light" ? "darker" : "lighter"} shade`,
      });
    });
}

/** An image file the NOC puts under public/ (existence is checked when building: src/build/options.ts). */
function publicImage(example: string, types: readonly string[]) {
  const extension = types.map((t) => (t === "jpg" ? "jpe?g" : t)).join("|");
  return text(`a file under public/, like ${example}`).regex(
    new RegExp(`^(?!/)(?!.*\\.\\.)[\\w./-]+\\.(${extension})$`, "i"),
    {
      error: `expected an image file under public/ (${types.join(", ")}), like ${example}, without .. or a leading /`,
    },
  );
}

export const settingsSchema = z.strictObject({
  title: text("the site's title"),
  description: text("one line about the site").optional(),
  baseUrl: webUrl("where the site is published, like https://status.example.net/")
    .refine((u) => !URL.canParse(u) || (!new URL(u).search && !new URL(u).hash), {
      error: "must not have a ?query or #fragment",
    })
    .transform((u) => (u.endsWith("/") ? u : `${u}/`)),
  timeZone: text("an IANA time zone").refine(isValidZone, {
    error: (i) =>
      `${typeof i.input === "string" ? quoted(i.input) : excerpt(i.input)} is not an IANA time zone (e.g. America/New_York)`,
  }),
  contact: text("the NOC contact line"),
  author: z.strictObject({
    name: text("the NOC's name"),
    email: z.email().optional(),
    uri: webUrl("the NOC's web address, like https://noc.example.net/").optional(),
  }),
  /** Stable part of feed and calendar ids: a domain the NOC owns and a date it owned it (RFC 4151). */
  tagAuthority: text("a tag authority like noc.example.net,2008").regex(/^[a-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?$/, {
    error: "expected a domain and a date, like noc.example.net,2008",
  }),
  postsPerPage: z.number().int().min(1).default(20),
  feedLimit: z.number().int().min(1).default(50),
  /** a window longer than this many hours gets a warning: more often a typo than a plan */
  maxWindowHours: z.number().positive().default(168),
  /** pages older than this many minutes say so (public/freshness.js): the builds may have stopped */
  staleAfterMinutes: z.number().int().min(1).default(15),
  /** an update this many days after an incident was resolved gets a warning (a post-mortem does not) */
  lateUpdateDays: z.number().positive().default(30),
  /** a logo beside the site's title: a file under public/, like logo.svg */
  logo: publicImage("logo.svg", ["svg", "png", "webp", "jpg", "gif"]).optional(),
  /** the pages' icon instead of the generated one (which shows the overall status): a file under public/ */
  favicon: publicImage("favicon.png", ["svg", "png", "ico"]).optional(),
  /** links and accents in the light theme; checked for WCAG AA contrast on its background */
  accentColor: accent("light").optional(),
  /** the same in the dark theme */
  accentColorDark: accent("dark").optional(),
  /** how times are written for readers: a BCP 47 locale (order, month names, 12- or 24-hour clock, zone names) */
  locale: text("a BCP 47 locale like en-GB or en-US")
    .refine(isKnownLocale, {
      error: (i) =>
        `${quoted(String(i.input))} is not a locale this system knows; expected BCP 47, like en-GB, en-US or de-DE`,
    })
    .transform(canonicalLocale)
    .default(DEFAULT_LOCALE),
  /** a WebSub hub: every feed names it, and `npm run notify` pings it for the feeds that changed */
  websubHub: webUrl("a WebSub hub's address, like https://hub.example.net/").optional(),
});
export type Settings = z.output<typeof settingsSchema>;

/**
 * Ids a service cannot have because a site path of their own would collide: `/badges/status.svg`
 * is the whole site's badge beside `/badges/<service>.svg`.
 */
export const RESERVED_SERVICE_IDS = ["status"] as const;

export const serviceSchema = z.strictObject({
  id: slug("a service id").refine((id) => !(RESERVED_SERVICE_IDS as readonly string[]).includes(id), {
    error: (i) => `"${i.input}" is reserved (its badge would replace the whole site's); choose another id`,
  }),
  name: text("the service's name"),
  group: text("the group the service is listed under"),
  description: text("a line about the service").optional(),
  /** internal: only on the staff site; no public post may name it */
  audience: oneOf(AUDIENCES).default("public"),
});
export const servicesSchema = z.array(serviceSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((s, i) => {
    if (seen.has(s.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `duplicate service id "${s.id}"` });
    seen.add(s.id);
  });
});
export type Service = z.output<typeof serviceSchema>;

// ---- Posts -------------------------------------------------------------------------------------

export interface PostContext {
  zone: string;
  /** the service ids posts may name; null when the registry is unreadable (ids are then not checked) */
  services: readonly string[] | null;
  /** when given, times typed wrong are warned about (src/model/sanity.ts) */
  sanity?: SanityOptions | undefined;
  /** services only the staff site shows: a public post may not name them */
  internalServices?: readonly string[] | undefined;
}

function windowSchema(ctx: PostContext, endRequired: boolean) {
  const end = endRequired ? time(ctx.zone) : time(ctx.zone).optional();
  return z
    .strictObject({
      start: time(ctx.zone),
      end,
      service: oneOrMany(serviceId(ctx.services)).optional(),
      note: text("a short note").optional(),
    })
    .superRefine((w, issues) => {
      if (w.end && w.end < w.start) issues.addIssue({ code: "custom", path: ["end"], message: "is before start" });
    });
}

function updateSchema<const S extends readonly [string, ...string[]]>(ctx: PostContext, statuses: S) {
  return z.strictObject({
    at: time(ctx.zone),
    status: oneOf(statuses),
    body: text("the update in Markdown"),
    /** false: published without notifications (a fixed typo); see src/model/events.ts */
    notify: z.boolean({ error: "expected true or false" }).default(true),
    /**
     * The incident's impact from this update on (e.g. lowered while monitoring); before it, the
     * post's `severity` or an earlier update's `impact` holds, so history keeps what it was.
     */
    impact: oneOf(SEVERITIES).optional(),
  });
}

function branch<const K extends Kind, const S extends readonly [string, ...string[]]>(
  ctx: PostContext,
  kind: K,
  statuses: S,
) {
  const services = oneOrMany(serviceId(ctx.services));
  const window = oneOrMany(windowSchema(ctx, kind === "maintenance"));
  return z.strictObject({
    kind: z.literal(kind),
    title: text("the post's title"),
    date: time(ctx.zone, true),
    id: slug("a post id").optional(),
    draft: z.boolean({ error: "expected true or false" }).default(false),
    /** internal: only on the staff site (`build --audience internal`), never in public output */
    audience: oneOf(AUDIENCES).default("public"),
    summary: text("a one-line summary").optional(),
    tags: oneOrMany(slug("a tag")).default([]),
    service: kind === "notice" ? services.default([]) : services,
    severity: kind === "notice" ? oneOf(SEVERITIES).default("none") : oneOf(SEVERITIES),
    window: kind === "maintenance" ? window : window.optional(),
    updates: z.array(updateSchema(ctx, statuses)).default([]),
  });
}

/**
 * The field names each file may hold, from the schemas themselves, for "did you mean" on an
 * unknown field: a settings typo is matched against settings fields, not post fields.
 */
export const KNOWN_FIELDS = (() => {
  const ctx: PostContext = { zone: "UTC", services: [] };
  const keys = (...shapes: object[]) => [...new Set(shapes.flatMap((shape) => Object.keys(shape)))];
  return {
    settings: keys(settingsSchema.shape, settingsSchema.shape.author.shape),
    services: keys(serviceSchema.shape),
    posts: keys(
      branch(ctx, "incident", INCIDENT_STATUSES).shape,
      windowSchema(ctx, true).shape,
      updateSchema(ctx, INCIDENT_STATUSES).shape,
    ),
  };
})();

/** The front matter of one post, checked and normalised: lists are lists, times are instants. */
export function postSchema(ctx: PostContext) {
  return (
    z
      .discriminatedUnion(
        "kind",
        [
          branch(ctx, "incident", INCIDENT_STATUSES),
          branch(ctx, "maintenance", MAINTENANCE_STATUSES),
          branch(ctx, "notice", NOTICE_STATUSES),
        ],
        {
          error: (i) =>
            i.input === undefined
              ? `is required; one of ${KINDS.join(", ")}`
              : `expected one of ${KINDS.join(", ")}${hint((i.input as { kind?: unknown } | null)?.kind, KINDS)}`,
        },
      )
      // Runs even when single fields have problems, so every problem shows at once; the rules
      // look only at the parts that parsed.
      .superRefine((post, issues) => crossFieldRules(post, issues, ctx), {
        when: (payload) => isPostShaped(payload.value),
      })
      .transform(normalise)
  );
}

export type Kind = (typeof KINDS)[number];
export type Severity = (typeof SEVERITIES)[number];
export type UpdateStatus =
  | (typeof INCIDENT_STATUSES)[number]
  | (typeof MAINTENANCE_STATUSES)[number]
  | (typeof NOTICE_STATUSES)[number];
export type FrontMatter = z.output<ReturnType<typeof postSchema>>;
export type Window = FrontMatter["windows"][number];
export type Update = FrontMatter["updates"][number];

interface RawWindow {
  start: DateTime;
  end?: DateTime | undefined;
  service?: string | string[] | undefined;
  note?: string | undefined;
}
interface RawPost {
  kind: Kind;
  audience?: unknown;
  service: string | string[];
  window?: RawWindow | RawWindow[] | undefined;
  updates: { at: DateTime; status?: unknown }[];
}

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function isPostShaped(value: unknown): boolean {
  return typeof value === "object" && value !== null && KINDS.includes((value as { kind?: Kind }).kind as Kind);
}

const isTime = (value: unknown): value is DateTime => DateTime.isDateTime(value);
const isText = (value: unknown): value is string => typeof value === "string";

function crossFieldRules(post: RawPost, ctx: z.RefinementCtx, context: PostContext): void {
  const postServices = asList(post.service).filter(isText);
  // An internal service's name must never reach a public page, feed or message.
  if (post.audience !== "internal") {
    asList(post.service).forEach((s, j) => {
      if (!isText(s) || !context.internalServices?.includes(s)) return;
      ctx.addIssue({
        code: "custom",
        path: ["service", ...(Array.isArray(post.service) ? [j] : [])],
        message: `"${s}" is an internal service: a public post cannot name it (add audience: internal to the post)`,
      });
    });
  }
  asList(post.window).forEach((w, i) => {
    if (typeof w !== "object" || w === null) return;
    const at = Array.isArray(post.window) ? ["window", i] : ["window"];
    const windowServices = asList(w.service);
    windowServices.forEach((s, j) => {
      if (!isText(s) || postServices.includes(s)) return;
      ctx.addIssue({
        code: "custom",
        path: [...at, "service", ...(Array.isArray(w.service) ? [j] : [])],
        message: `"${s}" is not one of the post's services (${postServices.join(", ") || "none"})`,
      });
    });
  });
  const updates = Array.isArray(post.updates) ? post.updates : [];
  updates.forEach((u, i) => {
    const previous = updates[i - 1];
    if (isTime(u?.at) && isTime(previous?.at) && u.at < previous.at) {
      ctx.addIssue({
        code: "custom",
        path: ["updates", i, "at"],
        message: "is earlier than the update before it; list updates oldest first",
      });
    }
  });
  if (post.kind !== "incident") {
    updates.forEach((u, i) => {
      if ((u as { impact?: unknown })?.impact === undefined) return;
      ctx.addIssue({
        code: "custom",
        path: ["updates", i, "impact"],
        message: `only an incident's update changes its impact; a ${post.kind}'s is its severity`,
      });
    });
  }
  const final = finalUpdate(post.kind, updates);
  if (final) {
    updates.forEach((u, i) => {
      if (i <= final.index || !isText(u?.status) || !stillOpen(post.kind, u.status)) return;
      ctx.addIssue({
        code: "custom",
        path: ["updates", i, "status"],
        message:
          post.kind === "incident"
            ? `"${u.status}" after the post-mortem (update ${final.index + 1}): a post-mortem closes an incident for good; a new problem is a new incident (npm run new) that links to this one`
            : `"${u.status}" after the maintenance was ${final.status} (update ${final.index + 1}): more work is a new maintenance (npm run new)`,
      });
    });
  }
}

/**
 * Reopening: an incident reopens when an open status follows "resolved" (src/model/status.ts), but
 * not after its post-mortem; a completed or cancelled maintenance stays over.
 */
const FINAL_STATUSES: Partial<Record<Kind, readonly string[]>> = {
  incident: ["postmortem"],
  maintenance: ["completed", "cancelled"],
};

function finalUpdate(kind: Kind, updates: readonly { status?: unknown }[]): { index: number; status: string } | null {
  const final = FINAL_STATUSES[kind] ?? [];
  const index = updates.findIndex((u) => isText(u?.status) && final.includes(u.status));
  return index < 0 ? null : { index, status: updates[index]?.status as string };
}

function stillOpen(kind: Kind, status: string): boolean {
  return (
    (STATUSES_BY_KIND[kind] as readonly string[]).includes(status) &&
    !(CLOSING_STATUSES as readonly string[]).includes(status)
  );
}

function normalise<
  P extends RawPost & {
    severity: Severity;
    tags: string | string[];
    updates: { at: DateTime; status: string; body: string }[];
  },
>(post: P) {
  const { service, window, tags, updates, ...rest } = post;
  const services = asList(service);
  return {
    ...rest,
    services,
    tags: asList(tags),
    updates: updates as {
      at: DateTime;
      status: UpdateStatus;
      body: string;
      notify: boolean;
      impact?: Severity | undefined;
    }[],
    windows: asList(window).map((w) => ({
      start: w.start,
      end: w.end ?? null,
      services: w.service === undefined ? services : asList(w.service),
      note: w.note,
    })),
  };
}
