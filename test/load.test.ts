import { rm } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultId, loadSources } from "../src/load.ts";
import { formatProblem } from "../src/problems.ts";
import { at, postFile, postsDir, ZONE } from "./factory.ts";

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((r) => rm(r, { recursive: true, force: true })));
});

async function load(files: Record<string, string>, extra?: { settings?: string; services?: string }) {
  const { root, dir } = await postsDir(files, extra);
  roots.push(root);
  return { dir, result: await loadSources(dir) };
}

const notice = (title: string, extra = "") =>
  postFile(`title: ${title}\nkind: notice\ndate: 2011-07-20 10:00\n${extra}`);

describe("loadSources", () => {
  it("loads settings, services and every post", async () => {
    const { result } = await load({ "2011-07-20-a.md": notice("A"), "2011-07-21-b.md": notice("B") });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sources.settings.timeZone).toBe("America/New_York");
    expect(result.sources.services.map((s) => s.id)).toEqual(["mail", "web", "dns"]);
    expect(result.sources.posts.map((p) => p.id)).toEqual(["2011-07-20-a", "2011-07-21-b"]);
  });

  it("reports every problem in every file at once, located in the file", async () => {
    const { result } = await load({
      "a.md": notice("A", "severity: huge"),
      "b.md": postFile("title: B\nkind: incident\nservice: mial\nseverity: minor\ndate: 2011-07-20 10:00"),
      "c.md": "---\ntitle: [broken\n---\n",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => formatProblem({ ...p, file: path.basename(p.file) }))).toEqual([
      'a.md:5:1: error: severity: "huge" is not one of none, minor, major, critical',
      'b.md:4:1: error: service: unknown service "mial" (did you mean "mail"?)',
      "c.md:2:15: error: malformed YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ]);
  });

  it("rejects two posts with the same id, naming both files", async () => {
    const { result } = await load({ "x.md": notice("X", "id: same"), "y.md": notice("Y", "id: same") });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(2);
    expect(result.problems[0]?.message).toMatch(/duplicate id "same" \(also .*y\.md\)/);
    expect(result.problems[1]?.message).toMatch(/duplicate id "same" \(also .*x\.md\)/);
  });

  it("checks settings and the services registry, and still checks posts", async () => {
    const { result } = await load(
      { "a.md": notice("A", "draft: maybe") },
      {
        settings:
          "title: T\nbaseUrl: nope\ntimeZone: Mars/Base\ncontact: c\nauthor: {name: N}\ntagAuthority: x.net,2008\n",
        services: "- id: mail\n  name: Mail\n  group: G\n- id: mail\n  name: Again\n  group: G\n",
      },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.problems.map((p) => `${path.basename(p.file)} ${p.field}`);
    expect(messages).toEqual(
      expect.arrayContaining(["settings.yaml baseUrl", "settings.yaml timeZone", "services.yaml [1].id", "a.md draft"]),
    );
  });
});

describe("defaultId", () => {
  it.each([
    ["posts/2011-07-20-outage.md", "2011-07-20-outage"],
    ["posts/2011/2011-07-20-Outage Report.md", "2011-07-20-outage-report"],
    ["posts/outage.md", "2011-07-20-outage"],
  ])("%s → %s", (file, id) => {
    expect(defaultId(file, at("2011-07-20T15:35"), ZONE)).toBe(id);
  });
});
