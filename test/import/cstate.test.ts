import { describe, expect, it } from "vitest";
import { readCstate } from "../../src/import/cstate.ts";

const FIXTURE = "test/fixtures/import/cstate";

describe("readCstate", () => {
  it("makes the config's systems services, under their category unless it is untitled", async () => {
    const { services } = await readCstate(FIXTURE);
    expect(services.map((s) => [s.id, s.name, s.group])).toEqual([
      ["gateway", "Gateway", "North Coast"],
      ["api", "API", "Services"],
      ["media-proxy", "Media Proxy", "Services"],
      // affected by an issue, missing from the config
      ["backup-gateway", "Backup Gateway", "Services"],
    ]);
  });

  it("reads the tracked paragraphs as updates, oldest first, with the status each names; times without an offset are UTC", async () => {
    const { posts } = await readCstate(FIXTURE);
    const issue = posts.find((p) => p.key === "cstate 2018-05-25-us-east-conn-issues");
    expect(issue).toMatchObject({
      kind: "incident",
      title: "US East Connection Issues",
      date: "2018-05-25 04:13Z",
      severity: "major",
      services: ["api", "media-proxy"],
      body: "",
    });
    expect(issue?.updates.map((u) => [u.at, u.status])).toEqual([
      ["2018-05-25 04:13Z", "investigating"],
      ["2018-05-25 04:40Z", "monitoring"],
      ["2018-05-25 05:54Z", "resolved"],
    ]);
    expect(issue?.updates[2]?.body).toBe(
      "We believe all users experiencing issues have been able to connect at this time.",
    );
  });

  it("closes a resolved issue without tracked updates at resolvedWhen, keeping its text as the body", async () => {
    const { posts } = await readCstate(FIXTURE);
    const blip = posts.find((p) => p.title === "Short API blip");
    expect(blip).toMatchObject({ severity: "minor", body: "A deploy went wrong and was rolled back." });
    expect(blip?.updates).toEqual([{ at: "2020-06-13 16:30Z", status: "resolved", body: "Resolved." }]);
  });

  it("leaves an unresolved issue open, maps down to critical and keeps an offset", async () => {
    const { posts } = await readCstate(FIXTURE);
    const down = posts.find((p) => p.title === "Gateway down");
    expect(down).toMatchObject({ severity: "critical", date: "2024-02-24 10:00+01:00" });
    expect(down?.updates.map((u) => u.status)).toEqual(["investigating"]);
  });

  it("makes an informational issue a notice", async () => {
    const { posts } = await readCstate(FIXTURE);
    expect(posts.find((p) => p.title === "Welcome to the new datacenter")).toMatchObject({
      kind: "notice",
      body: "Everything moved **without** a hitch.",
    });
  });

  it("lists what it could not map: TOML front matter, pin", async () => {
    const { unmapped } = await readCstate(FIXTURE);
    expect(unmapped).toEqual([
      {
        item: "content/issues/2021-01-01-toml.md",
        reason: "front matter in TOML (+++): only YAML (---) is read; convert it and import again",
      },
      {
        item: "content/issues/2024-02-24-gateway-down.md",
        reason: "pin: true has no counterpart (the board shows what is open): dropped",
      },
    ]);
  });
});
