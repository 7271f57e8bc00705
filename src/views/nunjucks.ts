import { createHash } from "node:crypto";
import nunjucks from "nunjucks";
import type { Post, Site } from "../model/site.ts";
import { templateFilters } from "./filters.ts";
import type { KeptTexts } from "./kept-texts.ts";

/**
 * The Nunjucks engine every page is rendered with (src/views/pages.ts): templates under
 * `templates/` are loaded and compiled once and kept, the filters are the site's own
 * (src/views/filters.ts), and the display macros are the global `m`. `compiled`: templates compiled
 * by an earlier build, taken for those whose text is the same (`CompiledTemplates`).
 */
export function nunjucksEngine(
  folder: string,
  filters: Record<string, (...args: never[]) => unknown>,
  compiled?: CompiledTemplates,
) {
  const options = {
    autoescape: true,
    throwOnUndefined: true,
    // Block tags leave no blank lines or trailing spaces in the HTML.
    trimBlocks: true,
    lstripBlocks: true,
  };
  const loader = compiled ? new CompilingLoader(folder, compiled, options) : new nunjucks.FileSystemLoader(folder);
  const env = new nunjucks.Environment(loader, options);
  for (const [name, filter] of Object.entries(filters)) env.addFilter(name, filter as (...args: unknown[]) => unknown);
  // The display macros are the global `m`, made once: importing them on every page ran the whole
  // macros template again for each of thousands of pages.
  const macros = exportedMacros(env, "macros.njk");
  // A post's item is the same in every list it is in (the board's, its kind's, each service's, a
  // day's): made once per post and engine, or taken as an earlier build made it (`keepItems`).
  // Lists call it as `m.postItem` for that.
  let kept: KeptItems | undefined;
  for (const name of ONCE_PER_POST) {
    if (typeof macros[name] === "function") macros[name] = oncePerPost(name, macros[name], () => kept);
  }
  env.addGlobal("m", macros);
  return {
    /** Renders a template (loaded and compiled once) with `data`. */
    render(name: string, data: object): string {
      return env.render(name, data);
    },
    /**
     * From now on, a post's list item whose key (everything it is made from) was made before is
     * taken from `items.texts`, and one made is kept there: the history page alone lists every post
     * of the last 12 months, and a rebuild made each item again (about 20 ms at 1,000 posts).
     */
    keepItems(items: KeptItems): void {
      kept = items;
    },
  };
}

/** Posts' list items kept between builds, by `key` (`RenderKeys.item`). */
export interface KeptItems {
  texts: KeptTexts;
  key: (macro: string, post: Post) => string;
}

export type TemplateEngine = ReturnType<typeof nunjucksEngine>;

/** Macros whose output depends on their one argument, a post, alone. */
const ONCE_PER_POST = ["postItem", "monthItem"];

function oncePerPost(name: string, macro: unknown, kept: () => KeptItems | undefined): (post: Post) => unknown {
  const made = new WeakMap<object, unknown>();
  const render = macro as (post: Post) => unknown;
  return (post) => {
    if (made.has(post)) return made.get(post);
    const items = kept();
    const key = items?.key(name, post);
    const text = key === undefined ? undefined : items?.texts.get(key);
    // A macro's output is marked safe HTML; so is the text it is taken from.
    const item = text === undefined ? render(post) : new nunjucks.runtime.SafeString(text);
    if (key !== undefined && text === undefined) items?.texts.set(key, String(item));
    made.set(post, item);
    return item;
  };
}

/** The engine for `templates/` with this site's filters. */
export function siteTemplates(site: Site, compiled?: CompiledTemplates): TemplateEngine {
  return nunjucksEngine("templates", templateFilters(site), compiled);
}

/**
 * Templates compiled to JavaScript by Nunjucks, by name and a hash of their text, kept between
 * builds (src/build/build-cache.ts, src/build/warm-build.ts): compiling the site's templates took
 * 55-75 ms of every build, making functions of the kept code 3 ms. A template whose text changed is
 * compiled again. The code depends on Nunjucks' version and the engine's options too, which the
 * build cache's fingerprint of the code and lockfile covers.
 */
export class CompiledTemplates {
  #code = new Map<string, { hash: string; code: string }>();

  /** The code of template `name` with text `source`: kept, or made by `compile` and kept. */
  code(name: string, source: string, compile: () => string): string {
    const hash = createHash("sha1").update(source).digest("base64");
    const kept = this.#code.get(name);
    if (kept?.hash === hash) return kept.code;
    const code = compile();
    this.#code.set(name, { hash, code });
    return code;
  }

  /** What is kept, for the next build: `[name, hash, code]`. */
  entries(): [string, string, string][] {
    return [...this.#code].map(([name, { hash, code }]) => [name, hash, code]);
  }

  /** Takes what an earlier build kept. */
  give(entries: Iterable<[string, string, string]>): void {
    for (const [name, hash, code] of entries) this.#code.set(name, { hash, code });
  }
}

/** Nunjucks' compiler and helpers, which its typings leave out. */
const { compiler, lib } = nunjucks as unknown as {
  compiler: { compile(src: string, asyncFilters: string[], extensions: unknown[], name: string, opts: object): string };
  lib: { _prettifyError(path: string, withInternals: boolean, error: unknown): Error };
};

/**
 * Loads templates from `folder` as compiled code, from `compiled` when a template's text is the
 * same as when it was kept: what Nunjucks does with a template's text itself (compile it, make a
 * function of the code and call it), with the compiling done only once.
 */
class CompilingLoader extends nunjucks.FileSystemLoader {
  readonly #compiled: CompiledTemplates;
  readonly #options: object;

  constructor(folder: string, compiled: CompiledTemplates, options: object) {
    super(folder);
    this.#compiled = compiled;
    this.#options = options;
  }

  override getSource(name: string): nunjucks.LoaderSource {
    const source = super.getSource(name);
    if (!source) return source;
    let props: unknown;
    try {
      const code = this.#compiled.code(name, source.src, () =>
        compiler.compile(source.src, [], [], source.path, this.#options),
      );
      props = new Function(code)();
    } catch (error) {
      throw lib._prettifyError(source.path, false, error);
    }
    return { ...source, src: { type: "code", obj: props } as unknown as string };
  }
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
