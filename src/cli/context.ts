import { loadRegistry, postContext } from "../model/load.ts";
import { formatProblem, type Problem } from "../model/problems.ts";
import type { PostContext, Settings } from "../model/schema.ts";

/** What the authoring commands need before they touch a post: the checked settings and services. */
export async function authoringContext(
  postsDir: string,
): Promise<{ settings: Settings; context: PostContext } | { problems: Problem[] }> {
  const problems: Problem[] = [];
  const registry = await loadRegistry(postsDir, problems);
  if (problems.some((p) => p.severity !== "warning") || !registry.settings) return { problems };
  return { settings: registry.settings, context: postContext(registry) };
}

/** Prints problems the way `check` does and sets the exit code. */
export function fail(problems: Problem[] | string, code = 1): number {
  if (typeof problems === "string") console.error(problems);
  else for (const p of problems) console.error(formatProblem(p));
  return code;
}
