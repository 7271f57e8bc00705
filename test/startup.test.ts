import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, rename, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { RESOLUTIONS_FILE } from "../src/resolutions.ts";
import { runCli } from "./cli/run.ts";
import { SAMPLE_POSTS, snapshot, tempFolders } from "./factory.ts";

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

describe("module resolutions kept between runs", () => {
  const temp = tempFolders("noc-startup-");
  const STARTUP = path.resolve("src/startup.ts");

  /** A package whose entry point says which it is, in a folder last changed a minute ago. */
  async function writePackage(root: string, name: string) {
    const folder = path.join(root, "node_modules/pkg");
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, "package.json"), JSON.stringify({ type: "module", exports: `./${name}.js` }));
    await writeFile(path.join(folder, `${name}.js`), `export default ${JSON.stringify(name)};\n`);
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await utimes(folder, aMinuteAgo, aMinuteAgo);
  }

  /**
   * Runs main.js of `root` after a hook that reports what reaches Node's own resolution (hooks
   * registered later run first: src/startup.ts answers before it), then src/startup.ts, with Node's
   * compile cache in `root`/cache. Returns what main.js printed and the specifiers Node resolved.
   */
  async function runProject(root: string): Promise<{ printed: string; resolvedByNode: string[] }> {
    const { stdout, stderr } = await exec(
      process.execPath,
      ["--import", "./tracker.js", "--import", STARTUP, "main.js"],
      {
        cwd: root,
        env: { ...process.env, NODE_COMPILE_CACHE: path.join(root, "cache") },
      },
    );
    return { printed: stdout.trim(), resolvedByNode: JSON.parse(stderr.trim()) as string[] };
  }

  it("finds a module without Node's search once an earlier run found it, and anew once its package was replaced", async () => {
    const root = await temp();
    await writeFile(path.join(root, "package.json"), '{ "type": "module" }\n');
    await writeFile(path.join(root, "main.js"), 'import name from "pkg";\nconsole.log(name);\n');
    await writeFile(
      path.join(root, "tracker.js"),
      `import { registerHooks } from "node:module";
const seen = [];
registerHooks({ resolve(specifier, context, next) { seen.push(specifier); return next(specifier, context); } });
process.on("exit", () => console.error(JSON.stringify(seen)));
`,
    );
    await writePackage(root, "one");

    const first = await runProject(root);
    expect(first.printed).toBe("one");
    expect(first.resolvedByNode).toContain("pkg");
    const cached = await readdir(path.join(root, "cache"), { recursive: true });
    expect(cached.some((file) => path.basename(file) === RESOLUTIONS_FILE)).toBe(true);

    const second = await runProject(root);
    expect(second.printed).toBe("one");
    expect(second.resolvedByNode).not.toContain("pkg");

    // npm replaces a package's folder when it installs another version.
    await rename(path.join(root, "node_modules/pkg"), path.join(root, "node_modules/pkg-old"));
    await writePackage(root, "two");
    const third = await runProject(root);
    expect(third.printed).toBe("two");
    expect(third.resolvedByNode).toContain("pkg");
  });

  it("gives a build that took the kept answers the same site as a build without them", async () => {
    const root = await temp();
    const env = { NODE_COMPILE_CACHE: path.join(root, "cache") };
    const args = (out: string) => [
      "--posts",
      SAMPLE_POSTS,
      "--out",
      path.join(root, out),
      "--now",
      "2011-07-20T16:00-04:00",
    ];
    const first = await runCli("build", [...args("first"), "--skip-search"], env);
    expect(first.code, first.stderr).toBe(0);
    const cached = await readdir(path.join(root, "cache"), { recursive: true });
    expect(cached.some((file) => path.basename(file) === RESOLUTIONS_FILE)).toBe(true);
    const [kept, without] = await Promise.all([
      runCli("build", [...args("kept"), "--skip-search"], env),
      runCli("build", [...args("without"), "--skip-search"]),
    ]);
    expect(kept.code, kept.stderr).toBe(0);
    expect(without.code, without.stderr).toBe(0);
    expect(await snapshot(path.join(root, "kept"))).toEqual(await snapshot(path.join(root, "without")));
  });
});
