import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { SLUG_RE } from "../model/fields.ts";
import { INCIDENT_STATUSES, MAINTENANCE_STATUSES, SEVERITIES, type Severity } from "../model/schema.ts";
import type { ComponentStatus } from "../model/status.ts";
import { slug } from "../model/text.ts";
import { htmlToMarkdown, looksLikeHtml } from "./html-markdown.ts";
import { type Imported, type ImportedPost, type ImportedService, sourceTime, type Unmapped } from "./imported.ts";
import { plainTextToMarkdown } from "./markdown-text.ts";

/**
 * Atlassian Statuspage: its public API v2 JSON (`summary.json`, `components.json`, `incidents.json`,
 * `scheduled-maintenances.json`), from a folder of those files or from a page's address; or a full
 * export from its manage API (`incidents.json` as a plain list, with `postmortem_body`).
 *
 * Components become services (their group is the service's group); incidents and scheduled
 * maintenances become posts with their updates, oldest first; impact becomes severity; the
 * post-mortem becomes the body.
 */

export const STATUSPAGE_FILES = ["summary", "components", "incidents", "scheduled-maintenances"] as const;
type FileName = (typeof STATUSPAGE_FILES)[number];

/** The files as read: parsed JSON each, or absent. */
export type StatuspageInput = Partial<Record<FileName, unknown>>;

/** Reads the files from a folder, or from `<page>/api/v2/<file>.json` when `input` is an http(s) address. */
export async function readStatuspage(input: string, unmapped: Unmapped[]): Promise<StatuspageInput> {
  const read: StatuspageInput = {};
  for (const name of STATUSPAGE_FILES) {
    const where = /^https?:\/\//i.test(input)
      ? `${input.replace(/\/+$/, "").replace(/\/api\/v2$/, "")}/api/v2/${name}.json`
      : path.join(input, `${name}.json`);
    try {
      const text = where.startsWith("http") ? await fetchText(where) : await readLocal(where);
      if (text !== undefined) read[name] = JSON.parse(text);
    } catch (error) {
      unmapped.push({ item: where, reason: `not read: ${(error as Error).message}` });
    }
  }
  return read;
}

async function readLocal(file: string): Promise<string | undefined> {
  return existsSync(file) ? readFile(file, "utf8") : undefined;
}

async function fetchText(url: string): Promise<string | undefined> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000), headers: { accept: "application/json" } });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

// ---- The shapes read (only the fields used; others are ignored) -------------------------------

const text = z.string().nullish();
const component = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  description: text,
  group: z.boolean().nullish(),
  group_id: text,
  components: z.array(z.string()).nullish(),
});
type Component = z.infer<typeof component>;
const update = z.object({
  id: text,
  status: z.string(),
  body: text,
  created_at: text,
  display_at: text,
  affected_components: z.array(z.object({ code: z.string(), name: text, new_status: text })).nullish(),
});
const incident = z.object({
  id: z.string().min(1),
  name: z.string(),
  status: z.string(),
  impact: text,
  created_at: z.string(),
  started_at: text,
  updated_at: text,
  resolved_at: text,
  scheduled_for: text,
  scheduled_until: text,
  postmortem_body: text,
  incident_updates: z.array(update).nullish(),
  components: z.array(component).nullish(),
});
type Incident = z.infer<typeof incident>;

