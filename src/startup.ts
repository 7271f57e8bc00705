import { getCompileCacheDir, registerHooks } from "node:module";
import { fileURLToPath } from "node:url";
import { type Resolution, Resolutions, resolutionKey } from "./resolutions.ts";

/**
 * Loaded before every command's own modules (`--import ./src/startup.ts` in package.json's
 * scripts): what every command imports is found quickly, and modules no command uses are not
 * loaded at all.
 *
 * Where each module was found is kept from one run to the next, beside Node's compiled modules,
 * while the folders it was found in are as they were (src/resolutions.ts).
 *
 * zod's entry points re-export all of its message locales (`z.locales`): 64 modules, about a third
 * of what a build loads, and 25-40 ms of every command's start (bench/README.md). The site writes
 * its own messages, and zod's English default comes from zod's own import of `locales/en.js`, so
 * `z.locales` is made to hold English alone. Should zod move its files, the name no longer matches
 * and everything loads as before; test/startup.test.ts runs a command with this and without.
 */
const ALL_LOCALES = /\/node_modules\/zod\/v4\/locales\/index\.js$/;

const project = (file: string) => fileURLToPath(new URL(`../${file}`, import.meta.url));
const resolutions = new Resolutions(getCompileCacheDir(), [
  project("package.json"),
  project("node_modules/.package-lock.json"),
]);

registerHooks({
  resolve(specifier, context, nextResolve) {
    const key = resolutionKey(specifier, context);
    const kept = key === undefined ? undefined : resolutions.get(key);
    if (kept) return { ...kept, shortCircuit: true };
    const found = nextResolve(specifier, context);
    const answer: Resolution = ALL_LOCALES.test(found.url) ? englishOnly(found) : found;
    if (key !== undefined) resolutions.add(key, answer, found.url);
    return answer;
  },
});

process.once("exit", () => resolutions.save());

function englishOnly(found: Resolution): Resolution {
  const english = new URL("en.js", found.url).href;
  return { ...found, url: `data:text/javascript,export { default as en } from ${JSON.stringify(english)};` };
}
