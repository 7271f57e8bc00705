import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { EDIT_LOCK } from "../authoring/post-write.ts";

/**
 * A hash of everything a build reads: the posts folder (posts, settings, services, notify.yaml),
 * the templates, `public/`, the code and the locked dependency versions, and the options that
 * change the output. Two builds with the same fingerprint and the same moment write the same files;
 * `--if-changed` compares it with the one in the last build's record.
 */

const PROJECT_INPUTS = ["templates", "public", "src", ".eleventy.ts", "package-lock.json"];

export async function inputsFingerprint(postsDir: string, project: string, options: object): Promise<string> {
  const hash = createHash("sha256").update(JSON.stringify(options));
  const roots: [string, string][] = [
    ["posts", postsDir],
    ...PROJECT_INPUTS.map((p): [string, string] => [p, path.join(project, p)]),
  ];
  for (const [name, root] of roots) {
    for (const file of await filesUnder(root)) {
      // A lock or a half-written file is not an input; what it becomes is.
      if (path.basename(file) === EDIT_LOCK || /\.tmp-\d+$/.test(file)) continue;
      hash.update(`\0${name}/${path.relative(root, file)}\0`).update(await readFile(file));
    }
  }
  return hash.digest("hex");
}

/** Every file under `root` (or `root` itself), sorted, following links as the build does. */
async function filesUnder(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => null);
  if (entries === null) return [root];
  return entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
