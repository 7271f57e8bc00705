import { mkdir, readFile, rename, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import {
  RESOLUTIONS_FILE,
  type Resolution,
  type ResolutionKey,
  Resolutions,
  resolutionKey,
} from "../src/resolutions.ts";
import { tempFolders } from "./factory.ts";

const IMPORT = { conditions: ["node", "import"], importAttributes: {} };

/**
 * A project of its own: an importing module, a package under node_modules, a package.json, its
 * folders last changed a minute ago.
 */
async function project(temp: () => Promise<string>) {
  const root = await temp();
  const cache = path.join(root, "cache");
  await mkdir(cache);
  await mkdir(path.join(root, "node_modules/pkg"), { recursive: true });
  await writeFile(path.join(root, "node_modules/pkg/index.js"), "export default 1;\n");
  await writeFile(path.join(root, "package.json"), '{ "type": "module" }\n');
  await writeFile(path.join(root, "main.js"), 'import "pkg";\n');
  const url = (file: string) => pathToFileURL(path.join(root, file)).href;
  const parentURL = url("main.js");
  const files = [path.join(root, "package.json")];
  const aMinuteAgo = new Date(Date.now() - 60_000);
  for (const folder of ["node_modules/pkg", "node_modules", "."])
    await utimes(path.join(root, folder), aMinuteAgo, aMinuteAgo);
  const answer = (specifier: string, file: string, format: string): Answer => ({
    key: key(specifier, parentURL),
    resolution: { url: url(file), format },
  });
  /** main.js's import of its package, found by a search in node_modules/pkg */
  const pkg = answer("pkg", "node_modules/pkg/index.js", "module");
  /** an import named with its path and extension */
  const dep = answer("./dep.js", "dep.js", "module");
  /** `answers` added in a run of their own and saved, as a command's run does at its exit */
  const keep = (...answers: Answer[]) => {
    const run = new Resolutions(cache, files);
    for (const { key, resolution } of answers) run.add(key, resolution, resolution.url);
    run.save();
  };
  /** what the next run is given for `answer` */
  const next = ({ key }: Pick<Answer, "key">) => new Resolutions(cache, files).get(key);
  return { root, cache, url, parentURL, files, answer, pkg, dep, keep, next };
}

interface Answer {
  key: ResolutionKey;
  resolution: Resolution;
}

function key(specifier: string, parentURL: string): ResolutionKey {
  return resolutionKey(specifier, { parentURL, ...IMPORT }) as ResolutionKey;
}

describe("Resolutions", () => {
  const temp = tempFolders("noc-resolutions-");
  it("gives the next run each answer this run kept, with its format", async () => {
    const { url, answer, pkg, keep, next } = await project(temp);
    const typescript = answer("./dep.ts", "dep.ts", "module-typescript");
    keep(pkg, typescript);
    expect(next(pkg)).toEqual({ url: url("node_modules/pkg/index.js"), format: "module" });
    expect(next(typescript)).toEqual({ url: url("dep.ts"), format: "module-typescript" });
    expect(next(answer("other", "other.js", "module"))).toBeUndefined();
  });

  it("gives an answer Node made without a format without one (not null)", async () => {
    const { url, parentURL, keep, next } = await project(temp);
    const json = {
      key: key("/x/package.json", parentURL),
      resolution: { url: url("package.json"), format: undefined },
    };
    keep(json);
    const answer = next(json);
    expect(answer).toEqual({ url: url("package.json") });
    expect(answer && "format" in answer).toBe(false);
  });

  it("keeps answers apart by how they were asked for: import or require", async () => {
    const { url, parentURL, pkg, keep, next } = await project(temp);
    const imported = resolutionKey("pkg", { parentURL, conditions: ["node", "import"] }) as ResolutionKey;
    const required = resolutionKey("pkg", { parentURL, conditions: ["node", "require"] }) as ResolutionKey;
    keep({ key: imported, resolution: pkg.resolution });
    expect(next({ key: imported })?.url).toBe(url("node_modules/pkg/index.js"));
    expect(next({ key: required })).toBeUndefined();
  });

  it("keeps nothing for the command's entry point, which is found from the working folder", () => {
    expect(resolutionKey("src/cli/build.ts", { conditions: ["node", "import"] })).toBeUndefined();
  });

  it("drops every answer once a folder a package was found in has a file more", async () => {
    const { root, pkg, dep, keep, next } = await project(temp);
    keep(pkg, dep);
    await writeFile(path.join(root, "node_modules/pkg/index.mjs"), "export default 2;\n");
    expect(next(pkg)).toBeUndefined();
    expect(next(dep)).toBeUndefined();
  });

  it("drops every answer once a package's folder was replaced", async () => {
    const { root, pkg, keep, next } = await project(temp);
    keep(pkg);
    await rename(path.join(root, "node_modules/pkg"), path.join(root, "node_modules/old"));
    await mkdir(path.join(root, "node_modules/pkg"));
    expect(next(pkg)).toBeUndefined();
  });

  it("keeps no answer found in a folder changed in the last seconds, whose time may not tell the next change", async () => {
    const { root, url, pkg, dep, keep, next } = await project(temp);
    await writeFile(path.join(root, "node_modules/pkg/extra.js"), "");
    keep(pkg, dep);
    expect(next(pkg)).toBeUndefined();
    expect(next(dep)?.url).toBe(url("dep.js"));
  });

  it("keeps a file named with its path and extension whatever its folder holds next to it", async () => {
    const { root, url, dep, keep, next } = await project(temp);
    keep(dep);
    // The project's own folder changes with every build it writes there.
    await writeFile(path.join(root, "new-file.txt"), "");
    expect(next(dep)?.url).toBe(url("dep.js"));
  });

  it("drops every answer once the project's package.json changed", async () => {
    const { root, dep, keep, next } = await project(temp);
    keep(dep);
    await writeFile(path.join(root, "package.json"), '{ "type": "commonjs" }\n');
    expect(next(dep)).toBeUndefined();
  });

  it("drops answers a Node of another version, or run with other flags, kept", async () => {
    const { cache, url, dep, keep, next } = await project(temp);
    keep(dep);
    const file = path.join(cache, RESOLUTIONS_FILE);
    const saved = JSON.parse(await readFile(file, "utf8")) as { runtime: string };
    const [version, flags, ...variables] = JSON.parse(saved.runtime) as [string, string[], string, string];
    expect(version).toBe(process.version);
    expect(next(dep)?.url).toBe(url("dep.js"));
    await writeFile(file, JSON.stringify({ ...saved, runtime: JSON.stringify(["v0.0.0", flags, ...variables]) }));
    expect(next(dep)).toBeUndefined();
    await writeFile(
      file,
      JSON.stringify({ ...saved, runtime: JSON.stringify([version, [...flags, "--preserve-symlinks"], ...variables]) }),
    );
    expect(next(dep)).toBeUndefined();
  });

  it("reads a damaged file as no answers, and the next save writes a whole one", async () => {
    const { cache, url, dep, keep, next } = await project(temp);
    await writeFile(path.join(cache, RESOLUTIONS_FILE), '{"node": "v24", "resolved": {"file:');
    expect(next(dep)).toBeUndefined();
    keep(dep);
    expect(next(dep)?.url).toBe(url("dep.js"));
  });

  it("writes nothing when the run added nothing, and keeps nothing without a cache folder", async () => {
    const { cache, files, dep, keep } = await project(temp);
    keep();
    await expect(readFile(path.join(cache, RESOLUTIONS_FILE))).rejects.toMatchObject({ code: "ENOENT" });
    const none = new Resolutions(undefined, files);
    none.add(dep.key, dep.resolution, dep.resolution.url);
    none.save();
    expect(none.get(dep.key)).toBeUndefined();
  });
});
