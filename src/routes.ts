import type { Kind, Settings } from "./model/schema.ts";

/**
 * Every path of the site, in one place. Site paths (`/posts/x/`) are written without the
 * deployment prefix: pages get it once, when they are written (`withBasePath`), feeds and calendars
 * as absolute URLs (`absolute`).
 */

export const ROUTES = {
  home: "/",
  history: "/history/",
  services: "/services/",
  subscribe: "/subscribe/",
  search: "/search/",
  notFound: "/404.html",
  opml: "/feeds.opml",
  calendar: "/maintenance.ics",
  searchIndex: "/pagefind/",
  siteBadge: "/badges/status.svg",
  favicon: "/favicon.svg",
  /** cache and security headers for hosts that read them (src/views/host-headers.ts) */
  hostHeaders: "/_headers",
  api: "/api/v2/",
  /** when the site was built and when it next changes by itself (src/views/build-record.ts) */
  buildRecord: "/build.json",
} as const;

const KIND_FOLDERS: Record<Kind, string> = { incident: "incidents", maintenance: "maintenance", notice: "notices" };

export const postPath = (id: string): string => `/posts/${id}/`;
export const servicePath = (id: string): string => `/services/${id}/`;
export const kindPath = (kind: Kind): string => `/${KIND_FOLDERS[kind]}/`;
export const dayPath = (date: string): string => `${ROUTES.history}${date}/`;
export const yearPath = (year: string): string => `${ROUTES.history}${year}/`;
/** Page 1 of a list lives at `base`, page N at `base`page/N/. */
export const listPagePath = (base: string, number: number): string => (number === 1 ? base : `${base}page/${number}/`);
export const serviceCalendarPath = (id: string): string => `${servicePath(id)}maintenance.ics`;
export const badgePath = (serviceId: string): string => `/badges/${serviceId}.svg`;
/** The search index in parts: the first at /pagefind/, the others at /pagefind/part-N/. */
export const searchPartPath = (n: number): string => (n === 1 ? ROUTES.searchIndex : `${ROUTES.searchIndex}part-${n}/`);

/** What a feed, a calendar or a subscription covers: the whole site, one kind of post, or one service. */
export type Scope = { of: "site" } | { of: "kind"; kind: Kind } | { of: "service"; id: string };

/** A scope as a stable string: `site`, `kind-incident`, `service-dns` (feed ids are made from it: never change it). */
export function scopeKey(scope: Scope): string {
  if (scope.of === "site") return "site";
  return scope.of === "kind" ? `kind-${scope.kind}` : `service-${scope.id}`;
}

/** The maintenance calendar of a scope, where it has one: the site's (also the maintenance list's) and each service's. */
export function calendarPath(scope: Scope): string | null {
  if (scope.of === "site" || (scope.of === "kind" && scope.kind === "maintenance")) return ROUTES.calendar;
  return scope.of === "service" ? serviceCalendarPath(scope.id) : null;
}

export const FEED_FILES = { atom: "feed.xml", rss: "rss.xml", json: "feed.json" } as const;
export type FeedFormat = keyof typeof FEED_FILES;
/** A feed sits in the folder of the page it mirrors: `/services/dns/feed.xml`. */
export const feedPath = (page: string, format: FeedFormat): string => `${page}${FEED_FILES[format]}`;

/**
 * The Atom feed with one entry per published update, for the site and each service: a reader shows
 * "Resolved" as a new item there, where the post feeds update an entry in place.
 */
export const UPDATES_FEED = "updates.xml";
export function updatesFeedPath(scope: Scope): string | null {
  if (scope.of === "site") return `${ROUTES.home}${UPDATES_FEED}`;
  return scope.of === "service" ? `${servicePath(scope.id)}${UPDATES_FEED}` : null;
}

/** The file a page is written to: `index.html` in its folder, or the path itself (`/404.html`). */
export const pageFile = (path: string): string => (path.endsWith("/") ? `${path}index.html` : path);

/**
 * A rendered page with every root-relative address under the deployment prefix: `href`, `src`,
 * `action` and the search bundles (`data-pagefind`, `data-pagefind-merge`, space-separated).
 * Nothing changes when the site is published at the root.
 */
export function withBasePath(html: string, settings: Settings): string {
  const prefix = basePath(settings);
  if (!prefix) return html;
  return html.replace(
    / (href|src|action|data-pagefind|data-pagefind-merge)="([^"]*)"/g,
    (_m, attr: string, value: string) =>
      ` ${attr}="${value
        .split(" ")
        .map((v) => (v.startsWith("/") && !v.startsWith("//") ? `${prefix}${v}` : v))
        .join(" ")}"`,
  );
}

/** The deployment's path without its last slash: "" at a host's root, "/noc" under a sub-path. */
export function basePath(settings: Settings): string {
  return new URL(settings.baseUrl).pathname.replace(/\/$/, "");
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
