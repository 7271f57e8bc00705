import type { DateTime } from "luxon";
import { dayPath, kindPath, postPath, ROUTES, servicePath, yearPath } from "../routes.ts";
import type { SourcePost } from "./check.ts";
import { type Day, type History, lastDays, PARTIAL_OUTAGE_PERCENT, serviceHistory } from "./history.ts";
import type { Sources } from "./load.ts";
import { renderInline, renderMarkdown } from "./markdown.ts";
import { BANNER_LEAD_HOURS, type NextChange, nextChange } from "./next-change.ts";
import { groupBy, type Paged, paginate } from "./paginate.ts";
import type { Audience, Kind, Service, Settings, Severity, Update, Window } from "./schema.ts";
import { KINDS } from "./schema.ts";
import {
  type ComponentStatus,
  type Impact,
  impacts,
  isActiveMaintenance,
  isOpen,
  isUpcomingMaintenance,
  KIND_LABELS,
  nextWindow,
  OVERALL_LABELS,
  type PostState,
  postState,
  reopenedAt,
  reopenings,
  SEVERITY_LABELS,
  STATE_LABELS,
  STATUS_LABELS,
  serviceStatus,
  severityAt,
  UPDATE_LABELS,
  windowsInProgress,
  worst,
} from "./status.ts";
import { htmlToText } from "./text.ts";
import { localDate } from "./time.ts";

/**
 * The site model: built once per build from the checked sources and `now`, then handed to every
 * view (pages, feeds, JSON). Markdown is rendered here, once per post.
 */

/** A post as pages show it: Markdown rendered to `html`, the source text not kept (10,000 posts hold 20 MB of it). */
export interface Post extends Omit<SourcePost, "updates" | "body"> {
  /** site path, without the deployment prefix: /posts/<id>/ */
  url: string;
  html: string;
  /** `reopens`: the update reopened a resolved incident; `impactLabel`: the impact it set, if any */
  updates: (Omit<Update, "body"> & { html: string; label: string; reopens: boolean; impactLabel?: string })[];
  /** an incident's impact now (an update may have lowered or raised it); `severity` is as first written */
  impactNow: Severity;
  impactNowLabel: string;
  /** when the incident was last reopened, while it is open again */
  reopenedAt: DateTime | null;
  /**
   * The windows as readers see them: a maintenance's as written; an incident's impact, with ends
   * its resolving updates give and the impact of each reopening.
   */
  periods: Impact[];
  /** a maintenance's window to show wherever it is listed; null for other kinds */
  schedule: Schedule | null;
  state: PostState;
  stateLabel: string;
  kindLabel: string;
  severityLabel: string;
  open: boolean;
  /** when the post last changed: its latest update, else its date */
  updated: DateTime;
}

/** One month of history: `2011-07`, "July 2011", its posts newest first. */
export interface Month {
  key: string;
  label: string;
  posts: Post[];
}

/**
 * When a maintenance happens, in one line: the window in progress, else the next one, else (over or
 * cancelled) the first; and how many windows come after it.
 */
export interface Schedule {
  window: Window;
  /** the window is under way: lists say "in progress until" its end */
  inProgress: boolean;
  /** windows that start after the one shown */
  more: number;
}

export interface ServiceView extends Service {
  url: string;
  /** the last HISTORY_DAYS days, and uptime over them */
  history: History;
  status: ComponentStatus;
  statusLabel: string;
  posts: Post[];
  open: Post[];
  upcoming: Post[];
}

export interface Group {
  name: string;
  services: ServiceView[];
}

export interface Board {
  status: ComponentStatus;
  label: string;
  openIncidents: Post[];
  activeMaintenance: Post[];
  upcomingMaintenance: Post[];
  /** upcoming maintenance that starts within a day: the quieter banner */
  startingSoon: Post[];
}

export interface Site {
  settings: Settings;
  /** the settings' contact line (inline Markdown: a mailto: or tel: link works) as HTML and as text */
  contact: { html: string; text: string };
  now: DateTime;
  /** public: internal posts and services are left out of everything; internal: the staff site */
  audience: Audience;
  /** when the output next changes by itself (next-change.ts); the build record tells schedulers */
  nextChange: NextChange;
  posts: Post[];
  services: ServiceView[];
  groups: Group[];
  board: Board;
  /** how much of a partial outage counts against uptime, in percent (history.ts) */
  partialOutagePercent: number;
  pages: {
    home: Paged<Post>[];
    services: (Paged<Post> & { service: ServiceView })[];
    kinds: (Paged<Post> & { kind: Kind; title: string })[];
    years: { year: string; url: string; posts: Post[]; months: Month[] }[];
    /** the history page: the latest months that have posts, newest first */
    recentMonths: Month[];
    /** a page per day marked on any service's history, listing what happened that day */
    days: { date: string; url: string; posts: Post[] }[];
  };
}

