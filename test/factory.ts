import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import { afterAll } from "vitest";
import { checkPost, type SourcePost } from "../src/model/check.ts";
import { type PostContext, type Settings, settingsSchema } from "../src/model/schema.ts";
import { buildSite, type Site } from "../src/model/site.ts";

/** Fixtures: fresh on every call, fixed dates, the NOC zone of the sample site. */

export const ZONE = "America/New_York";

/**
 * The tests' own copy of the sample history (the NOC blog `posts/` ships with, 2008-2018). Tests
 * that need a whole real site build this, never `posts/`: a NOC replaces `posts/` with its own
 * history and keeps a green suite. `test/content.test.ts` is the one test of whatever `posts/` holds.
 */
export const SAMPLE_POSTS = "test/fixtures/noc-history";
export const SERVICES = ["mail", "web", "dns"];
export const CONTEXT: PostContext = { zone: ZONE, services: SERVICES };

export const at = (text: string): DateTime => DateTime.fromISO(text, { zone: ZONE });

/** A checked post from front-matter YAML lines; throws with the problems if it does not check. */
export function post(frontMatter: string, body = "Body.\n", file = "posts/2011-07-20-test.md"): SourcePost {
  const result = checkPost(`---\n${frontMatter.trim()}\n---\n${body}`, file, CONTEXT);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.field}: ${p.message}`).join("\n"));
  return result.value;
}

/** Problems of one post's front matter, as `field: message` lines. */
export function problemsOf(frontMatter: string): string[] {
  const result = checkPost(`---\n${frontMatter.trim()}\n---\nBody\n`, "posts/x.md", CONTEXT);
  return !result.ok ? result.problems.map((p) => `${p.field}: ${p.message}`) : [];
}

export const SETTINGS_YAML = `
title: Test NOC
baseUrl: https://status.example.net/
timeZone: America/New_York
contact: "NOC: +1 555 0100"
author:
  name: Test NOC
tagAuthority: example.net,2008
postsPerPage: 2
`;

export const SERVICES_YAML = `
- id: mail
  name: Mail
  group: Messaging
- id: web
  name: Web hosting
  group: Hosting
- id: dns
  name: DNS
  group: Network
`;

/** A temporary posts folder with settings, services and the given files (name → content). */
export async function postsDir(files: Record<string, string>, extra: { settings?: string; services?: string } = {}) {
  const root = await mkdtemp(path.join(tmpdir(), "noc-test-"));
  const dir = path.join(root, "posts");
  await mkdir(dir);
  await writeFile(path.join(dir, "settings.yaml"), extra.settings ?? SETTINGS_YAML);
  await writeFile(path.join(dir, "services.yaml"), extra.services ?? SERVICES_YAML);
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return { root, dir };
}

/** A post file's text. */
export const postFile = (frontMatter: string, body = "Body.\n") => `---\n${frontMatter.trim()}\n---\n${body}`;

/** An open incident on the mail service, "Mail delays", investigated since `at` (NOC time). */
export const openIncident = (at: string) =>
  postFile(`
title: Mail delays
kind: incident
service: mail
severity: major
date: ${at}
updates:
  - at: ${at}
    status: investigating
    body: Looking.`);

/** Settings as the sample site has them, with overrides. */
export function settings(overrides: Record<string, unknown> = {}): Settings {
  return settingsSchema.parse({
    title: "Test NOC",
    baseUrl: "https://status.example.net/",
    timeZone: ZONE,
    contact: "NOC: +1 555 0100",
    author: { name: "Test NOC", email: "noc@example.net" },
    tagAuthority: "example.net,2008",
    postsPerPage: 2,
    ...overrides,
  });
}

/** A site model from checked posts at `now`. */
export function site(
  posts: SourcePost[],
  now: string,
  overrides: Record<string, unknown> = {},
  /** how bodies are rendered: a process's memo (`MarkdownMemo.render`) */
  markdown?: (source: string) => string,
): Site {
  return buildSite(
    {
      settings: settings(overrides),
      services: [
        { id: "mail", name: "Mail", group: "Messaging", audience: "public" },
        { id: "web", name: "Web hosting", group: "Hosting", audience: "public" },
        { id: "dns", name: "DNS", group: "Messaging", audience: "public" },
      ],
      posts,
    },
    { now: at(now), ...(markdown ? { markdown } : {}) },
  );
}

/** Temporary folders for a test file, removed after its tests: call in a describe block. */
export function tempFolders(prefix: string): () => Promise<string> {
  const made: string[] = [];
  afterAll(async () => {
    await Promise.all(made.map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(path.join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

/** Every file under `dir` (an output: follows its link) with a hash of its bytes, by relative path. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const out: Record<string, string> = {};
  for (const file of files.sort()) {
    out[path.relative(dir, file)] = createHash("sha256")
      .update(await readFile(file))
      .digest("hex");
  }
  return out;
}
