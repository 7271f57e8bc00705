import { hash } from "node:crypto";
import { DateTime } from "luxon";
import type { Severity } from "./schema.ts";
import type { Post } from "./site.ts";
import { completedAt, maintenanceState, type WindowState, windowState } from "./status.ts";

/**
 * What partners are told about: every event the published posts say has happened by `now`, each
 * with an id made from the post and what happened, so the same event has the same id on every run
 * and machine (src/notify/ sends each once per channel, by that id).
 *
 * - incident: published (with the updates stamped at its date); each later update: updated,
 *   resolved, reopened, or postmortem.
 * - maintenance: published; each later update (cancelled and completed say so); rescheduled when
 *   its windows are no longer those last announced; a reminder before the first window starts, at
 *   each lead time; each window started; completed once its last window is over (unless an update
 *   said so).
 * - notice: published; each later update.
 *
 * An update with `notify: false` makes no event. Drafts and posts dated after now are not in the
 * site, so they make none either.
 */

export type EventType =
  | "incident.published"
  | "incident.updated"
  | "incident.resolved"
  | "incident.reopened"
  | "incident.postmortem"
  | "maintenance.published"
  | "maintenance.updated"
  | "maintenance.rescheduled"
  | "maintenance.cancelled"
  | "maintenance.reminder"
  | "maintenance.started"
  | "maintenance.completed"
  | "notice.published"
  | "notice.updated";

export interface NotifyEvent {
  /** stable: `<post id>/<what happened>` */
  id: string;
  type: EventType;
  post: Post;
  /** when it happened: the age of an event is measured from here */
  at: DateTime;
  /** the update it is about, for update events */
  update?: Post["updates"][number];
  /** the window it is about, for reminders and starts */
  window?: Post["windows"][number];
  /** hours before the window, for reminders */
  leadHours?: number;
  /**
   * Another event whose message says this one too: sending that one (now or before) covers this.
   * A maintenance's first schedule is in its published message, so its "rescheduled" for that
   * schedule is covered by it.
   */
  coveredBy?: string;
}

export interface EventOptions {
  /** reminder lead times, in hours before a maintenance's first window */
  reminderHours: readonly number[];
  /** only what posts and updates say: no schedules, reminders, starts or completions (the feeds of updates) */
  writtenOnly?: boolean;
}

/** Every event that has happened by `now` across `posts`, oldest first (ties by id). */
export function notifyEvents(posts: readonly Post[], now: DateTime, options: EventOptions): NotifyEvent[] {
  const events = posts.flatMap((post) => postEvents(post, now, options));
  return events.sort((a, b) => a.at.toMillis() - b.at.toMillis() || a.id.localeCompare(b.id));
}

/**
 * The latest `limit` events of what posts and updates say (`writtenOnly`), newest first: the last
 * of `notifyEvents`. Made from the posts most recently changed, until every other post's last
 * change is older than the `limit`-th event, so none of its events could be among them; `posts`
 * are those read. A feed of the latest updates reads about as many posts as it has entries, not
 * every post of the site.
 */
export function latestEvents(
  posts: readonly Post[],
  now: DateTime,
  limit: number,
): { events: NotifyEvent[]; posts: Post[] } {
  const options = { reminderHours: [], writtenOnly: true };
  // A post's events are at its date and its updates' times: none later than the later of its date and `updated`.
  const last = (post: Post) => Math.max(post.date.toMillis(), post.updated.toMillis());
  const newest = [...posts].sort((a, b) => last(b) - last(a));
  const read: Post[] = [];
  const times: number[] = [];
  for (const post of newest) {
    if (times.length >= limit) {
      times.sort((a, b) => b - a);
      if ((times[limit - 1] as number) > last(post)) break;
    }
    read.push(post);
    for (const event of postEvents(post, now, options)) times.push(event.at.toMillis());
  }
  return { events: notifyEvents(read, now, options).reverse().slice(0, limit), posts: read };
}