export interface SiteOptions {
  now: DateTime;
  /** include `draft: true` posts (the dev server does) */
  drafts?: boolean;
  /** hours before a maintenance's window at which notifications go out (notify.yaml's reminderHours) */
  reminderHours?: readonly number[];
  /** the public site (the default) or the staff site with internal posts and services */
  audience?: Audience;
  /** renders a post's or update's Markdown; a process that builds again passes a MarkdownMemo's */
  markdown?: (source: string) => string;
  /** renders a line of inline Markdown (the contact line); the same MarkdownMemo's */
  inlineMarkdown?: (source: string) => string;
}

/** How many days the history bars show. */
export const HISTORY_DAYS = 90;

/** How each kind is named as a list of posts. */
export const KIND_TITLES: Record<Kind, string> = {
  incident: "Incidents",
  maintenance: "Maintenance",
  notice: "Notices",
};

export function buildSite(sources: Sources, options: SiteOptions): Site {
  const { settings } = sources;
  const now = options.now.setZone(settings.timeZone);
  const audience = options.audience ?? "public";
  // What this site may show at all: an internal post or service never reaches a public output,
  // not even the build record's next change.
  const shown = sources.posts.filter(
    (p) => (options.drafts || !p.draft) && (audience === "internal" || p.audience === "public"),
  );
  const shownServices = sources.services.filter((s) => audience === "internal" || s.audience === "public");
  const posts = shown
    .filter((p) => p.date.toMillis() <= now.toMillis())
    .map((p) => toPost(p, now, options.markdown ?? renderMarkdown))
    .sort(newestFirst);
  const days = lastDays(now, settings.timeZone, HISTORY_DAYS, settings.locale);
  const services = shownServices.map((s) => toServiceView(s, posts, now, days));
  const perPage = settings.postsPerPage;
  const years = byYear(posts, settings.timeZone);
  const contactHtml = (options.inlineMarkdown ?? renderInline)(settings.contact);
  return {
    contact: { html: contactHtml, text: htmlToText(contactHtml) },
    settings,
    now,
    audience,
    nextChange: nextChange(shown, now, settings.timeZone, {
      drafts: true,
      leadHours: [BANNER_LEAD_HOURS, ...(options.reminderHours ?? [])],
    }),
    posts,
    services,
    groups: groupServices(services),
    board: board(posts, services, now),
    partialOutagePercent: PARTIAL_OUTAGE_PERCENT,
    pages: {
      home: paginate(posts, perPage, ROUTES.home),
      services: services.flatMap((service) =>
        paginate(service.posts, perPage, service.url).map((page) => ({ ...page, service })),
      ),
      kinds: KINDS.flatMap((kind) =>
        paginate(
          posts.filter((p) => p.kind === kind),
          perPage,
          kindPath(kind),
        ).map((page) => ({ ...page, kind, title: KIND_TITLES[kind] })),
      ),
      years,
      recentMonths: years.flatMap((y) => y.months).slice(0, HISTORY_MONTHS),
      days: dayPages(services, posts),
    },
  };
}

function toPost(source: SourcePost, now: DateTime, markdown: (source: string) => string): Post {
  const state = postState(source, now);
  const reopens = reopenings(source);
  const impactNow = severityAt(source, now);
  const updates = source.updates
    .filter((u) => u.at.toMillis() <= now.toMillis())
    .map(({ body, ...u }, i) => {
      const reopened = reopens[i] === true;
      const label = reopened ? `Reopened: ${UPDATE_LABELS[u.status].toLowerCase()}` : UPDATE_LABELS[u.status];
      return {
        ...u,
        html: markdown(body),
        label,
        reopens: reopened,
        ...(u.impact ? { impactLabel: SEVERITY_LABELS[u.impact] } : {}),
      };
    });
  const { body, updates: _written, ...fields } = source;
  return {
    ...fields,
    url: postPath(source.id),
    html: markdown(body),
    updates,
    state,
    stateLabel: STATE_LABELS[state],
    kindLabel: KIND_LABELS[source.kind],
    severityLabel: SEVERITY_LABELS[source.severity],
    open: isOpen(source, now),
    reopenedAt: reopenedAt(source, now),
    impactNow,
    impactNowLabel: SEVERITY_LABELS[impactNow],
    periods: source.kind === "notice" ? [] : impacts(source, now),
    schedule: source.kind === "maintenance" ? schedule(source, state, now) : null,
    updated: updates.at(-1)?.at ?? source.date,
  };
}

