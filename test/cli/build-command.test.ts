import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { buildCommand } from "../../src/cli/build-command.ts";

const exec = promisify(execFile);

describe("buildCommand", () => {
  it("is package.json's build script, run with this Node, with the arguments added", async () => {
    const manifest = JSON.parse(await readFile("package.json", "utf8")) as { scripts: { build: string } };
    const { argv, env } = await buildCommand(["--out", "x"]);
    const words = manifest.scripts.build.split(" ");
    const node = words.indexOf("node");
    expect(argv[0]).toBe(process.execPath);
    expect(argv.slice(1)).toEqual([...words.slice(node + 1), "--out", "x"]);
    // A big build takes V8's collection without --expose-gc (src/build/memory.ts).
    expect(argv).not.toContain("--expose-gc");
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

  it("runs Node with flags under which its built-in modules come compiled", async () => {
    const { argv } = await buildCommand([]);
    const flags = argv.slice(1, argv.indexOf("src/cli/build.ts"));
    // V8 takes Node's compiled built-ins only under the flags Node was built with; it says which
    // it took when NODE_DEBUG_NATIVE=CODE_CACHE. The resolve hook (--import) is left out here.
    const v8Flags = flags.filter((flag, i) => flag !== "--import" && flags[i - 1] !== "--import");
    expect(v8Flags).toContain("--max-semi-space-size=16");
    const { stderr } = await exec(argv[0] as string, [...v8Flags, "-e", 'require("node:zlib")'], {
      env: { ...process.env, NODE_DEBUG_NATIVE: "CODE_CACHE" },
    });
    expect(stderr).toMatch(/Code cache of zlib \S* ?is accepted/);
    expect(stderr).not.toMatch(/is rejected/);
  });
});
