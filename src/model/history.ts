import type { DateTime } from "luxon";
import { SEVERITIES, type Severity } from "./schema.ts";
import { impactSegments, type impacts } from "./status.ts";
import { localDays } from "./time.ts";
import { timeText } from "./time-text.ts";

/**
 * What happened when: per service, the last N days (NOC zone) marked by the worst incident impact
 * that day, maintenance apart, and uptime over the period from incident impact windows.
 */

type PostLike = Parameters<typeof impacts>[0] & { id: string; state: string };

export interface Day {
  /** yyyy-MM-dd in the NOC zone */
  date: string;
  /** the day as readers see it, "Wed, 20 Jul 2011" */
  label: string;
  start: DateTime;
  end: DateTime;
}

export interface DayMark {
  date: string;
  index: number;
  level: Severity;
  maintenance: boolean;
  /**
   * How the day's bar is drawn: its worst impact; else maintenance; else "quiet" (posts without
   * impact, such as an incident of severity none).
   */
  bar: Exclude<Severity, "none"> | "maintenance" | "quiet";
  postIds: string[];
  /** "Wed, 20 Jul 2011: major outage; maintenance (2 posts)" */
  label: string;
}

export interface History {
  /** only the days with something on them; the rest were quiet */
  marks: DayMark[];
  days: number;
  /** percent, two decimals */
  uptime: number;
  /** "99.95%" */
  uptimeText: string;
  /** one sentence for screen readers: what the bars show */
  summary: string;
  incidentDays: number;
  maintenanceDays: number;
}

/**
 * How much of an impact counts as downtime, as Statuspage weighs it: a major outage fully, a partial
 * outage at 30%, degraded performance not at all.
 */
export const DOWNTIME_WEIGHT: Record<Severity, number> = { none: 0, minor: 0, major: 0.3, critical: 1 };

/** The share of a partial outage that counts as downtime, as pages explain it: 30. */
export const PARTIAL_OUTAGE_PERCENT = Math.round(DOWNTIME_WEIGHT.major * 100);

const LEVELS: readonly Severity[] = SEVERITIES;

/** The last `count` days up to and including now's day, oldest first. */
export function lastDays(now: DateTime, zone: string, count: number, locale?: string): Day[] {
  const text = timeText(zone, locale);
  return localDays(now, zone, count).map((day) => ({ ...day, label: text.day(day.start) }));
}

export function serviceHistory(posts: readonly PostLike[], serviceId: string, days: Day[], now: DateTime): History {
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) {
    return { marks: [], days: 0, uptime: 100, uptimeText: "100%", summary: "", incidentDays: 0, maintenanceDays: 0 };
  }
  const rangeStart = first.start;
  const rangeEnd = now < last.end ? now : last.end;
  const marks = new Map<number, DayMark>();
  const mark = (index: number): DayMark => {
    let m = marks.get(index);
    if (!m) {
      m = {
        date: days[index]?.date ?? "",
        index,
        level: "none",
        maintenance: false,
        bar: "quiet",
        postIds: [],
        label: "",
      };
      marks.set(index, m);
    }
    return m;
  };
  const downtime: { start: number; end: number; weight: number }[] = [];

  for (const post of posts) {
    if (post.kind === "notice" || post.state === "cancelled") continue;
    const spans =
      post.kind === "incident"
        ? impactSegments(post, now).filter((i) => i.services.includes(serviceId))
        : post.windows
            .filter((w) => w.services.includes(serviceId) && w.end)
            .map((w) => ({ ...w, severity: post.severity }));
    for (const span of spans) {
      const start = span.start;
      const end = span.end && span.end < now ? span.end : now;
      if (end <= rangeStart || start >= rangeEnd) continue;
      days.forEach((day, index) => {
        if (start >= day.end || end <= day.start) return;
        const m = mark(index);
        if (!m.postIds.includes(post.id)) m.postIds.push(post.id);
        if (post.kind === "maintenance") m.maintenance = true;
        else if (LEVELS.indexOf(span.severity) > LEVELS.indexOf(m.level)) m.level = span.severity;
      });
      if (post.kind === "incident" && DOWNTIME_WEIGHT[span.severity] > 0) {
        downtime.push({
          start: Math.max(start.toMillis(), rangeStart.toMillis()),
          end: Math.min(end.toMillis(), rangeEnd.toMillis()),
          weight: DOWNTIME_WEIGHT[span.severity],
        });
      }
    }
  }
  const total = rangeEnd.toMillis() - rangeStart.toMillis();
  const down = weightedUnion(downtime);
  const list = [...marks.values()].sort((a, b) => a.index - b.index);
  for (const m of list) {
    m.label = dayLabel(m, days[m.index]);
    m.bar = m.level !== "none" ? m.level : m.maintenance ? "maintenance" : "quiet";
  }
  const uptime = total > 0 ? Math.floor((1 - down / total) * 10000) / 100 : 100;
  const incidentDays = list.filter((m) => m.level !== "none").length;
  const maintenanceDays = list.filter((m) => m.maintenance).length;
  const uptimeText = `${uptime}%`;
  return {
    marks: list,
    days: days.length,
    uptime,
    uptimeText,
    summary: summary(days.length, incidentDays, maintenanceDays, uptimeText),
    incidentDays,
    maintenanceDays,
  };
}

/** Total of overlapping weighted spans, each moment counted once at its heaviest weight. */
export function weightedUnion(spans: { start: number; end: number; weight: number }[]): number {
  const points = [...new Set(spans.flatMap((s) => [s.start, s.end]))].sort((a, b) => a - b);
  let total = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i] ?? 0;
    const to = points[i + 1] ?? 0;
    const weight = Math.max(0, ...spans.filter((s) => s.start <= from && s.end >= to).map((s) => s.weight));
    total += (to - from) * weight;
  }
  return total;
}

const LEVEL_TEXT: Record<Severity, string> = {
  none: "",
  minor: "degraded performance",
  major: "partial outage",
  critical: "major outage",
};

function dayLabel(m: DayMark, day: Day | undefined): string {
  const what = [LEVEL_TEXT[m.level], m.maintenance ? "maintenance" : ""].filter(Boolean).join("; ");
  const date = day ? day.label : m.date;
  return `${date}: ${what} (${m.postIds.length} ${m.postIds.length === 1 ? "post" : "posts"})`;
}

function summary(days: number, incidentDays: number, maintenanceDays: number, uptime: string): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const incidents = incidentDays === 0 ? "no incidents" : `incidents on ${plural(incidentDays, "day")}`;
  const maintenance = maintenanceDays === 0 ? "" : `, maintenance on ${plural(maintenanceDays, "day")}`;
  return `Last ${days} days: ${incidents}${maintenance}; uptime ${uptime}.`;
}
