import { readFile, rename, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { appendUpdate, EditError, setMissingWindowEnd } from "../edit.ts";
import { findPost } from "../find.ts";
import { YamlError } from "../frontmatter.ts";
import { checkPost, displayPath } from "../load.ts";
import { INCIDENT_STATUSES, MAINTENANCE_STATUSES, NOTICE_STATUSES } from "../schema.ts";
import { formatLocal, formatUtc, parseAuthorTime, resolveNow } from "../time.ts";
import { authoringContext, fail } from "./context.ts";

/**
 * `npm run update -- <file or id> --status STATUS [--at TIME] "Message in Markdown"`
 * Appends an update stamped now (NOC zone), or at --at. On resolved/postmortem/completed it also
 * sets the missing end of the open window. Only the new lines are added; the rest of the file stays
 * byte for byte. Exit 1 when refused, 2 on a usage error.
 */
const USAGE = 'usage: npm run update -- <file or id> --status STATUS [--at "YYYY-MM-DD HH:mm"] "Message in Markdown"';
const STATUSES = { incident: INCIDENT_STATUSES, maintenance: MAINTENANCE_STATUSES, notice: NOTICE_STATUSES };
const CLOSING = ["resolved", "postmortem", "completed"];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { status: { type: "string" }, at: { type: "string" }, posts: { type: "string" } },
});
const postsDir = values.posts ?? process.env.NOC_POSTS ?? "posts";

async function main(): Promise<void> {
  const [target, message, ...extra] = positionals;
  if (!target || !message?.trim() || extra.length > 0 || !values.status) return fail(USAGE, 2);
  const loaded = await authoringContext(postsDir);
  if ("problems" in loaded) return fail(loaded.problems);
  const { zone } = loaded.context;

  const file = await findPost(target, postsDir);
  if (!file) return fail(`update: no post "${target}" (give a file path or a post id)`);
  const source = await readFile(file, "utf8");
  const current = checkPost(source, displayPath(file), loaded.context);
  if ("problems" in current) return fail(current.problems);
  const post = current.post;

  const allowed: readonly string[] = STATUSES[post.kind];
  if (!allowed.includes(values.status)) {
    return fail(
      `update: ${displayPath(file)}: status "${values.status}" is not allowed for ${post.kind === "incident" ? "an" : "a"} ${post.kind}; use one of ${allowed.join(", ")}`,
    );
  }
  let at = resolveNow(process.env.NOC_NOW, zone).startOf("minute");
  if (values.at) {
    const parsed = parseAuthorTime(values.at, zone);
    if (!parsed.ok) return fail(`update: --at ${parsed.message}`, 2);
    at = parsed.value;
  }
  const last = post.updates.at(-1);
  if (last && at < last.at) {
    return fail(
      `update: ${displayPath(file)}: ${formatLocal(at, zone)} is before the last update (${formatLocal(last.at, zone)}); updates go oldest first`,
    );
  }

  let next: string;
  try {
    next = appendUpdate(source, { at, status: values.status, body: message.trim() }, zone);
    if (CLOSING.includes(values.status)) next = setMissingWindowEnd(next, at, zone);
  } catch (error) {
    if (error instanceof EditError || error instanceof YamlError)
      return fail(`update: ${displayPath(file)}: ${error.message}`);
    throw error;
  }
  const checked = checkPost(next, displayPath(file), loaded.context);
  if ("problems" in checked) return fail(checked.problems);

  const staged = `${file}.tmp-${process.pid}`;
  await writeFile(staged, next);
  await rename(staged, file);
  console.log(`${displayPath(file)}: ${values.status} at ${formatLocal(at, zone)} (${formatUtc(at, zone)})`);
}

await main();
