import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { DateTime } from "luxon";
import type { EarlierVersion } from "../model/load.ts";
import { timeText } from "../model/time-text.ts";

const run = promisify(execFile);

/** How far back a broken post is looked for in its history: enough for any edit in one outage. */
export const HISTORY_DEPTH = 50;

/**
 * Earlier versions of a post file from git, newest first: the committed one (HEAD), then each
 * commit before it that changed the file. Nothing when the posts are not in a git repository or git
 * is not installed: the post is then left out instead.
 */
export async function* gitVersions(file: string, zone: string): AsyncGenerator<EarlierVersion> {
  const dir = path.dirname(path.resolve(file));
  const name = `./${path.basename(file)}`;
  let log: string;
  try {
    const { stdout } = await run("git", ["-C", dir, "log", `-n${HISTORY_DEPTH}`, "--format=%H %cI", "--", name], {
      maxBuffer: 1 << 20,
    });
    log = stdout;
  } catch {
    return;
  }
  for (const line of log.split("\n")) {
    const [commit, date] = line.split(" ");
    if (!commit || !date) continue;
    let text: string;
    try {
      const shown = await run("git", ["-C", dir, "show", `${commit}:${name}`], { maxBuffer: 64 << 20 });
      text = shown.stdout;
    } catch {
      continue; // deleted in that commit
    }
    yield { label: `commit ${commit.slice(0, 7)} of ${timeText(zone).full(DateTime.fromISO(date))}`, text };
  }
}
