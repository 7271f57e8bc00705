/**
 * The part of Eleventy's config API the project uses. Eleventy ships JSDoc, not declarations its
 * package exports, so the few calls we make are typed here.
 */
export interface UserConfig {
  addGlobalData(name: string, value: unknown): void;
  addPassthroughCopy(paths: Record<string, string>): void;
  addExtension(extension: string, engine: object): void;
  ignores: { add(glob: string): void };
  /** `eleventy.before` / `eleventy.after`: Eleventy awaits the handler. */
  on(event: string, handler: (args: { directories: { output: string } }) => unknown): void;
}
