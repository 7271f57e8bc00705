import { describe, expect, it } from "vitest";
import type { SourcePost } from "../../src/model/check.ts";
import type { Sources } from "../../src/model/load.ts";
import { MarkdownMemo } from "../../src/model/markdown.ts";
import { buildSite } from "../../src/model/site.ts";
import { at, post, settings } from "../factory.ts";

const sources = (posts: SourcePost[]): Sources => ({
  settings: settings(),
  services: [
    { id: "mail", name: "Mail", group: "Messaging", audience: "public" },
    { id: "web", name: "Web", group: "Hosting", audience: "public" },
    { id: "dns", name: "DNS", group: "Messaging", audience: "public" },
  ],
  posts,
});

const incident = (date: string, extra = "", file = `posts/${date.slice(0, 10)}-incident.md`) =>
  post(
    `title: I ${date}\nkind: incident\nservice: mail\nseverity: major\ndate: ${date}\n${extra}`,
    "Body *text*.\n",
    file,
  );
const maintenance = (date: string, start: string, end: string) =>
  post(
    `title: M ${date}\nkind: maintenance\nservice: web\nseverity: minor\ndate: ${date}\nwindow:\n  start: ${start}\n  end: ${end}`,
    "",
    `posts/${date.slice(0, 10)}-maintenance.md`,
  );

describe("buildSite", () => {
  it("lists published posts newest first and renders their Markdown once", () => {
    const site = buildSite(
      sources([
        incident("2011-01-01 10:00", "updates:\n  - at: 2011-01-01 11:00\n    status: resolved\n    body: Done."),
        incident("2011-02-01 10:00"),
      ]),
      { now: at("2011-03-01T00:00") },
    );
    expect(site.posts.map((p) => p.id)).toEqual(["2011-02-01-incident", "2011-01-01-incident"]);
    expect(site.posts[1]?.html).toBe("<p>Body <em>text</em>.</p>\n");
    expect(site.posts[1]?.updates[0]?.html).toBe("<p>Done.</p>\n");
    expect(site.posts[1]?.url).toBe("/posts/2011-01-01-incident/");
  });

  it("leaves out drafts unless asked, and posts dated after now", () => {
    const posts = [
      incident("2011-01-01 10:00", "draft: true"),
      incident("2011-05-01 10:00"),
      incident("2011-02-01 10:00"),
    ];
    const now = at("2011-03-01T00:00");
    expect(buildSite(sources(posts), { now }).posts.map((p) => p.id)).toEqual(["2011-02-01-incident"]);
    expect(buildSite(sources(posts), { now, drafts: true }).posts.map((p) => p.id)).toEqual([
      "2011-02-01-incident",
      "2011-01-01-incident",
    ]);
  });

  it("hides updates stamped after now", () => {
    const p = incident("2011-01-01 10:00", "updates:\n  - at: 2011-01-01 11:00\n    status: resolved\n    body: Done.");
    const site = buildSite(sources([p]), { now: at("2011-01-01T10:30") });
    expect(site.posts[0]?.updates).toEqual([]);
    expect(site.posts[0]?.state).toBe("investigating");
    expect(site.posts[0]?.open).toBe(true);
  });

  it("builds the status board from open incidents and maintenance", () => {
    const posts = [
      incident("2011-03-01 09:00"),
      maintenance("2011-02-20 10:00", "2011-03-01 08:00", "2011-03-01 12:00"),
      maintenance("2011-02-21 10:00", "2011-03-05 22:00", "2011-03-06 02:00"),
    ];
    const site = buildSite(sources(posts), { now: at("2011-03-01T10:00") });
    expect(site.board.status).toBe("partial_outage");
    expect(site.board.label).toBe("Partial outage");
    expect(site.board.openIncidents.map((p) => p.title)).toEqual(["I 2011-03-01 09:00"]);
    expect(site.board.activeMaintenance.map((p) => p.title)).toEqual(["M 2011-02-20 10:00"]);
    expect(site.board.upcomingMaintenance.map((p) => p.title)).toEqual(["M 2011-02-21 10:00"]);
    expect(site.services.map((s) => [s.id, s.status])).toEqual([
      ["mail", "partial_outage"],
      ["web", "under_maintenance"],
      ["dns", "operational"],
    ]);
    expect(site.groups.map((g) => [g.name, g.services.map((s) => s.id)])).toEqual([
      ["Messaging", ["mail", "dns"]],
      ["Hosting", ["web"]],
    ]);
  });

  it("says all systems operational when nothing is open", () => {
    const site = buildSite(sources([]), { now: at("2011-03-01T10:00") });
    expect(site.board).toMatchObject({ status: "operational", label: "All systems operational" });
  });

  it("paginates the home page, service archives and kind lists, and groups history by NOC-zone year", () => {
    const posts = [
      incident("2010-12-31 22:30"), // 03:30 UTC on 1 January: still 2010 in the NOC zone
      incident("2011-01-02 10:00"),
      incident("2011-01-03 10:00"),
    ];
    const site = buildSite(sources(posts), { now: at("2012-01-01T00:00") });
    expect(site.pages.home.map((p) => p.url)).toEqual(["/", "/page/2/"]);
    expect(site.pages.services.filter((p) => p.service.id === "mail").map((p) => p.url)).toEqual([
      "/services/mail/",
      "/services/mail/page/2/",
    ]);
    expect(site.pages.services.filter((p) => p.service.id === "dns").map((p) => p.items.length)).toEqual([0]);
    expect(site.pages.kinds.filter((p) => p.kind === "incident").map((p) => p.url)).toEqual([
      "/incidents/",
      "/incidents/page/2/",
    ]);
    expect(site.pages.years.map((y) => [y.year, y.posts.length])).toEqual([
      ["2011", 2],
      ["2010", 1],
    ]);
  });
});

