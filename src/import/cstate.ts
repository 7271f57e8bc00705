import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { splitPost } from "../model/frontmatter.ts";
import type { Severity } from "../model/schema.ts";
import { slug } from "../model/text.ts";
import {
  type Imported,
  type ImportedPost,
  type ImportedService,
  instant,
  sourceTime,
  type Unmapped,
} from "./imported.ts";

/**
 * cState: a Hugo site whose `content/issues/*.md` have `title`, `date`, `resolved`, `resolvedWhen`,
 * `severity` (down, disrupted, notice), `affected` (system names), `section`, `informational` and
 * `pin`, and whose `config.yml` lists the systems under categories. The body's paragraphs that end
 * in `{{< track "time" >}}` are its updates, newest first, each led by its status in italics
 * (`*Monitoring* - ...`).
 *
 * Times without an offset are UTC, as cState asks its authors to write them.
 */

const SEVERITY: Record<string, Severity> = { down: "critical", disrupted: "major", notice: "minor" };
const STATUS_WORDS: Record<string, string> = {
  investigating: "investigating",
  identified: "identified",
  monitoring: "monitoring",
  resolved: "resolved",
  "post-mortem": "postmortem",
  postmortem: "postmortem",
};
const TRACK = /\{\{<\s*track\s+"([^"]+)"\s*>\}\}/;

/** `input` is the Hugo site (with `content/issues/`) or the issues folder itself. */
export async function readCstate(input: string): Promise<Imported> {
  const unmapped: Unmapped[] = [];
  const issues = existsSync(path.join(input, "content", "issues")) ? path.join(input, "content", "issues") : input;
  const site = existsSync(path.join(input, "content", "issues")) ? input : path.dirname(path.dirname(issues));
  const config = await readConfig(site, unmapped);

  const services = new Map<string, ImportedService>();
  const serviceFor = (name: string): string => {
    const known = [...services.values()].find((s) => s.name === name);
    if (known) return known.id;
    const system = config.systems.find((s) => s.name === name);
    let id = slug(name) || "service";
    for (let n = 2; [...services.values()].some((s) => s.id === id) || id === "status"; n++) id = `${slug(name)}-${n}`;
    const group = system?.category && !config.untitled.has(system.category) ? system.category : "Services";
    services.set(id, { id, name, group, description: system?.description });
    return id;
  };
  // Systems in config order first, so services.yaml lists them as cState did.
  for (const system of config.systems) serviceFor(system.name);

  const posts: ImportedPost[] = [];
  const files = (await readdir(issues)).filter((f) => f.endsWith(".md") && !f.startsWith("_")).sort();
  for (const file of files) {
    const post = postFrom(file, await readFile(path.join(issues, file), "utf8"), serviceFor, unmapped);
    if (post) posts.push(post);
  }
  return { posts, services: [...services.values()], unmapped, site: { title: config.title, url: config.url } };
}

interface Config {
  title?: string | undefined;
  url?: string | undefined;
  systems: { name: string; category?: string | undefined; description?: string | undefined }[];
  untitled: Set<string>;
}

async function readConfig(site: string, unmapped: Unmapped[]): Promise<Config> {
  const file = ["config.yml", "config.yaml", "hugo.yml", "hugo.yaml"].map((f) => path.join(site, f)).find(existsSync);
  if (!file) return { systems: [], untitled: new Set() };
  try {
    const data = (parse(await readFile(file, "utf8")) ?? {}) as Record<string, unknown>;
    const params = (data.params ?? {}) as Record<string, unknown>;
    const systems = Array.isArray(params.systems) ? params.systems : [];
    const categories = Array.isArray(params.categories) ? params.categories : [];
    return {
      title: typeof data.title === "string" ? data.title : undefined,
      url: typeof data.baseURL === "string" ? data.baseURL : undefined,
      systems: systems.flatMap((s) =>
        typeof s?.name === "string"
          ? [{ name: s.name, category: stringOr(s.category), description: stringOr(s.description) }]
          : [],
      ),
      untitled: new Set(categories.filter((c) => c?.untitled === true).map((c) => String(c.name))),
    };
  } catch (error) {
    unmapped.push({
      item: path.basename(file),
      reason: `not read (${(error as Error).message}): systems get the group "Services"`,
    });
    return { systems: [], untitled: new Set() };
  }
}

function stringOr(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value : undefined;
}

