import { registerHooks } from "node:module";

/**
 * Loaded before every command's own modules (`--import ./src/startup.ts` in package.json's
 * scripts), so that modules no command uses are not loaded at all.
 *
 * zod's entry points re-export all of its message locales (`z.locales`): 64 modules, about a third
 * of what a build loads, and 25-40 ms of every command's start (bench/README.md). The site writes
 * its own messages, and zod's English default comes from zod's own import of `locales/en.js`, so
 * `z.locales` is made to hold English alone. Should zod move its files, the name no longer matches
 * and everything loads as before; test/startup.test.ts runs a command with this and without.
 */
const ALL_LOCALES = /\/node_modules\/zod\/v4\/locales\/index\.js$/;

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    if (!ALL_LOCALES.test(resolved.url)) return resolved;
    const english = new URL("en.js", resolved.url).href;
    return { ...resolved, url: `data:text/javascript,export { default as en } from ${JSON.stringify(english)};` };
  },
});
