import { execFile } from "node:child_process";
import { promisify } from "node:util";

const exec = promisify(execFile);

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of the project's commands (`src/cli/<name>.ts`) the way npm scripts do: after
 * src/startup.ts.
 */
export async function runCli(name: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await exec(
      process.execPath,
      ["--import", "./src/startup.ts", `src/cli/${name}.ts`, ...args],
      {
        env: { ...process.env, NOC_NOW: "", NOC_POSTS: "", NOC_DRAFTS: "", ...env },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
