import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Document, isSeq, stringify } from "yaml";
import { writeAtomically } from "../atomic-write.ts";
import { lockPosts, writeFileSafely } from "../authoring/post-write.ts";
import { UsageError } from "../errors.ts";
import { checkPost } from "../model/check.ts";
import { SLUG_RE } from "../model/fields.ts";
import { displayPath, loadRegistry, postFiles, SERVICES_FILE, SETTINGS_FILE } from "../model/load.ts";
import { formatProblem, type Problem, SiteError } from "../model/problems.ts";
import { titleSlug } from "../model/text.ts";
import { isValidZone, localDate, parseAuthorTime } from "../model/time.ts";
import { type Imported, type ImportedPost, type ImportedService, instant, type Unmapped } from "./imported.ts";

/**
 * Writes what an importer read into a posts folder: one post per item, checked as `check` checks
 * it before it is written; new services appended to services.yaml; a starter settings.yaml when
 * the folder has none.
 *
 * Re-running over the same input changes nothing: `.imported.json` in the folder remembers, per
 * source item, the file written and a hash of what was written. An item whose file a person has
 * edited or deleted since is left alone and reported; an item the source changed is rewritten.
 */

export const IMPORT_LEDGER = ".imported.json";

export interface ImportReport {
  created: string[];
  updated: string[];
  unchanged: number;
  /** posts left alone because a person edited or removed them since the last import */
  kept: Unmapped[];
  servicesAdded: string[];
  settingsWritten: boolean;
  unmapped: Unmapped[];
}

interface Ledger {
  [key: string]: { file: string; sha256: string };
}

export async function importInto(imported: Imported, postsDir: string, dryRun: boolean): Promise<ImportReport> {
  if (!dryRun) await mkdir(postsDir, { recursive: true });
  const lock = dryRun || !existsSync(postsDir) ? undefined : await lockPosts(postsDir);
  try {
    return await importLocked(imported, postsDir, dryRun);
  } finally {
    await lock?.release();
  }
}

async function importLocked(imported: Imported, postsDir: string, dryRun: boolean): Promise<ImportReport> {
  const report: ImportReport = {
    created: [],
    updated: [],
    unchanged: 0,
    kept: [],
    servicesAdded: [],
    settingsWritten: false,
    unmapped: [...imported.unmapped],
  };
  const settingsFile = path.join(postsDir, SETTINGS_FILE);
  const servicesFile = path.join(postsDir, SERVICES_FILE);
  const starter = existsSync(settingsFile) ? undefined : starterSettings(imported);
  const registryProblems: Problem[] = [];
  const registry = existsSync(postsDir) ? await loadRegistry(postsDir, registryProblems) : undefined;
  const blocking = registryProblems.filter(
    (p) =>
      p.severity !== "warning" &&
      !(starter && p.file === displayPath(settingsFile)) &&
      // A folder without services.yaml gets one below.
      !(p.file === displayPath(servicesFile) && !existsSync(servicesFile)),
  );
  // Posts are checked against the settings and services: those must be right first.
  if (blocking.length) throw new SiteError(blocking);
  const zone = registry?.settings?.timeZone ?? starter?.zone ?? "UTC";

  // Services: one already listed (same id or name) is used as it is; others are appended.
  const existing = registry?.services ?? [];
  const serviceId = new Map<string, string>();
  const added: ImportedService[] = [];
  for (const s of imported.services) {
    const same = existing.find((e) => e.id === s.id && e.name === s.name) ?? existing.find((e) => e.name === s.name);
    if (same) {
      serviceId.set(s.id, same.id);
      continue;
    }
    let id = s.id;
    for (let n = 2; existing.some((e) => e.id === id) || added.some((a) => a.id === id); n++) id = `${s.id}-${n}`;
    serviceId.set(s.id, id);
    added.push({ ...s, id });
  }
  const allIds = [...existing.map((s) => s.id), ...added.map((s) => s.id)];

  const ledger = await readLedger(postsDir);
  const taken = new Set((await postFiles(postsDir).catch(() => [])).map((f) => path.relative(postsDir, f)));
  for (const entry of Object.values(ledger)) taken.add(entry.file);
  const writes: { file: string; text: string }[] = [];
  const next: Ledger = { ...ledger };

  const posts = [...imported.posts].sort(
    (a, b) => instant(a.date, zone) - instant(b.date, zone) || a.key.localeCompare(b.key),
  );
  for (const post of posts) {
    const services = post.services.map((id) => serviceId.get(id) ?? id);
    const known = ledger[post.key];
    const file = known?.file ?? freeName(post, zone, taken);
    taken.add(file);
    const stem = path.basename(file, ".md");
    const text = postText({ ...post, services }, stem);
    const checked = checkPost(text, file, { zone, services: allIds });
    if (!checked.ok) {
      report.unmapped.push({
        item: `${post.key} ("${post.title}")`,
        reason: `would not pass check, not written:\n${checked.problems.map((p) => `    ${formatProblem(p)}`).join("\n")}`,
      });
      continue;
    }
    const full = path.join(postsDir, file);
    const hash = sha256(text);
    if (known) {
      const current = existsSync(full) ? sha256(await readFile(full, "utf8")) : undefined;
      if (current === undefined) {
        report.kept.push({ item: file, reason: "deleted since the last import: not written again" });
        continue;
      }
      if (current !== known.sha256) {
        report.kept.push({ item: file, reason: "edited since the last import: left as it is" });
        continue;
      }
      if (known.sha256 === hash) {
        report.unchanged++;
        continue;
      }
      report.updated.push(file);
    } else {
      report.created.push(file);
    }
    writes.push({ file, text });
    next[post.key] = { file, sha256: hash };
  }

  report.servicesAdded = added.map((s) => s.id);
  report.settingsWritten = starter !== undefined;
  if (dryRun) return report;

  if (starter) await writeAtomically(settingsFile, starter.text);
  if (added.length || !existsSync(servicesFile)) await appendServices(servicesFile, added);
  for (const { file, text } of writes) {
    await mkdir(path.dirname(path.join(postsDir, file)), { recursive: true });
    await writeFileSafely(path.join(postsDir, file), text);
  }
  if (writes.length || Object.keys(next).length !== Object.keys(ledger).length) {
    await writeAtomically(path.join(postsDir, IMPORT_LEDGER), ledgerText(next));
  }
  return report;
}

