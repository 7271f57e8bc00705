import axe from "axe-core";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SiteInBrowser, siteInBrowser } from "./browser.ts";

/**
 * What partners see, in a real browser, on a desktop and a phone: no console errors, no failed
 * requests, nothing fetched from another host, no sideways scrolling on a phone, and no serious
 * or critical WCAG 2.1 AA problems (axe-core).
 */

let site: SiteInBrowser;
beforeAll(async () => {
  // During the July 2011 outage: banner, open incident and history marks are on the pages.
  site = await siteInBrowser("2011-07-20T16:00-04:00");
});
afterAll(async () => {
  await site?.close();
});

const PAGES = [
  ["home", ""],
  ["post", "posts/2011-07-20-packet-loss-and-outage/"],
  ["multi-window maintenance", "posts/2010-03-26-extended-weekend-maintenance-april/"],
  ["service", "services/hosted-exchange/"],
  ["subscribe", "subscribe/"],
  ["search", "search/"],
] as const;
const WIDTHS = [1280, 390] as const;

interface Visit {
  page: Page;
  consoleErrors: string[];
  failed: string[];
  foreign: string[];
}

async function visit(path: string, width: number): Promise<Visit> {
  const context = await site.browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const visit: Visit = { page, consoleErrors: [], failed: [], foreign: [] };
  page.on("console", (m) => {
    if (m.type() === "error") visit.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => visit.consoleErrors.push(e.message));
  page.on("requestfailed", (r) => visit.failed.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) visit.failed.push(`${r.url()} ${r.status()}`);
  });
  page.on("request", (r) => {
    if (new URL(r.url()).hostname !== "127.0.0.1") visit.foreign.push(r.url());
  });
  await page.goto(`${site.server.url}${path}`, { waitUntil: "load" });
  return visit;
}

describe.each(WIDTHS)("at %i px wide", (width) => {
  it.each(PAGES)("the %s page loads cleanly and passes axe", async (_name, path) => {
    const v = await visit(path, width);
    expect(v.consoleErrors).toEqual([]);
    expect(v.failed).toEqual([]);
    expect(v.foreign).toEqual([]);
    const overflow = await v.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    await v.page.addScriptTag({ content: axe.source });
    const results = (await v.page.evaluate(() =>
      (window as unknown as { axe: typeof axe }).axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      }),
    )) as axe.AxeResults;
    const serious = results.violations
      .filter((x) => x.impact === "serious" || x.impact === "critical")
      .map((x) => `${x.id}: ${x.help} (${x.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    expect(serious).toEqual([]);
    await v.page.context().close();
  });
});
