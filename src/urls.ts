import type { Settings } from "./schema.ts";

/**
 * Site paths (`/posts/x/`) are written without the deployment prefix; these turn them into links
 * for pages (under the base URL's path) and for feeds and calendars (absolute).
 */

/** `/posts/x/` → `/noc/posts/x/` when the site is published under https://example.net/noc/ */
export function href(settings: Settings, sitePath: string): string {
  return `${new URL(settings.baseUrl).pathname.replace(/\/$/, "")}${sitePath}`;
}

/** `/posts/x/` → `https://example.net/noc/posts/x/` */
export function absolute(settings: Settings, sitePath: string): string {
  return new URL(sitePath.replace(/^\//, ""), settings.baseUrl).href;
}

/**
 * Rewrites root-relative links (`href="/..."`, `src="/..."`) in rendered Markdown with `rebase`.
 * markdown-it writes attributes in double quotes, so this sees every link it made.
 */
export function rebaseLinks(html: string, rebase: (sitePath: string) => string): string {
  return html.replace(/ (href|src)="(\/(?!\/)[^"]*)"/g, (_m, attr: string, p: string) => ` ${attr}="${rebase(p)}"`);
}

/** The domain part of the tag authority (`example.net,2008` → `example.net`). */
export function authorityDomain(settings: Settings): string {
  return settings.tagAuthority.split(",")[0] ?? settings.tagAuthority;
}

/** A `tag:` IRI (RFC 4151) under the NOC's authority: it never changes with the site's address. */
export function tagUri(settings: Settings, specific: string): string {
  return `tag:${settings.tagAuthority}:${specific}`;
}
