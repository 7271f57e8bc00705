import { parseArgs } from "node:util";
import { loadSources } from "../load.ts";
import { formatProblem } from "../problems.ts";

/**
 * `npm run check [-- --posts posts --format text|json]`: checks every post, the services registry
 * and the settings without building. Exit 1 on any problem, 2 on a usage error.
 */
const { values } = parseArgs({
  options: { posts: { type: "string" }, format: { type: "string", default: "text" } },
});
if (values.format !== "text" && values.format !== "json") {
  console.error(`check: --format must be text or json, not "${values.format}"`);
  process.exit(2);
}

const result = await loadSources(values.posts ?? process.env.NOC_POSTS ?? "posts");
const problems = result.ok ? [] : result.problems;
if (values.format === "json") {
  const posts = result.ok ? result.sources.posts.length : null;
  console.log(
    JSON.stringify({ ok: result.ok, posts, problems: problems.map((p) => ({ ...p, severity: "error" })) }, null, 2),
  );
} else if (result.ok) {
  console.log(`${result.sources.posts.length} posts, ${result.sources.services.length} services: no problems.`);
} else {
  for (const p of problems) console.error(formatProblem(p));
  const files = new Set(problems.map((p) => p.file)).size;
  console.error(
    `${problems.length} ${problems.length === 1 ? "problem" : "problems"} in ${files} ${files === 1 ? "file" : "files"}.`,
  );
}
process.exitCode = result.ok ? 0 : 1;
