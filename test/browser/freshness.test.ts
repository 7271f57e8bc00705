import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATE_LABELS } from "../../src/model/status.ts";
import { postFile, postsDir } from "../factory.ts";
import { type SiteInBrowser, siteInBrowser } from "./browser.ts";

/**
 * A page keeps its age honest in the reader's browser (public/freshness.js): built at 2026-12-01
 * 12:00 (New York) with a maintenance of two windows a day and more later, read before, during and
 * after them.
 */
const POST = "posts/2026-12-01-switch-upgrade/";

let site: SiteInBrowser;
let posts: { root: string; dir: string };
beforeAll(async () => {
  posts = await postsDir({
    "2026-12-01-switch-upgrade.md": postFile(`
title: Core switch upgrade
kind: maintenance
service: mail
severity: minor
date: 2026-12-01 09:00
window:
  - start: 2026-12-02 22:00
    end: 2026-12-03 00:00
  - start: 2026-12-04 22:00
    end: 2026-12-05 01:00`),
  });
  site = await siteInBrowser("2026-12-01 12:00", {}, posts.dir);
}, 60_000);
afterAll(async () => {
  await site?.close();
  await rm(posts.root, { recursive: true, force: true });
});

/** The maintenance's badge on its page and in the list, and the stale notice, at `when` in the reader's clock. */
async function readAt(when: string) {
  const context = await site.browser.newContext();
  await context.clock.setFixedTime(new Date(when));
  const page = await context.newPage();
  await page.goto(`${site.server.url}${POST}`);
  await page.waitForLoadState("load");
  const badge = (await page.locator("header .badge").textContent())?.trim();
  const notice = (await page.locator(".stale-notice").allTextContents())[0];
  await page.goto(`${site.server.url}maintenance/`);
  const listed = (await page.locator(".post-item .badge").first().textContent())?.trim();
  await context.close();
  return { badge, listed, notice };
}

describe("the page's age, in the reader's browser", () => {
  it("records when it was built and when it next changes by itself", async () => {
    const record = JSON.parse(await readFile(path.join(site.root, "site", "build.json"), "utf8"));
    expect(record).toMatchObject({
      builtAt: "2026-12-01T12:00:00-05:00",
      // 24 hours before the first window the "within 24 hours" banner appears
      nextChangeAt: "2026-12-01T22:00:00-05:00",
      nextChange: "Core switch upgrade: 24 h before a window",
      staleAfterMinutes: 15,
    });
    expect(record.inputs).toMatch(/^[0-9a-f]{64}$/);
  });

  it("says nothing within the limit, and shows the state as built", async () => {
    const read = await readAt("2026-12-01T12:10:00-05:00");
    expect(read).toEqual({ badge: STATE_LABELS.scheduled, listed: STATE_LABELS.scheduled, notice: undefined });
  });

  it("says how old the page is once it is older than the limit", async () => {
    const read = await readAt("2026-12-01T12:40:00-05:00");
    expect(read.notice).toBe("This page was built 40 minutes ago and may be out of date.");
    expect(read.badge).toBe(STATE_LABELS.scheduled);
  });

  it("shows the maintenance in progress during a window, and scheduled between its windows", async () => {
    const during = await readAt("2026-12-02T23:00:00-05:00");
    expect(during).toEqual({
      badge: STATE_LABELS.in_progress,
      listed: STATE_LABELS.in_progress,
      notice: "This page was built 35 hours ago and may be out of date.",
    });
    const between = await readAt("2026-12-03T12:00:00-05:00");
    expect(between.badge).toBe(STATE_LABELS.scheduled);
  });

  it("shows it completed after its last window", async () => {
    const after = await readAt("2026-12-05T02:00:00-05:00");
    expect([after.badge, after.listed]).toEqual([STATE_LABELS.completed, STATE_LABELS.completed]);
    expect(after.notice).toBe("This page was built 3 days ago and may be out of date.");
  });
});
