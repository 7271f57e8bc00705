import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { defaultId } from "../model/check.ts";
import { parsePost } from "../model/frontmatter.ts";
import { postFiles } from "../model/load.ts";
import { parseAuthorTime } from "../model/time.ts";

/**
 * Posts by file path or by id, for the commands that edit them. An id names a post by its `id`
 * field, or by its file name (the convention, and the default id). A post whose front matter does
 * not parse is still found by its file name, so it can be found to be fixed.
 */

/** Every post file under `postsDir` that `target` names: one, none, or several (ambiguous). */
export async function findPosts(target: string, postsDir: string, zone: string): Promise<string[]> {
  if (target.endsWith(".md") && existsSync(target)) return [target];
  const ids = await postIds(postsDir, zone);
  // A file name without its folder (copied from a listing) names the post by its file name.
  const id = target.endsWith(".md") && !target.includes("/") ? target.slice(0, -3) : target;
  return ids.get(id) ?? [];
}

/** Every id in use under `postsDir` (from `id`, the file name and the default id), with its files. */
export async function postIds(postsDir: string, zone: string): Promise<Map<string, string[]>> {
  const ids = new Map<string, string[]>();
  const add = (id: string, file: string) => {
    const files = ids.get(id) ?? [];
    if (!files.includes(file)) files.push(file);
    ids.set(id, files);
  };
  for (const file of await postFiles(postsDir)) {
    add(path.basename(file, ".md"), file);
    let data: { id?: unknown; date?: unknown } = {};
    try {
      data = (parsePost(await readFile(file, "utf8")).data ?? {}) as typeof data;
    } catch {
      continue; // `check` reports it; its file name still counts
    }
    if (typeof data.id === "string") add(data.id, file);
    else {
      const date = parseAuthorTime(data.date, zone, true);
      if (date.ok) add(defaultId(file, date.value, zone), file);
    }
  }
  return ids;
}
