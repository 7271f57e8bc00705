import { describe, expect, it } from "vitest";
import { servicesSchema, settingsSchema } from "../../src/model/schema.ts";
import { isoInstant } from "../../src/model/time.ts";
import { post, problemsOf, ZONE } from "../factory.ts";

const incident = `
title: Outage
kind: incident
service: mail
severity: major
date: 2011-07-20 15:35
`;

describe("valid posts are normalised", () => {
  it("turns one service into a list and reads bare times in the NOC zone", () => {
    const p = post(`${incident}\nwindow:\n  start: 2011-07-20 15:35\n  end: 2011-07-20 16:12`);
    expect(p.services).toEqual(["mail"]);
    expect(p.windows).toHaveLength(1);
    expect(isoInstant(p.date, ZONE)).toBe("2011-07-20T15:35:00-04:00");
    expect(isoInstant(p.windows[0]?.end ?? p.date, ZONE)).toBe("2011-07-20T16:12:00-04:00");
  });

  it("gives each window the post's services unless the window names its own", () => {
    const p = post(`
title: Upgrades
kind: maintenance
service: [mail, web]
severity: minor
date: 2011-09-14 17:00
window:
  - start: 2011-09-15 21:00
    end: 2011-09-16 01:00
  - start: 2011-09-17 00:00
    end: 2011-09-17 09:00
    service: web
    note: Power
`);
    expect(p.windows.map((w) => w.services)).toEqual([["mail", "web"], ["web"]]);
    expect(p.windows[1]?.note).toBe("Power");
  });

  it("lets an incident reopen after it was resolved", () => {
    const reopened = `${incident}\nupdates:\n  - at: 2011-07-20 16:00\n    status: resolved\n    body: x\n  - at: 2011-07-20 17:00\n    status: monitoring\n    body: y`;
    expect(problemsOf(reopened)).toEqual([]);
  });

  it("lets an incident window stay open (no end) while the incident is open", () => {
    const p = post(`${incident}\nwindow:\n  start: 2011-07-20 15:35`);
    expect(p.windows[0]?.end).toBeNull();
  });

  it("gives notices no services, no severity and no updates by default", () => {
    const p = post("title: Happy New Year\nkind: notice\ndate: 2009-01-01");
    expect(p).toMatchObject({ services: [], severity: "none", updates: [], tags: [], draft: false });
  });

  it("reads a date in winter with the EST offset and in summer with EDT", () => {
    expect(isoInstant(post(incident.replace("2011-07-20 15:35", "2008-03-04 09:05")).date, ZONE)).toBe(
      "2008-03-04T09:05:00-05:00",
    );
  });
});

