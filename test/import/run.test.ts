import { existsSync } from "node:fs";
import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Imported, ImportedPost } from "../../src/import/imported.ts";
import { IMPORT_LEDGER, importInto } from "../../src/import/run.ts";
import { parsePost } from "../../src/model/frontmatter.ts";
import { postsDir, SERVICES_YAML } from "../factory.ts";

const incident = (over: Partial<ImportedPost> = {}): ImportedPost => ({
  key: "test incident 1",
  id: "abc123",
  kind: "incident",
  title: 'Mail "delays" & <queues>',
  date: "2011-07-20 15:35-04:00",
  services: ["mail"],
  severity: "minor",
  windows: [],
  updates: [{ at: "2011-07-20 15:40-04:00", status: "investigating", body: "Looking: 5 \\* 3." }],
  body: "",
  ...over,
});
const source = (posts: ImportedPost[], services: Imported["services"] = []): Imported => ({
  posts,
  services,
  unmapped: [],
  site: {},
});

/** Every file in the folder with its bytes and modification time. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files = (await readdir(dir)).sort();
  const out: Record<string, string> = {};
  for (const f of files)
    out[f] = `${(await stat(path.join(dir, f))).mtimeMs} ${await readFile(path.join(dir, f), "utf8")}`;
  return out;
}

describe("importInto", () => {
  it("writes a post that reads back as given, and a second run changes no file", async () => {
    const { dir } = await postsDir({});
    const first = await importInto(source([incident()]), dir, false);
    expect(first.created).toEqual(["2011-07-20-mail-delays-and-queues.md"]);
    const text = await readFile(path.join(dir, "2011-07-20-mail-delays-and-queues.md"), "utf8");
    expect(text).toContain("id: abc123\n");
    expect(parsePost(text).data).toMatchObject({ title: 'Mail "delays" & <queues>', date: "2011-07-20 15:35-04:00" });
    const before = await snapshot(dir);
    const second = await importInto(source([incident()]), dir, false);
    expect([second.created, second.updated, second.unchanged]).toEqual([[], [], 1]);
    expect(await snapshot(dir)).toEqual(before);
  });

  it("rewrites a post the source changed, but never one a person edited or deleted since", async () => {
    const { dir } = await postsDir({});
    await importInto(
      source([incident(), incident({ key: "test incident 2", id: "def456", title: "Second" })]),
      dir,
      false,
    );
    const edited = path.join(dir, "2011-07-20-mail-delays-and-queues.md");
    await writeFile(edited, `${await readFile(edited, "utf8")}A person's note.\n`);
    await rm(path.join(dir, "2011-07-20-second.md"));
    const changed = [
      incident({ severity: "major" }),
      incident({ key: "test incident 2", id: "def456", title: "Second", severity: "major" }),
    ];
    const report = await importInto(source(changed), dir, false);
    expect(report.kept).toEqual([
      { item: "2011-07-20-mail-delays-and-queues.md", reason: "edited since the last import: left as it is" },
      { item: "2011-07-20-second.md", reason: "deleted since the last import: not written again" },
    ]);
    expect(await readFile(edited, "utf8")).toContain("A person's note.");
    expect(existsSync(path.join(dir, "2011-07-20-second.md"))).toBe(false);

    const { dir: other } = await postsDir({});
    await importInto(source([incident()]), other, false);
    const update = await importInto(source([incident({ severity: "major" })]), other, false);
    expect(update.updated).toEqual(["2011-07-20-mail-delays-and-queues.md"]);
    expect(await readFile(path.join(other, "2011-07-20-mail-delays-and-queues.md"), "utf8")).toContain(
      "severity: major",
    );
  });

  it("never takes the name of a post a person wrote", async () => {
    const { dir } = await postsDir({
      "2011-07-20-mail-delays-and-queues.md": "---\ntitle: Mine\nkind: notice\ndate: 2011-07-20 10:00\n---\nMine.\n",
    });
    const report = await importInto(source([incident()]), dir, false);
    expect(report.created).toEqual(["2011-07-20-mail-delays-and-queues-2.md"]);
    expect(await readFile(path.join(dir, "2011-07-20-mail-delays-and-queues.md"), "utf8")).toContain("Mine.");
  });

  it("appends new services to services.yaml, keeping what is there, and uses one already listed by name", async () => {
    const { dir } = await postsDir({});
    const report = await importInto(
      source(
        [incident({ services: ["mail-svc", "new-one"] })],
        [
          { id: "mail-svc", name: "Mail", group: "Other" },
          { id: "new-one", name: "New one", group: "Imported", description: "From elsewhere" },
        ],
      ),
      dir,
      false,
    );
    expect(report.servicesAdded).toEqual(["new-one"]);
    const services = await readFile(path.join(dir, "services.yaml"), "utf8");
    expect(services.startsWith(SERVICES_YAML)).toBe(true);
    expect(services.slice(SERVICES_YAML.length)).toBe(
      "# Added by npm run import\n- id: new-one\n  name: New one\n  group: Imported\n  description: From elsewhere\n",
    );
    const post = await readFile(path.join(dir, report.created[0] ?? ""), "utf8");
    expect(post).toContain("service: [mail, new-one]\n");
  });

  it("writes no post that would not pass check, and says why", async () => {
    const { dir } = await postsDir({});
    const report = await importInto(
      source([incident({ updates: [{ at: "2011-07-20 15:40-04:00", status: "exploded", body: "x" }] })]),
      dir,
      false,
    );
    expect(report.created).toEqual([]);
    expect(report.unmapped[0]?.reason).toMatch(
      /would not pass check, not written:\n.*updates\[0\]\.status: .*"exploded"/,
    );
    expect((await readdir(dir)).filter((f) => f.endsWith(".md"))).toEqual([]);
  });

  it("refuses to import into a folder whose settings are broken, naming the problem", async () => {
    const { dir } = await postsDir({}, { settings: "title: x\ntimeZone: Mars/Olympus\n" });
    await expect(importInto(source([incident()]), dir, false)).rejects.toThrow(
      /settings\.yaml:2:\d+: error: timeZone: "Mars\/Olympus" is not an IANA time zone/,
    );
    expect((await readdir(dir)).filter((f) => f.endsWith(".md"))).toEqual([]);
  });

  it("writes nothing on a dry run, not even into a folder that does not exist", async () => {
    const { root } = await postsDir({});
    const dir = path.join(root, "empty");
    const report = await importInto(source([incident({ services: [] })]), dir, true);
    expect(report.created).toEqual(["2011-07-20-mail-delays-and-queues.md"]);
    expect(report.settingsWritten).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });

  it("starts an empty folder with settings from the source and a ledger", async () => {
    const { root } = await postsDir({});
    const dir = path.join(root, "fresh");
    const imported = source([incident({ services: ["web"] })], [{ id: "web", name: "Web", group: "Hosting" }]);
    imported.site = { title: "Acme Status", url: "https://status.acme.example/", timeZone: "Europe/Berlin" };
    await importInto(imported, dir, false);
    const settings = await readFile(path.join(dir, "settings.yaml"), "utf8");
    expect(settings).toContain("title: Acme Status\n");
    expect(settings).toContain("timeZone: Europe/Berlin\n");
    expect(settings).toContain("tagAuthority: status.acme.example,2011\n");
    const ledger = JSON.parse(await readFile(path.join(dir, IMPORT_LEDGER), "utf8"));
    expect(Object.keys(ledger.items)).toEqual(["test incident 1"]);
    // The date in the file name is the NOC's day (Berlin): 15:35 in New York is 21:35 there.
    expect((await readdir(dir)).filter((f) => f.endsWith(".md"))).toEqual(["2011-07-20-mail-delays-and-queues.md"]);
  });
});
