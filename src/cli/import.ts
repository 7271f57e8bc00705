import { parseArgs } from "node:util";
import { postsFolder } from "../environment.ts";
import { UsageError } from "../errors.ts";
import { readCstate } from "../import/cstate.ts";
import { fromFeed, kindRule, readFeedSource } from "../import/feed.ts";
import type { Imported, Unmapped } from "../import/imported.ts";
import { type ImportReport, importInto } from "../import/run.ts";
import { fromStatuspage, readStatuspage } from "../import/statuspage.ts";
import { runMain } from "./main.ts";

/**
 * `npm run import -- <statuspage|cstate|feed> <folder, file or URL> [--posts DIR] [--dry-run]
 * [--kind-from-category "Outages=incident,Maintenance=maintenance"]`: a NOC's history from
 * elsewhere as posts (src/import/). Exit 0 when it ran (what could not be mapped is listed),
 * 1 when the input could not be read, 2 on a usage error.
 */
const USAGE =
  'usage: npm run import -- <statuspage|cstate|feed> <folder, file or URL> [--posts DIR] [--dry-run] [--kind-from-category "Outages=incident,Maintenance=maintenance"]';

void runMain("import", async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      posts: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      "kind-from-category": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [source, input, ...extra] = positionals;
  if (!source || !input || extra.length) throw new UsageError(USAGE);
  if (values["kind-from-category"] && source !== "feed") {
    throw new UsageError("--kind-from-category is for feeds: Statuspage and cState say what each item is");
  }
  const imported = await read(source, input, values["kind-from-category"]);
  const dryRun = values["dry-run"];
  const report = await importInto(imported, postsFolder(values.posts), dryRun);
  printReport(report, dryRun);
  return 0;
});

async function read(source: string, input: string, rule: string | undefined): Promise<Imported> {
  switch (source) {
    case "statuspage": {
      const unmapped: Unmapped[] = [];
      const files = await readStatuspage(input, unmapped);
      if (Object.keys(files).length === 0) {
        throw new UsageError(
          `${input}: no Statuspage files there (summary.json, components.json, incidents.json, scheduled-maintenances.json)`,
        );
      }
      const imported = fromStatuspage(files);
      imported.unmapped.unshift(...unmapped);
      return imported;
    }
    case "cstate":
      return readCstate(input);
    case "feed":
      return fromFeed(await readFeedSource(input), { kindFromCategory: kindRule(rule) });
    default:
      throw new UsageError(`unknown source "${source}": use statuspage, cstate or feed\n${USAGE}`);
  }
}

function printReport(report: ImportReport, dryRun: boolean): void {
  const would = dryRun ? "would be " : "";
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  for (const file of report.created) console.log(`${dryRun ? "would create" : "created"} ${file}`);
  for (const file of report.updated) console.log(`${dryRun ? "would update" : "updated"} ${file}`);
  console.log(
    `${count(report.created.length, "post")} ${would}created, ${report.updated.length} ${would}updated, ${report.unchanged} unchanged; ${count(report.servicesAdded.length, "service")} ${would}added to services.yaml${report.servicesAdded.length ? ` (${report.servicesAdded.join(", ")})` : ""}.`,
  );
  if (report.settingsWritten) {
    console.log(`settings.yaml ${would}written from the source: put the NOC's contact line in it and check each line.`);
  }
  if (report.kept.length) {
    console.log(`\nLeft as people left them (${report.kept.length}):`);
    for (const k of report.kept) console.log(`  ${k.item}: ${k.reason}`);
  }
  if (report.unmapped.length) {
    console.log(`\nNot mapped, or not as it was (${report.unmapped.length}):`);
    for (const u of report.unmapped) console.log(`  ${u.item}: ${u.reason}`);
  }
  if (dryRun) console.log("\nDry run: nothing was written.");
}
