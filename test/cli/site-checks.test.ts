import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_POSTS } from "../factory.ts";
import { runCli } from "./run.ts";

/** Whole-site checks on the sample site as built: valid HTML, no broken links, size budgets. */

const BASE_URL = "https://noc.exchangedefender.example/";
const BUDGETS = {
  /** the home page with the CSS and script it loads */
  home: 50 * 1024,
  /** each Atom, RSS and JSON feed */
  feed: 256 * 1024,
};

let tmp: string;
let site: string;
let files: string[];
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "noc-checks-"));
  site = path.join(tmp, "site");
  // During the July 2011 outage: the banner, open incident and history marks are all on the pages.
  const result = await runCli("build", ["--posts", SAMPLE_POSTS, "--out", site, "--now", "2011-07-20T16:00-04:00"]);
  expect(result.code).toBe(0);
  const entries = await readdir(site, { recursive: true, withFileTypes: true });
  files = entries.filter((e) => e.isFile()).map((e) => path.relative(site, path.join(e.parentPath, e.name)));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const html = () => files.filter((f) => f.endsWith(".html") && !f.startsWith("pagefind/"));

describe("HTML", () => {
  it("every page passes html-validate's recommended rules", async () => {
    const validator = new HtmlValidate({
      extends: ["html-validate:recommended"],
      // NOC post titles are descriptive ("Weekly task list: ..."); pages drop the site name when
      // it would not fit 70 characters, and the title itself may run longer.
      rules: { "long-title": ["error", { maxlength: 100 }] },
    });
    const problems: string[] = [];
    for (const file of html()) {
      const report = await validator.validateString(await readFile(path.join(site, file), "utf8"), file);
      for (const result of report.results) {
        for (const m of result.messages) problems.push(`${file}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
      }
    }
    expect(html().length).toBeGreaterThan(40);
    expect(problems).toEqual([]);
  });
});

describe("links", () => {
  it("every internal href and src resolves to a file, and every #fragment exists", async () => {
    const broken: string[] = [];
    let checked = 0;
    const ids = new Map<string, Set<string>>();
    const idsOf = async (file: string) => {
      let set = ids.get(file);
      if (!set) {
        const text = await readFile(path.join(site, file), "utf8");
        set = new Set([...text.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? ""));
        ids.set(file, set);
      }
      return set;
    };
    for (const file of html()) {
      const text = await readFile(path.join(site, file), "utf8");
      for (const [, attr, raw] of text.matchAll(/\s(href|src)="([^"]*)"/g)) {
        if (!raw || /^(mailto|tel|data):/.test(raw)) continue;
        let url = raw.replace(/&amp;/g, "&");
        if (/^https?:\/\//.test(url)) {
          if (!url.startsWith(BASE_URL)) continue;
          url = `/${url.slice(BASE_URL.length)}`;
        }
        checked++;
        const resolved = new URL(url, `http://site/${file}`);
        const target = await fileFor(decodeURIComponent(resolved.pathname));
        if (!target) {
          broken.push(`${file}: ${attr}="${raw}" (no file)`);
          continue;
        }
        const fragment = decodeURIComponent(resolved.hash.slice(1));
        if (fragment && target.endsWith(".html") && !(await idsOf(target)).has(fragment)) {
          broken.push(`${file}: ${attr}="${raw}" (no #${fragment} in ${target})`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });
});

async function fileFor(pathname: string): Promise<string | undefined> {
  const relative = pathname.replace(/^\//, "");
  for (const candidate of [relative, path.join(relative, "index.html")]) {
    try {
      if ((await stat(path.join(site, candidate))).isFile()) return candidate;
    } catch {
      // try the next
    }
  }
  return undefined;
}

describe("size budgets", () => {
  it(`the home page with its CSS and script stays under ${BUDGETS.home / 1024} KB and shows status without JavaScript`, async () => {
    const home = await readFile(path.join(site, "index.html"), "utf8");
    const loaded = [...home.matchAll(/<(?:link rel="stylesheet"|script) (?:href|src)="\/([^"]+)"/g)].map(
      (m) => m[1] ?? "",
    );
    expect(loaded.map((f) => f.replace(/\.[0-9a-f]{10}\./, ".")).sort()).toEqual([
      "assets/freshness.js",
      "assets/localtime.js",
      "assets/style.css",
    ]);
    let total = Buffer.byteLength(home);
    for (const file of loaded) total += (await stat(path.join(site, file))).size;
    expect(total).toBeLessThan(BUDGETS.home);
    expect(home.replace(/<script[\s\S]*?<\/script>/g, "")).toContain('<h1 id="overall">Major outage</h1>');
  });

  it(`every feed stays under ${BUDGETS.feed / 1024} KB`, async () => {
    const feeds = files.filter((f) => /(feed\.xml|rss\.xml|feed\.json)$/.test(f));
    expect(feeds.length).toBeGreaterThan(30);
    const over = [];
    for (const f of feeds) {
      const size = (await stat(path.join(site, f))).size;
      if (size >= BUDGETS.feed) over.push(`${f}: ${size} bytes`);
    }
    expect(over).toEqual([]);
  });
});
