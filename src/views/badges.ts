import type { Site } from "../model/site.ts";
import type { ComponentStatus } from "../model/status.ts";
import { escapeHtml } from "../model/text.ts";
import { badgePath, ROUTES } from "../routes.ts";

/**
 * Status badges partners embed: a label and the status, as a small self-contained SVG with its
 * text alternative. Widths come from a per-character estimate for 11px sans-serif.
 */

export const COLOURS: Record<ComponentStatus, string> = {
  operational: "#1a7f37",
  under_maintenance: "#0550ae",
  degraded_performance: "#7d4e00",
  partial_outage: "#a40e26",
  major_outage: "#82071e",
};

const SHORT: Record<ComponentStatus, string> = {
  operational: "operational",
  under_maintenance: "maintenance",
  degraded_performance: "degraded",
  partial_outage: "partial outage",
  major_outage: "major outage",
};

function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[ilj.,:;'|!]/.test(ch) ? 3.5 : /[mwMW]/.test(ch) ? 10 : /[A-Z]/.test(ch) ? 8 : 6.5;
  return Math.ceil(width);
}

export function badge(label: string, status: ComponentStatus): string {
  const message = SHORT[status];
  const left = textWidth(label) + 12;
  const right = textWidth(message) + 12;
  const width = left + right;
  const title = escapeHtml(`${label}: ${message}`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" viewBox="0 0 ${width} 20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    `<rect width="${left}" height="20" fill="#555"/>`,
    `<rect x="${left}" width="${right}" height="20" fill="${COLOURS[status]}"/>`,
    `<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">`,
    `<text x="${left / 2}" y="14">${escapeHtml(label)}</text>`,
    `<text x="${left + right / 2}" y="14">${escapeHtml(message)}</text>`,
    "</g>",
    "</svg>",
    "",
  ].join("\n");
}

/** `/badges/status.svg` for the whole site and `/badges/<service>.svg` for each service. */
export function badges(site: Site): { path: string; content: string }[] {
  return [
    { path: ROUTES.siteBadge, content: badge(site.settings.title, site.board.status) },
    ...site.services.map((s) => ({ path: badgePath(s.id), content: badge(s.name, s.status) })),
  ];
}

const SYMBOLS: Record<ComponentStatus, string> = {
  operational:
    '<path d="M9 16.5l4.5 4.5L23 11.5" fill="none" stroke="#fff" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"/>',
  under_maintenance: '<circle cx="16" cy="16" r="6" fill="none" stroke="#fff" stroke-width="3.2"/>',
  degraded_performance:
    '<path d="M16 8.5v9" stroke="#fff" stroke-width="3.6" stroke-linecap="round"/><circle cx="16" cy="23" r="2.1" fill="#fff"/>',
  partial_outage:
    '<path d="M16 8.5v9" stroke="#fff" stroke-width="3.6" stroke-linecap="round"/><circle cx="16" cy="23" r="2.1" fill="#fff"/>',
  major_outage:
    '<path d="M16 8.5v9" stroke="#fff" stroke-width="3.6" stroke-linecap="round"/><circle cx="16" cy="23" r="2.1" fill="#fff"/>',
};

/**
 * The site's icon: a disc in the overall status's colour with its symbol (a tick, a ring for
 * maintenance, an exclamation mark), so a browser tab shows the status at a glance.
 */
export function favicon(status: ComponentStatus): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="${COLOURS[status]}"/>${SYMBOLS[status]}</svg>\n`;
}
