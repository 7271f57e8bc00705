import { parseArgs } from "node:util";
import { postsFolder, readEnvironment } from "../environment.ts";
import { UsageError } from "../errors.ts";
import { loadSources } from "../model/load.ts";
import { formatProblem } from "../model/problems.ts";
import { runMain } from "./main.ts";

/**
 * `npm run check [-- --posts posts --format text|json]`: checks every post, the services registry
 * and the settings without building. Exit 1 on any problem, 2 on a usage error. Warnings are shown
 * and do not fail the check.
 */
const USAGE = "usage: npm run check -- [--posts DIR] [--format text|json]";

void runMain("check", async () => {
  const { values } = parseArgs({
    options: {
      posts: { type: "string" },
      format: { type: "string", default: "text" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.format !== "text" && values.format !== "json") {
    throw new UsageError(`--format must be text or json, not "${values.format}"`);
  }
  const result = await loadSources(postsFolder(values.posts), { clock: { now: readEnvironment().now } });
  const problems = result.ok ? result.warnings : result.problems;
  if (values.format === "json") {
    const posts = result.ok ? result.value.posts.length : null;
    const listed = problems.map((p) => ({ ...p, severity: p.severity ?? "error" }));
    console.log(JSON.stringify({ ok: result.ok, posts, problems: listed }, null, 2));
    return result.ok ? 0 : 1;
  }
  for (const p of problems) console.error(formatProblem(p));
  if (result.ok) {
    const { posts, services } = result.value;
    const warned = problems.length > 0 ? plural(problems.length, "warning") : "no problems";
    console.log(`${plural(posts.length, "post")}, ${plural(services.length, "service")}: ${warned}.`);
    return 0;
  }
  const errors = problems.filter((p) => p.severity !== "warning").length;
  const files = new Set(problems.map((p) => p.file)).size;
  console.error(`${errors} ${errors === 1 ? "problem" : "problems"} in ${plural(files, "file")}.`);
  return 1;
});

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
