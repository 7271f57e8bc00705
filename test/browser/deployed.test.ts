import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSET_CACHE, CONTENT_SECURITY_POLICY } from "../../src/views/host-headers.ts";
import { runCli } from "../cli/run.ts";
import { SAMPLE_POSTS } from "../factory.ts";
import { launchChromium } from "./browser.ts";
import { type Host, serveLikeAHost } from "./host.ts";

/**
 * The site as a host serves it: published under a sub-path (`https://status.example.net/noc/`),
 * with the `_headers` the build writes (its Content-Security-Policy and cache rules) applied by a
 * host on 127.0.0.1. Every page works under the policy, every address stays under the sub-path.
 */

let root: string;
let site: string;
let host: Host;
let browser: Browser;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "noc-deployed-"));
  const posts = path.join(root, "posts");
  await cp(SAMPLE_POSTS, posts, { recursive: true });
  const settings = path.join(posts, "settings.yaml");
  await writeFile(
    settings,
    (await readFile(settings, "utf8")).replace(/^baseUrl: .*$/m, "baseUrl: https://status.example.net/noc/"),
  );
  site = path.join(root, "site");
  const built = await runCli("build", ["--posts", posts, "--out", site, "--now", "2011-07-20T16:00-04:00"]);
  expect(built.code, built.stderr).toBe(0);
  host = await serveLikeAHost(site, "/noc/");
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await rm(root, { recursive: true, force: true });
});

const PAGES = [
  "",
  "posts/2011-07-20-packet-loss-and-outage/",
  "maintenance/",
  "services/hosted-exchange/",
  "subscribe/",
  "history/",
  "history/2011-07-20/",
  "search/?q=monitoring%20server",
];

describe("published under a sub-path with the build's headers", () => {
  it.each(PAGES)("/noc/%s loads with its styles and scripts, no policy violation, no failed request", async (page) => {
    const context = await browser.newContext({ timezoneId: "Europe/Berlin" });
    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    tab.on("pageerror", (e) => problems.push(`error: ${e.message}`));
    tab.on("requestfailed", (r) => problems.push(`failed: ${r.url()}`));
    tab.on("response", (r) => {
      if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
      if (!new URL(r.url()).pathname.startsWith("/noc/")) problems.push(`outside the sub-path: ${r.url()}`);
    });
    await tab.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        (window as unknown as { violations: string[] }).violations ??= [];
        (window as unknown as { violations: string[] }).violations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const response = await tab.goto(`${host.url}${page}`, { waitUntil: "load" });
    expect(response?.headers()["content-security-policy"]).toBe(CONTENT_SECURITY_POLICY);
    if (page.startsWith("search/")) {
      await tab.locator("#search-results li").first().waitFor({ timeout: 15_000 });
    }
    // The scripts ran: the reader's time (Berlin is not New York) is added beside NOC times.
    if (page.startsWith("posts/")) await tab.locator(".reader-time").first().waitFor();
    const styled = await tab.evaluate(() =>
      [...document.styleSheets].map((s) => ({ href: s.href ?? "", rules: s.cssRules.length })),
    );
    expect(styled.length).toBeGreaterThan(0);
    for (const sheet of styled) {
      expect(sheet.href).toMatch(/\/noc\/assets\/[a-z]+\.[0-9a-f]{10}\.css$/);
      expect(sheet.rules).toBeGreaterThan(0);
    }
    expect(await tab.evaluate(() => (window as unknown as { violations?: string[] }).violations ?? [])).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("caches hashed assets for a year and leaves pages, feeds and the API to the host's revalidating default", async () => {
    const home = await readFile(path.join(site, "index.html"), "utf8");
    const css = /href="(\/noc\/assets\/style\.[0-9a-f]{10}\.css)"/.exec(home)?.[1];
    const asset = await fetch(`http://${new URL(host.url).host}${css}`);
    expect(asset.headers.get("cache-control")).toBe(ASSET_CACHE);
    for (const page of ["", "feed.xml", "api/v2/summary.json", "maintenance.ics"]) {
      const response = await fetch(`${host.url}${page}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBeNull();
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("puts every root-relative address of every page under /noc/, each naming a file of the site", async () => {
    const broken: string[] = [];
    const files = (await readdir(site, { recursive: true })).filter(
      (f) => f.endsWith(".html") && !f.startsWith("pagefind"),
    );
    let checked = 0;
    for (const file of files) {
      const text = await readFile(path.join(site, file), "utf8");
      for (const [, attr, value] of text.matchAll(/\s(href|src|action|data-pagefind)="(\/[^"]*)"/g)) {
        if (value?.startsWith("//")) continue;
        checked++;
        if (!value?.startsWith("/noc/")) {
          broken.push(`${file}: ${attr}="${value}" (outside /noc/)`);
          continue;
        }
        const relative = decodeURIComponent(new URL(value, "http://x").pathname.slice("/noc/".length));
        // A search bundle is a folder with Pagefind's script in it.
        const candidates =
          attr === "data-pagefind"
            ? [path.join(relative, "pagefind.js")]
            : [relative, path.join(relative, "index.html")];
        const exists = await Promise.any(
          candidates.map(async (c) => {
            if (!(await stat(path.join(site, c))).isFile()) throw new Error();
          }),
        ).then(
          () => true,
          () => false,
        );
        if (!exists) broken.push(`${file}: ${attr}="${value}" (no file)`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });

  it("writes feed, calendar and API links absolute under the sub-path", async () => {
    const feed = await readFile(path.join(site, "feed.xml"), "utf8");
    expect(feed).toContain('href="https://status.example.net/noc/posts/2011-07-20-packet-loss-and-outage/"');
    expect(feed).not.toMatch(/href="https:\/\/status\.example\.net\/(?!noc\/)/);
    const calendar = await readFile(path.join(site, "maintenance.ics"), "utf8");
    expect(calendar).toContain("URL;VALUE=URI:https://status.example.net/noc/posts/");
    const summary = JSON.parse(await readFile(path.join(site, "api/v2/summary.json"), "utf8"));
    expect(summary.page.url).toBe("https://status.example.net/noc/");
  });
});
