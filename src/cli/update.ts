import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { appendUpdate, EditError, setMissingWindowEnd } from "../authoring/edit.ts";
import { findPosts } from "../authoring/find.ts";
import { lockPosts, replaceFile } from "../authoring/post-write.ts";
import { postsFolder, readEnvironment } from "../environment.ts";
import { UsageError } from "../errors.ts";
import { checkPost } from "../model/check.ts";
import { YamlError } from "../model/frontmatter.ts";
import { displayPath } from "../model/load.ts";
import { formatProblem } from "../model/problems.ts";
import { ENDING_STATUSES, STATUSES_BY_KIND } from "../model/schema.ts";
import { reopenings, resolvedAt } from "../model/status.ts";
import { closest } from "../model/suggest.ts";
import { parseAuthorTime, resolveNow } from "../model/time.ts";
import { timeText } from "../model/time-text.ts";
import { authoringContext, fail } from "./context.ts";
import { runMain } from "./main.ts";

/**
 * `npm run update -- <file or id> --status STATUS [--at TIME] "Message in Markdown"`
 * Appends an update stamped now (NOC zone), or at --at. On resolved/postmortem/completed it also
 * sets the missing end of the open window: to --resolved-at (when service recovered), else to the
 * update's time. --impact changes an incident's impact from this update on. --silent writes `notify: false` (a fixed typo: no one is notified). Only the new lines are added; the rest of the file stays
 * byte for byte, with its permissions. Posts are edited under a lock, so two updates at once both
 * land. Exit 1 when refused, 2 on a usage error.
 */
const USAGE =
  'usage: npm run update -- <file or id> --status STATUS [--at "YYYY-MM-DD HH:mm"] [--resolved-at "YYYY-MM-DD HH:mm"] [--silent] [--impact none|minor|major|critical] "Message in Markdown"';

function timeFlag(flag: string, text: string, zone: string) {
  const parsed = parseAuthorTime(text, zone);
  if (!parsed.ok) throw new UsageError(`${flag} ${parsed.message}`);
  return parsed.value;
}

/** The incident was reopened after a resolution at some point. */
const isReopened = (post: Parameters<typeof reopenings>[0]) => reopenings(post).includes(true);

void runMain("update", async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      status: { type: "string" },
      at: { type: "string" },
      "resolved-at": { type: "string" },
      silent: { type: "boolean", default: false },
      impact: { type: "string" },
      posts: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [target, message, ...extra] = positionals;
  if (!target || !message?.trim() || extra.length > 0 || !values.status) throw new UsageError(USAGE);
  const status = values.status;
  const postsDir = postsFolder(values.posts);
  const loaded = await authoringContext(postsDir);
  if (!loaded.ok) return fail(loaded.problems);
  const { context: registry, settings } = loaded.value;
  const { zone } = registry;
  const time = timeText(zone, settings.locale);
  const now = resolveNow(readEnvironment().now, zone);
  // Checked against now, so an hour or a date typed wrong is warned about.
  const context = { ...registry, sanity: { now, settings } };
  const at = values.at ? timeFlag("--at", values.at, zone) : now.startOf("minute");
  const ending = (ENDING_STATUSES as readonly string[]).includes(status);
  if (values["resolved-at"] && !ending) {
    throw new UsageError(
      `--resolved-at goes with --status ${ENDING_STATUSES.join(", ")}; it says when service recovered`,
    );
  }
  const recovered = values["resolved-at"] ? timeFlag("--resolved-at", values["resolved-at"], zone) : at;

  const lock = await lockPosts(postsDir);
  try {
    const files = await findPosts(target, postsDir, zone);
    if (files.length === 0) return fail(`update: no post "${target}" (give a file path or a post id)`);
    if (files.length > 1) {
      return fail(
        `update: "${target}" names ${files.length} posts: ${files.map(displayPath).join(", ")}; give the file path`,
      );
    }
    const file = files[0] as string;
    const shown = displayPath(file);
    const source = await readFile(file, "utf8");
    const current = checkPost(source, shown, context);
    if (!current.ok) return fail(current.problems);
    const post = current.value;

    const allowed: readonly string[] = STATUSES_BY_KIND[post.kind];
    if (!allowed.includes(status)) {
      const best = closest(status, allowed);
      return fail(
        `update: ${shown}: status "${status}" is not allowed for ${post.kind === "incident" ? "an" : "a"} ${post.kind}${best ? ` (did you mean "${best}"?)` : ""}; use one of ${allowed.join(", ")}`,
      );
    }
    const last = post.updates.at(-1);
    if (last && at < last.at) {
      return fail(
        `update: ${shown}: ${time.full(at)} is before the last update (${time.full(last.at)}); updates go oldest first`,
      );
    }
    // Resolved before this update: an open status now reopens the incident.
    const closedAt = post.kind === "incident" ? resolvedAt(post, at) : null;
    if (values["resolved-at"] && closedAt === null && isReopened(post) && !post.windows.some((w) => w.end === null)) {
      return fail(
        `update: ${shown}: --resolved-at: the incident was reopened and has no open window to end; the reopening counts until this update, so give the time service recovered as --at`,
      );
    }
    let next: string;
    try {
      next = appendUpdate(
        source,
        { at, status, body: message.trim(), notify: !values.silent, impact: values.impact },
        zone,
      );
      // An incident without a window hurt from its date; the window written now says until when.
      if (ending) next = setMissingWindowEnd(next, recovered, zone, post.kind === "incident" ? post.date : undefined);
    } catch (error) {
      if (error instanceof EditError || error instanceof YamlError) return fail(`update: ${shown}: ${error.message}`);
      throw error;
    }
    const checked = checkPost(next, shown, context);
    if (!checked.ok) return fail(checked.problems);
    await replaceFile(file, next);
    for (const w of checked.warnings) console.error(formatProblem(w));
    console.log(`${shown}: ${status} at ${time.withUtc(at)}`);
    if (closedAt !== null && reopenings(checked.value).at(-1)) {
      console.log(
        `${shown}: reopens the incident resolved at ${time.full(closedAt)}; it counts as open again from now on`,
      );
    }
  } finally {
    await lock.release();
  }
});
