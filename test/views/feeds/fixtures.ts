import { post } from "../../factory.ts";

/** Posts for feed and calendar tests; fresh on every call. */

export const outage = (updates = "") =>
  post(
    `
title: Outage of "mail" & <web> ]]> ]]> — “curly” 🚨
kind: incident
service: [mail, web]
severity: critical
date: 2011-07-20 15:45
summary: Tom & Jerry's <summary>
window:
  start: 2011-07-20 15:35
updates:
  - at: 2011-07-20 15:45
    status: investigating
    body: "Looking at <<< 521 errors & [the runbook](/posts/2011-07-01-runbook/)."
${updates}`,
    "Body with a [link](/services/mail/) and `]]>` in code. 🚨\n",
    "posts/2011-07-20-outage.md",
  );

export const resolvedUpdate = `
  - at: 2011-07-20 16:12
    status: resolved
    body: Fixed.`;

export const notice = () =>
  post("title: Happy New Year\nkind: notice\ndate: 2011-01-01 10:00", "Hi.\n", "posts/2011-01-01-new-year.md");

/** Two windows; the second spans the night the clocks go back (2011-11-06). */
export const maintenance = (updates = "") =>
  post(
    `
title: Core upgrades, phase 1 & 2
kind: maintenance
service: [mail, web]
severity: major
date: 2011-10-30 09:00
window:
  - start: 2011-11-01 22:00
    end: 2011-11-02 02:00
    service: mail
    note: Mail clusters
  - start: 2011-11-05 22:00
    end: 2011-11-06 06:00
    service: web
${updates}`,
    "We upgrade things.\n",
    "posts/2011-10-30-core-upgrades.md",
  );
