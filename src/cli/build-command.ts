import { readFile } from "node:fs/promises";

/**
 * `npm run build` as package.json has it (`node [flags] src/cli/build.ts`), as arguments for this
 * Node with `args` added: the preview server and the bench run the build exactly as users do.
 */
export async function buildCommand(args: readonly string[]): Promise<string[]> {
  const manifest = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as {
    scripts: { build: string };
  };
  const [node, ...rest] = manifest.scripts.build.split(/\s+/);
  if (node !== "node") throw new Error(`expected the build script to start with node: ${manifest.scripts.build}`);
  return [process.execPath, ...rest, ...args];
}
