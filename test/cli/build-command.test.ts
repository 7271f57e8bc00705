import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { buildCommand } from "../../src/cli/build-command.ts";

describe("buildCommand", () => {
  it("is package.json's build script, run with this Node, with the arguments added", async () => {
    const manifest = JSON.parse(await readFile("package.json", "utf8")) as { scripts: { build: string } };
    const { argv, env } = await buildCommand(["--out", "x"]);
    const words = manifest.scripts.build.split(" ");
    const node = words.indexOf("node");
    expect(argv[0]).toBe(process.execPath);
    expect(argv.slice(1)).toEqual([...words.slice(node + 1), "--out", "x"]);
    expect(argv).toContain("--expose-gc");
    // V8's young generation held to 2 × 16 MB: faster builds and a lower peak (bench/README.md).
    expect(argv).toContain("--max-semi-space-size=16");
    expect(argv).toContain("src/cli/build.ts");
    // Modules no command uses are left unloaded (src/startup.ts).
    expect(argv.slice(argv.indexOf("--import"), argv.indexOf("--import") + 2)).toEqual([
      "--import",
      "./src/startup.ts",
    ]);
    // Compiled modules are cached between runs: start-up without compiling TypeScript again.
    expect(env).toEqual({ NODE_COMPILE_CACHE: "node_modules/.cache/node-compile" });
  });
});
