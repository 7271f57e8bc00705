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
  ["history", "history/"],
  ["search", "search/"],
] as const;
/** Desktop and phone, light and dark, a reader in the NOC's zone and readers elsewhere (their time is added). */
const VIEWS = [
  [1280, "light", "America/New_York"],
  [390, "light", "America/New_York"],
  [1280, "dark", "Europe/Berlin"],
  [390, "dark", "Asia/Kolkata"],
] as const;

interface Visit {
  page: Page;
  consoleErrors: string[];
  failed: string[];
  foreign: string[];
}

async function visit(
  path: string,
  width: number,
  colorScheme: "light" | "dark" = "light",
  timezoneId = "America/New_York",
): Promise<Visit> {
  const context = await site.browser.newContext({ viewport: { width, height: 900 }, colorScheme, timezoneId });
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

describe.each(VIEWS)("at %i px wide, %s, read in %s", (width, scheme, zone) => {
  it.each(PAGES)("the %s page loads cleanly and passes axe", async (_name, path) => {
    const v = await visit(path, width, scheme, zone);
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

describe("colour schemes and print", () => {
  it("follows the reader's dark preference, and prints one column without navigation or banners", async () => {
    const dark = await visit("", 1280, "dark");
    expect(await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(13, 17, 23)");
    await dark.page.context().close();

    const v = await visit("", 1280);
    expect(await v.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(255, 255, 255)");
    await v.page.emulateMedia({ media: "print" });
    const hidden = await v.page.evaluate(() =>
      [".site-header nav", ".banner", ".history", 'section[aria-labelledby="latest"]'].map(
        (selector) => getComputedStyle(document.querySelector(selector) as Element).display,
      ),
    );
    expect(hidden).toEqual(["none", "none", "none", "none"]);
    expect(await v.page.evaluate(() => getComputedStyle(document.querySelector(".overall") as Element).color)).toBe(
      "rgb(0, 0, 0)",
    );
    await v.page.context().close();
  });

  it("has an icon showing the overall status, so no page asks for a missing /favicon.ico", async () => {
    const v = await visit("", 390);
    expect(await v.page.evaluate(() => document.querySelector('link[rel="icon"]')?.getAttribute("href"))).toBe(
      "/favicon.svg",
    );
    const icon = await (await fetch(`${site.server.url}favicon.svg`)).text();
    expect(icon).toContain('fill="#82071e"'); // major outage, during the July 2011 outage
    expect(v.failed).toEqual([]);
    await v.page.context().close();
  });
});

describe("the subscribe page on a phone", () => {
  it("folds each kind and service, so the page stays short, and opens one on a tap", async () => {
    const v = await visit("subscribe/", 390);
    const height = () => v.page.evaluate(() => document.documentElement.scrollHeight);
    const folded = await height();
    expect(await v.page.locator("details").count()).toBeGreaterThanOrEqual(16);
    expect(folded).toBeLessThan(3600); // 7,500 px when every service's URLs were open
    await v.page.click("summary >> text=DNS");
    expect(await height()).toBeGreaterThan(folded);
    expect(await v.page.locator("details[open] code").first().textContent()).toMatch(/\/services\/dns\/feed\.xml$/);
    await v.page.context().close();
  });
});
