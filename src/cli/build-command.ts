import { readFile } from "node:fs/promises";

/**
 * `npm run build` as package.json has it (`NAME=value … node [flags] src/cli/build.ts`): the
 * variables it sets, and its arguments for this Node with `args` added. The bench runs the build
 * exactly as users do.
 */
export interface Command {
  argv: string[];
  env: Record<string, string>;
}

export async function buildCommand(args: readonly string[]): Promise<Command> {
  const manifest = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as {
    scripts: { build: string };
  };
  const words = manifest.scripts.build.split(/\s+/);
  const env: Record<string, string> = {};
  while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [name, ...value] = (words.shift() as string).split("=");
    env[name as string] = value.join("=");
  }
  const [node, ...rest] = words;
  if (node !== "node") throw new Error(`expected the build script to run node: ${manifest.scripts.build}`);
  return { argv: [process.execPath, ...rest, ...args], env };
}
