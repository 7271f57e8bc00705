import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The first thing a NOC does is replace `posts/` with its own history. This copies the project,
 * puts three posts of another organisation (a Berlin hosting company, its own services) in
 * `posts/`, and runs the suite there: it must stay green. Browser tests are left out here for time;
 * they build the tests' own fixture, as every other test does.
 */

const exec = promisify(execFile);
let tmp: string | undefined;
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const FOREIGN: Record<string, string> = {
  "settings.yaml": `title: Brandt Hosting Status
baseUrl: https://status.brandt-hosting.example/
timeZone: Europe/Berlin
contact: "Leitstelle: +49 30 5555 0100"
author:
  name: Brandt Hosting Leitstelle
tagAuthority: brandt-hosting.example,2019
`,
  "services.yaml": `- id: vm-cluster
  name: VM-Cluster Frankfurt
  group: Compute
- id: object-storage
  name: Object Storage
  group: Storage
`,
  "2026-11-20-storage-latency.md": `---
title: Erhöhte Latenz im Object Storage
kind: incident
service: object-storage
severity: minor
date: 2026-11-20 09:10
updates:
  - at: 2026-11-20 09:10
    status: investigating
    body: Wir untersuchen erhöhte Latenzen.
  - at: 2026-11-20 10:02
    status: resolved
    body: Ein defekter Switch wurde getauscht.
---
Ursache war ein fehlerhafter Uplink.
`,
  "2026-11-25-cluster-upgrade.md": `---
title: Wartung des VM-Clusters
kind: maintenance
service: vm-cluster
severity: minor
date: 2026-11-25 12:00
window:
  start: 2026-12-02 22:00
  end: 2026-12-03 02:00
---
Hypervisor-Updates, Live-Migration der VMs.
`,
  "2026-11-28-holiday-hours.md": `---
title: Erreichbarkeit über die Feiertage
kind: notice
date: 2026-11-28 08:00
---
Die Leitstelle ist durchgehend besetzt.
`,
};

describe("a NOC's own history in posts/", () => {
  it("keeps the suite green", async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "noc-foreign-"));
    const copy = path.join(tmp, "project");
    const { stdout } = await exec("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"]);
    for (const file of stdout.split("\0").filter((f) => f && !f.startsWith("posts/"))) {
      await mkdir(path.dirname(path.join(copy, file)), { recursive: true });
      await cp(file, path.join(copy, file)).catch(() => undefined);
    }
    await mkdir(path.join(copy, "posts"));
    for (const [name, text] of Object.entries(FOREIGN)) await writeFile(path.join(copy, "posts", name), text);
    await symlink(path.resolve("node_modules"), path.join(copy, "node_modules"));

    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST")));
    const run = await exec(
      process.execPath,
      [
        "node_modules/vitest/vitest.mjs",
        "run",
        "--exclude",
        "test/browser/**",
        "--exclude",
        "test/foreign-content.test.ts",
      ],
      { cwd: copy, env: { ...env, NODE_ENV: "test", NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024 },
    ).catch((error: { stdout: string; stderr: string }) => error);
    const output = `${run.stdout}${run.stderr}`;
    expect(output, output.slice(-4000)).toMatch(/Tests\s+\d+ passed \(\d+\)/);
    expect(output).not.toMatch(/\d+ failed/);
  }, 600_000);
});