/** A post in our front-matter format; `id` only when it is not the file's own name. */
export function postText(post: ImportedPost, stem: string): string {
  const front: Record<string, unknown> = { title: post.title, kind: post.kind };
  if (post.id && post.id !== stem) front.id = post.id;
  if (post.kind !== "notice" || post.services.length) {
    front.service = post.services.length === 1 ? post.services[0] : post.services;
  }
  if (post.kind !== "notice" || post.severity !== "none") front.severity = post.severity;
  front.date = post.date;
  if (post.summary) front.summary = post.summary;
  if (post.windows.length) {
    const windows = post.windows.map((w) => (w.end ? { start: w.start, end: w.end } : { start: w.start }));
    front.window = windows.length === 1 ? windows[0] : windows;
  }
  if (post.updates.length) {
    front.updates = post.updates.map((u) => ({
      at: u.at,
      status: u.status,
      ...(u.impact ? { impact: u.impact } : {}),
      body: u.body,
    }));
  }
  const doc = new Document(front, { version: "1.2" });
  const services = doc.get("service", true);
  if (isSeq(services)) services.flow = true;
  const yaml = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  return `---\n${yaml}---\n${post.body.trim() ? `${post.body.trim()}\n` : ""}`;
}

/**
 * The file name of a new post: an id that is already one of ours ("2011-07-20-packet-loss") is
 * kept; otherwise its date in the NOC zone and its title. Never a name already taken.
 */
function freeName(post: ImportedPost, zone: string, taken: Set<string>): string {
  const ours = post.id && SLUG_RE.test(post.id) && /^\d{4}-\d{2}-\d{2}-/.test(post.id) ? post.id : undefined;
  const parsed = parseAuthorTime(post.date, zone);
  const day = parsed.ok ? localDate(parsed.value, zone) : post.date.slice(0, 10);
  const stem = ours ?? `${day}-${titleSlug(post.title)}`;
  let name = `${stem}.md`;
  for (let n = 2; taken.has(name); n++) name = `${stem}-${n}.md`;
  return name;
}

/** A settings.yaml for an empty posts folder, from what the source says about its site. */
function starterSettings(imported: Imported): { text: string; zone: string } {
  const { title, url, timeZone } = imported.site;
  const zone = timeZone && isValidZone(timeZone) ? timeZone : "UTC";
  const baseUrl = url && /^https?:\/\//.test(url) ? url : "https://status.example.net/";
  const host = new URL(baseUrl).hostname;
  const years = imported.posts.map((p) => p.date.slice(0, 4)).sort();
  const settings = {
    title: title?.trim() || "Status",
    baseUrl,
    timeZone: zone,
    contact: "Put the NOC's contact line here",
    author: { name: title?.trim() || "Network Operations" },
    tagAuthority: `${host},${years[0] ?? "2026"}`,
  };
  const text = `# Written by npm run import from what the source says; check each line (README: "Settings").\n${stringify(settings, { lineWidth: 0 })}`;
  return { text, zone };
}

async function appendServices(file: string, services: ImportedService[]): Promise<void> {
  const before = existsSync(file) ? await readFile(file, "utf8") : "";
  if (!before && services.length === 0) {
    await writeAtomically(file, '# The services registry (README: "Settings and services"); none were found.\n[]\n');
    return;
  }
  const entries = stringify(
    services.map((s) => ({
      id: s.id,
      name: s.name,
      group: s.group,
      ...(s.description ? { description: s.description } : {}),
    })),
    { lineWidth: 0 },
  );
  const separator = before && !before.endsWith("\n") ? "\n" : "";
  const heading = before.trim() ? "# Added by npm run import\n" : "";
  await writeFileSafely(file, `${before}${separator}${heading}${entries}`);
}

async function readLedger(postsDir: string): Promise<Ledger> {
  const file = path.join(postsDir, IMPORT_LEDGER);
  if (!existsSync(file)) return {};
  try {
    const data = JSON.parse(await readFile(file, "utf8")) as { items?: Ledger };
    return data.items ?? {};
  } catch (error) {
    throw new UsageError(`${displayPath(file)} is not readable (${(error as Error).message}): fix it or remove it`);
  }
}

function ledgerText(ledger: Ledger): string {
  const items = Object.fromEntries(Object.entries(ledger).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify({ version: 1, items }, null, 2)}\n`;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
