import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postFile, postsDir, SERVICES_YAML } from "../factory.ts";
import { runCli } from "./run.ts";

/**
 * Public and internal: a post or service marked `audience: internal` is on the staff site
 * (`build --audience internal`) and nowhere in the public one: not a page, archive, feed, calendar,
 * API file, badge, OPML, history bar, search index entry or the build record.
 */

const SERVICES = `${SERVICES_YAML}- id: core-router-fra7
  name: Core router Frankfurt-7
  group: Backbone
  audience: internal
`;
const POSTS = {
  "2026-11-20-mail-delays.md": postFile(`
title: Mail delays
kind: incident
service: mail
severity: minor
date: 2026-11-20 09:00
updates:
  - at: 2026-11-20 09:00
    status: investigating
    body: Looking into it.
  - at: 2026-11-20 10:00
    status: resolved
    body: Fixed.`),
  "2026-11-25-line-card-swap.md": postFile(
    `
title: Line card swap on the Frankfurt core
kind: maintenance
audience: internal
service: core-router-fra7
severity: major
date: 2026-11-25 12:00
window:
  start: 2026-12-01 23:00
  end: 2026-12-02 01:00`,
    "Bring the spare card XYZZY-4711 from cage 12.\n",
  ),
  "2026-11-28-staff-rota.md": postFile(
    `
title: Weekend rota swaps
kind: notice
audience: internal
date: 2026-11-28 08:00`,
    "Anna covers PLUGH-0815 shifts.\n",
  ),
};
/** Everything that would tell a partner an internal post or service exists. */
const SECRETS = [
  "2026-11-25-line-card-swap",
  "Line card swap",
  "XYZZY-4711",
  "2026-11-28-staff-rota",
  "Weekend rota swaps",
  "PLUGH-0815",
  "core-router-fra7",
  "Core router Frankfurt-7",
  "Backbone",
];

let root: string;
let publicSite: string;
let staffSite: string;
beforeAll(async () => {
  const made = await postsDir(POSTS, { services: SERVICES });
  root = made.root;
  publicSite = path.join(root, "public-site");
  staffSite = path.join(root, "staff-site");
  const now = ["--now", "2026-12-01 12:00"];
  const pub = await runCli("build", ["--posts", made.dir, "--out", publicSite, ...now]);
  expect(pub.code, pub.stderr).toBe(0);
  const staff = await runCli("build", ["--posts", made.dir, "--out", staffSite, ...now, "--audience", "internal"]);
  expect(staff.code, staff.stderr).toBe(0);
}, 120_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function everyFile(site: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const entry of await readdir(site, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = await readFile(file);
    // Pagefind's index and fragments are gzip: read what they hold.
    const text = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString("utf8") : bytes.toString("utf8");
    texts.set(path.relative(site, file), text);
  }
  return texts;
}

describe("build --audience", () => {
  it("leaves every internal post and service out of every public file, the search index included", async () => {
    const files = await everyFile(publicSite);
    expect([...files.keys()].some((f) => f.startsWith("pagefind/fragment/"))).toBe(true);
    expect(files.size).toBeGreaterThan(40);
    const leaks = [...files].flatMap(([file, text]) =>
      SECRETS.filter((s) => text.includes(s)).map((s) => `${file}: ${s}`),
    );
    expect(leaks).toEqual([]);
    // The public post is there.
    expect(files.get("index.html")).toContain("Mail delays");
  });

  it("builds the staff site with them, marked internal and kept out of search engines", async () => {
    const files = await everyFile(staffSite);
    const post = files.get("posts/2026-11-25-line-card-swap/index.html") ?? "";
    expect(post).toContain(
      'Line card swap on the Frankfurt core <span class="badge badge-internal">Internal</span></h1>',
    );
    expect(post).toContain("XYZZY-4711");
    expect(post).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(post).toContain("Staff site: internal posts and services are shown here");
    expect(files.get("services/index.html")).toContain(
      'Core router Frankfurt-7</a> <span class="badge badge-internal">Internal</span>',
    );
    expect(files.get("maintenance.ics")).toContain("Line card swap");
    expect(files.get("_headers")).toContain("X-Robots-Tag: noindex, nofollow");
    const record = JSON.parse(files.get("build.json") ?? "{}");
    expect(record.nextChange).toBe("Line card swap on the Frankfurt core: a window starts");
    const publicRecord = JSON.parse(await readFile(path.join(publicSite, "build.json"), "utf8"));
    expect(publicRecord.nextChange).toBe("a new day in the NOC's zone: the 90-day history moves");
    expect(publicRecord.inputs).not.toBe(record.inputs);
  });

  it("refuses a public post that names an internal service, saying what to do", async () => {
    const { root: other, dir } = await postsDir(
      {
        "2026-11-30-leak.md": postFile(`
title: Router trouble
kind: incident
service: [mail, core-router-fra7]
severity: minor
date: 2026-11-30 10:00`),
      },
      { services: SERVICES },
    );
    const checked = await runCli("check", ["--posts", dir]);
    await rm(other, { recursive: true, force: true });
    expect(checked.code).toBe(1);
    expect(checked.stdout + checked.stderr).toMatch(
      /2026-11-30-leak\.md:\d+:\d+: error: service\[1\]: "core-router-fra7" is an internal service: a public post cannot name it \(add audience: internal to the post\)/,
    );
  });

  it("refuses an audience it does not know", async () => {
    const result = await runCli("build", ["--audience", "partners", "--out", path.join(root, "x")]);
    expect([result.code, result.stderr]).toEqual([
      2,
      expect.stringContaining('--audience: "partners" is not public or internal'),
    ]);
  });
});
