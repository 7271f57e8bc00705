import { DateTime } from "luxon";
import type { SourcePost } from "./check.ts";

/**
 * The next moment the site's output changes by itself, with no commit: a scheduled post or update
 * comes out, a window starts or ends, a maintenance comes within a reminder's lead time (the
 * "within 24 hours" banner at 24 h, notifications at theirs), or a new day moves the 90-day bars.
 * A scheduler that rebuilds with `--if-changed` needs to build only then, or when something changed.
 */

export interface NextChange {
  at: DateTime;
  /** what happens then, in words: "Core upgrades: a window starts" */
  what: string;
}

/** Lead times before a maintenance's window at which pages or messages change, in hours. */
export const BANNER_LEAD_HOURS = 24;

export function nextChange(
  posts: readonly SourcePost[],
  now: DateTime,
  zone: string,
  options: { drafts: boolean; leadHours: readonly number[] },
): NextChange {
  // The 90-day bars move at the NOC's midnight: always a candidate, so there is always an answer.
  let best: NextChange = {
    at: now.setZone(zone).startOf("day").plus({ days: 1 }),
    what: "a new day in the NOC's zone: the 90-day history moves",
  };
  // Compared as milliseconds: luxon's arithmetic works the zone's offset out again for every window.
  const from = now.toMillis();
  let bestAt = best.at.toMillis();
  const consider = (at: number, what: () => string) => {
    if (at > from && at < bestAt) {
      bestAt = at;
      best = { at: DateTime.fromMillis(at, { zone }), what: what() };
    }
  };
  for (const post of posts) {
    if (post.draft && !options.drafts) continue;
    consider(post.date.toMillis(), () => `${post.title}: published`);
    for (const u of post.updates) consider(u.at.toMillis(), () => `${post.title}: an update comes out`);
    for (const w of post.windows) {
      const start = w.start.toMillis();
      consider(start, () => `${post.title}: a window starts`);
      if (w.end) consider(w.end.toMillis(), () => `${post.title}: a window ends`);
      if (post.kind !== "maintenance") continue;
      for (const hours of options.leadHours) {
        consider(start - hours * 3_600_000, () => `${post.title}: ${hours} h before a window`);
      }
    }
  }
  return best;
}
