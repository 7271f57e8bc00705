import type { Audience, Settings } from "../model/schema.ts";
import { basePath } from "../routes.ts";
import { ASSETS_PATH } from "./assets.ts";

/**
 * HTTP headers for the site, for hosts that read a `_headers` file (Netlify, Cloudflare Pages);
 * `deploy/nginx/status-site.conf` says the same to nginx.
 *
 * - Assets under /assets/ carry their content's hash in their name: cached for a year, immutable.
 * - Everything else (pages, feeds, calendars, the API, badges) is left to the host's default for
 *   HTML, which on both is `max-age=0, must-revalidate`: a status must be fresh. (Two rules that
 *   both set Cache-Control are joined on some hosts, so only the assets' rule sets it.)
 * - A Content-Security-Policy that allows only the site's own scripts, styles and images (and the
 *   search index's WebAssembly), no inline script or style, no framing.
 */

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const ASSET_CACHE = "public, max-age=31536000, immutable";

export function hostHeaders(settings: Settings, audience: Audience = "public"): string {
  const base = basePath(settings);
  return [
    "# Written by the build (src/views/host-headers.ts) for Netlify and Cloudflare Pages.",
    `${base}/*`,
    `  Content-Security-Policy: ${CONTENT_SECURITY_POLICY}`,
    "  X-Content-Type-Options: nosniff",
    "  Referrer-Policy: strict-origin-when-cross-origin",
    // The staff site is for staff: no search engine indexes it, even if its address leaks.
    ...(audience === "internal" ? ["  X-Robots-Tag: noindex, nofollow"] : []),
    `${base}${ASSETS_PATH}*`,
    `  Cache-Control: ${ASSET_CACHE}`,
    "",
  ].join("\n");
}
