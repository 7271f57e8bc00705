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
import { KINDS, type Kind } from "../model/schema.ts";
import { parseAuthorTime, resolveNow } from "../model/time.ts";
import { authoringContext, fail } from "./context.ts";
import { runMain } from "./main.ts";

/**
 * `npm run new -- <incident|maintenance|notice> --title "..." [--service id ...] [--severity ...]
 *   [--message "first update"] [--start TIME --end TIME ...] [--posts posts]`
 * Writes a new post stamped now in the NOC zone and prints its path. Exit 1 if the post would not
 * pass `check` (nothing is written), 2 on a usage error.
 */
const USAGE =
  'usage: npm run new -- <incident|maintenance|notice> --title "..." [--service ID]... [--severity none|minor|major|critical]\n' +
  '       [--message "first update"] [--start "YYYY-MM-DD HH:mm" --end "YYYY-MM-DD HH:mm"]... [--posts DIR]';

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
  if (values.start.length !== values.end.length) return fail("new: give one --end for each --start", 2);
  if (kind !== "notice" && (values.service.length === 0 || !values.severity)) {
    return fail(`new: an ${kind} needs --service and --severity\n${USAGE}`, 2);
  }
  if (kind === "maintenance" && values.start.length === 0) {
    return fail(`new: a maintenance needs at least one --start and --end (NOC time zone)\n${USAGE}`, 2);
  }
  const loaded = await authoringContext(postsDir);
  if (!loaded.ok) return fail(loaded.problems);
  const { settings, context } = loaded.value;
  const zone = settings.timeZone;
  const windows = [];
  for (const [i, start] of values.start.entries()) {
    const s = parseAuthorTime(start, zone);
    const e = parseAuthorTime(values.end[i], zone);
    if (!s.ok) return fail(`new: --start ${s.message}`, 2);
    if (!e.ok) return fail(`new: --end ${e.message}`, 2);
    windows.push({ start: s.value, end: e.value });
  }
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
    now: resolveNow(readEnvironment().now, zone),
    zone,
  };
  const { fileName, text } = newPost(options);
  const lock = await lockPosts(postsDir);
  try {
    const file = await freeName(path.join(postsDir, fileName));
    const checked = checkPost(text, displayPath(file), context);
    if (!checked.ok) return fail(checked.problems);
    const taken = (await postIds(postsDir, zone)).get(checked.value.id);
    if (taken) {
      return fail(
        `new: the id "${checked.value.id}" is already used by ${taken.map(displayPath).join(", ")}; change --title or add an update to that post`,
      );
    }
    await writeFile(file, text, { flag: "wx" });
    console.log(displayPath(file));
  } finally {
    await lock.release();
  }
});

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
