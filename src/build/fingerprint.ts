import { createHash } from "node:crypto";
import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EDIT_LOCK } from "../authoring/post-write.ts";
import { readFile } from "../files.ts";
import type { BuildOptions } from "./options.ts";
import { digestOf, type SharedReads } from "./shared-reads.ts";

/**
 * A hash of everything a build reads: the posts folder (posts, settings, services, notify.yaml),
 * the templates, `public/`, the code and the locked dependency versions, and the options that
 * change the output: each file's name and the digest of its bytes (`digestOf`). Two builds with the
 * same fingerprint and the same moment write the same files; `--if-changed` compares it with the
 * one in the last build's record.
 */

export const PROJECT_INPUTS = ["templates", "public", "src", ".eleventy.ts", "package-lock.json"];

/** The project's folder: the code and templates a build runs. */
export const PROJECT = fileURLToPath(new URL("../..", import.meta.url));

/** The fingerprint of a build with these options: every option but the posts' folder, the clock and the fingerprint itself changes the output. */
export function buildInputs(options: BuildOptions, kept?: KeptBytes, shared?: SharedReads): Promise<string> {
  const { posts, now: _now, inputs: _inputs, ...outputOptions } = options;
  return inputsFingerprint(posts, PROJECT, outputOptions, kept, shared);
}

/**
 * Files' bytes kept between fingerprints by a process that builds again (`npm run serve`): a file
 * whose size, modification time and inode are as last time is not read again.
 */
export type KeptBytes = Map<string, { stamp: string; bytes: Buffer }>;

/**
 * The file's digest. Through `shared`, a post file is looked at (src/build/shared-reads.ts): one
 * as the last build saw it is not read, and its digest is that build's.
 */
async function digestOfFile(
  file: string,
  kept: KeptBytes | undefined,
  shared: SharedReads | undefined,
  post: boolean,
): Promise<string> {
  if (!shared) return digestOf(await bytesOf(file, kept));
  if (!post) return digestOf(await shared.read(file));
  const { bytes, seen } = await shared.look(file);
  return seen?.digest ?? digestOf(bytes as Buffer);
}

async function bytesOf(file: string, kept: KeptBytes | undefined): Promise<Buffer> {
  if (!kept) return readFile(file);
  const info = await stat(file);
  const stamp = `${info.size} ${info.mtimeMs} ${info.ino}`;
  const known = kept.get(file);
  if (known?.stamp === stamp) return known.bytes;
  const bytes = await readFile(file);
  kept.set(file, { stamp, bytes });
  return bytes;
}

export async function inputsFingerprint(
  postsDir: string,
  project: string,
  options: object,
  kept?: KeptBytes,
  /** a build's one read of each file, shared with the posts' reader and the build cache's key */
  shared?: SharedReads,
): Promise<string> {
  const hash = createHash("sha256").update(JSON.stringify(options));
  const roots: [string, string][] = [
    ["posts", postsDir],
    ...PROJECT_INPUTS.map((p): [string, string] => [p, path.join(project, p)]),
  ];
  const read = new Set<string>();
  const inputs: { label: string; file: string; post: boolean }[] = [];
  for (const [name, root] of roots) {
    for (const file of await filesUnder(root)) {
      read.add(file);
      // A lock or a half-written file is not an input; what it becomes is.
      if (path.basename(file) === EDIT_LOCK || /\.tmp-\d+$/.test(file)) continue;
      const post = name === "posts" && file.endsWith(".md");
      inputs.push({ label: `\0${name}/${path.relative(root, file)}\0`, file, post });
    }
  }
  // Read a batch at a time on the thread pool, hashed in order: one file after another spent most
  // of its time waiting (about 0.25 s at 1,000 posts).
  for (let i = 0; i < inputs.length; i += READ_BATCH) {
    const batch = inputs.slice(i, i + READ_BATCH);
    const digests = await Promise.all(batch.map((input) => digestOfFile(input.file, kept, shared, input.post)));
    for (const [j, input] of batch.entries()) hash.update(input.label).update(digests[j] as string);
  }
  if (kept) for (const file of kept.keys()) if (!read.has(file)) kept.delete(file);
  return hash.digest("hex");
}

const READ_BATCH = 64;

/**
 * Every file under `root` (or `root` itself), sorted, following links to files and folders as the
 * build reads posts (a NOC may link a folder of posts in); a folder reached twice is read once.
 */
export async function filesUnder(root: string, seen = new Set<string>()): Promise<string[]> {
  const info = await stat(root).catch(() => undefined);
  if (!info) return [];
  if (!info.isDirectory()) return [root];
  const real = await realpath(root);
  if (seen.has(real)) return [];
  seen.add(real);
  const files: string[] = [];
  const entries = await readdir(root, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const file = path.join(root, entry.name);
    // A plain file needs no look of its own; folders and links are followed as before, in order.
    if (entry.isFile()) files.push(file);
    else files.push(...(await filesUnder(file, seen)));
  }
  return files;
}
