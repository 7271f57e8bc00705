import nunjucks from "nunjucks";
import type { Site } from "../model/site.ts";
import { templateFilters } from "./filters.ts";

/**
 * The Nunjucks engine every page is rendered with (src/views/pages.ts): templates under
 * `templates/` are loaded and compiled once and kept, the filters are the site's own
 * (src/views/filters.ts), and the display macros are the global `m`.
 */
export function nunjucksEngine(folder: string, filters: Record<string, (...args: never[]) => unknown>) {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(folder), {
    autoescape: true,
    throwOnUndefined: true,
    // Block tags leave no blank lines or trailing spaces in the HTML.
    trimBlocks: true,
    lstripBlocks: true,
  });
  for (const [name, filter] of Object.entries(filters)) env.addFilter(name, filter as (...args: unknown[]) => unknown);
  // The display macros are the global `m`, made once: importing them on every page ran the whole
  // macros template again for each of thousands of pages.
  const macros = exportedMacros(env, "macros.njk");
  // A post's item is the same in every list it is in (the board's, its kind's, each service's, a
  // day's): made once per post and engine. Lists call it as `m.postItem` for that.
  for (const name of ONCE_PER_POST) if (typeof macros[name] === "function") macros[name] = oncePerPost(macros[name]);
  env.addGlobal("m", macros);
  return {
    /** Renders a template (loaded and compiled once) with `data`. */
    render(name: string, data: object): string {
      return env.render(name, data);
    },
  };
}

export type TemplateEngine = ReturnType<typeof nunjucksEngine>;

/** Macros whose output depends on their one argument, a post, alone. */
const ONCE_PER_POST = ["postItem", "monthItem"];

function oncePerPost(macro: unknown): (post: object) => unknown {
  const made = new WeakMap<object, unknown>();
  const render = macro as (post: object) => unknown;
  return (post) => {
    if (!made.has(post)) made.set(post, render(post));
    return made.get(post);
  };
}

/** The engine for `templates/` with this site's filters. */
export function siteTemplates(site: Site): TemplateEngine {
  return nunjucksEngine("templates", templateFilters(site));
}

/** The macros a template defines, as an object of functions (what `{% import %}` would give). */
function exportedMacros(env: nunjucks.Environment, name: string): Record<string, unknown> {
  let exported: Record<string, unknown> | undefined;
  let failure: unknown;
  const template = env.getTemplate(name, true);
  // The loader is synchronous, so the callback has run by the time getExported returns.
  (template as unknown as { getExported(cb: (e: unknown, x: Record<string, unknown>) => void): void }).getExported(
    (error, result) => {
      failure = error;
      exported = result;
    },
  );
  if (failure || !exported) throw failure ?? new Error(`${name} exported no macros`);
  return exported;
}
