import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SiteInBrowser, siteInBrowser } from "./browser.ts";

/** The two small scripts: search over the Pagefind index, and the reader's local time. */

let site: SiteInBrowser;
beforeAll(async () => {
  site = await siteInBrowser("2011-07-20T16:00-04:00");
});
afterAll(async () => {
  await site?.close();
});

describe("search", () => {
  it("finds a known post and shows its kind, date and services", async () => {
    const page = await site.browser.newPage();
    await page.goto(`${site.server.url}search/?q=monitoring%20server`);
    await page.locator("#search-results li").first().waitFor({ timeout: 15_000 });
    const first = page.locator("#search-results li", {
      hasText: "Packet loss and outage on Hosted Exchange and websites",
    });
    expect(await first.count()).toBe(1);
    const meta = await first.locator(".meta").textContent();
    expect(meta).toContain("Incident");
    expect(meta).toContain("Wed 20 Jul 2011, 15:45 EDT");
    expect(meta).toContain("Hosted Exchange");
    expect(await page.locator("#search-status").textContent()).toMatch(/^\d+ results? for “monitoring server”$/);
    await page.close();
  });
});

describe("search over an index in parts", () => {
  let parted: SiteInBrowser;
  beforeAll(async () => {
    // Small parts, as a site of thousands of posts has: the oldest and newest posts land in different ones.
    parted = await siteInBrowser("2011-07-20T16:00-04:00", { NOC_SEARCH_PART: "6000" });
  });
  afterAll(async () => {
    await parted?.close();
  });

  it("finds posts from the first part and from parts merged into it", async () => {
    const page = await parted.browser.newPage();
    await page.goto(`${parted.server.url}search/`);
    const merged = (await page.locator("form[data-pagefind]").getAttribute("data-pagefind-merge")) ?? "";
    expect(merged.split(" ").length).toBeGreaterThanOrEqual(2);

    await page.goto(`${parted.server.url}search/?q=intraday`);
    await page.locator("#search-results li", { hasText: "Intraday SPAM reports showing zero messages" }).waitFor({
      timeout: 15_000,
    });
    await page.goto(`${parted.server.url}search/?q=monitoring%20server`);
    await page
      .locator("#search-results li", { hasText: "Packet loss and outage on Hosted Exchange and websites" })
      .waitFor({
        timeout: 15_000,
      });
    await page.close();
  });
});

describe("local time", () => {
  it("adds the reader's time beside NOC and UTC times when the reader is elsewhere", async () => {
    const context = await site.browser.newContext({ timezoneId: "Europe/Berlin", locale: "en-GB" });
    const page = await context.newPage();
    await page.goto(`${site.server.url}posts/2011-07-20-packet-loss-and-outage/`);
    const first = page.locator("time .reader-time").first();
    await first.waitFor();
    expect(await first.textContent()).toMatch(/your time: Wed 20 Jul, 21:45 CEST/);
    await context.close();
  });

  it("adds nothing for a reader in the NOC's zone", async () => {
    const context = await site.browser.newContext({ timezoneId: "America/New_York" });
    const page = await context.newPage();
    await page.goto(`${site.server.url}posts/2011-07-20-packet-loss-and-outage/`);
    await page.waitForLoadState("load");
    expect(await page.locator(".reader-time").count()).toBe(0);
    await context.close();
  });
});
