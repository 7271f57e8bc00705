import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);

/** Runs a module of its own in a new Node, with or without src/startup.ts before it. */
async function run(source: string, withStartup: boolean): Promise<string> {
  const args = [...(withStartup ? ["--import", "./src/startup.ts"] : []), "--input-type=module", "-e", source];
  const { stdout } = await exec(process.execPath, args);
  return stdout.trim();
}

// What a command sees of zod: its locales, and a message made by its English default.
const PROBE = `
import { z } from "zod";
const result = z.object({ title: z.string() }).safeParse({ title: 1 });
console.log(JSON.stringify({ locales: Object.keys(z.locales), message: result.error?.issues[0]?.message }));
`;

describe("startup", () => {
  it("leaves zod's other locales unloaded, and zod speaks English as without it", async () => {
    const [withStartup, without] = (await Promise.all([run(PROBE, true), run(PROBE, false)])).map(
      (out) => JSON.parse(out) as { locales: string[]; message: string },
    );
    expect(withStartup?.locales).toEqual(["en"]);
    expect(without?.locales.length).toBeGreaterThan(1);
    expect(without?.locales).toContain("en");
    expect(withStartup?.message).toBe("Invalid input: expected string, received number");
    expect(withStartup?.message).toBe(without?.message);
  });

  it("comes first in every command package.json runs with node", async () => {
    const { scripts } = JSON.parse(await readFile("package.json", "utf8")) as { scripts: Record<string, string> };
    const commands = Object.entries(scripts).filter(([, script]) => / node .*src\/cli\//.test(script));
    expect(commands.length).toBeGreaterThanOrEqual(7);
    for (const [name, script] of commands) {
      expect(script, name).toMatch(/ node (--\S+ )*--import \.\/src\/startup\.ts (--\S+ )*src\/cli\//);
    }
  });
});
