/**
 * The part of Eleventy's config API the project uses. Eleventy ships JSDoc, not declarations its
 * package exports, so the few calls we make are typed here.
 */
export interface UserConfig {
  addGlobalData(name: string, value: unknown): void;
  addFilter(name: string, filter: (...args: never[]) => unknown): void;
  addPassthroughCopy(paths: Record<string, string>): void;
  addWatchTarget(path: string): void;
  addTemplate(path: string, content: string | ((data: unknown) => string), data?: Record<string, unknown>): void;
  addExtension(extension: string, engine: object): void;
  setQuietMode(quiet: boolean): void;
}
