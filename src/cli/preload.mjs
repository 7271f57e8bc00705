// The build command's start-up (package.json: node --import ./src/cli/preload.mjs src/cli/build.ts).
//
// Plain JavaScript on purpose: it runs before TypeScript can be read. It loads every runtime
// dependency first, then registers tsx for the project's own TypeScript. Modules loaded while tsx's
// loader is registered each make a round trip to the loader's thread, which made loading Eleventy
// and the packages take about twice as long (0.6 s instead of 0.3 s for Eleventy alone).
import { readFile } from "node:fs/promises";
import { register } from "tsx/esm/api";

const manifest = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8"));
await Promise.all(Object.keys(manifest.dependencies).map((name) => import(name)));
register();
