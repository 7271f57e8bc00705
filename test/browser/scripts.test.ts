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
    expect(meta).toContain("20 Jul, 15:45 EDT");
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
  const POST = "posts/2011-07-20-packet-loss-and-outage/";
  /** The reader-time texts on the post page, for a reader in `timezoneId`. */
  async function readerTimes(timezoneId: string, locale = "en-GB"): Promise<string[]> {
    const context = await site.browser.newContext({ timezoneId, locale });
    const page = await context.newPage();
    await page.goto(`${site.server.url}${POST}`);
    await page.waitForLoadState("load");
    const texts = await page.locator("time .reader-time").allTextContents();
    await context.close();
    return texts;
  }

  it("adds the reader's time in the site's format, without the day when it is the NOC's", async () => {
    // Posted Wed, 20 Jul 2011, 15:45 EDT: 21:45 in Berlin the same day.
    const [posted] = await readerTimes("Europe/Berlin");
    expect(posted).toBe(" · your time 21:45 CEST");
  });

  it("gives the reader's day when it is not the NOC's", async () => {
    // 15:45 EDT is 01:15 the next morning in Kolkata.
    const [posted] = await readerTimes("Asia/Kolkata");
    expect(posted).toBe(" · your time 21 Jul, 01:15 IST");
  });

  it("writes the site's locale, not the browser's", async () => {
    const [posted] = await readerTimes("Europe/Berlin", "en-US");
    expect(posted).toBe(" · your time 21:45 CEST");
  });

  it.each([
    ["in the NOC's zone", "America/New_York"],
    ["in another zone on the NOC's clock", "America/Toronto"],
    ["on UTC, which the page already shows", "UTC"],
  ])("adds nothing for a reader %s", async (_, zone) => {
    expect(await readerTimes(zone)).toEqual([]);
  });
});
