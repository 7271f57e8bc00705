import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { SiteFile } from "../build/write-files.ts";
import type { Settings } from "../model/schema.ts";

/**
 * The files pages link to (stylesheets and scripts) under names that carry a hash of their content,
 * `/assets/style.3f2a1b9c0d.css`: a host may cache them for a year, and a new stylesheet never meets
 * an old page, since a changed file gets a new name. Pages name them through the `assets` global.
 * The plain copies under `public/` stay at the root for anyone who linked them.
 */

export const ASSETS_PATH = "/assets/";
/** Files of public/ that pages link to. */
export const PAGE_ASSETS = ["style.css", "localtime.js", "freshness.js", "search.js"] as const;

export interface PageAssets {
  /** "style.css" → "/assets/style.3f2a1b9c0d.css"; "theme.css" when the settings give accent colours */
  paths: Record<string, string>;
  files: SiteFile[];
}

export function pageAssets(publicDir: string, settings: Settings): PageAssets {
  const sources: [string, string][] = PAGE_ASSETS.map((name) => [
    name,
    readFileSync(path.join(publicDir, name), "utf8"),
  ]);
  const theme = themeCss(settings);
  if (theme) sources.push(["theme.css", theme]);
  const paths: Record<string, string> = {};
  const files: SiteFile[] = [];
  for (const [name, content] of sources) {
    const hash = createHash("sha256").update(content).digest("hex").slice(0, 10);
    const ext = path.extname(name);
    const hashed = `${ASSETS_PATH}${path.basename(name, ext)}.${hash}${ext}`;
    paths[name] = hashed;
    files.push({ path: hashed, content });
  }
  return { paths, files };
}

/** The settings' accent colours over public/style.css's, or null when they give none. */
export function themeCss(settings: Settings): string | null {
  const { accentColor, accentColorDark } = settings;
  if (!accentColor && !accentColorDark) return null;
  const light = accentColor ? `:root {\n  --link: ${accentColor};\n}\n` : "";
  const dark = accentColorDark
    ? `@media (prefers-color-scheme: dark) {\n  :root {\n    --link: ${accentColorDark};\n  }\n}\n`
    : "";
  return `/* The site's accent colours (settings.yaml), checked for WCAG AA contrast. */\n${light}${dark}`;
}