function schedule(post: SourcePost, state: PostState, now: DateTime): Schedule | null {
  const windows = [...post.windows].sort((a, b) => a.start.toMillis() - b.start.toMillis());
  const running = state === "in_progress" ? windowsInProgress(post, now)[0] : undefined;
  const over = state === "completed" || state === "cancelled";
  const window = running ?? (over ? undefined : nextWindow(post, now)) ?? windows[0];
  if (!window) return null;
  return { window, inProgress: Boolean(running), more: windows.filter((w) => w.start > window.start).length };
}

/** When the newest of these posts last changed, or null for none. */
export function newestUpdate(posts: readonly Post[]): DateTime | null {
  return posts.reduce<DateTime | null>((max, p) => (!max || p.updated > max ? p.updated : max), null);
}

function newestFirst(a: Post, b: Post): number {
  return b.date.toMillis() - a.date.toMillis() || a.id.localeCompare(b.id);
}

function toServiceView(service: Service, posts: Post[], now: DateTime, days: Day[]): ServiceView {
  const mine = posts.filter((p) => p.services.includes(service.id));
  const status = serviceStatus(mine, service.id, now);
  return {
    ...service,
    url: servicePath(service.id),
    history: serviceHistory(mine, service.id, days, now),
    status,
    statusLabel: STATUS_LABELS[status],
    posts: mine,
    open: mine.filter((p) => p.open && p.state !== "scheduled"),
    upcoming: mine.filter((p) => isUpcomingMaintenance(p, now)),
  };
}

function groupServices(services: ServiceView[]): Group[] {
  return [...groupBy(services, (s) => s.group)].map(([name, list]) => ({ name, services: list }));
}

function board(posts: Post[], services: ServiceView[], now: DateTime): Board {
  const status = worst(services.map((s) => s.status));
  const soonestFirst = (a: Post, b: Post) =>
    (nextWindow(a, now)?.start.toMillis() ?? 0) - (nextWindow(b, now)?.start.toMillis() ?? 0);
  return {
    status,
    label: OVERALL_LABELS[status],
    openIncidents: posts.filter((p) => p.kind === "incident" && p.open),
    activeMaintenance: posts.filter((p) => isActiveMaintenance(p, now)),
    upcomingMaintenance: posts.filter((p) => isUpcomingMaintenance(p, now)).sort(soonestFirst),
    startingSoon: posts
      .filter((p) => isUpcomingMaintenance(p, now))
      .filter((p) => {
        const next = nextWindow(p, now);
        return next !== undefined && next.start.diff(now, "hours").hours <= BANNER_LEAD_HOURS;
      })
      .sort(soonestFirst),
  };
}

function dayPages(services: ServiceView[], posts: Post[]): Site["pages"]["days"] {
  const byId = new Map(posts.map((p) => [p.id, p]));
  const days = new Map<string, Set<string>>();
  for (const s of services) {
    for (const m of s.history.marks) {
      const ids = days.get(m.date) ?? new Set<string>();
      for (const id of m.postIds) ids.add(id);
      days.set(m.date, ids);
    }
  }
  return [...days]
    .sort(([a], [b]) => b.localeCompare(a))
    .map(([date, ids]) => ({
      date,
      url: dayPath(date),
      posts: [...ids].flatMap((id) => byId.get(id) ?? []).sort(newestFirst),
    }));
}

function byYear(posts: Post[], zone: string): Site["pages"]["years"] {
  const years = groupBy(posts, (p) => localDate(p.date, zone).slice(0, 4));
  return [...years].map(([year, list]) => ({ year, url: yearPath(year), posts: list, months: byMonth(list, zone) }));
}

/** Posts (newest first) by the month they were posted in, NOC time. */
function byMonth(posts: Post[], zone: string): Month[] {
  const months = groupBy(posts, (p) => localDate(p.date, zone).slice(0, 7));
  return [...months].map(([key, list]) => ({
    key,
    label: `${MONTH_NAMES[Number(key.slice(5, 7)) - 1]} ${key.slice(0, 4)}`,
    posts: list,
  }));
}

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** How many months (that have posts) the history page shows; the year pages hold the rest. */
export const HISTORY_MONTHS = 12;
