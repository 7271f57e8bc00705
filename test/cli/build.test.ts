import { cp, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseFeed } from "@rowanmanning/feed-parser";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentBuild } from "../../src/build/publish.ts";
import { postFile, postsDir, SAMPLE_POSTS, SETTINGS_YAML, snapshot } from "../factory.ts";
import { invalidOutputs } from "../valid-outputs.ts";
import { runCli } from "./run.ts";

/** End to end: the real build command on the real posts/, into temporary folders. */

const NOW_OUTAGE = "2011-07-20T16:00-04:00";

const build = (out: string, posts = SAMPLE_POSTS, now = NOW_OUTAGE, extra: string[] = []) =>
  runCli("build", ["--posts", posts, "--out", out, "--now", now, ...extra]);

let tmp: string;
let site: string;
const page = (p: string) => readFile(path.join(site, p), "utf8");

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "noc-build-"));
  site = path.join(tmp, "site");
  const result = await build(site);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("the sample site during the July 2011 outage", () => {
  it("shows the outage on the status board", async () => {
    const home = await page("index.html");
    expect(home).toContain('<h1 id="overall">Major outage</h1>');
    expect(home).toMatch(/Open incidents[\s\S]*Packet loss and outage on Hosted Exchange and websites/);
    expect(home).toMatch(/Hosted Exchange<\/a> <span class="badge badge-major_outage">Major outage/);
    expect(home).toMatch(/DNS<\/a> <span class="badge badge-operational">Operational/);
    expect(home).toContain('As of <time datetime="2011-07-20T16:00:00-04:00">20 Jul, 16:00 EDT');
    // The open incident's latest update, on the board itself.
    expect(home).toMatch(
      /<div class="latest-update"><p class="update-meta"><strong>Investigating<\/strong> · <time datetime="2011-07-20T15:45:00-04:00">[\s\S]*?Random packet loss across several services/,
    );
  });

  it("writes the post page with its times in EDT and UTC and only the updates published by now", async () => {
    const post = await page("posts/2011-07-20-packet-loss-and-outage/index.html");
    expect(post).toContain(
      '<time datetime="2011-07-20T15:35:00-04:00">Wed, 20 Jul 2011, 15:35 EDT <span class="utc">(19:35 UTC)</span></time>',
    );
    expect(post).toContain('<span class="duration">(37 min)</span>');
    expect(post).toContain('<a href="/services/hosted-exchange/">Hosted Exchange</a>');
    expect(post).toContain("Investigating");
    expect(post).not.toContain("The offending machine was taken off the network");
  });

  it("shows winter times in EST", async () => {
    const post = await page("posts/2008-03-04-dallas-network-connectivity/index.html");
    expect(post).toContain('Tue, 4 Mar 2008, 09:05 EST <span class="utc">(14:05 UTC)</span>');
  });

  it("ends a resolved incident's open window at its resolving update, not 'ongoing'", async () => {
    const html = await page("posts/2011-03-15-linux-hosted-mailboxes-down/index.html");
    const impact = html.slice(html.indexOf('<h2 id="windows">'), html.indexOf('<h2 id="timeline">'));
    expect(impact).toMatch(/Tue, 15 Mar 2011, 08:50 EDT.*&ndash;.*>09:15 EDT/);
    expect(impact).not.toContain("ongoing");
  });

  it("writes a multi-window maintenance schedule", async () => {
    const post = await page("posts/2011-03-15-linux-hosted-mailboxes-down/index.html");
    expect(post).toContain("Resolved");
    const april = await page("posts/2010-03-26-extended-weekend-maintenance-april/index.html");
    expect(april.match(/<li>\s*<p><time/g)).toHaveLength(4);
    expect(april).toContain("Completed");
  });

  it("writes service pages with their status and archive", async () => {
    const service = await page("services/hosted-exchange/index.html");
    expect(service).toContain('<span class="badge badge-major_outage">Major outage</span>');
    expect(service).toMatch(/Open now[\s\S]*Packet loss and outage/);
    expect(service).toContain("mail1 network offline for switching maintenance");
    expect(await page("services/index.html")).toContain("Offsite Backup and Enterprise Storage");
  });

  it("writes history by year, lists per kind, a 404 page and the stylesheet", async () => {
    expect(await page("history/index.html")).toContain('<a href="/history/2008/">2008</a>');
    expect(await page("history/2008/index.html")).toContain("AT&amp;T blocking mail from our outbound network");
    // The history page: the latest months with what happened in each; a year page: its months.
    const history = await page("history/index.html");
    expect(history).toMatch(/<h2 id="month-2011-07">July 2011<\/h2>[\s\S]*Packet loss and outage on Hosted Exchange/);
    expect(history).toMatch(
      /<h2 id="month-2011-03">March 2011<\/h2>[\s\S]*Mail down on Linux web-hosted mailboxes<\/a>[\s\S]*?Resolved[\s\S]*?Tue, 15 Mar 2011<\/time> · lasted 25 min/,
    );
    expect(history.match(/<h2 id="month-/g)).toHaveLength(12);
    expect(await page("history/2008/index.html")).toMatch(/<h2 id="month-2008-11">November 2008<\/h2>/);
    expect(await page("incidents/index.html")).toContain("Packet loss and outage");
    expect(await page("maintenance/index.html")).toContain("mail1 network offline for switching maintenance");
    expect(await page("notices/index.html")).toContain("Raising the bar for 2010");
    expect(await page("404.html")).toContain("Page not found");
    expect(await page("style.css")).toContain("--operational");
  });

  it("does not publish posts dated after the build's now", async () => {
    const files = Object.keys(await snapshot(site));
    expect(files).not.toContain("posts/2011-09-14-data-center-upgrades-dallas-and-los-angeles/index.html");
    expect(files).not.toContain("history/2018/index.html");
    expect(await page("index.html")).not.toContain(
      'Los Angeles data center network</a> <span class="badge badge-under',
    );
  });

  it("paginates the latest posts", async () => {
    const second = await page("page/2/index.html");
    expect(second).toContain('rel="prev" href="/"');
  });
});

describe("status for machines and people in the sample site", () => {
  it("shows the open incident in a banner on every page", async () => {
    for (const file of ["index.html", "posts/2008-11-19-att-rbl-blocking/index.html", "services/dns/index.html"]) {
      expect(await page(file)).toMatch(
        /class="banner banner-incident"[\s\S]*Investigating:<\/strong> <a href="\/posts\/2011-07-20-packet-loss-and-outage\/">/,
      );
    }
  });

  it("writes the Statuspage API with the outage in it", async () => {
    const summary = JSON.parse(await page("api/v2/summary.json")) as {
      status: { indicator: string };
      incidents: { id: string }[];
    };
    expect(summary.status.indicator).toBe("critical");
    expect(summary.incidents.map((i) => i.id)).toEqual(["2011-07-20-packet-loss-and-outage"]);
    for (const f of [
      "status",
      "components",
      "incidents",
      "incidents/unresolved",
      "scheduled-maintenances",
      "scheduled-maintenances/upcoming",
      "scheduled-maintenances/active",
    ]) {
      expect(JSON.parse(await page(`api/v2/${f}.json`))).toHaveProperty("page.id", "exchangedefender-example");
    }
  });

  it("draws 90-day history bars with uptime, linking the day of the outage to its day page", async () => {
    const service = await page("services/hosted-exchange/index.html");
    expect(service).toContain('<a href="/history/2011-07-20/"><title>Wed, 20 Jul 2011: major outage (1 post)</title>');
    expect(service).toMatch(
      /<title id="history-hosted-exchange">Hosted Exchange\. Last 90 days: incidents on 1 day; uptime 99\.98%\.<\/title>/,
    );
    expect(await page("history/2011-07-20/index.html")).toContain(
      "Packet loss and outage on Hosted Exchange and websites",
    );
    expect(await page("index.html")).toContain('<span class="uptime">100% uptime</span>');
  });

  it("writes status badges for the site and each service", async () => {
    expect(await page("badges/status.svg")).toContain("ExchangeDefender Network Operations: major outage");
    expect(await page("badges/dns.svg")).toContain("DNS: operational");
  });

  it("builds a search index of the post pages", async () => {
    const entry = JSON.parse(await page("pagefind/pagefind-entry.json")) as {
      languages: { en: { page_count: number } };
    };
    const posts = Object.keys(await snapshot(site)).filter((f) => /^posts\/[^/]+\/index\.html$/.test(f));
    expect(entry.languages.en.page_count).toBe(posts.length);
  });
});

describe("subscriptions in the sample site", () => {
  it("writes the site feed with every post published by now, read by a real feed parser", async () => {
    const feed = parseFeed(await page("feed.xml"));
    expect(feed.self).toBe("https://noc.exchangedefender.example/feed.xml");
    expect(feed.items.length).toBe(
      Object.keys(await snapshot(site)).filter((f) => /^posts\/[^/]+\/index\.html$/.test(f)).length,
    );
    expect(feed.items[0]?.title).toBe("Investigating: Packet loss and outage on Hosted Exchange and websites");
  });

  it("writes feeds per kind and per service, calendars, OPML and the subscribe page", async () => {
    const files = Object.keys(await snapshot(site));
    for (const f of [
      "rss.xml",
      "feed.json",
      "incidents/feed.xml",
      "maintenance/rss.xml",
      "notices/feed.json",
      "services/hosted-exchange/feed.xml",
      "services/hosted-exchange/maintenance.ics",
      "maintenance.ics",
      "feeds.opml",
      "subscribe/index.html",
    ]) {
      expect(files).toContain(f);
    }
    expect(await page("subscribe/index.html")).toContain(
      "<code>https://noc.exchangedefender.example/services/hosted-exchange/maintenance.ics</code>",
    );
  });

  it("writes a maintenance calendar a real calendar parser reads, one event per window", async () => {
    const calendar = new ICAL.Component(ICAL.parse(await page("maintenance.ics")));
    const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    const april = events.filter((e) => e.uid.startsWith("2010-03-26-extended-weekend-maintenance-april-"));
    expect(april).toHaveLength(4);
    expect(april[0]?.startDate.toJSDate().toISOString()).toBe("2010-04-04T02:00:00.000Z");
    expect(april[0]?.duration.toSeconds()).toBe(8 * 3600);
  });

  it("links the site feed from every page and a service's own feed from its page", async () => {
    const link =
      '<link rel="alternate" type="application/atom+xml" title="ExchangeDefender Network Operations (Atom)" href="/feed.xml">';
    expect(await page("index.html")).toContain(link);
    expect(await page("posts/2011-07-20-packet-loss-and-outage/index.html")).toContain(link);
    const service = await page("services/dns/index.html");
    expect(service).toContain(link);
    expect(service).toContain('href="/services/dns/feed.xml"');
    const atomLinks = (html: string) =>
      [...html.matchAll(/<link rel="alternate" type="application\/atom\+xml"[^>]*href="([^"]*)"/g)].map((m) => m[1]);
    expect(atomLinks(service)).toEqual(["/feed.xml", "/services/dns/feed.xml"]);
    expect(atomLinks(await page("incidents/index.html"))).toEqual(["/feed.xml", "/incidents/feed.xml"]);
    expect(atomLinks(await page("posts/2011-07-20-packet-loss-and-outage/index.html"))).toEqual(["/feed.xml"]);
  });
});

describe("builds are reproducible", () => {
  it("gives byte-identical output for the same posts and the same now", async () => {
    const again = path.join(tmp, "again");
    expect((await build(again)).code).toBe(0);
    expect(await snapshot(again)).toEqual(await snapshot(site));
  });

  it("writes over the spare build in place and gives, file for file, what a clean build gives", async () => {
    const posts = path.join(tmp, "posts-spare");
    await cp(SAMPLE_POSTS, posts, { recursive: true });
    const out = path.join(tmp, "spare-site");
    // The second build keeps the first as the spare; the third is written over it.
    expect((await build(out, posts)).code).toBe(0);
    expect((await build(out, posts)).code).toBe(0);
    // A post deleted (its page, its day, a list page go), one added, one edited, a setting changed
    // (pages per list: every list page changes and some pages of lists go), and another now.
    await rm(path.join(posts, "2008-12-22-week-in-review.md"));
    await writeFile(
      path.join(posts, "2011-07-20-new-notice.md"),
      "---\ntitle: A new notice\nkind: notice\nservice: dns\ndate: 2011-07-20 09:00\n---\nBody of the new notice.\n",
    );
    const edited = path.join(posts, "2011-03-15-linux-hosted-mailboxes-down.md");
    await writeFile(
      edited,
      (await readFile(edited, "utf8")).replace(/^title: .*$/m, "title: Linux mailboxes were down"),
    );
    const settings = path.join(posts, "settings.yaml");
    await writeFile(settings, (await readFile(settings, "utf8")).replace("postsPerPage: 10", "postsPerPage: 4"));
    for (const now of [NOW_OUTAGE, "2011-09-17T03:00"]) {
      expect((await build(out, posts, now)).code).toBe(0);
      const clean = path.join(tmp, `spare-clean-${now.slice(0, 10)}`);
      expect((await build(clean, posts, now)).code).toBe(0);
      expect(await snapshot(out)).toEqual(await snapshot(clean));
    }
    expect((await readdir(`${out}.builds`)).filter((n) => !n.startsWith("site-")).sort()).toEqual([
      ".noc-status-builds",
      "cache.json",
      "spare",
    ]);
  });

  it("keeps public/ from the spare when it is as Eleventy wrote it, and has Eleventy copy it when not", async () => {
    const out = path.join(tmp, "public-site");
    const now = "2018-01-16T12:00";
    const run = async () => expect((await build(out, SAMPLE_POSTS, now, ["--skip-search"])).code).toBe(0);
    const changed = async (file: string) => (await stat(file)).ctimeMs;
    const style = await readFile("public/style.css", "utf8");
    await run();
    await run();
    // The third build is written over the first, made from the same project: its copies stay
    // untouched (a file written, even with the same bytes and time, gets a new change time).
    const spare = path.join(`${out}.builds`, "spare");
    const before = await changed(path.join(spare, "style.css"));
    await run();
    expect(await changed(path.join(out, "style.css"))).toBe(before);
    expect(await readFile(path.join(out, "style.css"), "utf8")).toBe(style);

    // A copy in the spare not of the length recorded: Eleventy copies public/ again.
    await truncate(path.join(spare, "style.css"), 100);
    await run();
    expect(await readFile(path.join(out, "style.css"), "utf8")).toBe(style);
    const clean = path.join(tmp, "public-clean");
    expect((await build(clean, SAMPLE_POSTS, now, ["--skip-search"])).code).toBe(0);
    expect(await snapshot(out)).toEqual(await snapshot(clean));
  }, 60_000);

  it("keeps the search index parts whose posts did not change, and indexes again a part not as it was left", async () => {
    const posts = path.join(tmp, "posts-parts");
    await cp(SAMPLE_POSTS, posts, { recursive: true });
    const out = path.join(tmp, "parts-site");
    const now = "2018-01-16T12:00";
    // Small parts: the sample site's 26 posts in five, January 2018's two in the last.
    const env = { NOC_SEARCH_PART: "10000" };
    const run = async (to: string) => {
      const result = await runCli("build", ["--posts", posts, "--out", to, "--now", now], env);
      expect(result.code, result.stderr).toBe(0);
      return /search index of 26 posts in 5 parts(?: \((\w+) unchanged, kept\))?\./.exec(result.stdout)?.[1] ?? "none";
    };
    const sameAsClean = async (name: string) => {
      const clean = path.join(tmp, `parts-clean-${name}`);
      expect(await run(clean)).toBe("none");
      expect(await snapshot(out)).toEqual(await snapshot(clean));
    };
    /** Modification times of the files of the first part (not of the parts in its folder). */
    const firstPart = async (dir: string) => {
      const entries = await readdir(path.join(dir, "pagefind"), { recursive: true, withFileTypes: true });
      const files = entries
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name))
        .filter(
          (f) =>
            !path
              .relative(dir, f)
              .split(path.sep)
              .some((part) => part.startsWith("part-")),
        );
      return Object.fromEntries(await Promise.all(files.map(async (f) => [f, (await stat(f)).mtimeMs] as const)));
    };

    expect(await run(out)).toBe("none");
    expect(await run(out)).toBe("none");
    // The third build is written over the first: every part is as it was.
    expect(await run(out)).toBe("all");

    // The newest post gets an update: its part (the last) is indexed again, the others are kept
    // without a byte written.
    const newest = path.join(posts, "2018-01-15-los-angeles-network-equipment-maintenance.md");
    await writeFile(newest, `${await readFile(newest, "utf8")}\nUpdate: the last switch is back in service.\n`);
    const spare = path.join(`${out}.builds`, "spare");
    const before = await firstPart(spare);
    expect(Object.keys(before).length).toBeGreaterThan(5);
    expect(await run(out)).toBe("4");
    expect(await firstPart(currentBuild(out) as string)).toEqual(
      Object.fromEntries(Object.entries(before).map(([f, t]) => [f.replace(spare, currentBuild(out) as string), t])),
    );
    await sameAsClean("edited");

    // The spare (the third build) lacks a file of its first part, and its second part's record is
    // not JSON: both are indexed again, with the last (its post changed since).
    const left = (await readdir(path.join(spare, "pagefind", "fragment")))[0] as string;
    await rm(path.join(spare, "pagefind", "fragment", left));
    await writeFile(path.join(spare, "pagefind", "part-2", "part.json"), "{");
    expect(await run(out)).toBe("2");
    await sameAsClean("mended");
  }, 60_000);

  it("shows maintenance in progress, with its banner on every page, at a later now", async () => {
    const later = path.join(tmp, "later");
    expect((await build(later, SAMPLE_POSTS, "2011-09-17T03:00")).code).toBe(0);
    const home = await readFile(path.join(later, "index.html"), "utf8");
    expect(home).toContain('<h1 id="overall">Maintenance in progress</h1>');
    expect(home).toMatch(/Maintenance under way[\s\S]*Network infrastructure upgrades across Dallas and Los Angeles/);
    // Every file valid then too: the board's heading and the list's are two landmarks' names.
    expect(await invalidOutputs(later)).toEqual([]);
    const notice = await readFile(path.join(later, "posts/2010-03-26-raising-the-bar-for-2010/index.html"), "utf8");
    expect(notice).toMatch(
      /class="banner banner-maintenance"[\s\S]*Maintenance in progress:<\/strong> <a href="\/posts\/2011-09-14-data-center-upgrades-dallas-and-los-angeles\/">/,
    );
    // Until when, in the banner and the list; how many windows are left.
    expect(notice).toMatch(/Dallas and Los Angeles<\/a> · until <time datetime="2011-09-17T09:00:00-04:00">/);
    expect(home).toMatch(
      /<p class="when">In progress until <time datetime="2011-09-17T09:00:00-04:00">[^\n]*<span class="more">and 2 more windows<\/span>/,
    );
  });

  it("shows maintenance starting within a day quietly, and no banner when all is quiet", async () => {
    const soon = path.join(tmp, "soon");
    expect((await build(soon, SAMPLE_POSTS, "2011-09-15T10:00")).code).toBe(0);
    const home = await readFile(path.join(soon, "index.html"), "utf8");
    expect(home).toContain('class="banner banner-soon"');
    // The banner and the upcoming list say when; the feed's summary too.
    expect(home).toMatch(
      /Maintenance within 24 hours: <a [^>]*>[^<]*<\/a> · <time datetime="2011-09-15T21:00:00-04:00">/,
    );
    expect(home).toMatch(/<p class="when"><time datetime="2011-09-15T21:00:00-04:00">[^\n]*and 4 more windows/);
    const feed = await readFile(path.join(soon, "maintenance/feed.json"), "utf8");
    expect(JSON.parse(feed).items[0].summary).toMatch(
      /^Thu, 15 Sept 2011, 21:00 EDT \(16 Sept, 01:00 UTC\) to Fri, 16 Sept 2011, 01:00 EDT \(05:00 UTC\), and 4 more windows\./,
    );
    expect(home).not.toContain("banner-incident");
    expect(home).not.toContain("banner-maintenance");
    const quiet = path.join(tmp, "quiet");
    expect((await build(quiet, SAMPLE_POSTS, "2012-06-01T00:00")).code).toBe(0);
    expect(await readFile(path.join(quiet, "index.html"), "utf8")).not.toContain('class="banner');
  });
});

