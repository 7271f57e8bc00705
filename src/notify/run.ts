import type { DateTime } from "luxon";
import { type NotifyEvent, notifyEvents, passes } from "../model/events.ts";
import { loadSources } from "../model/load.ts";
import { type Channel, type NotifyConfig, notifySchema } from "../model/notify-schema.ts";
import { formatProblem, SiteError } from "../model/problems.ts";
import { buildSite, type Post, type Site } from "../model/site.ts";
import { resolveNow } from "../model/time.ts";
import {
  absolute,
  FEED_FILES,
  type FeedFormat,
  feedPath,
  kindPath,
  ROUTES,
  servicePath,
  updatesFeedPath,
} from "../routes.ts";
import { DeliveryError, postForm, withRetries } from "./deliver.ts";
import { type Ledger, openLedger } from "./ledger.ts";
import { message } from "./message.ts";
import { makeSender } from "./senders.ts";

/**
 * One notify run: read the posts as the build does, work out the events at `now`, and send each
 * channel the ones its ledger does not hold yet, oldest first. Channels run side by side, so one
 * that fails or waits never holds up another. Events older than `maxAgeHours` are recorded without
 * sending (a first run over years of history tells nobody about 2011).
 */

export interface NotifyOptions {
  posts: string;
  /** the run's clock as an author writes it; undefined: the real clock */
  now: string | undefined;
  dryRun: boolean;
  /** overrides notify.yaml's `ledger` */
  ledger: string | undefined;
  env: NodeJS.ProcessEnv;
  /** where progress and dry-run messages go */
  print: (line: string) => void;
}

export interface Failure {
  channel: string;
  event: string;
  reason: string;
}

export interface NotifyReport {
  sent: number;
  /** recorded without sending: too old, or said by another message */
  recorded: number;
  /** what a dry run would send */
  wouldSend: number;
  failures: Failure[];
  /** no notify.yaml: nothing to do */
  unconfigured: boolean;
}

/** The ledger's name for the WebSub hub, beside the channels. */
export const WEBSUB_CHANNEL = "websub";

export async function runNotify(options: NotifyOptions): Promise<NotifyReport> {
  const report: NotifyReport = { sent: 0, recorded: 0, wouldSend: 0, failures: [], unconfigured: false };
  const loaded = await loadSources(options.posts);
  if (!loaded.ok) throw new SiteError(loaded.problems);
  for (const warning of loaded.warnings) console.error(formatProblem(warning));
  const { settings, notify } = loaded.value;
  if (!notify && !settings.websubHub) return { ...report, unconfigured: true };
  // Without notify.yaml (WebSub alone), the schema's defaults.
  const config = notify ?? notifySchema(null).parse({ channels: [] });
  const now = resolveNow(options.now, settings.timeZone);
  const site = buildSite(loaded.value, { now, drafts: false });
  const events = notifyEvents(site.posts, now, { reminderHours: config.reminderHours });

  const ledger = await openLedger(options.ledger ?? config.ledger, { dryRun: options.dryRun });
  const run: Run = { events, site, oldest: now.minus({ hours: config.maxAgeHours }), config, ledger, options, report };
  try {
    await Promise.all(config.channels.map((channel) => runChannel(channel, run)));
    if (settings.websubHub) await pingHub(settings.websubHub, run);
  } finally {
    await ledger.release();
  }
  return report;
}

/** What every channel of one run shares. */
interface Run {
  events: NotifyEvent[];
  site: Site;
  /** events before this are recorded, not sent */
  oldest: DateTime;
  config: NotifyConfig;
  ledger: Ledger;
  options: NotifyOptions;
  report: NotifyReport;
}

async function runChannel(channel: Channel, run: Run): Promise<void> {
  const { events, site, oldest, config, ledger, options, report } = run;
  const sender = makeSender(channel, site, options.env);
  const due = events.filter((e) => passes(e.post, channel) && !ledger.has(channel.id, e.id));
  // Judged on the ledger as the run found it: a post announced in this run says its schedule too.
  const covered = new Set(due.filter((e) => e.coveredBy && !ledger.has(channel.id, e.coveredBy)).map((e) => e.id));
  let broken: string | undefined;
  for (const event of due) {
    if (covered.has(event.id) || event.at < oldest) {
      await ledger.record(channel.id, event.id, {
        at: stamp(),
        outcome: covered.has(event.id) ? "covered" : "too old",
      });
      report.recorded++;
      continue;
    }
    const m = message(event, site);
    if (options.dryRun) {
      options.print(`--- ${channel.id} (${channel.type}) to ${sender.to}: ${event.id}\n${sender.preview(m)}\n`);
      report.wouldSend++;
      continue;
    }
    if (broken) {
      report.failures.push({ channel: channel.id, event: event.id, reason: broken });
      continue;
    }
    try {
      await withRetries(() => sender.send(m), {
        budgetMs: config.retrySeconds * 1000,
        onRetry: (error, wait) =>
          options.print(`${channel.id}: ${event.id}: ${error.message}; trying again in ${(wait / 1000).toFixed(1)} s`),
      });
      await ledger.record(channel.id, event.id, { at: stamp(), outcome: "sent" });
      report.sent++;
      options.print(`${channel.id}: sent ${event.id}`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      report.failures.push({ channel: channel.id, event: event.id, reason });
      // A channel that cannot work at all (a secret not set) is not tried again for every event.
      if (error instanceof DeliveryError && /environment variable/.test(reason)) broken = reason;
    }
  }
}

/** WebSub: tells the hub about every feed a new event changed, once per feed. */
async function pingHub(hub: string, run: Run): Promise<void> {
  const { events, site, oldest, config, ledger, options, report } = run;
  const fresh = events.filter((e) => !ledger.has(WEBSUB_CHANNEL, e.id));
  const topics = new Set(fresh.filter((e) => e.at >= oldest).flatMap((e) => feedTopics(e.post, site)));
  const failed = new Set<string>();
  for (const topic of [...topics].sort()) {
    if (options.dryRun) {
      options.print(`--- websub: would tell ${hub} that ${topic} changed`);
      continue;
    }
    try {
      await withRetries(() => pingOnce(hub, topic), { budgetMs: config.retrySeconds * 1000 });
    } catch (error) {
      failed.add(topic);
      report.failures.push({ channel: WEBSUB_CHANNEL, event: topic, reason: (error as Error).message });
    }
  }
  if (failed.size > 0 || options.dryRun) return;
  for (const e of fresh)
    await ledger.record(WEBSUB_CHANNEL, e.id, { at: stamp(), outcome: e.at >= oldest ? "sent" : "too old" });
}

function pingOnce(hub: string, topic: string): Promise<void> {
  return postForm(hub, { "hub.mode": "publish", "hub.url": topic });
}

/** Every feed a post is in: the site's, its kind's, its services', in each format. */
export function feedTopics(post: Post, site: Site): string[] {
  const pages = [ROUTES.home, kindPath(post.kind), ...post.services.map(servicePath)];
  const feeds = pages.flatMap((page) =>
    (Object.keys(FEED_FILES) as FeedFormat[]).map((format) => feedPath(page, format)),
  );
  const updates = [{ of: "site" } as const, ...post.services.map((id) => ({ of: "service", id }) as const)].map(
    (scope) => updatesFeedPath(scope) as string,
  );
  return [...feeds, ...updates].map((p) => absolute(site.settings, p));
}

const stamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
