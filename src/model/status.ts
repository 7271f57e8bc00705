import type { DateTime } from "luxon";
import {
  CLOSING_STATUSES,
  type FrontMatter,
  type Kind,
  type Severity,
  type Update,
  type UpdateStatus,
  type Window,
} from "./schema.ts";

/**
 * Derived state: pure functions of a post (or all posts) and `now`. Templates, feeds and JSON only
 * show what these return.
 *
 * The functions a build calls for every post and service (thousands of times at 1,000 posts)
 * compare instants (`toMillis()`), not luxon times: `a <= b` on two objects goes through their
 * `valueOf` each time, about ten times slower.
 */

/** What status is worked out from: front matter, or the site's post (whose updates hold HTML instead of Markdown). */
type PostLike = Pick<FrontMatter, "kind" | "date" | "severity" | "services" | "windows"> & {
  updates: readonly (Pick<Update, "at" | "status"> & { impact?: Severity | undefined })[];
};

export const COMPONENT_STATUSES = [
  "operational",
  "under_maintenance",
  "degraded_performance",
  "partial_outage",
  "major_outage",
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const STATUS_LABELS: Record<ComponentStatus, string> = {
  operational: "Operational",
  under_maintenance: "Under maintenance",
  degraded_performance: "Degraded performance",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
};

export const OVERALL_LABELS: Record<ComponentStatus, string> = {
  operational: "All systems operational",
  under_maintenance: "Maintenance in progress",
  degraded_performance: "Degraded performance",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
};

const SEVERITY_IMPACT: Record<Severity, ComponentStatus> = {
  none: "operational",
  minor: "degraded_performance",
  major: "partial_outage",
  critical: "major_outage",
};

export type IncidentState = "investigating" | "identified" | "monitoring" | "resolved" | "postmortem";
export type MaintenanceState = "scheduled" | "in_progress" | "verifying" | "completed" | "cancelled";
export type PostState = IncidentState | MaintenanceState | "published";

/** States in which a post is over: a closing update's, or a notice's. */
const CLOSED: readonly PostState[] = [...CLOSING_STATUSES, "published"];

/**
 * What the updates published so far say, for every count of published updates: worked out once per
 * post, so state at any `now` costs a binary search, not a pass over the updates. The API asks for
 * the state after each update; with passes that grew with the square of updates per post.
 */
interface Prefixes {
  /** [k]: when the first k updates left the post closed, the update that closed it; null while open */
  closedAt: (DateTime | null)[];
  /** [k]: the statuses seen among the first k updates */
  seen: ReadonlySet<UpdateStatus>[];
  /** [i]: update i reopens the post (an open status after a closing one) */
  reopens: boolean[];
}

const prefixCache = new WeakMap<object, Prefixes>();

const isClosing = (status: UpdateStatus): boolean => (CLOSING_STATUSES as readonly string[]).includes(status);

function prefixes(post: PostLike): Prefixes {
  const cached = prefixCache.get(post.updates);
  if (cached) return cached;
  const closedAt: (DateTime | null)[] = [null];
  const seen: Set<UpdateStatus>[] = [new Set()];
  const reopens: boolean[] = [];
  for (const u of post.updates) {
    const before = closedAt.at(-1) ?? null;
    // A notice's "update" neither closes nor reopens; the schema refuses reopening anything but an incident.
    const reopen = before !== null && post.kind === "incident" && !isClosing(u.status);
    reopens.push(reopen);
    closedAt.push(reopen ? null : (before ?? (isClosing(u.status) ? u.at : null)));
    const previous = seen.at(-1) as Set<UpdateStatus>;
    seen.push(previous.has(u.status) ? previous : new Set([...previous, u.status]));
  }
  const made = { closedAt, seen, reopens };
  prefixCache.set(post.updates, made);
  return made;
}

/** How many updates are published at `now` (updates are oldest first: the schema checks it). */
function publishedCount(post: PostLike, now: DateTime): number {
  const updates = post.updates;
  const t = now.toMillis();
  let low = 0;
  let high = updates.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((updates[mid] as Pick<Update, "at">).at.toMillis() <= t) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Updates published at or before `now`. */
export function updatesAt(post: PostLike, now: DateTime): Pick<Update, "at" | "status">[] {
  return post.updates.slice(0, publishedCount(post, now));
}

function lastStatus(post: PostLike, now: DateTime): UpdateStatus | undefined {
  return post.updates[publishedCount(post, now) - 1]?.status;
}

function seenBy(post: PostLike, now: DateTime): ReadonlySet<UpdateStatus> {
  return prefixes(post).seen[publishedCount(post, now)] ?? new Set();
}

/**
 * When an incident was resolved: the resolved (or postmortem) update that closed it last; null
 * while it is open, also after a reopening.
 */
export function resolvedAt(post: PostLike, now: DateTime): DateTime | null {
  return prefixes(post).closedAt[publishedCount(post, now)] ?? null;
}

/**
 * Whether each update reopens its incident: an investigating, identified or monitoring update
 * after the incident was resolved. Index by update, as written (oldest first).
 */
export function reopenings(post: PostLike): readonly boolean[] {
  return prefixes(post).reopens;
}

/** When the incident was last reopened, while it is open again; null otherwise. */
export function reopenedAt(post: PostLike, now: DateTime): DateTime | null {
  if (resolvedAt(post, now) !== null) return null;
  const { reopens } = prefixes(post);
  for (let i = publishedCount(post, now) - 1; i >= 0; i--) {
    if (reopens[i]) return (post.updates[i] as Pick<Update, "at">).at;
  }
  return null;
}

/**
 * The newest update decides, so an open status after "resolved" reopens the incident; a post-mortem
 * stays (the schema refuses reopening after one: a new problem is a new incident).
 */
export function incidentState(post: PostLike, now: DateTime): IncidentState {
  if (seenBy(post, now).has("postmortem")) return "postmortem";
  if (resolvedAt(post, now) !== null) return "resolved";
  const last = lastStatus(post, now);
  return last === undefined || isClosing(last) ? "investigating" : (last as IncidentState);
}

/**
 * Scheduled before the first window, in progress during any window, completed after the last.
 * Updates can cancel, complete early, mark verifying, or start early (in_progress).
 */
export function maintenanceState(post: PostLike, now: DateTime): MaintenanceState {
  const seen = seenBy(post, now);
  if (seen.has("cancelled")) return "cancelled";
  if (seen.has("completed")) return "completed";
  if (windowsInProgress(post, now).length > 0) return "in_progress";
  const last = lastStatus(post, now);
  const lastEnd = latestEnd(post.windows);
  const beforeLastEnd = lastEnd === null || now < lastEnd;
  if (last === "in_progress" && beforeLastEnd) return "in_progress";
  if (last === "verifying" && beforeLastEnd) return "verifying";
  return beforeLastEnd ? "scheduled" : "completed";
}

export function postState(post: PostLike, now: DateTime): PostState {
  if (post.kind === "incident") return incidentState(post, now);
  if (post.kind === "maintenance") return maintenanceState(post, now);
  return "published";
}

export function isOpen(post: PostLike, now: DateTime): boolean {
  return !CLOSED.includes(postState(post, now));
}

export const STATE_LABELS: Record<PostState, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
  postmortem: "Post-mortem",
  scheduled: "Scheduled",
  in_progress: "In progress",
  verifying: "Verifying",
  completed: "Completed",
  cancelled: "Cancelled",
  published: "Notice",
};

/** Each kind and severity as readers see it. */
export const KIND_LABELS: Record<Kind, string> = { incident: "Incident", maintenance: "Maintenance", notice: "Notice" };
export const SEVERITY_LABELS: Record<Severity, string> = {
  none: "None",
  minor: "Minor",
  major: "Major",
  critical: "Critical",
};

/** Labels for update statuses as readers see them. */
export const UPDATE_LABELS: Record<UpdateStatus, string> = { ...STATE_LABELS, update: "Update" };

export interface Impact {
  start: DateTime;
  /** null while the impact goes on */
  end: DateTime | null;
  services: string[];
  /** the written window's note */
  note: string | undefined;
  /** the impact of a reopening, from its update */
  reopened: boolean;
}

/**
 * When an incident hurts: its windows, or from its date; a window without an end runs until the
 * first update that closed the incident after it began. A reopening hurts again from its update to
 * the next closing one (or on), unless the author wrote a window for it
 * (one that begins after the incident closed). Maintenance impact is its
 * windows.
 */
export function impacts(post: PostLike, now: DateTime): Impact[] {
  const windows: Window[] =
    post.windows.length > 0
      ? post.windows
      : [{ start: post.date, end: null, services: post.services, note: undefined }];
  const written = (w: Window, end: DateTime | null): Impact => ({ ...w, end, reopened: false });
  if (post.kind !== "incident") return windows.map((w) => written(w, w.end));
  const { closedAt, reopens } = prefixes(post);
  const count = publishedCount(post, now);
  /** Times the incident closed, oldest first, among the published updates. */
  const closings: DateTime[] = [];
  for (let k = 1; k <= count; k++) {
    const closed = closedAt[k];
    if (closed && closedAt[k - 1] === null) closings.push(closed);
  }
  const closedAfter = (start: DateTime) => closings.find((c) => c >= start) ?? null;
  const spans: Impact[] = windows.map((w) => written(w, w.end ?? closedAfter(w.start)));
  for (let i = 0; i < count; i++) {
    if (!reopens[i]) continue;
    const start = (post.updates[i] as Pick<Update, "at">).at;
    const end = closedAfter(start);
    // A window that begins after the incident last closed, and before it closes again, is the reopening's.
    const closedBefore = closings.filter((c) => c <= start).at(-1);
    const hasWindow = windows.some((w) => (!closedBefore || w.start > closedBefore) && (end === null || w.start < end));
    if (!hasWindow) spans.push({ start, end, services: post.services, note: undefined, reopened: true });
  }
  return spans;
}

/**
 * An incident's impact at `t`: the `impact` of the last update published by then that set one, else
 * its `severity`. Other kinds keep their severity.
 */
export function severityAt(post: PostLike, t: DateTime): Severity {
  if (post.kind !== "incident") return post.severity;
  let severity = post.severity;
  for (let i = 0; i < publishedCount(post, t); i++) {
    const impact = post.updates[i]?.impact;
    if (impact) severity = impact;
  }
  return severity;
}

export interface Segment extends Impact {
  severity: Severity;
}

/**
 * The impacts cut where an update changed the incident's impact, each piece with the severity it
 * had: what the board, the bars and uptime count, so lowering the impact while monitoring changes
 * them from that moment and leaves the time before as it was.
 */
export function impactSegments(post: PostLike, now: DateTime): Segment[] {
  const spans = impacts(post, now);
  const changes =
    post.kind === "incident" ? updatesAt(post, now).filter((u) => (u as { impact?: Severity }).impact) : [];
  if (changes.length === 0) return spans.map((span) => ({ ...span, severity: post.severity }));
  return spans.flatMap((span) => {
    const cuts = changes.map((u) => u.at).filter((at) => at > span.start && (span.end === null || at < span.end));
    const bounds = [span.start, ...cuts];
    return bounds.map((start, i) => ({
      ...span,
      start,
      end: bounds[i + 1] ?? span.end,
      severity: severityAt(post, start),
    }));
  });
}

export function windowsInProgress(post: PostLike, now: DateTime): Window[] {
  const t = now.toMillis();
  return post.windows.filter((w) => w.start.toMillis() <= t && (w.end === null || t < w.end.toMillis()));
}

/** The next window that has not started yet. */
export function nextWindow(post: PostLike, now: DateTime): Window | undefined {
  return post.windows.filter((w) => w.start > now).sort((a, b) => a.start.toMillis() - b.start.toMillis())[0];
}

function latestEnd(windows: readonly Window[]): DateTime | null {
  let latest: DateTime | null = null;
  for (const w of windows) {
    if (w.end === null) return null;
    if (!latest || w.end > latest) latest = w.end;
  }
  return latest;
}

/** What a post does to one service at `now`. */
export function effectOn(post: PostLike, serviceId: string, now: DateTime): ComponentStatus {
  if (post.kind === "incident") {
    if (!isOpen(post, now)) return "operational";
    const hurting = impactSegments(post, now).find(
      (i) => i.services.includes(serviceId) && i.start <= now && (i.end === null || now < i.end),
    );
    return hurting ? SEVERITY_IMPACT[hurting.severity] : "operational";
  }
  if (post.kind === "maintenance" && maintenanceState(post, now) === "in_progress") {
    const running = windowsInProgress(post, now);
    // Started early by an update: the whole post's services are under maintenance.
    const services = running.length > 0 ? running.flatMap((w) => w.services) : post.services;
    return services.includes(serviceId) ? "under_maintenance" : "operational";
  }
  return "operational";
}

export function worst(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let rank = 0;
  for (const s of statuses) rank = Math.max(rank, COMPONENT_STATUSES.indexOf(s));
  return COMPONENT_STATUSES[rank] ?? "operational";
}

export function serviceStatus(posts: readonly PostLike[], serviceId: string, now: DateTime): ComponentStatus {
  return worst(posts.map((p) => effectOn(p, serviceId, now)));
}

/** Maintenance under way: in progress, or done but still being verified. */
export function isActiveMaintenance(post: PostLike, now: DateTime): boolean {
  if (post.kind !== "maintenance") return false;
  const state = maintenanceState(post, now);
  return state === "in_progress" || state === "verifying";
}

/** Maintenance that has not started. */
export function isUpcomingMaintenance(post: PostLike, now: DateTime): boolean {
  return post.kind === "maintenance" && maintenanceState(post, now) === "scheduled";
}

/**
 * When a maintenance ended: its completed or cancelled update, else (once it is completed by
 * time) the end of its last window; null while it is not over.
 */
export function completedAt(post: PostLike, now: DateTime): DateTime | null {
  const update = updatesAt(post, now).find((u) => u.status === "completed" || u.status === "cancelled");
  if (update) return update.at;
  if (maintenanceState(post, now) !== "completed") return null;
  return post.windows.reduce<DateTime | null>((max, w) => (w.end && (!max || w.end > max) ? w.end : max), null);
}

/** One maintenance window's own state at `now`, for calendars: a window can be over while the next has not begun. */
export type WindowState = "cancelled" | "completed" | "in_progress" | "scheduled";

export function windowState(post: PostLike, window: Pick<Window, "start" | "end">, now: DateTime): WindowState {
  const state = maintenanceState(post, now);
  if (state === "cancelled") return "cancelled";
  if (state === "completed" || (window.end !== null && window.end <= now)) return "completed";
  if (window.start <= now) return "in_progress";
  return "scheduled";
}

/**
 * The maintenance a calendar holds: everything not over yet, then the most recent others up to
 * `limit` (the archives hold the rest). `posts` are newest first.
 */
export function calendarMaintenance<P extends PostLike>(posts: readonly P[], limit: number, now: DateTime): P[] {
  const maintenance = posts.filter((p) => p.kind === "maintenance");
  const open = maintenance.filter((p) => isOpen(p, now));
  const done = maintenance.filter((p) => !isOpen(p, now)).slice(0, limit);
  return [...open, ...done];
}
