import { parseArgs } from "node:util";
import { postsFolder, readEnvironment } from "../environment.ts";
import { UsageError } from "../errors.ts";
import { parseAuthorTime } from "../model/time.ts";
import { LedgerError } from "../notify/ledger.ts";
import { runNotify } from "../notify/run.ts";
import { runMain } from "./main.ts";

/**
 * `npm run notify [-- --posts DIR --dry-run --ledger FILE --now TIME]`: after a publish, tells
 * partners what happened since the last run, through the channels of posts/notify.yaml, each event
 * once per channel (src/notify/). Exit 0 when everything due was sent, 1 when some delivery failed
 * (the rest is still sent, the failures listed), 2 on a usage error.
 */
const USAGE = "usage: npm run notify -- [--posts DIR] [--dry-run] [--ledger FILE] [--now TIME]";

void runMain("notify", async () => {
  const { values } = parseArgs({
    options: {
      posts: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      ledger: { type: "string" },
      now: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const now = values.now || readEnvironment().now;
  if (now && !parseAuthorTime(now, "UTC", true).ok) throw new UsageError(`--now: "${now}" is not a time`);
  let report: Awaited<ReturnType<typeof runNotify>>;
  try {
    report = await runNotify({
      posts: postsFolder(values.posts),
      now,
      dryRun: values["dry-run"],
      ledger: values.ledger,
      env: process.env,
      print: (line) => console.log(line),
    });
  } catch (error) {
    if (error instanceof LedgerError) {
      console.error(`notify: ${error.message}`);
      return 1;
    }
    throw error;
  }
  if (report.unconfigured) {
    console.log("No posts/notify.yaml and no websubHub in settings: nothing to send.");
    return 0;
  }
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const recorded = (verb: string) =>
    report.recorded > 0 ? `; ${report.recorded} ${verb} without sending (too old, or said by another message)` : "";
  if (values["dry-run"]) {
    console.log(
      `Dry run: ${count(report.wouldSend, "message")} would be sent${recorded("would be recorded")}. Nothing was sent or recorded.`,
    );
    return 0;
  }
  console.log(`Sent ${count(report.sent, "message")}${recorded("recorded")}.`);
  if (report.failures.length === 0) return 0;
  console.error(
    `${report.failures.length} ${report.failures.length === 1 ? "delivery" : "deliveries"} failed (they will be tried again on the next run):`,
  );
  for (const f of report.failures) console.error(`  ${f.channel}: ${f.event}: ${f.reason}`);
  return 1;
});
