import type { DateTime } from "luxon";
import type { Severity } from "../../model/schema.ts";
import { newestUpdate, type Post, type ServiceView, type Site } from "../../model/site.ts";
import {
  type ComponentStatus,
  completedAt,
  effectOn,
  impacts,
  isActiveMaintenance,
  isUpcomingMaintenance,
  resolvedAt,
  worst,
} from "../../model/status.ts";
import { htmlToParagraphs, slug } from "../../model/text.ts";
import { isoTimestamp } from "../../model/time.ts";
import { absolute } from "../../routes.ts";

/**
 * Atlassian Statuspage public API v2, as static JSON: the same field names and value sets, so
 * clients and widgets written for Statuspage read our site unchanged. The mapping is in the README.
 */

const INDICATOR: Record<ComponentStatus, Severity> = {
  operational: "none",
  under_maintenance: "none",
  degraded_performance: "minor",
  partial_outage: "major",
  major_outage: "critical",
};

export const API_LIMIT = 50;

export interface StatuspageFiles {
  [path: string]: unknown;
}

export function statuspageApi(site: Site): StatuspageFiles {
  const api = new StatuspageApi(site);
  const incidents = site.posts.filter((p) => p.kind === "incident");
  const maintenance = site.posts.filter((p) => p.kind === "maintenance");
  const unresolved = incidents.filter((p) => p.open).map((p) => api.incident(p));
  // Newest first, as Statuspage lists them.
  const upcoming = maintenance.filter((p) => isUpcomingMaintenance(p, site.now)).map((p) => api.maintenance(p));
  const active = maintenance.filter((p) => isActiveMaintenance(p, site.now)).map((p) => api.maintenance(p));
  const page = api.page();
  const status = api.status();
  const components = api.components();
  return {
    "/api/v2/summary.json": {
      page,
      components,
      incidents: unresolved,
      scheduled_maintenances: [...active, ...upcoming],
      status,
    },
    "/api/v2/status.json": { page, status },
    "/api/v2/components.json": { page, components },
    "/api/v2/incidents.json": { page, incidents: incidents.slice(0, API_LIMIT).map((p) => api.incident(p)) },
    "/api/v2/incidents/unresolved.json": { page, incidents: unresolved },
    "/api/v2/scheduled-maintenances.json": {
      page,
      scheduled_maintenances: maintenance.slice(0, API_LIMIT).map((p) => api.maintenance(p)),
    },
    "/api/v2/scheduled-maintenances/upcoming.json": { page, scheduled_maintenances: upcoming },
    "/api/v2/scheduled-maintenances/active.json": { page, scheduled_maintenances: active },
  };
}

/** Statuspage's JSON shapes for the site's page, components, incidents and maintenance. */
export class StatuspageApi {
  private readonly pageId: string;
  private readonly byId: Map<string, ServiceView>;
  private readonly firstDate: DateTime;
  private readonly site: Site;

  constructor(site: Site) {
    this.site = site;
    this.pageId = site.settings.tagAuthority.split(",")[0]?.replace(/[^a-z0-9]+/g, "-") ?? "noc";
    this.byId = new Map(site.services.map((s) => [s.id, s]));
    this.firstDate = site.posts.at(-1)?.date ?? site.now;
  }

  private time(dt: DateTime | null | undefined): string | null {
    return dt ? isoTimestamp(dt, this.site.settings.timeZone) : null;
  }

  page() {
    const newest = newestUpdate(this.site.posts);
    return {
      id: this.pageId,
      name: this.site.settings.title,
      url: this.site.settings.baseUrl,
      time_zone: this.site.settings.timeZone,
      updated_at: this.time(newest ?? this.site.now),
    };
  }

  status() {
    return { indicator: INDICATOR[this.site.board.status], description: this.site.board.label };
  }

  components() {
    const groups = this.site.groups.map((g, i) => ({
      id: groupId(g.name),
      name: g.name,
      status: worst(g.services.map((s) => s.status)),
      created_at: this.time(this.firstDate),
      updated_at: this.time(newestUpdate(g.services.flatMap((s) => s.posts)) ?? this.firstDate),
      position: i + 1,
      description: null,
      showcase: false,
      start_date: this.firstDate.toISODate(),
      group_id: null,
      page_id: this.pageId,
      group: true,
      only_show_if_degraded: false,
      components: g.services.map((s) => s.id),
    }));
    const services = this.site.services.map((s) => this.component(s));
    return [...groups, ...services];
  }

  /** A component as every incident and maintenance that affects it lists it: made once per service. */
  component(s: ServiceView) {
    let made = this.madeComponents.get(s.id);
    if (!made) {
      made = this.makeComponent(s);
      this.madeComponents.set(s.id, made);
    }
    return made;
  }

  private madeComponents = new Map<string, ReturnType<StatuspageApi["makeComponent"]>>();

  private makeComponent(s: ServiceView) {
    return {
      id: s.id,
      name: s.name,
      status: s.status,
      created_at: this.time(this.firstDate),
      updated_at: this.time(newestUpdate(s.posts) ?? this.firstDate),
      position: this.site.services.indexOf(s) + 1,
      description: s.description ?? null,
      showcase: true,
      start_date: this.firstDate.toISODate(),
      group_id: groupId(s.group),
      page_id: this.pageId,
      group: false,
      only_show_if_degraded: false,
    };
  }

  incident(post: Post) {
    const started = impacts(post, this.site.now)[0]?.start ?? post.date;
    const components = post.services.map((id) => this.byId.get(id)).filter((s): s is ServiceView => !!s);
    return {
      id: post.id,
      name: post.title,
      status: post.state,
      created_at: this.time(post.date),
      updated_at: this.time(post.updated),
      monitoring_at: this.time(post.updates.find((u) => u.status === "monitoring")?.at),
      resolved_at: this.time(
        post.kind === "incident" ? resolvedAt(post, this.site.now) : completedAt(post, this.site.now),
      ),
      impact: post.severity,
      shortlink: absolute(this.site.settings, post.url),
      started_at: this.time(started),
      page_id: this.pageId,
      incident_updates: [...post.updates].reverse().map((u, i, list) => ({
        id: `${post.id}-${list.length - i}`,
        status: u.status,
        body: htmlToParagraphs(u.html),
        incident_id: post.id,
        created_at: this.time(u.at),
        updated_at: this.time(u.at),
        display_at: this.time(u.at),
        affected_components: components.map((s) => ({
          code: s.id,
          name: s.name,
          old_status: null,
          new_status: effectOn(post, s.id, u.at),
        })),
      })),
      components: components.map((s) => this.component(s)),
    };
  }

  maintenance(post: Post) {
    const starts = post.windows.map((w) => w.start.toMillis());
    const ends = post.windows.map((w) => w.end?.toMillis() ?? Number.NaN);
    const first = post.windows.find((w) => w.start.toMillis() === Math.min(...starts));
    const last = post.windows.find((w) => w.end?.toMillis() === Math.max(...ends));
    return {
      ...this.incident(post),
      // Statuspage has no cancelled maintenance status: a cancelled one shows as completed.
      status: post.state === "cancelled" ? "completed" : post.state,
      scheduled_for: this.time(first?.start),
      scheduled_until: this.time(last?.end),
    };
  }
}

function groupId(name: string): string {
  return `group-${slug(name)}`;
}
