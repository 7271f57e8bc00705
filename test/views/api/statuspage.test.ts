import { describe, expect, it } from "vitest";
import { z } from "zod";
import { statuspageApi } from "../../../src/views/api/statuspage.ts";
import { site } from "../../factory.ts";
import { maintenance, notice, outage, resolvedUpdate } from "../feeds/fixtures.ts";

/** The shapes of Atlassian Statuspage's public API v2, as its clients read them. */
const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
const componentStatus = z.enum([
  "operational",
  "degraded_performance",
  "partial_outage",
  "major_outage",
  "under_maintenance",
]);
const page = z.strictObject({ id: z.string(), name: z.string(), url: z.url(), time_zone: z.string(), updated_at: iso });
const status = z.strictObject({ indicator: z.enum(["none", "minor", "major", "critical"]), description: z.string() });
const component = z.strictObject({
  id: z.string(),
  name: z.string(),
  status: componentStatus,
  created_at: iso,
  updated_at: iso,
  position: z.number().int(),
  description: z.string().nullable(),
  showcase: z.boolean(),
  start_date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  group_id: z.string().nullable(),
  page_id: z.string(),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
  components: z.array(z.string()).optional(),
});
const incidentUpdate = z.strictObject({
  id: z.string(),
  status: z.string(),
  body: z.string(),
  incident_id: z.string(),
  created_at: iso,
  updated_at: iso,
  display_at: iso,
  affected_components: z.array(
    z.strictObject({
      code: z.string(),
      name: z.string(),
      old_status: componentStatus.nullable(),
      new_status: componentStatus,
    }),
  ),
});
const incidentFields = {
  id: z.string(),
  name: z.string(),
  created_at: iso,
  updated_at: iso,
  monitoring_at: iso.nullable(),
  resolved_at: iso.nullable(),
  impact: z.enum(["none", "minor", "major", "critical"]),
  shortlink: z.url(),
  started_at: iso,
  page_id: z.string(),
  incident_updates: z.array(incidentUpdate),
  components: z.array(component),
};
const incident = z.strictObject({
  ...incidentFields,
  status: z.enum(["investigating", "identified", "monitoring", "resolved", "postmortem"]),
});
const scheduled = z.strictObject({
  ...incidentFields,
  status: z.enum(["scheduled", "in_progress", "verifying", "completed"]),
  scheduled_for: iso,
  scheduled_until: iso,
});
const SHAPES: Record<string, z.ZodType> = {
  "/api/v2/summary.json": z.strictObject({
    page,
    components: z.array(component),
    incidents: z.array(incident),
    scheduled_maintenances: z.array(scheduled),
    status,
  }),
  "/api/v2/status.json": z.strictObject({ page, status }),
  "/api/v2/components.json": z.strictObject({ page, components: z.array(component) }),
  "/api/v2/incidents.json": z.strictObject({ page, incidents: z.array(incident) }),
  "/api/v2/incidents/unresolved.json": z.strictObject({ page, incidents: z.array(incident) }),
  "/api/v2/scheduled-maintenances.json": z.strictObject({ page, scheduled_maintenances: z.array(scheduled) }),
  "/api/v2/scheduled-maintenances/upcoming.json": z.strictObject({ page, scheduled_maintenances: z.array(scheduled) }),
  "/api/v2/scheduled-maintenances/active.json": z.strictObject({ page, scheduled_maintenances: z.array(scheduled) }),
};

type Json = Record<string, unknown> & {
  incidents: Record<string, unknown>[];
  scheduled_maintenances: Record<string, unknown>[];
};
const api = (now: string, posts = [outage(), maintenance(), notice()]) =>
  JSON.parse(JSON.stringify(statuspageApi(site(posts, now)))) as Record<string, Json>;

describe("Statuspage v2 API", () => {
  it.each([
    ["during an open incident", "2011-07-20T16:00"],
    ["during maintenance", "2011-11-01T23:00"],
    ["when all is quiet", "2012-06-01T00:00"],
  ])("every file matches the Statuspage shapes %s", (_when, now) => {
    const files = api(now);
    expect(Object.keys(files).sort()).toEqual(Object.keys(SHAPES).sort());
    for (const [path, shape] of Object.entries(SHAPES)) {
      const result = shape.safeParse(files[path]);
      expect(result.success ? [] : result.error.issues.map((i) => `${path} ${i.path.join(".")}: ${i.message}`)).toEqual(
        [],
      );
    }
  });

  it("reports an open critical incident as a critical indicator, unresolved, with its updates newest first", () => {
    const files = api("2011-07-20T16:00", [outage()]);
    expect(files["/api/v2/status.json"]?.status).toEqual({ indicator: "critical", description: "Major outage" });
    const [open] = files["/api/v2/incidents/unresolved.json"]?.incidents ?? [];
    expect(open).toMatchObject({
      id: "2011-07-20-outage",
      status: "investigating",
      impact: "critical",
      started_at: "2011-07-20T15:35:00.000-04:00",
      resolved_at: null,
      shortlink: "https://status.example.net/posts/2011-07-20-outage/",
    });
    const later = api("2011-07-21T00:00", [outage(resolvedUpdate)]);
    expect(later["/api/v2/incidents/unresolved.json"]?.incidents).toEqual([]);
    const [done] = later["/api/v2/incidents.json"]?.incidents ?? [];
    expect(done).toMatchObject({ status: "resolved", resolved_at: "2011-07-20T16:12:00.000-04:00" });
    const updates = (done?.incident_updates ?? []) as { status: string; id: string }[];
    expect(updates.map((u) => [u.id, u.status])).toEqual([
      ["2011-07-20-outage-2", "resolved"],
      ["2011-07-20-outage-1", "investigating"],
    ]);
  });

  it("lists maintenance as upcoming, then active, with its schedule", () => {
    const upcoming =
      api("2011-10-31T00:00")["/api/v2/scheduled-maintenances/upcoming.json"]?.scheduled_maintenances ?? [];
    expect(upcoming).toMatchObject([
      {
        id: "2011-10-30-core-upgrades",
        status: "scheduled",
        scheduled_for: "2011-11-01T22:00:00.000-04:00",
        scheduled_until: "2011-11-06T06:00:00.000-05:00",
      },
    ]);
    const active = api("2011-11-01T23:00", [maintenance()]);
    expect(active["/api/v2/scheduled-maintenances/active.json"]?.scheduled_maintenances).toMatchObject([
      { status: "in_progress" },
    ]);
    expect(active["/api/v2/summary.json"]?.scheduled_maintenances).toHaveLength(1);
    const components = active["/api/v2/components.json"]?.components as { id: string; status: string }[];
    expect(components.find((c) => c.id === "mail")?.status).toBe("under_maintenance");
  });

  it("models groups as Statuspage does: a group component listing its children", () => {
    const components = api("2012-06-01T00:00")["/api/v2/components.json"]?.components as {
      id: string;
      group: boolean;
      group_id: string | null;
      components?: string[];
    }[];
    expect(components.filter((c) => c.group).map((c) => [c.id, c.components])).toEqual([
      ["group-messaging", ["mail", "dns"]],
      ["group-hosting", ["web"]],
    ]);
    expect(components.find((c) => c.id === "dns")?.group_id).toBe("group-messaging");
  });

  it("gives the same ids and content for the same posts at the same now", () => {
    expect(api("2011-11-01T23:00")).toEqual(api("2011-11-01T23:00"));
  });
});