describe("bad posts name the field, what was found and what is allowed", () => {
  it.each([
    ["missing title", incident.replace("title: Outage", ""), "title: is required"],
    [
      "unknown kind",
      incident.replace("kind: incident", "kind: outage"),
      "kind: expected one of incident, maintenance, notice",
    ],
    [
      "misspelt kind",
      incident.replace("kind: incident", "kind: incidnet"),
      'kind: expected one of incident, maintenance, notice (did you mean "incident"?)',
    ],
    [
      "unknown service with a suggestion",
      incident.replace("service: mail", "service: [mail, dsn]"),
      'service[1]: unknown service "dsn" (did you mean "dns"?)',
    ],
    [
      "unknown severity",
      incident.replace("severity: major", "severity: huge"),
      'severity: "huge" is not one of none, minor, major, critical',
    ],
    [
      "missing severity for an incident",
      incident.replace("severity: major", ""),
      "severity: is required; one of none, minor, major, critical",
    ],
    [
      "missing service for maintenance",
      "title: M\nkind: maintenance\nseverity: minor\ndate: 2011-07-20 10:00\nwindow:\n  start: 2011-07-21 10:00\n  end: 2011-07-21 11:00",
      "service: is required",
    ],
    [
      "maintenance without a window",
      "title: M\nkind: maintenance\nservice: web\nseverity: minor\ndate: 2011-07-20 10:00",
      "window: is required",
    ],
    [
      "maintenance window without an end",
      "title: M\nkind: maintenance\nservice: web\nseverity: minor\ndate: 2011-07-20 10:00\nwindow:\n  start: 2011-07-21 10:00",
      "window.end: is required",
    ],
    ["misspelt field", `${incident}\nsevrity: minor`, 'sevrity: unknown field (did you mean "severity"?)'],
    [
      "date without a time in a window",
      `${incident}\nwindow:\n  start: 2011-07-20`,
      'window.start: "2011-07-20" has a date but no time',
    ],
    [
      "window end before start",
      `${incident}\nwindow:\n  start: 2011-07-20 15:35\n  end: 2011-07-20 15:00`,
      "window.end: is before start",
    ],
    [
      "bad time in an update",
      `${incident}\nupdates:\n  - at: 3:45 PM\n    status: investigating\n    body: x`,
      'updates[0].at: "3:45 PM" is not a time',
    ],
    [
      "status from the other kind",
      `${incident}\nupdates:\n  - at: 2011-07-20 15:45\n    status: completed\n    body: x`,
      'updates[0].status: "completed" is not one of investigating, identified, monitoring, resolved, postmortem',
    ],
    [
      "misspelt status",
      `${incident}\nupdates:\n  - at: 2011-07-20 15:45\n    status: resovled\n    body: x`,
      '(did you mean "resolved"?)',
    ],
    [
      "update without a body",
      `${incident}\nupdates:\n  - at: 2011-07-20 15:45\n    status: investigating`,
      "updates[0].body: is required",
    ],
    [
      "updates out of order",
      `${incident}\nupdates:\n  - at: 2011-07-20 16:00\n    status: investigating\n    body: x\n  - at: 2011-07-20 15:50\n    status: resolved\n    body: y`,
      "updates[1].at: is earlier than the update before it",
    ],
    [
      "window service outside the post's",
      "title: M\nkind: maintenance\nservice: web\nseverity: minor\ndate: 2011-07-20 10:00\nwindow:\n  - start: 2011-07-21 10:00\n    end: 2011-07-21 11:00\n    service: dns",
      'window[0].service: "dns" is not one of the post\'s services (web)',
    ],
    [
      "an incident reopened after its post-mortem",
      `${incident}\nupdates:\n  - at: 2011-07-20 16:00\n    status: postmortem\n    body: x\n  - at: 2011-07-21 09:00\n    status: investigating\n    body: y`,
      'updates[1].status: "investigating" after the post-mortem (update 1): a post-mortem closes an incident for good; a new problem is a new incident',
    ],
    [
      "a maintenance that goes on after it was completed",
      "title: M\nkind: maintenance\nservice: web\nseverity: minor\ndate: 2011-07-20 10:00\nwindow:\n  start: 2011-07-21 10:00\n  end: 2011-07-21 11:00\nupdates:\n  - at: 2011-07-21 10:50\n    status: completed\n    body: x\n  - at: 2011-07-21 10:55\n    status: in_progress\n    body: y",
      'updates[1].status: "in_progress" after the maintenance was completed (update 1): more work is a new maintenance',
    ],
    [
      "a misspelt impact on an update",
      `${incident}\nupdates:\n  - at: 2011-07-20 15:45\n    status: monitoring\n    body: x\n    impact: minr`,
      'updates[0].impact: "minr" is not one of none, minor, major, critical (did you mean "minor"?)',
    ],
    [
      "an impact on a maintenance update",
      "title: M\nkind: maintenance\nservice: web\nseverity: minor\ndate: 2011-07-20 10:00\nwindow:\n  start: 2011-07-21 10:00\n  end: 2011-07-21 11:00\nupdates:\n  - at: 2011-07-21 10:50\n    status: in_progress\n    body: x\n    impact: major",
      "updates[0].impact: only an incident's update changes its impact; a maintenance's is its severity",
    ],
    ["draft that is not a boolean", `${incident}\ndraft: maybe`, "draft: expected true or false"],
    ["id that is not a slug", `${incident}\nid: My Outage`, "id: expected a post id"],
    [
      "time in the spring gap",
      incident.replace("2011-07-20 15:35", "2011-03-13 02:30"),
      'date: "2011-03-13 02:30" does not exist in America/New_York',
    ],
  ])("%s", (_name, frontMatter, expected) => {
    expect(problemsOf(frontMatter).join("\n")).toContain(expected);
  });

  it("reports every problem of a post, not only the first", () => {
    const problems = problemsOf(`
title: Outage
kind: incident
service: [mail, exchange]
severity: huge
date: 2011-07-20
window:
  start: yesterday
updates:
  - at: 2011-07-20 15:45
    status: fixed
    body: x
`);
    expect(problems.map((p) => p.split(":")[0])).toEqual([
      "service[1]",
      "severity",
      "window.start",
      "updates[0].status",
    ]);
  });
});

