import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { buildCommand } from "../../src/cli/build-command.ts";

describe("buildCommand", () => {
  it("is package.json's build script, run with this Node, with the arguments added", async () => {
    const manifest = JSON.parse(await readFile("package.json", "utf8")) as { scripts: { build: string } };
    const command = await buildCommand(["--out", "x"]);
    expect(command[0]).toBe(process.execPath);
    expect(command.slice(1)).toEqual([...manifest.scripts.build.split(" ").slice(1), "--out", "x"]);
    expect(command).toContain("--expose-gc");
    expect(command).toContain("src/cli/build.ts");
  });
});
