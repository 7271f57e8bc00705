import { spawn } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import ICAL from "ical.js";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/run.ts";
import { openIncident, postFile, postsDir } from "../factory.ts";
import { type Mailbox, type Receiver, startHttp, startSmtp } from "./receivers.ts";

/**
 * `npm run notify` end to end: the real command, a real SMTP server and HTTP receivers on
 * 127.0.0.1, mail read back with mailparser, signatures checked with the standardwebhooks package.
 */

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const AUTHOR = "title: Test NOC";

let smtp: Mailbox;
let http: Receiver;
const roots: string[] = [];

beforeAll(async () => {
  smtp = await startSmtp();
  http = await startHttp();
});
afterAll(async () => {
  await smtp.close();
  await http.close();
});
afterEach(async () => {
  smtp.messages.length = 0;
  http.requests.length = 0;
  await Promise.all(roots.splice(0).map((r) => rm(r, { recursive: true, force: true })));
});

function notifyYaml(extra = "", channels = ALL_CHANNELS) {
  return `ledger: LEDGER\nretrySeconds: 5\n${extra}channels:\n${channels}`;
}

const ALL_CHANNELS = `
  - id: partners
    type: email
    from: Test NOC <noc@example.net>
    to: [partners@example.net]
    listUnsubscribe: <mailto:partners-leave@example.net>
    smtp: { host: 127.0.0.1, port: SMTP_PORT }
  - id: tools
    type: webhook
    urlEnv: TEST_HOOK_URL
    secretEnv: TEST_HOOK_SECRET
  - id: chat
    type: slack
    urlEnv: TEST_SLACK_URL
`;

async function site(files: Record<string, string>, notify = notifyYaml()) {
  const { root, dir } = await postsDir(files, {
    settings: `${AUTHOR}\nbaseUrl: https://status.example.net/\ntimeZone: America/New_York\ncontact: "NOC: +1 555 0100"\nauthor:\n  name: Test NOC\n  email: noc@example.net\ntagAuthority: example.net,2008\n`,
  });
  roots.push(root);
  const ledger = path.join(root, "ledger.json");
  await writeFile(
    path.join(dir, "notify.yaml"),
    notify.replace("LEDGER", ledger).replaceAll("SMTP_PORT", String(smtp.port)),
  );
  return { root, dir, ledger };
}

const ENV = () => ({
  TEST_HOOK_URL: http.url("/hook"),
  TEST_HOOK_SECRET: SECRET,
  TEST_SLACK_URL: http.url("/slack"),
});

const notify = (dir: string, now: string, extra: string[] = [], env: Record<string, string> = {}) =>
  runCli("notify", ["--posts", dir, "--now", now, ...extra], { ...ENV(), ...env });

const update = (dir: string, id: string, now: string, args: string[]) =>
  runCli("update", [id, ...args, "--posts", dir], { NOC_NOW: now });

