import { readFile } from "node:fs/promises";
import path from "node:path";
import { parsePost } from "./frontmatter.ts";
import { postFiles } from "./load.ts";
import { exists } from "./staging.ts";

/**
 * A post by file path or by id. An id is looked up by file name first (the convention), then by the
 * `id` field of every post.
 */
export async function findPost(target: string, postsDir: string): Promise<string | undefined> {
  if (target.endsWith(".md") && (await exists(target))) return target;
  const files = await postFiles(postsDir);
  const byName = files.find((f) => path.basename(f, ".md") === target);
  if (byName) return byName;
  for (const file of files) {
    try {
      const { data } = parsePost(await readFile(file, "utf8"));
      if ((data as { id?: unknown }).id === target) return file;
    } catch {
      // a broken post is not the one asked for; `check` reports it
    }
  }
  return undefined;
}
