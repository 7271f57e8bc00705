import { mkdir, readFile, rename, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { RESOLUTIONS_FILE, type ResolutionKey, Resolutions, resolutionKey } from "../src/resolutions.ts";
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
  return { root, cache, url, parentURL, files };
}

function key(specifier: string, parentURL: string): ResolutionKey {
  return resolutionKey(specifier, { parentURL, ...IMPORT }) as ResolutionKey;
}

describe("Resolutions", () => {
  const temp = tempFolders("noc-resolutions-");
  it("gives the next run each answer this run kept, with its format", async () => {
    const { cache, url, parentURL, files } = await project(temp);
    const first = new Resolutions(cache, files);
    first.add(
      key("pkg", parentURL),
      { url: url("node_modules/pkg/index.js"), format: "module" },
      url("node_modules/pkg/index.js"),
    );
    first.add(key("./dep.ts", parentURL), { url: url("dep.ts"), format: "module-typescript" }, url("dep.ts"));
    first.save();
    const next = new Resolutions(cache, files);
    expect(next.get(key("pkg", parentURL))).toEqual({ url: url("node_modules/pkg/index.js"), format: "module" });
    expect(next.get(key("./dep.ts", parentURL))).toEqual({ url: url("dep.ts"), format: "module-typescript" });
    expect(next.get(key("other", parentURL))).toBeUndefined();
  });

  it("gives an answer Node made without a format without one (not null)", async () => {
    const { cache, url, parentURL, files } = await project(temp);
    const first = new Resolutions(cache, files);
    first.add(key("/x/package.json", parentURL), { url: url("package.json"), format: undefined }, url("package.json"));
    first.save();
    const answer = new Resolutions(cache, files).get(key("/x/package.json", parentURL));
    expect(answer).toEqual({ url: url("package.json") });
    expect(answer && "format" in answer).toBe(false);
  });

  it("keeps answers apart by how they were asked for: import or require", async () => {
    const { cache, url, parentURL, files } = await project(temp);
    const first = new Resolutions(cache, files);
    const imported = resolutionKey("pkg", { parentURL, conditions: ["node", "import"] }) as ResolutionKey;
    const required = resolutionKey("pkg", { parentURL, conditions: ["node", "require"] }) as ResolutionKey;
    first.add(imported, { url: url("node_modules/pkg/index.js"), format: "module" }, url("node_modules/pkg/index.js"));
    first.save();
    const next = new Resolutions(cache, files);
    expect(next.get(imported)?.url).toBe(url("node_modules/pkg/index.js"));
    expect(next.get(required)).toBeUndefined();
  });

  it("keeps nothing for the command's entry point, which is found from the working folder", () => {
    expect(resolutionKey("src/cli/build.ts", { conditions: ["node", "import"] })).toBeUndefined();
  });

  it("drops every answer once a folder a package was found in has a file more", async () => {
    const { root, cache, url, parentURL, files } = await project(temp);
    const first = new Resolutions(cache, files);
    first.add(
      key("pkg", parentURL),
      { url: url("node_modules/pkg/index.js"), format: "module" },
      url("node_modules/pkg/index.js"),
    );
    first.add(key("./dep.js", parentURL), { url: url("dep.js"), format: "module" }, url("dep.js"));
    first.save();
    await writeFile(path.join(root, "node_modules/pkg/index.mjs"), "export default 2;\n");
    const next = new Resolutions(cache, files);
    expect(next.get(key("pkg", parentURL))).toBeUndefined();
    expect(next.get(key("./dep.js", parentURL))).toBeUndefined();
  });

  it("drops every answer once a package's folder was replaced", async () => {
    const { root, cache, url, parentURL, files } = await project(temp);
    const first = new Resolutions(cache, files);
    first.add(
      key("pkg", parentURL),
      { url: url("node_modules/pkg/index.js"), format: "module" },
      url("node_modules/pkg/index.js"),
    );
    first.save();
    await rename(path.join(root, "node_modules/pkg"), path.join(root, "node_modules/old"));
    await mkdir(path.join(root, "node_modules/pkg"));
    expect(new Resolutions(cache, files).get(key("pkg", parentURL))).toBeUndefined();
  });

  it("keeps no answer found in a folder changed in the last seconds, whose time may not tell the next change", async () => {
    const { root, cache, url, parentURL, files } = await project(temp);
    await writeFile(path.join(root, "node_modules/pkg/extra.js"), "");
    const first = new Resolutions(cache, files);
    first.add(
      key("pkg", parentURL),
      { url: url("node_modules/pkg/index.js"), format: "module" },
      url("node_modules/pkg/index.js"),
    );
    first.add(key("./dep.js", parentURL), { url: url("dep.js"), format: "module" }, url("dep.js"));
    first.save();
    const next = new Resolutions(cache, files);
    expect(next.get(key("pkg", parentURL))).toBeUndefined();
    expect(next.get(key("./dep.js", parentURL))?.url).toBe(url("dep.js"));
  });

  it("keeps a file named with its path and extension whatever its folder holds next to it", async () => {
    const { root, cache, url, parentURL, files } = await project(temp);
    const first = new Resolutions(cache, files);
    first.add(key("./dep.js", parentURL), { url: url("dep.js"), format: "module" }, url("dep.js"));
    first.save();
    // The project's own folder changes with every build it writes there.
    await writeFile(path.join(root, "new-file.txt"), "");
    expect(new Resolutions(cache, files).get(key("./dep.js", parentURL))?.url).toBe(url("dep.js"));
  });

  it("drops every answer once the project's package.json changed", async () => {
    const { root, cache, url, parentURL, files } = await project(temp);
    const first = new Resolutions(cache, files);
    first.add(key("./dep.js", parentURL), { url: url("dep.js"), format: "module" }, url("dep.js"));
    first.save();
    await writeFile(path.join(root, "package.json"), '{ "type": "commonjs" }\n');
    expect(new Resolutions(cache, files).get(key("./dep.js", parentURL))).toBeUndefined();
  });

  it("drops answers a Node of another version, or run with other flags, kept", async () => {
    const { cache, url, parentURL, files } = await project(temp);
    const first = new Resolutions(cache, files);
    first.add(key("./dep.js", parentURL), { url: url("dep.js"), format: "module" }, url("dep.js"));
    first.save();
    const file = path.join(cache, RESOLUTIONS_FILE);
    const saved = JSON.parse(await readFile(file, "utf8")) as { runtime: string };
    const [version, flags, ...variables] = JSON.parse(saved.runtime) as [string, string[], string, string];
    expect(version).toBe(process.version);
    expect(new Resolutions(cache, files).get(key("./dep.js", parentURL))?.url).toBe(url("dep.js"));
    await writeFile(file, JSON.stringify({ ...saved, runtime: JSON.stringify(["v0.0.0", flags, ...variables]) }));
    expect(new Resolutions(cache, files).get(key("./dep.js", parentURL))).toBeUndefined();
    await writeFile(
      file,
      JSON.stringify({ ...saved, runtime: JSON.stringify([version, [...flags, "--preserve-symlinks"], ...variables]) }),
    );
    expect(new Resolutions(cache, files).get(key("./dep.js", parentURL))).toBeUndefined();
  });

  it("reads a damaged file as no answers, and the next save writes a whole one", async () => {
    const { cache, url, parentURL, files } = await project(temp);
    await writeFile(path.join(cache, RESOLUTIONS_FILE), '{"node": "v24", "resolved": {"file:');
    const run = new Resolutions(cache, files);
    expect(run.get(key("./dep.js", parentURL))).toBeUndefined();
    run.add(key("./dep.js", parentURL), { url: url("dep.js"), format: "module" }, url("dep.js"));
    run.save();
    expect(new Resolutions(cache, files).get(key("./dep.js", parentURL))?.url).toBe(url("dep.js"));
  });

  it("writes nothing when the run added nothing, and keeps nothing without a cache folder", async () => {
    const { cache, url, parentURL, files } = await project(temp);
    new Resolutions(cache, files).save();
    await expect(readFile(path.join(cache, RESOLUTIONS_FILE))).rejects.toMatchObject({ code: "ENOENT" });
    const none = new Resolutions(undefined, files);
    none.add(key("./dep.js", parentURL), { url: url("dep.js"), format: "module" }, url("dep.js"));
    none.save();
    expect(none.get(key("./dep.js", parentURL))).toBeUndefined();
  });
});
