import { appendFile, copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { DateTime } from "luxon";

/**
 * A deterministic generator of realistic posts: the same N always gives the same files. Kinds,
 * services, windows, updates and Markdown bodies of a few hundred words, spread over the years
 * before 2026, in the sample site's zone and with its services registry.
 */

const SERVICES = [
  "exchangedefender-inbound",
  "exchangedefender-outbound",
  "livearchive",
  "encryption",
  "exchangedefender-reports",
  "hosted-exchange",
  "web-hosting",
  "offsite-backup",
  "dns",
  "network-dallas",
  "network-los-angeles",
  "support-portal",
  "website",
];
const WORDS = (
  "the network maintenance window mail queue inbound outbound cluster router switch firmware upgrade " +
  "partners customers delays spam filtering replication storage backup archive capacity redundancy " +
  "power data center dallas los angeles engineers monitoring traffic latency packet loss resolved " +
  "impact service portal support hosting exchange dns records failover load balancer servers"
).split(" ");
const SEVERITIES = ["none", "minor", "major", "critical"];

/** Park–Miller: small, seedable, the same on every machine. */
function random(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

export function generatePost(i: number): { name: string; text: string } {
  const r = random(i + 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
  const sentence = () => {
    const n = 8 + Math.floor(r() * 14);
    const words = Array.from({ length: n }, () => pick(WORDS));
    const text = words.join(" ");
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };
  const paragraph = () => Array.from({ length: 4 + Math.floor(r() * 4) }, sentence).join(" ");
  const date = DateTime.fromObject({ year: 2008, month: 1, day: 1, hour: 9 }, { zone: "America/New_York" }).plus({
    hours: i * 7 + Math.floor(r() * 5),
  });
  const t = (dt: DateTime) => dt.toFormat("yyyy-MM-dd HH:mm");
  const kindRoll = r();
  const kind = kindRoll < 0.45 ? "incident" : kindRoll < 0.85 ? "maintenance" : "notice";
  const services = [...new Set([pick(SERVICES), pick(SERVICES)])];
  const title = `${pick(["Delays on", "Upgrade of", "Outage of", "Notice about", "Work on"])} ${services.join(" and ")} #${i}`;
  const lines = ["---", `title: "${title}"`, `kind: ${kind}`, `service: [${services.join(", ")}]`];
  if (kind !== "notice") lines.push(`severity: ${pick(SEVERITIES)}`);
  lines.push(`date: ${t(date)}`);
  if (kind === "incident") {
    const end = date.plus({ minutes: 20 + Math.floor(r() * 200) });
    lines.push("window:", `  start: ${t(date)}`, `  end: ${t(end)}`, "updates:");
    const statuses = ["investigating", "identified", "monitoring", "resolved"];
    statuses.forEach((status, k) => {
      const at = k === statuses.length - 1 ? end : date.plus({ minutes: k * 10 });
      lines.push(`  - at: ${t(at)}`, `    status: ${status}`, `    body: "${sentence()}"`);
    });
  } else if (kind === "maintenance") {
    lines.push("window:");
    const count = 1 + Math.floor(r() * 3);
    for (let w = 0; w < count; w++) {
      const start = date.plus({ days: 2 + w, hours: 12 });
      lines.push(`  - start: ${t(start)}`, `    end: ${t(start.plus({ hours: 1 + Math.floor(r() * 6) }))}`);
      lines.push(`    note: "${sentence()}"`);
    }
  }
  lines.push("---", "", paragraph(), "", `## ${pick(["Impact", "Details", "What we did"])}`, "", paragraph(), "");
  lines.push(`- ${sentence()}`, `- ${sentence()}`, "", paragraph(), "");
  const name = `${date.toFormat("yyyy-MM-dd")}-generated-${String(i).padStart(5, "0")}.md`;
  return { name, text: lines.join("\n") };
}

/** Writes N generated posts plus the sample settings and services into `dir` (emptied first). */
export async function generatePosts(dir: string, count: number): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await copyFile("test/fixtures/noc-history/settings.yaml", path.join(dir, "settings.yaml"));
  await copyFile("test/fixtures/noc-history/services.yaml", path.join(dir, "services.yaml"));
  for (let i = 0; i < count; i++) {
    const { name, text } = generatePost(i);
    await writeFile(path.join(dir, name), text);
  }
}

/**
 * A NOC's rebuild: a line added to the newest of `count` generated posts in each of `dirs` (the same
 * file name in each), different each `round`, as an update is added during an incident.
 */
export async function updateNewest(dirs: readonly string[], count: number, round: number): Promise<void> {
  if (count === 0) return;
  const { name } = generatePost(count - 1);
  const line = `\nUpdate ${round + 1}: traffic is flowing again through the second router.\n`;
  for (const dir of dirs) await appendFile(path.join(dir, name), line);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = "bench/posts", count = "1000"] = process.argv.slice(2);
  await generatePosts(dir, Number(count));
  console.log(`${count} posts in ${dir}`);
}