describe("a maintenance's schedule, as lists show it", () => {
  const threeWindows = (updates = "") =>
    post(
      `title: M\nkind: maintenance\nservice: web\nseverity: minor\ndate: 2011-09-10 10:00\nwindow:\n  - start: 2011-09-15 21:00\n    end: 2011-09-16 01:00\n  - start: 2011-09-16 21:00\n    end: 2011-09-17 01:00\n  - start: 2011-09-17 21:00\n    end: 2011-09-18 01:00\n${updates}`,
      "",
      "posts/2011-09-10-m.md",
    );
  const scheduleAt = (now: string, p = threeWindows()) => {
    const s = buildSite(sources([p]), { now: at(now) }).posts[0]?.schedule;
    return s && { start: s.window.start.toISO(), inProgress: s.inProgress, more: s.more };
  };

  it.each([
    ["before it starts: the next window, and 2 more", "2011-09-12T00:00", "2011-09-15T21:00", false, 2],
    ["during the first window: in progress until its end", "2011-09-15T23:00", "2011-09-15T21:00", true, 2],
    ["between windows: the next one", "2011-09-16T12:00", "2011-09-16T21:00", false, 1],
    ["over: the first window, and the rest", "2011-09-20T00:00", "2011-09-15T21:00", false, 2],
  ])("%s", (_name, now, start, inProgress, more) => {
    expect(scheduleAt(now)).toEqual({ start: at(start).toISO(), inProgress, more });
  });

  it("shows a cancelled maintenance its first window, never in progress", () => {
    const cancelled = threeWindows("updates:\n  - at: 2011-09-14 10:00\n    status: cancelled\n    body: Off.");
    expect(scheduleAt("2011-09-15T23:00", cancelled)).toEqual({
      start: at("2011-09-15T21:00").toISO(),
      inProgress: false,
      more: 2,
    });
  });

  it("is null for incidents and notices", () => {
    expect(
      buildSite(sources([incident("2011-07-20 10:00")]), { now: at("2011-07-21T00:00") }).posts[0]?.schedule,
    ).toBeNull();
  });
});

describe("the contact line", () => {
  it("is inline Markdown: a tel: link and an address become links, raw HTML stays text", () => {
    const s = buildSite(
      {
        ...sources([]),
        settings: settings({ contact: "Call [+1 555 0100](tel:+15550100) or noc@example.net <b>24/7</b>" }),
      },
      { now: at("2011-07-21T00:00") },
    );
    expect(s.contact.html).toBe(
      'Call <a href="tel:+15550100">+1&nbsp;555&nbsp;0100</a> or <a href="mailto:noc@example.net">noc@example.net</a> &lt;b&gt;24/7&lt;/b&gt;',
    );
    expect(s.contact.text).toBe("Call +1 555 0100 or noc@example.net <b>24/7</b>");
  });

  it("is rendered by the memo a build passes, which a rebuild gives what the last build rendered", () => {
    const memo = new MarkdownMemo();
    const contact = "NOC: noc@example.net";
    const first = buildSite(
      { ...sources([]), settings: settings({ contact }) },
      { now: at("2011-07-21T00:00"), markdown: memo.render, inlineMarkdown: memo.inline },
    );
    expect(first.contact.html).toBe('NOC: <a href="mailto:noc@example.net">noc@example.net</a>');
    const next = new MarkdownMemo();
    next.give(memo.entries().map(([hash]) => [hash, "NOC: as the last build rendered it"]));
    const again = buildSite(
      { ...sources([]), settings: settings({ contact }) },
      { now: at("2011-07-21T00:00"), markdown: next.render, inlineMarkdown: next.inline },
    );
    expect(again.contact.html).toBe("NOC: as the last build rendered it");
  });
});
