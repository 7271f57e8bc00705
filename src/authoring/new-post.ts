import type { DateTime } from "luxon";
import { yamlScalar } from "../model/frontmatter.ts";
import type { Kind } from "../model/schema.ts";
import { titleSlug } from "../model/text.ts";
import { formatAuthorTime, localDate } from "../model/time.ts";

/** What `new` writes: a post's text, stamped in the NOC zone, and its conventional file name. */

export interface NewPostOptions {
  kind: Kind;
  title: string;
  services: readonly string[];
  severity: string | undefined;
  /** an incident's first update; default: "We are investigating." */
  message: string | undefined;
  windows: readonly { start: DateTime; end: DateTime }[];
  now: DateTime;
  zone: string;
}

export function newPost(o: NewPostOptions): { fileName: string; text: string } {
  const at = (dt: DateTime) => formatAuthorTime(dt.startOf("minute"), o.zone);
  const lines = ["---", `title: ${yamlScalar(o.title)}`, `kind: ${o.kind}`];
  if (o.services.length === 1) lines.push(`service: ${o.services[0]}`);
  if (o.services.length > 1) lines.push(`service: [${o.services.join(", ")}]`);
  if (o.severity !== undefined) lines.push(`severity: ${o.severity}`);
  lines.push(`date: ${at(o.now)}`);
  if (o.kind === "incident") {
    lines.push("window:", `  start: ${at(o.now)}`);
    lines.push("updates:", `  - at: ${at(o.now)}`, "    status: investigating");
    lines.push(`    body: ${yamlScalar(o.message ?? "We are investigating.")}`);
  }
  if (o.windows.length === 1 && o.windows[0]) {
    lines.push("window:", `  start: ${at(o.windows[0].start)}`, `  end: ${at(o.windows[0].end)}`);
  } else if (o.windows.length > 1) {
    lines.push("window:");
    for (const w of o.windows) lines.push(`  - start: ${at(w.start)}`, `    end: ${at(w.end)}`);
  }
  lines.push("---", "");
  return { fileName: `${localDate(o.now, o.zone)}-${titleSlug(o.title)}.md`, text: `${lines.join("\n")}\n` };
}
