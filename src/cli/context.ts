import { loadRegistry, postContext } from "../model/load.ts";
import { type Checked, formatProblem, type Problem } from "../model/problems.ts";
import type { PostContext, Settings } from "../model/schema.ts";

/** What the authoring commands need before they touch a post: the checked settings and services. */
export async function authoringContext(
  postsDir: string,
): Promise<Checked<{ settings: Settings; context: PostContext }>> {
  const problems: Problem[] = [];
  const registry = await loadRegistry(postsDir, problems);
  if (problems.some((p) => p.severity !== "warning") || !registry.settings) return { ok: false, problems };
  return { ok: true, value: { settings: registry.settings, context: postContext(registry) }, warnings: problems };
}

/** Prints problems the way `check` does; returns the exit code to end with. */
export function fail(problems: Problem[] | string, code = 1): number {
  if (typeof problems === "string") console.error(problems);
  else for (const p of problems) console.error(formatProblem(p));
  return code;
}
