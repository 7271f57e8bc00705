import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import { buildCommand } from "../src/cli/build-command.ts";
import { measure } from "./measure.ts";

/**
 * `npm run bench:updates [-- 1000 10000]`: one incident with N updates (a long outage narrated
 * minute by minute), built with --skip-search. The cost must grow with N, not with its square:
 * state after each update is looked up, not worked out again from the first update.
 */
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const work = path.join(os.tmpdir(), "noc-bench-updates");

async function onePost(dir: string, updates: number): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await copyFile("test/fixtures/noc-history/settings.yaml", path.join(dir, "settings.yaml"));
  await copyFile("test/fixtures/noc-history/services.yaml", path.join(dir, "services.yaml"));
  const start = DateTime.fromISO("2026-01-05T09:00", { zone: "America/New_York" });
  const t = (dt: DateTime) => dt.toFormat("yyyy-MM-dd HH:mm");
  const lines = ["---", "title: A long outage", "kind: incident", "service: [dns, web-hosting]", "severity: major"];
  lines.push(`date: ${t(start)}`, "updates:");
  for (let i = 0; i < updates; i++) {
    const status = i === updates - 1 ? "resolved" : ["investigating", "identified", "monitoring"][i % 3];
    lines.push(`  - at: ${t(start.plus({ minutes: i }))}`, `    status: ${status}`, `    body: "Update ${i}."`);
  }
  lines.push("---", "", "What happened.", "");
  await writeFile(path.join(dir, "2026-01-05-long-outage.md"), lines.join("\n"));
}

console.log("| updates in one post | build wall | build CPU | peak |");
console.log("| ---: | ---: | ---: | ---: |");
for (const n of sizes.length > 0 ? sizes : [1000, 10000]) {
  const posts = path.join(work, `posts-${n}`);
  await onePost(posts, n);
  const { argv, env } = await buildCommand(["--posts", posts, "--out", path.join(work, `site-${n}`), "--skip-search"]);
  await measure(argv, { ...env, NOC_NOW: "2026-02-01 00:00" });
  const m = await measure(argv, { ...env, NOC_NOW: "2026-02-01 00:00" });
  console.log(
    `| ${n.toLocaleString("en")} | ${m.wall.toFixed(2)} s | ${m.cpu.toFixed(2)} s | ${m.peakMiB.toFixed(0)} MiB |`,
  );
}
await rm(work, { recursive: true, force: true });
