import { newestUpdate, type Site } from "../model/site.ts";
import { isoInstant } from "../model/time.ts";

/**
 * `/build.json`: when the site was built, when its data last changed, the next moment it changes by
 * itself (src/model/next-change.ts) and why, after how many minutes pages call themselves stale,
 * and the fingerprint of what the build read (src/build/fingerprint.ts), for `--if-changed`.
 */
export function buildRecord(site: Site, inputs: string | undefined): string {
  const zone = site.settings.timeZone;
  const updated = newestUpdate(site.posts);
  const record = {
    builtAt: isoInstant(site.now, zone),
    timeZone: zone,
    dataUpdatedAt: updated ? isoInstant(updated, zone) : null,
    nextChangeAt: isoInstant(site.nextChange.at, zone),
    nextChange: site.nextChange.what,
    staleAfterMinutes: site.settings.staleAfterMinutes,
    inputs: inputs ?? null,
  };
  return `${JSON.stringify(record, null, 2)}\n`;
}