function postFrom(
  file: string,
  source: string,
  serviceFor: (name: string) => string,
  unmapped: Unmapped[],
): ImportedPost | undefined {
  const item = `content/issues/${file}`;
  let front: Record<string, unknown>;
  let body: string;
  if (/^\uFEFF?\+\+\+\r?\n/.test(source)) {
    unmapped.push({ item, reason: "front matter in TOML (+++): only YAML (---) is read; convert it and import again" });
    return undefined;
  }
  try {
    const parts = splitPost(source);
    front = (parse(source.slice(parts.start, parts.end), { version: "1.2", schema: "core" }) ?? {}) as Record<
      string,
      unknown
    >;
    body = parts.body;
  } catch (error) {
    unmapped.push({ item, reason: `not read: ${(error as Error).message}` });
    return undefined;
  }
  const title = stringOr(front.title);
  const date = sourceTime(String(front.date ?? ""));
  if (!title || !date) {
    unmapped.push({ item, reason: !title ? "has no title" : `date ${JSON.stringify(front.date)} is not a time` });
    return undefined;
  }
  if (front.section !== undefined && front.section !== "issue") {
    unmapped.push({ item, reason: `section "${front.section}" is not an issue: left out` });
    return undefined;
  }
  const affected = (Array.isArray(front.affected) ? front.affected : front.affected ? [front.affected] : []).map(
    String,
  );
  const informational = front.informational === true;
  const severity = SEVERITY[String(front.severity ?? "")];
  if (!informational && !severity) {
    unmapped.push({
      item,
      reason: `severity ${JSON.stringify(front.severity)} is not down, disrupted or notice: read as notice (minor)`,
    });
  }
  if (front.pin === true) {
    unmapped.push({ item, reason: "pin: true has no counterpart (the board shows what is open): dropped" });
  }

  // Paragraphs with a track shortcode are updates; the others are the body.
  const updates: ImportedPost["updates"] = [];
  const rest: string[] = [];
  for (const paragraph of body.split(/\n\s*\n/)) {
    const track = TRACK.exec(paragraph);
    const at = track ? sourceTime(track[1]) : undefined;
    if (!track || !at) {
      if (track) unmapped.push({ item, reason: `track time "${track[1]}" is not a time: kept as text` });
      if (paragraph.trim()) rest.push(paragraph.replace(TRACK, "").trim());
      continue;
    }
    const text = paragraph.replace(TRACK, "").trim();
    const lead = /^[*_]{1,2}([^*_]+)[*_]{1,2}\s*[-–—:]?\s*/.exec(text);
    const status = lead ? STATUS_WORDS[lead[1]?.trim().toLowerCase() ?? ""] : undefined;
    updates.push({
      at,
      status: status ?? "",
      body: (status ? text.slice(lead?.[0].length ?? 0) : text).trim() || (status ?? "Update."),
    });
  }
  updates.sort((a, b) => instant(a.at) - instant(b.at));
  const services = affected.map(serviceFor);
  const id = file.replace(/\.md$/, "");
  if (informational) {
    return {
      key: `cstate ${id}`,
      kind: "notice",
      title,
      date,
      services,
      severity: "none",
      windows: [],
      updates: [],
      body: [...rest, ...updates.map((u) => u.body)].join("\n\n"),
    };
  }
  // An update without a status word carries the one before it (the first: investigating); after
  // the resolution there is none to carry, and its text joins the body.
  const kept: ImportedPost["updates"] = [];
  const afterResolution: string[] = [];
  let last = "investigating";
  for (const u of updates) {
    if (!u.status && (last === "resolved" || last === "postmortem")) {
      afterResolution.push(u.body);
      continue;
    }
    u.status ||= last;
    last = u.status;
    kept.push(u);
  }
  if (afterResolution.length) {
    unmapped.push({ item, reason: "an update after the resolution has no status word: kept in the body" });
  }
  const resolvedWhen = sourceTime(String(front.resolvedWhen ?? ""));
  if (front.resolved === true && !kept.some((u) => u.status === "resolved")) {
    kept.push({ at: resolvedWhen ?? kept.at(-1)?.at ?? date, status: "resolved", body: "Resolved." });
  }
  return {
    key: `cstate ${id}`,
    kind: "incident",
    title,
    date,
    services,
    severity: severity ?? "minor",
    windows: [],
    updates: kept,
    body: [...rest, ...afterResolution].join("\n\n"),
  };
}
