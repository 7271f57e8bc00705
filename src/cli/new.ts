import { access, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { postIds } from "../authoring/find.ts";
import { type NewPostOptions, newPost } from "../authoring/new-post.ts";
import { lockPosts } from "../authoring/post-write.ts";
import { postsFolder, readEnvironment } from "../environment.ts";
import { UsageError } from "../errors.ts";
import { checkPost } from "../model/check.ts";
import { displayPath } from "../model/load.ts";
import type { Problem } from "../model/problems.ts";
import { KINDS, type Kind } from "../model/schema.ts";
import { parseAuthorTime, resolveNow } from "../model/time.ts";
import { authoringContext, fail } from "./context.ts";
import { runMain } from "./main.ts";

/**
 * `npm run new -- <incident|maintenance|notice> --title "..." [--service id ...] [--severity ...]
 *   [--message TEXT] [--start TIME [--end TIME]]... [--posts posts]`
 * Writes a new post stamped now in the NOC zone and prints its path. --message is an incident's
 * first update, or a maintenance's or notice's announcement (the body). An incident may be
 * backdated with --start (when it began) and given an --end; a maintenance needs --start/--end pairs. Exit 1 if the post would not
 * pass `check` (nothing is written), 2 on a usage error.
 */
const USAGE =
  'usage: npm run new -- <incident|maintenance|notice> --title "..." [--service ID]... [--severity none|minor|major|critical]\n' +
  '       [--message "first update, or the announcement"] [--start "YYYY-MM-DD HH:mm" [--end "YYYY-MM-DD HH:mm"]]... [--posts DIR]';

void runMain("new", async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      help: { type: "boolean", default: false },
      title: { type: "string" },
      service: { type: "string", multiple: true, default: [] },
      severity: { type: "string" },
      message: { type: "string" },
      start: { type: "string", multiple: true, default: [] },
      end: { type: "string", multiple: true, default: [] },
      posts: { type: "string" },
    },
  });

  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const kind = positionals[0] as Kind | undefined;
  const postsDir = postsFolder(values.posts);
  if (!kind || !KINDS.includes(kind) || positionals.length > 1 || !values.title) throw new UsageError(USAGE);
  if (kind === "incident" && (values.start.length > 1 || values.end.length > 1)) {
    throw new UsageError("an incident has one window: at most one --start (when it began) and one --end");
  }
  if (kind === "incident" && values.end.length > values.start.length) {
    throw new UsageError("--end needs the --start of the same window");
  }
  if (kind !== "incident" && values.start.length !== values.end.length) {
    throw new UsageError(`a ${kind}'s windows need one --end for each --start`);
  }
  if (kind !== "notice" && (values.service.length === 0 || !values.severity)) {
    throw new UsageError(`an ${kind} needs --service and --severity\n${USAGE}`);
  }
  if (kind === "maintenance" && values.start.length === 0) {
    throw new UsageError(`a maintenance needs at least one --start and --end (NOC time zone)\n${USAGE}`);
  }
  const loaded = await authoringContext(postsDir);
  if (!loaded.ok) return fail(loaded.problems);
  const { settings, context: registry } = loaded.value;
  const zone = settings.timeZone;
  const now = resolveNow(readEnvironment().now, zone);
  const context = { ...registry, sanity: { now, settings, isNew: true } };
  const time = (flag: string, text: string) => {
    const parsed = parseAuthorTime(text, zone);
    if (!parsed.ok) throw new UsageError(`${flag} ${parsed.message}`);
    return parsed.value;
  };
  const windows = values.start.map((start, i) => {
    const end = values.end[i];
    return { start: time("--start", start), end: end === undefined ? undefined : time("--end", end) };
  });
  const options: NewPostOptions = {
    kind,
    title: values.title,
    services: values.service
      .flatMap((s) => s.split(","))
      .map((s) => s.trim())
      .filter(Boolean),
    severity: values.severity,
    message: values.message,
    windows,
    now,
    zone,
  };
  const { fileName, text } = newPost(options);
  const lock = await lockPosts(postsDir);
  try {
    const file = await freeName(path.join(postsDir, fileName));
    // The file is not written yet: a problem is told by the flag that gave the value.
    const checked = checkPost(text, displayPath(file), context);
    if (!checked.ok) return fail(checked.problems.map(byFlag).join("\n"));
    const taken = (await postIds(postsDir, zone)).get(checked.value.id);
    if (taken) {
      return fail(
        `new: the id "${checked.value.id}" is already used by ${taken.map(displayPath).join(", ")}; change --title or add an update to that post`,
      );
    }
    await writeFile(file, text, { flag: "wx" });
    for (const w of checked.warnings) console.error(`new: warning: ${byFlag(w)}`);
    console.log(displayPath(file));
  } finally {
    await lock.release();
  }
});

/** A problem of the post `new` would write, named by the flag that gave the value. */
function byFlag(p: Problem): string {
  const flag = FLAGS.find(
    ([prefix]) => p.field === prefix || p.field.startsWith(`${prefix}.`) || p.field.startsWith(`${prefix}[`),
  );
  const name = flag ? flag[1](p.field) : p.field;
  return `${name ? `${name}: ` : ""}${p.message}`;
}

const FLAGS: [string, (field: string) => string][] = [
  ["title", () => "--title"],
  ["service", () => "--service"],
  ["severity", () => "--severity"],
  ["window", (field) => (field.endsWith(".end") ? "--end" : "--start")],
  ["updates", () => "--message"],
  ["date", () => "now (NOC_NOW)"],
];

/** `name.md`, or `name-2.md`, `name-3.md`... when it is taken. */
async function freeName(file: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? file : file.replace(/\.md$/, `-${n}.md`);
    try {
      await access(candidate);
    } catch {
      return candidate;
    }
  }
}