/** A list from `{ key: [...] }` (public API) or a plain list (manage API export). */
function list(data: unknown, key: string): unknown[] {
  if (Array.isArray(data)) return data;
  const inner = (data as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(inner) ? inner : [];
}

const IMPACT_OF: Partial<Record<string, Severity>> = {
  degraded_performance: "minor",
  partial_outage: "major",
  major_outage: "critical",
};

export function fromStatuspage(input: StatuspageInput): Imported {
  const unmapped: Unmapped[] = [];
  const page = z
    .object({ name: text, url: text, time_zone: text })
    .safeParse((input.summary as { page?: unknown })?.page ?? (input.components as { page?: unknown })?.page);

  // Components and groups, from every file that lists them; the first of each id wins.
  const components = new Map<string, Component>();
  const rawComponents = [
    ...list(input.components, "components"),
    ...list(input.summary, "components"),
    ...[...list(input.incidents, "incidents"), ...list(input.summary, "incidents")].flatMap((i) =>
      list((i as { components?: unknown })?.components, "components"),
    ),
  ];
  for (const raw of rawComponents) {
    const parsed = component.safeParse(raw);
    if (!parsed.success) {
      unmapped.push({
        item: `component ${describe(raw)}`,
        reason: `not a Statuspage component (${firstIssue(parsed.error)})`,
      });
    } else if (!components.has(parsed.data.id)) {
      components.set(parsed.data.id, parsed.data);
    }
  }
  const services = servicesFrom(components, unmapped);
  // Links in Statuspage texts are relative to the page they were on.
  const pageUrl = page.success && page.data.url && URL.canParse(page.data.url) ? page.data.url : undefined;

  // Incidents and maintenance from every file; the first of each id wins (files list the same ones).
  const items = new Map<string, { raw: unknown; maintenance: boolean }>();
  for (const [data, key, maintenance] of [
    [input.incidents, "incidents", false],
    [input["scheduled-maintenances"], "scheduled_maintenances", true],
    [input.summary, "incidents", false],
    [input.summary, "scheduled_maintenances", true],
  ] as const) {
    for (const raw of list(data, key)) {
      const id = (raw as { id?: unknown })?.id;
      const known = typeof id === "string" ? items.get(id) : undefined;
      if (typeof id === "string" && known) {
        if (maintenance) known.maintenance = true;
        continue;
      }
      items.set(typeof id === "string" ? id : `#${items.size}`, { raw, maintenance });
    }
  }
  const posts: ImportedPost[] = [];
  for (const { raw, maintenance } of items.values()) {
    const parsed = incident.safeParse(raw);
    if (!parsed.success) {
      unmapped.push({
        item: `incident ${describe(raw)}`,
        reason: `not a Statuspage incident (${firstIssue(parsed.error)})`,
      });
      continue;
    }
    const post = postFrom(parsed.data, maintenance, services.idOf, pageUrl, unmapped);
    if (post) posts.push(post);
  }
  return {
    posts,
    services: services.list,
    unmapped,
    site: page.success
      ? {
          title: page.data.name ?? undefined,
          url: page.data.url ?? undefined,
          timeZone: page.data.time_zone ?? undefined,
        }
      : {},
  };
}

/**
 * Services from components: a readable id is kept ("hosted-exchange"), a generated one
 * ("b13yz5g2cw10") gives way to the name's slug. A component its group_id puts in one group and
 * another group also lists stays in the first; that is reported.
 */
function servicesFrom(components: Map<string, Component>, unmapped: Unmapped[]) {
  const groups = new Map([...components.values()].filter((c) => c.group).map((c) => [c.id, c]));
  const idOf = new Map<string, string>();
  const list: ImportedService[] = [];
  const taken = new Set<string>();
  for (const c of components.values()) {
    if (c.group) continue;
    const group = c.group_id ? groups.get(c.group_id) : undefined;
    for (const other of groups.values()) {
      if (other !== group && other.components?.includes(c.id)) {
        unmapped.push({
          item: `component "${c.name}" (${c.id})`,
          reason: `also listed in group "${other.name}"; a service has one group: kept in "${group?.name ?? "Services"}"`,
        });
      }
    }
    const wanted = readableId(c.id) ? c.id : slug(c.name) || "service";
    let id = wanted;
    for (let n = 2; taken.has(id) || id === "status"; n++) id = `${wanted}-${n}`;
    taken.add(id);
    idOf.set(c.id, id);
    list.push({ id, name: c.name, group: group?.name ?? "Services", description: c.description ?? undefined });
  }
  return { list, idOf };
}

/** Statuspage's generated ids are 12 lowercase letters and digits; ids people chose read as words. */
function readableId(id: string): boolean {
  return SLUG_RE.test(id) && !(/^[a-z0-9]{12,14}$/.test(id) && /\d/.test(id));
}

function postFrom(
  item: Incident,
  listedAsMaintenance: boolean,
  idOf: Map<string, string>,
  base: string | undefined,
  unmapped: Unmapped[],
): ImportedPost | undefined {
  const what = `incident "${item.name}" (${item.id})`;
  const maintenance = listedAsMaintenance || !!item.scheduled_for || item.impact === "maintenance";
  const kind = maintenance ? "maintenance" : "incident";
  const statuses: readonly string[] = maintenance ? MAINTENANCE_STATUSES : INCIDENT_STATUSES;
  const date = sourceTime(item.created_at);
  if (!date) {
    unmapped.push({ item: what, reason: `created_at ${JSON.stringify(item.created_at)} is not a time` });
    return undefined;
  }

  // Updates oldest first (Statuspage lists them newest first).
  const updates: ImportedPost["updates"] = [];
  const raw = [...(item.incident_updates ?? [])].reverse();
  let impact: Severity | undefined = (SEVERITIES as readonly string[]).includes(item.impact ?? "")
    ? (item.impact as Severity)
    : undefined;
  const first = impact;
  for (const u of raw) {
    const at = sourceTime(u.display_at ?? u.created_at);
    if (!at) {
      unmapped.push({ item: `${what}, update ${u.id ?? ""}`.trim(), reason: "has no time: left out" });
      continue;
    }
    if (!statuses.includes(u.status)) {
      unmapped.push({
        item: `${what}, update at ${at}`,
        reason: `status "${u.status}" is not one of ${statuses.join(", ")}: left out`,
      });
      continue;
    }
    // An update whose components show another impact than the one in force changes it from then.
    const shown = worstImpact((u.affected_components ?? []).map((a) => a.new_status ?? ""));
    const changes = kind === "incident" && shown !== undefined && shown !== impact && isOpenStatus(u.status);
    if (changes) impact = shown;
    updates.push({
      at,
      status: u.status,
      body: bodyText(u.body ?? "", base) || `${u.status}.`,
      impact: changes ? shown : undefined,
    });
  }
  // Closed in Statuspage with no update that says so (an incident with no updates): closed here too.
  const closing = ["resolved", "postmortem"];
  if (!maintenance && closing.includes(item.status) && !updates.some((u) => closing.includes(u.status))) {
    const at = sourceTime(item.resolved_at) ?? sourceTime(item.updated_at) ?? date;
    updates.push({ at, status: "resolved", body: "Resolved." });
    unmapped.push({
      item: what,
      reason: `is ${item.status} without an update saying so: written with a "resolved" update at ${at}`,
    });
  }

  const componentIds = [
    ...(item.components ?? []).map((c) => c.id),
    ...(item.incident_updates ?? []).flatMap((u) => (u.affected_components ?? []).map((a) => a.code)),
  ];
  const services: string[] = [];
  for (const id of componentIds) {
    const ours = idOf.get(id);
    if (!ours) {
      unmapped.push({ item: what, reason: `component ${id} is not among the components: not linked` });
    } else if (!services.includes(ours)) {
      services.push(ours);
    }
  }

  const windows: ImportedPost["windows"] = [];
  if (maintenance) {
    const start = sourceTime(item.scheduled_for) ?? sourceTime(item.started_at);
    const end =
      sourceTime(item.scheduled_until) ?? updates.find((u) => u.status === "completed" || u.status === "cancelled")?.at;
    if (!start || !end) {
      unmapped.push({
        item: what,
        reason: `maintenance without ${start ? "an end (scheduled_until) or a completing update" : "a start (scheduled_for)"}: write its window by hand`,
      });
      return undefined;
    }
    windows.push({ start, end });
  } else {
    const started = sourceTime(item.started_at);
    if (started && started !== date) windows.push({ start: started });
  }

  return {
    key: `statuspage ${maintenance ? "maintenance" : "incident"} ${item.id}`,
    id: SLUG_RE.test(item.id) ? item.id : undefined,
    kind,
    title: item.name.trim() || "(untitled)",
    date,
    services,
    severity: first ?? "none",
    windows,
    updates,
    body: item.postmortem_body ? bodyText(item.postmortem_body, base) : "",
  };
}

function isOpenStatus(status: string): boolean {
  return status === "investigating" || status === "identified" || status === "monitoring";
}

function worstImpact(statuses: string[]): Severity | undefined {
  const order: Severity[] = ["minor", "major", "critical"];
  const impacts = statuses.map((s) => IMPACT_OF[s as ComponentStatus]).filter((s): s is Severity => !!s);
  if (impacts.length === 0) return statuses.some((s) => s === "operational") ? "none" : undefined;
  return impacts.sort((a, b) => order.indexOf(b) - order.indexOf(a))[0];
}

/** A Statuspage text: HTML converted, plain text escaped so it reads back as written. */
function bodyText(body: string, base: string | undefined): string {
  return looksLikeHtml(body) ? htmlToMarkdown(body, base) : plainTextToMarkdown(body);
}

function describe(raw: unknown): string {
  const r = raw as { id?: unknown; name?: unknown } | null;
  const id = typeof r?.id === "string" ? r.id : "";
  const name = typeof r?.name === "string" ? `"${r.name}"` : "";
  return [name, id && `(${id})`].filter(Boolean).join(" ") || JSON.stringify(raw)?.slice(0, 60) || "?";
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "item"}: ${issue.message}` : "unreadable";
}