function postEvents(post: Post, now: DateTime, options: EventOptions): NotifyEvent[] {
  const events: NotifyEvent[] = [];
  const published = `${post.id}/published`;
  events.push({ id: published, type: `${post.kind}.published`, post, at: post.date });

  const seen = new Map<string, number>();
  post.updates.forEach((update) => {
    // Stamped at the post's date: part of what was published, not news of its own.
    if (update.at <= post.date || !update.notify) return;
    const key = `${utcStamp(update.at)}-${update.status}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    events.push({
      id: `${post.id}/update/${key}${n > 1 ? `-${n}` : ""}`,
      type: updateType(post, update),
      post,
      at: update.at,
      update,
    });
  });

  if (post.kind === "maintenance" && !options.writtenOnly)
    events.push(...maintenanceEvents(post, now, options, published));
  return events;
}

function updateType(post: Post, update: Post["updates"][number]): EventType {
  if (post.kind === "notice") return "notice.updated";
  if (post.kind === "incident") {
    if (update.reopens) return "incident.reopened";
    if (update.status === "resolved") return "incident.resolved";
    if (update.status === "postmortem") return "incident.postmortem";
    return "incident.updated";
  }
  if (update.status === "cancelled") return "maintenance.cancelled";
  if (update.status === "completed") return "maintenance.completed";
  return "maintenance.updated";
}

function maintenanceEvents(post: Post, now: DateTime, options: EventOptions, published: string): NotifyEvent[] {
  const events: NotifyEvent[] = [];
  const state = maintenanceState(post, now);
  const newest = post.updates.at(-1)?.at ?? post.date;
  // The schedule as it stands: a new one (a window moved) is news; the first is in the published message.
  events.push({
    id: `${post.id}/schedule/${scheduleHash(post)}`,
    type: "maintenance.rescheduled",
    post,
    at: DateTime.max(newest, post.date),
    coveredBy: published,
  });
  if (state === "cancelled") return events;

  const first = [...post.windows].sort((a, b) => a.start.toMillis() - b.start.toMillis())[0];
  if (first && now < first.start) {
    // Announced later than a reminder would go out: the published message said it already.
    const due = options.reminderHours
      .map((hours) => ({ hours, at: first.start.minus({ hours }) }))
      .filter((r) => r.at <= now && post.date <= r.at)
      .sort((a, b) => a.hours - b.hours);
    const id = (hours: number) => `${post.id}/reminder/${hours}h/${utcStamp(first.start)}`;
    for (const reminder of due) {
      events.push({
        id: id(reminder.hours),
        type: "maintenance.reminder",
        post,
        at: reminder.at,
        window: first,
        leadHours: reminder.hours,
        // A reminder not sent by the time a nearer one is due is said by that one.
        ...(reminder === due[0] ? {} : { coveredBy: id((due[0] as { hours: number }).hours) }),
      });
    }
  }
  for (const window of post.windows) {
    const windowNow: WindowState = windowState(post, window, now);
    if (window.start > now || windowNow === "scheduled") continue;
    // A window over before the maintenance was completed early by an update did not start.
    const ended = completedAt(post, now);
    if (ended && ended <= window.start) continue;
    events.push({
      id: `${post.id}/started/${utcStamp(window.start)}`,
      type: "maintenance.started",
      post,
      at: window.start,
      window,
    });
  }
  const saidByUpdate = post.updates.some((u) => u.status === "completed" || u.status === "cancelled");
  const done = completedAt(post, now);
  if (state === "completed" && done && !saidByUpdate) {
    events.push({ id: `${post.id}/completed`, type: "maintenance.completed", post, at: done });
  }
  return events;
}

/** A short hash of a maintenance's windows: the same schedule always gives the same one. */
export function scheduleHash(post: Pick<Post, "windows">): string {
  const text = post.windows
    .map((w) => `${w.start.toMillis()}-${w.end?.toMillis() ?? ""}-${[...w.services].sort().join(",")}`)
    .sort()
    .join(";");
  return hash("sha256", text, "hex").slice(0, 12);
}

/** `20261201T1530Z`: an instant as part of an id. */
function utcStamp(dt: DateTime): string {
  // From the instant's ISO text: luxon's formatter costs more than the rest of an event.
  const iso = new Date(dt.toMillis()).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
}

const SEVERITY_RANK: Record<Severity, number> = { none: 0, minor: 1, major: 2, critical: 3 };

/** Whether a channel with these filters hears about `post`. */
export function passes(
  post: Pick<Post, "kind" | "services" | "severity">,
  filter: {
    services?: string | string[] | undefined;
    kinds?: string | string[] | undefined;
    minSeverity?: Severity | undefined;
  },
): boolean {
  const list = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
  const kinds = list(filter.kinds);
  if (kinds && !kinds.includes(post.kind)) return false;
  const services = list(filter.services);
  if (services && post.services.length > 0 && !post.services.some((s) => services.includes(s))) return false;
  if (
    filter.minSeverity &&
    (post.kind === "notice" || SEVERITY_RANK[post.severity] < SEVERITY_RANK[filter.minSeverity])
  )
    return false;
  return true;
}