/** A port on the loopback that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const hooks = () => http.requests.filter((r) => r.path === "/hook");
const slacks = () => http.requests.filter((r) => r.path === "/slack");

describe("an incident's whole life", () => {
  it("sends one message per event on each channel, threads the mail and signs the webhooks", async () => {
    const { dir, ledger } = await site({ "2026-12-01-mail-delays.md": openIncident("2026-12-01 09:00") });
    const id = "2026-12-01-mail-delays";

    const first = await notify(dir, "2026-12-01 09:02");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("Sent 3 messages.");
    expect((await notify(dir, "2026-12-01 09:05")).stdout).toContain("Sent 0 messages.");

    await update(dir, id, "2026-12-01 09:30", ["--status", "identified", "A relay is down."]);
    await update(dir, id, "2026-12-01 09:40", ["--status", "identified", "--silent", "A relay is down (typo fixed)."]);
    await update(dir, id, "2026-12-01 10:00", ["--status", "resolved", "Queue drained."]);
    await update(dir, id, "2026-12-01 10:20", ["--status", "investigating", "Errors are back."]);
    const later = await notify(dir, "2026-12-01 10:25");
    expect(later.code, later.stderr).toBe(0);
    expect(later.stdout).toContain("Sent 9 messages."); // 3 events (the silent one makes none) × 3 channels

    // Mail: four messages, one thread, both parts, the facts in NOC time and UTC.
    expect(smtp.messages.map((m) => m.subject)).toEqual([
      "[Incident · New incident] Mail delays",
      "[Incident · Identified] Mail delays",
      "[Incident · Resolved] Mail delays",
      "[Incident · Reopened: investigating] Mail delays",
    ]);
    const [root, ...replies] = smtp.messages;
    expect(root?.messageId).toBe(`<${id}.published.partners@example.net>`);
    for (const reply of replies) {
      expect(reply.inReplyTo).toBe(root?.messageId);
      expect(reply.references).toEqual(root?.messageId);
      expect(reply.html).toContain(`https://status.example.net/posts/${id}/`);
      expect(reply.headerLines.find((h) => h.key === "list-unsubscribe")?.line).toBe(
        "List-Unsubscribe: <mailto:partners-leave@example.net>",
      );
    }
    expect(smtp.messages[2]?.text).toContain("Resolved · Tue, 1 Dec 2026, 10:00 EST (15:00 UTC)");
    expect(smtp.messages[2]?.text).toContain("Queue drained.");
    expect(smtp.messages.some((m) => m.text?.includes("typo fixed"))).toBe(false);
    expect(smtp.messages.map((m) => m.to && "text" in m.to && m.to.text)).toEqual(
      Array(4).fill("partners@example.net"),
    );

    // Webhooks: signed, with the event id as webhook-id and Statuspage's incident shape.
    const webhook = new Webhook(SECRET);
    const bodies = hooks().map((r) => {
      webhook.verify(r.body, r.headers as Record<string, string>);
      expect(r.headers["webhook-id"]).toBe(JSON.parse(r.body).data.event_id);
      return JSON.parse(r.body);
    });
    expect(bodies.map((b) => b.type)).toEqual([
      "incident.published",
      "incident.updated",
      "incident.resolved",
      "incident.reopened",
    ]);
    // The update the event is about, and the incident as it stands when notify runs (reopened by then).
    expect(bodies[2].data.update).toMatchObject({
      status: "resolved",
      at: "2026-12-01T15:00:00.000Z",
      body: "Queue drained.",
    });
    expect(bodies[2].data.incident).toMatchObject({ id, status: "investigating", impact: "major" });

    // Slack: Block Kit, one per event.
    expect(slacks().map((r) => JSON.parse(r.body).blocks[0])).toHaveLength(4);

    // The ledger holds each event once per channel.
    const recorded = JSON.parse(await readFile(ledger, "utf8")).channels;
    expect(Object.keys(recorded.partners)).toHaveLength(4);
    expect(Object.keys(recorded.tools)).toEqual(Object.keys(recorded.partners));
  }, 60_000);
});

describe("a maintenance's life", () => {
  const maintenance = postFile(`
title: DNS upgrade
kind: maintenance
service: dns
severity: minor
date: 2026-12-01 09:00
window:
  start: 2026-12-03 22:00
  end: 2026-12-04 01:00`);

  it("is announced with its calendar, reminded 24 h and 1 h ahead, started and completed, each once", async () => {
    const { dir } = await site({ "2026-12-01-dns-upgrade.md": maintenance });
    const steps = [
      ["2026-12-01 09:05", "[Maintenance · Scheduled maintenance] DNS upgrade"],
      ["2026-12-02 22:01", "[Maintenance · Reminder: starts in 24 hours] DNS upgrade"],
      ["2026-12-03 21:01", "[Maintenance · Reminder: starts in 1 hour] DNS upgrade"],
      ["2026-12-03 22:01", "[Maintenance · Maintenance window started] DNS upgrade"],
      ["2026-12-04 01:01", "[Maintenance · Completed] DNS upgrade"],
      ["2026-12-04 02:00", null],
    ] as const;
    for (const [now, subject] of steps) {
      const run = await notify(dir, now);
      expect(run.code, run.stderr).toBe(0);
      expect(smtp.messages.at(-1)?.subject).toBe(subject ?? steps[4][1]);
    }
    expect(smtp.messages).toHaveLength(5);

    // The announcement carries the maintenance's iCalendar with the BCOP properties and an organizer.
    const attachment = smtp.messages[0]?.attachments.find((a) => a.contentType === "text/calendar");
    expect(attachment?.filename).toBe("2026-12-01-dns-upgrade.ics");
    const event = new ICAL.Component(ICAL.parse(attachment?.content.toString("utf8") ?? "")).getFirstSubcomponent(
      "vevent",
    );
    expect(event?.getFirstPropertyValue("x-maintnote-impact")).toBe("REDUCED-REDUNDANCY");
    expect(String(event?.getFirstPropertyValue("organizer"))).toBe("mailto:noc@example.net");
    expect(event?.getFirstPropertyValue("dtstart")?.toString()).toBe("2026-12-04T03:00:00Z");
  }, 60_000);

  it("says a window moved (rescheduled) and a cancellation, and reminds about the new time only", async () => {
    const { dir } = await site({ "2026-12-01-dns-upgrade.md": maintenance });
    await notify(dir, "2026-12-01 09:05");
    const file = path.join(dir, "2026-12-01-dns-upgrade.md");
    await writeFile(file, (await readFile(file, "utf8")).replace("2026-12-03 22:00", "2026-12-03 23:00"));
    const moved = await notify(dir, "2026-12-01 12:00");
    expect(moved.stdout).toContain("Sent 3 messages.");
    expect(smtp.messages.at(-1)?.subject).toBe("[Maintenance · Rescheduled] DNS upgrade");
    expect(smtp.messages.at(-1)?.text).toContain("Thu, 3 Dec 2026, 23:00 EST (4 Dec, 04:00 UTC)");
    await update(dir, "2026-12-01-dns-upgrade", "2026-12-02 10:00", ["--status", "cancelled", "Postponed to January."]);
    await notify(dir, "2026-12-02 10:05");
    expect(smtp.messages.at(-1)?.subject).toBe("[Maintenance · Cancelled] DNS upgrade");
    // Cancelled: no reminder, no start.
    expect((await notify(dir, "2026-12-03 23:30")).stdout).toContain("Sent 0 messages.");
  }, 60_000);
});

describe("what is not sent", () => {
  it("floods nobody on a first run over an old history, and records it all", async () => {
    const old = openIncident("2026-11-20 09:00");
    const { dir, ledger } = await site({
      "2026-11-20-old.md": old,
      "2026-12-01-mail-delays.md": openIncident("2026-12-01 09:00"),
    });
    const run = await notify(dir, "2026-12-01 09:05");
    expect(run.stdout).toContain("Sent 3 messages; 3 recorded without sending");
    expect(smtp.messages.map((m) => m.messageId)).toEqual(["<2026-12-01-mail-delays.published.partners@example.net>"]);
    const recorded = JSON.parse(await readFile(ledger, "utf8")).channels.partners;
    expect(recorded["2026-11-20-old/published"].outcome).toBe("too old");
  }, 60_000);

  it("sends drafts and posts dated after now nothing, and filters by kind, service and severity", async () => {
    const channels = `
  - id: maintenance-only
    type: email
    from: noc@example.net
    to: m@example.net
    kinds: maintenance
    smtp: { host: 127.0.0.1, port: SMTP_PORT }
  - id: dns-critical
    type: email
    from: noc@example.net
    to: d@example.net
    services: dns
    minSeverity: critical
    smtp: { host: 127.0.0.1, port: SMTP_PORT }
  - id: web
    type: email
    from: noc@example.net
    to: w@example.net
    services: web
    smtp: { host: 127.0.0.1, port: SMTP_PORT }
`;
    const { dir } = await site(
      {
        "a.md": openIncident("2026-12-01 09:00").replace("service: mail", "service: dns").replace("major", "critical"),
        "b.md": openIncident("2026-12-01 09:00")
          .replace("title: Mail delays", "title: Draft")
          .concat("")
          .replace("severity: major", "severity: major\ndraft: true"),
        "c.md": openIncident("2026-12-01 12:00").replace("title: Mail delays", "title: Later"),
        "d.md": postFile("title: Holiday hours\nkind: notice\ndate: 2026-12-01 08:00"),
      },
      notifyYaml("", channels),
    );
    const run = await notify(dir, "2026-12-01 09:05");
    expect(run.code, run.stderr).toBe(0);
    const to = (address: string) =>
      smtp.messages.filter((m) => m.to && "text" in m.to && m.to.text === address).map((m) => m.subject);
    expect(to("m@example.net")).toEqual([]);
    expect(to("d@example.net")).toEqual(["[Incident · New incident] Mail delays"]);
    // A notice about no service concerns everyone.
    expect(to("w@example.net")).toEqual(["[Notice · Notice] Holiday hours"]);
    expect(smtp.messages.some((m) => /Draft|Later/.test(m.subject ?? ""))).toBe(false);
  }, 60_000);

  it("prints every message on --dry-run, sends and records nothing, and never prints a secret", async () => {
    const { dir, ledger } = await site({ "2026-12-01-mail-delays.md": openIncident("2026-12-01 09:00") });
    const run = await notify(dir, "2026-12-01 09:05", ["--dry-run"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("--- partners (email) to partners@example.net: 2026-12-01-mail-delays/published");
    expect(run.stdout).toContain("Subject: [Incident · New incident] Mail delays");
    expect(run.stdout).toContain("--- tools (webhook) to $TEST_HOOK_URL");
    expect(run.stdout).toContain("Dry run: 3 messages would be sent.");
    expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET);
    expect(`${run.stdout}${run.stderr}`).not.toContain(http.url("/hook"));
    expect(smtp.messages).toHaveLength(0);
    expect(http.requests).toHaveLength(0);
    await expect(readFile(ledger)).rejects.toThrow(/ENOENT/);
  }, 60_000);
});

describe("WebSub", () => {
  it("tells the hub once about each feed a new event changed", async () => {
    const { root, dir } = await postsDir(
      { "2026-12-01-mail-delays.md": openIncident("2026-12-01 09:00") },
      {
        settings: `${AUTHOR}\nbaseUrl: https://status.example.net/\ntimeZone: America/New_York\ncontact: c\nauthor:\n  name: Test NOC\ntagAuthority: example.net,2008\nwebsubHub: ${http.url("/hub")}\n`,
      },
    );
    roots.push(root);
    const ledger = path.join(root, "ledger.json");
    const run = await notify(dir, "2026-12-01 09:05", ["--ledger", ledger]);
    expect(run.code, run.stderr).toBe(0);
    const pings = http.requests.filter((r) => r.path === "/hub").map((r) => new URLSearchParams(r.body));
    expect(pings.every((p) => p.get("hub.mode") === "publish")).toBe(true);
    expect(pings.map((p) => p.get("hub.url"))).toEqual([
      "https://status.example.net/feed.json",
      "https://status.example.net/feed.xml",
      "https://status.example.net/incidents/feed.json",
      "https://status.example.net/incidents/feed.xml",
      "https://status.example.net/incidents/rss.xml",
      "https://status.example.net/rss.xml",
      "https://status.example.net/services/mail/feed.json",
      "https://status.example.net/services/mail/feed.xml",
      "https://status.example.net/services/mail/rss.xml",
      "https://status.example.net/services/mail/updates.xml",
      "https://status.example.net/updates.xml",
    ]);
    http.requests.length = 0;
    expect((await notify(dir, "2026-12-01 09:10", ["--ledger", ledger])).code).toBe(0);
    expect(http.requests).toHaveLength(0);
  }, 60_000);
});

describe("faults", () => {
  it("retries 5xx and 429 (after Retry-After), reports what failed, and one channel never stops another", async () => {
    const { dir } = await site({ "2026-12-01-mail-delays.md": openIncident("2026-12-01 09:00") });
    http.plan("/hook", [{ status: 500 }, { status: 503 }]);
    http.plan("/slack", [{ status: 429, headers: { "retry-after": "1" } }]);
    smtp.refuse(451, 1);
    const run = await notify(dir, "2026-12-01 09:05");
    expect(run.code, run.stderr).toBe(0);
    expect(hooks()).toHaveLength(3);
    expect(new Set(hooks().map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(slacks()).toHaveLength(2);
    expect(smtp.messages).toHaveLength(1);
  }, 60_000);

  it("exits 1 listing a refused connection, a 4xx and a missing secret; the rest is sent and the next run retries only those", async () => {
    const { dir } = await site({ "2026-12-01-mail-delays.md": openIncident("2026-12-01 09:00") });
    http.plan("/slack", [{ status: 404 }]);
    const run = await notify(dir, "2026-12-01 09:05", [], {
      TEST_HOOK_URL: "http://127.0.0.1:1/hook",
      TEST_HOOK_SECRET: "",
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("2 deliveries failed");
    expect(run.stderr).toContain(
      "tools: 2026-12-01-mail-delays/published: the environment variable TEST_HOOK_SECRET is not set",
    );
    expect(run.stderr).toContain("chat: 2026-12-01-mail-delays/published: the receiver answered HTTP 404");
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(smtp.messages).toHaveLength(1);

    const again = await notify(dir, "2026-12-01 09:10");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("Sent 2 messages.");
    expect(smtp.messages).toHaveLength(1);
  }, 60_000);

  it("gives up on a refused connection after the retry budget", async () => {
    const { dir } = await site({ "2026-12-01-mail-delays.md": openIncident("2026-12-01 09:00") });
    const run = await notify(dir, "2026-12-01 09:05", [], {
      TEST_HOOK_URL: `http://127.0.0.1:${await closedPort()}/hook`,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/tools: .*cannot connect \(ECONNREFUSED\) \(gave up after \d+ tries\)/);
  }, 60_000);

  it("killed in the middle and run again: every event arrives, at most the one in flight twice", async () => {
    const files = Object.fromEntries(
      ["a", "b", "c", "d"].map((n) => [
        `2026-12-01-${n}.md`,
        openIncident("2026-12-01 09:00").replace("Mail delays", `Incident ${n}`),
      ]),
    );
    const { dir } = await site(
      files,
      notifyYaml("", ALL_CHANNELS.split("  - id: chat")[0]?.split("  - id: tools")[0] ?? ""),
    );
    http.requests.length = 0;
    // The email channel alone, with a slow server: kill the run after the second message.
    smtp.slow(400);
    const child = spawn(process.execPath, ["src/cli/notify.ts", "--posts", dir, "--now", "2026-12-01 09:05"], {
      env: { ...process.env, ...ENV() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (smtp.messages.length >= 2) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
    });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    smtp.slow(0);
    expect(smtp.messages.length).toBeLessThan(4); // killed in the middle
    const rerun = await notify(dir, "2026-12-01 09:06");
    expect(rerun.code, rerun.stderr).toBe(0);
    const ids = smtp.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(4);
    expect(ids.length - new Set(ids).size).toBeLessThanOrEqual(1);
  }, 60_000);

  it("two runs at once: the second waits for the first and sends nothing again", async () => {
    const { dir } = await site({ "2026-12-01-mail-delays.md": openIncident("2026-12-01 09:00") });
    http.plan("/hook", [{ status: 200, delayMs: 1500 }]);
    const [one, two] = await Promise.all([notify(dir, "2026-12-01 09:05"), notify(dir, "2026-12-01 09:05")]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(hooks()).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
    expect(slacks()).toHaveLength(1);
  }, 60_000);
});