describe("drafts and scheduled posts", () => {
  it("leave out drafts and posts dated after now from every output, and --drafts shows drafts", async () => {
    const posts = path.join(tmp, "posts-drafts");
    await cp(SAMPLE_POSTS, posts, { recursive: true });
    const notice = (id: string, date: string, extra = "") =>
      `---\ntitle: Secret ${id}\nkind: notice\nid: ${id}\nservice: dns\ndate: ${date}\n${extra}---\nBody\n`;
    await writeFile(path.join(posts, "draft.md"), notice("draft-notice", "2011-07-01 10:00", "draft: true\n"));
    await writeFile(path.join(posts, "future.md"), notice("future-notice", "2011-07-21 09:00"));
    const out = path.join(tmp, "drafts-site");
    expect((await build(out, posts)).code).toBe(0);

    const all = async (dir: string) => {
      const files = Object.keys(await snapshot(dir));
      return (await Promise.all(files.map((f) => readFile(path.join(dir, f), "utf8")))).join("\n");
    };
    const text = await all(out);
    for (const secret of ["draft-notice", "Secret draft", "future-notice", "Secret future"]) {
      expect(text).not.toContain(secret);
    }
    const withDrafts = path.join(tmp, "drafts-shown");
    expect((await build(withDrafts, posts, NOW_OUTAGE, ["--drafts"])).code).toBe(0);
    const shown = await all(withDrafts);
    expect(shown).toContain("Secret draft-notice");
    expect(shown).not.toContain("Secret future-notice");
    // Once its time comes, the scheduled post is published.
    const later = path.join(tmp, "drafts-later");
    expect((await build(later, posts, "2011-07-21T09:00")).code).toBe(0);
    expect(await all(later)).toContain("Secret future-notice");
  });
});

