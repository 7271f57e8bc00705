import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Unmapped } from "../../src/import/imported.ts";
import { fromStatuspage, readStatuspage } from "../../src/import/statuspage.ts";

const FIXTURE = "test/fixtures/import/statuspage";

async function imported() {
  const unmapped: Unmapped[] = [];
  const files = await readStatuspage(FIXTURE, unmapped);
  return { ...fromStatuspage(files), readProblems: unmapped };
}

describe("fromStatuspage", () => {
  it("makes groups and components into services, a generated id giving way to the name", async () => {
    const { services } = await imported();
    expect(services).toEqual([
      {
        id: "object-storage",
        name: "Object Storage",
        group: "Storage",
        description: "S3-compatible storage in Frankfurt.",
      },
      { id: "block-storage", name: "Block Storage", group: "Storage", description: undefined },
      // A readable id is kept as it is.
      { id: "vm-cluster", name: "VM Cluster", group: "Compute", description: undefined },
      { id: "customer-portal", name: "Customer Portal", group: "Services", description: undefined },
      // Named only by an incident that once hurt it.
      { id: "retired-service", name: "Retired service", group: "Services", description: undefined },
    ]);
  });

  it("says which component two groups list, and where it stays", async () => {
    const { unmapped } = await imported();
    expect(unmapped).toContainEqual({
      item: 'component "Block Storage" (k4m1x0c7pq2z)',
      reason: 'also listed in group "Compute"; a service has one group: kept in "Storage"',
    });
  });

  it("turns an incident's updates oldest first, keeps offsets and ids, and follows its impact down", async () => {
    const { posts } = await imported();
    const latency = posts.find((p) => p.id === "x7r2kq9m4t1v");
    expect(latency).toMatchObject({
      key: "statuspage incident x7r2kq9m4t1v",
      kind: "incident",
      title: "Elevated latency on Object Storage",
      date: "2026-11-20 09:10:03+01:00",
      services: ["object-storage"],
      severity: "major",
      windows: [{ start: "2026-11-20 08:55+01:00" }],
    });
    expect(latency?.updates.map((u) => [u.at, u.status, u.impact])).toEqual([
      ["2026-11-20 09:10:03+01:00", "investigating", undefined],
      // Its components went from partial outage to degraded performance: impact minor from then.
      ["2026-11-20 09:40+01:00", "monitoring", "minor"],
      ["2026-11-20 10:02:11+01:00", "resolved", undefined],
    ]);
  });

  it("converts an update's HTML, escapes plain text once, and makes the post-mortem the body with absolute links", async () => {
    const { posts } = await imported();
    const latency = posts.find((p) => p.id === "x7r2kq9m4t1v");
    expect(latency?.updates[1]?.body).toBe(
      "We replaced the uplink.\n\n- Writes are _normal_\n- Reads are slow for some buckets",
    );
    expect(latency?.updates[2]?.body).toBe(
      "Latency is back to normal. 5 \\* 3 = 15 \\<- not markup & not an &amp;amp; entity",
    );
    expect(latency?.body).toBe(
      "A switch uplink in rack **F3** flapped. See [the timeline](https://status.acme-hosting.example/incidents/x7r2kq9m4t1v).",
    );
  });

  it("closes a resolved incident that has no updates, and says so", async () => {
    const { posts, unmapped } = await imported();
    const quiet = posts.find((p) => p.id === "q8w3e5r7t9y1");
    expect(quiet?.updates).toEqual([{ at: "2026-10-02 14:00Z", status: "resolved", body: "Resolved." }]);
    expect(unmapped.map((u) => u.item)).toContain('incident "Portal login problems" (q8w3e5r7t9y1)');
  });

  it("takes a maintenance's end from its completing update when scheduled_until is empty, and leaves out one with neither", async () => {
    const { posts, unmapped } = await imported();
    expect(posts.find((p) => p.id === "m1n2b3v4c5x6")).toMatchObject({
      kind: "maintenance",
      severity: "none",
      windows: [{ start: "2026-09-03 02:00+05:30", end: "2026-09-03 03:10+05:30" }],
    });
    expect(posts.some((p) => p.id === "n0e1n2d3x4y5")).toBe(false);
    expect(unmapped).toContainEqual({
      item: 'incident "Network cabling, open-ended" (n0e1n2d3x4y5)',
      reason: "maintenance without an end (scheduled_until) or a completing update: write its window by hand",
    });
  });

  it("reads a maintenance listed in two files once, and lists what it cannot read with the reason", async () => {
    const { posts, unmapped } = await imported();
    expect(posts.filter((p) => p.id === "s5d6f7g8h9j0")).toHaveLength(1);
    expect(unmapped).toContainEqual({
      item: 'incident "A status we do not know" (z0z0z0z0z0z0), update at 2026-08-01 10:30Z',
      reason: 'status "escalated" is not one of investigating, identified, monitoring, resolved, postmortem: left out',
    });
    expect(unmapped.find((u) => u.item.includes("without an id"))?.reason).toMatch(/^not a Statuspage incident \(id:/);
  });

  it("reads a full export: incidents.json as a plain list", async () => {
    const page = JSON.parse(await readFile(path.join(FIXTURE, "incidents.json"), "utf8")) as { incidents: unknown[] };
    const { posts } = fromStatuspage({ incidents: page.incidents });
    expect(posts.map((p) => p.id).sort()).toEqual(["m1n2b3v4c5x6", "q8w3e5r7t9y1", "x7r2kq9m4t1v", "z0z0z0z0z0z0"]);
  });
});
