import { execFile } from "node:child_process";
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stripForbidden } from "../../src/model/sanitize.ts";
import { postFile, postsDir } from "../factory.ts";
import { invalidOutputs } from "../valid-outputs.ts";
import { runCli } from "./run.ts";

/**
 * Every hostile string an author or a settings file can hold, through every output, each file read
 * back by a real parser of its format: xmllint for XML (Atom, RSS, OPML, SVG), ical.js for
 * iCalendar, JSON.parse, html-validate. xmllint comes from Debian's libxml2-utils (.ci/run).
 */

const _exec = promisify(execFile);

// YAML double-quoted escapes: ESC, BEL, form feed, NUL, vertical tab, a lone surrogate, CR LF.
const NASTY = String.raw`<script>alert(1)</script> ]]> ]]]]> & &amp; \"q\" 'a' \e[31m\a\f\0\v\uD800 \r\nX-INJECT:1 🚨 \u202Eevil`;
const q = (label: string) => `"${label} ${NASTY}"`;

const SETTINGS = `
title: ${q("Title")}
description: ${q("Description")}
baseUrl: https://status.example.net/noc/
timeZone: America/New_York
contact: ${q("Contact")}
author:
  name: ${q("Author")}
tagAuthority: example.net,2008
`;

const SERVICES = `
- id: dns
  name: ${q("DNS (latency <50ms)")}
  group: ${q("Group")}
  description: ${q("About")}
- id: mail
  name: Mail
  group: Messaging
`;

const BODY = `<!-- internal: vendor ticket 4711, do not publish -->
Pasted \u001b[31mterminal\u0007 output\u000c with a NUL \u0000 and ]]> and <script>alert(2)</script>.

<!-- a comment --> <b onclick="x()">bold</b> [link](javascript:alert(3))
`;

const POSTS = {
  "2011-07-20-incident.md": postFile(
    `
title: ${q("Incident")}
kind: incident
service: [dns, mail]
severity: critical
date: 2011-07-20 15:00
summary: ${q("Summary")}
tags: [third-party]
window:
  start: 2011-07-20 14:50
updates:
  - at: 2011-07-20 15:00
    status: investigating
    body: ${q("Update")}
  - at: 2011-07-20 15:30
    status: identified
    body: ${q("Second")}`,
    BODY,
  ),
  "2011-07-19-maintenance.md": postFile(
    `
title: ${q("Maintenance")}
kind: maintenance
service: dns
severity: minor
date: 2011-07-19 10:00
window:
  - start: 2011-07-21 22:00
    end: 2011-07-22 01:00
    note: ${q("Note")}
  - start: 2011-07-23 22:00
    end: 2011-07-24 01:00`,
    BODY,
  ),
  "2011-07-18-notice.md": postFile(
    `title: ${q("Notice")}\nkind: notice\ndate: 2011-07-18 10:00\nupdates:\n  - at: 2011-07-18 11:00\n    status: update\n    body: "More. <!-- internal: vendor ticket 4711, do not publish -->"`,
    BODY,
  ),
};

let made: string;
let site: string;
let files: string[];
let stderr: string;
const read = (file: string) => readFile(path.join(site, file), "utf8");
const ofType = (...ext: string[]) => files.filter((f) => ext.some((e) => f.endsWith(e)) && !f.startsWith("pagefind/"));

beforeAll(async () => {
  const { root, dir } = await postsDir(POSTS, { settings: SETTINGS, services: SERVICES });
  made = root;
  site = path.join(root, "site");
  const result = await runCli("build", ["--posts", dir, "--out", site, "--now", "2011-07-20T16:00-04:00"]);
  expect(result.code, result.stderr).toBe(0);
  stderr = result.stderr;
  const entries = await readdir(site, { recursive: true, withFileTypes: true });
  files = entries.filter((e) => e.isFile()).map((e) => path.relative(site, path.join(e.parentPath, e.name)));
});

afterAll(async () => {
  await rm(made, { recursive: true, force: true });
});

describe("hostile text through every output", () => {
  it("warns, with file and line, about each control character it removed", () => {
    expect(stderr).toMatch(/settings\.yaml:2:1: warning: title: control characters removed/);
    expect(stderr).toMatch(/services\.yaml:3:3: warning: \[0\]\.name: control characters removed/);
    expect(stderr).toMatch(/2011-07-20-incident\.md:\d+:\d+: warning: control character U\+001B removed/);
  });

  it("leaves no character XML 1.0 forbids in any file", async () => {
    const bad: string[] = [];
    for (const file of ofType(".html", ".xml", ".opml", ".svg", ".json", ".ics")) {
      if (stripForbidden(await read(file)).removed.length > 0) bad.push(file);
    }
    expect(bad).toEqual([]);
  });

  it("writes every file so that a real parser of its format reads it", async () => {
    expect(ofType(".xml", ".opml", ".svg").length).toBeGreaterThanOrEqual(16);
    // Line breaks inside the hostile text leave spaces at line ends: style, not validity.
    expect(await invalidOutputs(site, { "long-title": "off", "no-trailing-whitespace": "off" })).toEqual([]);
  });

  it("writes RSS titles and descriptions as text: no markup a reader would run", async () => {
    const rss = await read("rss.xml");
    for (const [, text] of rss.matchAll(/<(?:title|description)>([\s\S]*?)<\/(?:title|description)>/g)) {
      expect(text).not.toMatch(/<script|<b>/);
    }
    expect(rss).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("writes calendars that ical.js reads, with no property a value could inject", async () => {
    const calendars = ofType(".ics");
    expect(calendars.length).toBeGreaterThan(1);
    for (const file of calendars) {
      const text = await read(file);
      expect(text.split("\r\n").filter((l) => /^X-INJECT/i.test(l))).toEqual([]);
      const calendar = new ICAL.Component(ICAL.parse(text));
      expect(calendar.getFirstPropertyValue("prodid")).toMatch(
        /^-\/\/Author <script>[\s\S]*X-INJECT[\s\S]*\/\/NOC status site\/\/EN$/,
      );
      for (const event of calendar.getAllSubcomponents("vevent")) {
        const names = event.getAllProperties().map((p) => p.name);
        expect(names.filter((n) => n.startsWith("x-") && !n.startsWith("x-maintnote"))).toEqual([]);
      }
    }
  });

  it("leaves authors' HTML comments out of every file, the search index included", async () => {
    const leaks: string[] = [];
    for (const file of files) {
      const bytes = await readFile(path.join(site, file));
      // Pagefind's fragments and index parts are gzip: read what they hold.
      const text = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString("utf8") : bytes.toString("utf8");
      if (text.includes("vendor ticket 4711") || text.includes("a comment")) leaks.push(file);
    }
    expect(files.some((f) => f.startsWith("pagefind/fragment/"))).toBe(true);
    expect(leaks).toEqual([]);
  });

  it("keeps the hostile text as text in the status API", async () => {
    const summary = JSON.parse(await read("api/v2/summary.json"));
    expect(summary.incidents[0].name).toContain("<script>alert(1)</script>");
  });

  it("shows the hostile text on pages as text, never as markup", async () => {
    for (const file of ofType(".html")) {
      const text = await read(file);
      expect(text, file).not.toContain("<script>alert");
      expect(text, file).not.toContain('onclick="x()"');
    }
    const post = await read("posts/2011-07-20-incident/index.html");
    expect(post).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});
