import nunjucks from "nunjucks";

/**
 * The Nunjucks engine for `templates/`. Eleventy's own compiles a template again for every page it
 * paginates; with one page per post that was most of a build's time. Here each template is compiled
 * once and kept, and the filters are the site's own (src/filters.ts).
 */
export function nunjucksEngine(includes: string[], filters: Record<string, (...args: never[]) => unknown>) {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(includes), {
    autoescape: true,
    throwOnUndefined: true,
    // Block tags leave no blank lines or trailing spaces in the HTML.
    trimBlocks: true,
    lstripBlocks: true,
  });
  for (const [name, filter] of Object.entries(filters)) env.addFilter(name, filter as (...args: unknown[]) => unknown);
  // The display macros are the global `m`, made once: importing them on every page ran the whole
  // macros template again for each of thousands of pages.
  env.addGlobal("m", exportedMacros(env, "macros.njk"));
  const compiled = new Map<string, nunjucks.Template>();
  const extension = {
    outputFileExtension: "html",
    compile(content: string, inputPath: string) {
      const key = `${inputPath}\0${content}`;
      let template = compiled.get(key);
      if (!template) {
        template = new nunjucks.Template(content, env, inputPath, true);
        compiled.set(key, template);
      }
      const ready = template;
      return (data: object) =>
        new Promise<string>((resolve, reject) => {
          ready.render(data, (error, result) => (error ? reject(error) : resolve(result ?? "")));
        });
    },
  };
  return {
    /** For Eleventy's `addExtension("njk", …)`. */
    extension,
    /** Renders a template from the include folders (loaded and compiled once) with `data`. */
    render(name: string, data: object): string {
      return env.render(name, data);
    },
  };
}

export type TemplateEngine = ReturnType<typeof nunjucksEngine>;

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