describe("settings", () => {
  const base = {
    title: "NOC",
    baseUrl: "https://status.example.net",
    timeZone: "America/New_York",
    contact: "call us",
    author: { name: "NOC" },
    tagAuthority: "example.net,2008",
  };

  it.each([
    [
      { accentColor: "#7fb2ff" },
      "#7fb2ff has a contrast of 2.16:1 on the light theme's background (#ffffff); WCAG AA needs 4.5:1 for links and text: choose a darker shade",
    ],
    [
      { accentColorDark: "#0550ae" },
      "#0550ae has a contrast of 2.49:1 on the dark theme's background (#0d1117); WCAG AA needs 4.5:1 for links and text: choose a lighter shade",
    ],
    [{ accentColor: "blue" }, "expected a colour as # and six hex digits, like #0550ae"],
    [{ logo: "../secret.svg" }, "expected an image file under public/"],
    [{ logo: "logo.exe" }, "expected an image file under public/"],
    [{ favicon: "/etc/favicon.ico" }, "expected an image file under public/ (svg, png, ico), like favicon.png"],
    [{ favicon: "icon.gif" }, "expected an image file under public/ (svg, png, ico)"],
  ])("refuses brand settings %o that fail", (extra, message) => {
    const result = settingsSchema.safeParse({ ...base, ...extra });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join("\n")).toContain(message);
  });

  it("takes accent colours that pass AA in their theme, and a logo under public/", () => {
    const s = settingsSchema.parse({
      ...base,
      accentColor: "#8250df",
      accentColorDark: "#d2a8ff",
      logo: "brand/logo.svg",
    });
    expect([s.accentColor, s.accentColorDark, s.logo]).toEqual(["#8250df", "#d2a8ff", "brand/logo.svg"]);
  });

  it("adds the trailing slash to the base URL and fills defaults", () => {
    const s = settingsSchema.parse(base);
    expect(s).toMatchObject({
      baseUrl: "https://status.example.net/",
      postsPerPage: 20,
      feedLimit: 50,
      locale: "en-GB",
    });
  });

  it("takes a locale in any case and keeps its canonical spelling", () => {
    expect(settingsSchema.parse({ ...base, locale: "EN-us" }).locale).toBe("en-US");
  });

  it.each([
    ["timeZone", "Eastern", /not an IANA time zone/],
    ["baseUrl", "status.example.net", /absolute URL/],
    ["tagAuthority", "example.net", /domain and a date/],
    ["locale", "en_GB", /"en_GB" is not a locale this system knows; expected BCP 47, like en-GB/],
    ["locale", "british", /"british" is not a locale/],
  ])("rejects a bad %s", (field, value, message) => {
    const result = settingsSchema.safeParse({ ...base, [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it.each([
    "javascript://x.example/%0aalert(1)",
    "javascript:alert(1)",
    "data:text/html,hi",
    "mailto:noc@example.net",
    "ftp://example.net/",
  ])("refuses a base URL that is not http or https: %s", (value) => {
    const result = settingsSchema.safeParse({ ...base, baseUrl: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/http or https/);
  });

  it.each(["https://status.example.net/", "http://localhost:8080/noc/", "https://127.0.0.1/"])(
    "accepts the base URL %s",
    (value) => {
      expect(settingsSchema.safeParse({ ...base, baseUrl: value }).success).toBe(true);
    },
  );

  it("refuses an author address that is not http or https", () => {
    const result = settingsSchema.safeParse({ ...base, author: { name: "NOC", uri: "javascript:alert(1)" } });
    expect(result.success).toBe(false);
  });
});

describe("the services registry", () => {
  it("refuses the id status, whose badge would replace the whole site's", () => {
    const result = servicesSchema.safeParse([{ id: "status", name: "Status", group: "G" }]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/"status" is reserved/);
  });
});