describe("a bad post fails the build and leaves the previous output untouched", () => {
  const incident = (extra: string) =>
    `---\ntitle: Bad\nkind: incident\nservice: hosted-exchange\nseverity: minor\ndate: 2011-07-20 10:00\n${extra}\n---\nBody\n`;

  it.each([
    [
      "unknown service",
      incident("window:\n  start: 2011-07-20 10:00\n  service: exchange-hosting"),
      "bad.md:9:3: error: window.service",
      'unknown service "exchange-hosting"',
    ],
    [
      "status of the other kind",
      incident("updates:\n  - at: 2011-07-20 10:05\n    status: completed\n    body: x"),
      "bad.md:9:5: error: updates[0].status",
      '"completed" is not one of investigating',
    ],
    [
      "window ending before it starts",
      incident("window:\n  start: 2011-07-20 10:00\n  end: 2011-07-20 09:00"),
      "bad.md:9:3: error: window.end",
      "is before start",
    ],
    [
      "updates out of order",
      incident(
        "updates:\n  - at: 2011-07-20 10:05\n    status: investigating\n    body: x\n  - at: 2011-07-20 10:01\n    status: resolved\n    body: y",
      ),
      "bad.md:11:5: error: updates[1].at",
      "earlier than the update before it",
    ],
    [
      "date without a time",
      incident("updates:\n  - at: 2011-07-20\n    status: investigating\n    body: x"),
      "bad.md:8:5: error: updates[0].at",
      "has a date but no time",
    ],
    ["malformed YAML", "---\ntitle: Bad\nkind: [incident\n---\n", "bad.md:3:", "must end with ] on the same line"],
    [
      "duplicate id",
      incident("id: 2011-07-20-packet-loss-and-outage"),
      "bad.md:1:1: error: id",
      'duplicate id "2011-07-20-packet-loss-and-outage"',
    ],
  ])("%s", async (_kind, content, where, what) => {
    const posts = path.join(tmp, `posts-${_kind.replace(/\W+/g, "-")}`);
    await cp(SAMPLE_POSTS, posts, { recursive: true });
    await writeFile(path.join(posts, "bad.md"), content);
    const before = await snapshot(site);

    const result = await build(site, posts);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(where);
    expect(result.stderr).toContain(what);
    expect(result.stderr).toContain("was left as it was");
    expect(await snapshot(site)).toEqual(before);
    expect((await readdir(tmp)).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("reports every bad post at once", async () => {
    const posts = path.join(tmp, "posts-many");
    await cp(SAMPLE_POSTS, posts, { recursive: true });
    await writeFile(path.join(posts, "one.md"), incident("severity: huge").replace("severity: minor\n", ""));
    await writeFile(path.join(posts, "two.md"), incident("sevrity: major"));
    const result = await build(path.join(tmp, "never"), posts);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("2 problems in the posts");
    expect(result.stderr).toMatch(/one\.md:\d+:\d+: error: severity: "huge"/);
    expect(result.stderr).toMatch(/two\.md:\d+:\d+: error: sevrity: unknown field \(did you mean "severity"\?\)/);
  });
});

describe("brand settings", () => {
  it("refuses a logo and a favicon that are not in public/, naming the file, line and field of each", async () => {
    const { root, dir } = await postsDir(
      { "2011-07-20-a.md": postFile("title: A\nkind: notice\ndate: 2011-07-20 10:00") },
      { settings: `${SETTINGS_YAML}logo: brand/missing.svg\nfavicon: brand/missing.png\n` },
    );
    const lines = (await readFile(path.join(dir, "settings.yaml"), "utf8")).split("\n");
    const lineOf = (field: string) => lines.findIndex((l) => l.startsWith(`${field}:`)) + 1;
    const result = await build(path.join(root, "site"), dir);
    await rm(root, { recursive: true, force: true });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `settings.yaml:${lineOf("logo")}:1: error: logo: public/brand/missing.svg does not exist`,
    );
    expect(result.stderr).toContain(
      `settings.yaml:${lineOf("favicon")}:1: error: favicon: public/brand/missing.png does not exist`,
    );
  });
});
