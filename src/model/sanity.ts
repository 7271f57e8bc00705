import type { DateTime } from "luxon";
import type { Path } from "./frontmatter.ts";
import { ENDING_STATUSES, type FrontMatter, type Settings } from "./schema.ts";
import { timeText } from "./time-text.ts";

/**
 * Times typed wrong, told as warnings: they are allowed (a post may be written ahead, a window may
 * run long), but at 3 a.m. "23:00" for "11:00" or last year for this year is the likelier story.
 */

/** How far ahead of now an update or a window's end may be before it looks like a typo. */
export const FUTURE_SLACK_MINUTES = 15;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type SanityPost = Pick<FrontMatter, "kind" | "windows" | "updates">;

export interface SanityOptions {
  now: DateTime;
  settings: Pick<Settings, "timeZone" | "locale" | "maxWindowHours" | "lateUpdateDays">;
  /** the post is being written now (`new`): a maintenance already over is then a typo */
  isNew?: boolean;
}

/** Warnings about one post's times, each with the field it is about (the caller places it in the file). */
export function timeWarnings(post: SanityPost, options: SanityOptions): { path: Path; message: string }[] {
  const { now, settings } = options;
  const zone = settings.timeZone;
  const warnings: { path: Path; message: string }[] = [];
  // Instants compared as milliseconds: luxon's plus works out the zone's offset, for every post.
  const ahead = now.toMillis() + FUTURE_SLACK_MINUTES * 60_000;
  const when = timeText(zone, settings.locale).full;
  const windowField = (i: number, key: string): Path =>
    post.windows.length > 1 ? ["window", i, key] : ["window", key];

  post.updates.forEach((u, i) => {
    if (u.at.toMillis() > ahead) {
      warnings.push({
        path: ["updates", i, "at"],
        message: `${when(u.at)} is in the future (now is ${when(now)}); the update stays hidden until then. A typo in the date or hour?`,
      });
    }
  });
  if (post.kind === "incident") {
    post.windows.forEach((w, i) => {
      if (w.end && w.end.toMillis() > ahead) {
        warnings.push({
          path: windowField(i, "end"),
          message: `${when(w.end)} is in the future (now is ${when(now)}); an incident's window ends when service recovered`,
        });
      }
    });
  }
  const limit = settings.maxWindowHours;
  post.windows.forEach((w, i) => {
    const hours = w.end ? (w.end.toMillis() - w.start.toMillis()) / HOUR : 0;
    if (hours > limit) {
      warnings.push({
        path: windowField(i, "end"),
        message: `the window lasts ${Math.round(hours)} hours, more than ${limit} (maxWindowHours in settings); a typo in the date?`,
      });
    }
  });
  // Measured from the update that last closed the post; a reopening starts the count again.
  let closed: FrontMatter["updates"][number] | null = null;
  post.updates.forEach((u, i) => {
    const ending = (ENDING_STATUSES as readonly string[]).includes(u.status);
    // Elapsed time, not calendar days: milliseconds, as luxon's diff gives them (a day is 24 hours).
    const days = closed ? (u.at.toMillis() - closed.at.toMillis()) / DAY : 0;
    if (closed && u.status !== "postmortem" && days > settings.lateUpdateDays) {
      warnings.push({
        path: ["updates", i, "at"],
        message: `${when(u.at)} is ${Math.floor(days)} days after the ${closed.status} update (${when(closed.at)}); a typo in the date?`,
      });
    }
    if (ending) closed ??= u;
    else if (post.kind === "incident") closed = null;
  });
  if (options.isNew && post.kind === "maintenance" && post.windows.every((w) => w.end !== null && w.end <= now)) {
    warnings.push({
      path: ["window"],
      message: `every window is over already (now is ${when(now)}): a new maintenance is announced before it happens. A typo in the year?`,
    });
  }
  return warnings;
}
