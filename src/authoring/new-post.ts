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
  /** an incident's first update (default: "We are investigating."); a maintenance's or notice's body */
  message: string | undefined;
  /** a maintenance's windows; an incident's one window (start default: now; end while open: none) */
  windows: readonly { start: DateTime; end: DateTime | undefined }[];
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
  const windows = o.kind === "incident" ? [o.windows[0] ?? { start: o.now, end: undefined }] : o.windows;
  if (windows.length === 1 && windows[0]) {
    lines.push("window:", `  start: ${at(windows[0].start)}`);
    if (windows[0].end) lines.push(`  end: ${at(windows[0].end)}`);
  } else if (windows.length > 1) {
    lines.push("window:");
    for (const w of windows) lines.push(`  - start: ${at(w.start)}`, ...(w.end ? [`    end: ${at(w.end)}`] : []));
  }
  if (o.kind === "incident") {
    lines.push("updates:", `  - at: ${at(o.now)}`, "    status: investigating");
    lines.push(`    body: ${yamlScalar(o.message ?? "We are investigating.")}`);
  }
  lines.push("---", "");
  if (o.kind !== "incident" && o.message) lines.push(o.message.trim());
  return { fileName: `${localDate(o.now, o.zone)}-${titleSlug(o.title)}.md`, text: `${lines.join("\n")}\n` };
}
