import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { HtmlValidate } from "html-validate";
import ICAL from "ical.js";

/**
 * Reads every file of a built site with a real parser of its format and returns what failed:
 * html-validate's recommended rules for pages, xmllint for Atom, RSS, OPML and SVG (Debian's
 * libxml2-utils), ical.js for calendars, JSON.parse for feeds and the API.
 */

const exec = promisify(execFile);

export async function siteFiles(site: string): Promise<string[]> {
  const entries = await readdir(site, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(site, path.join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith("pagefind/"))
    .sort();
}

export async function invalidOutputs(site: string, htmlRules: Record<string, unknown> = {}): Promise<string[]> {
  const files = await siteFiles(site);
  const failures: string[] = [];
  const validator = new HtmlValidate({
    extends: ["html-validate:recommended"],
    // Post titles are descriptive; pages drop the site name when it would not fit, the title may run longer.
    rules: { "long-title": ["error", { maxlength: 100 }], ...htmlRules },
  });
  for (const file of files) {
    const full = path.join(site, file);
    if (file.endsWith(".html")) {
      const report = await validator.validateString(await readFile(full, "utf8"), file);
      for (const r of report.results) for (const m of r.messages) failures.push(`${file}:${m.line} ${m.ruleId}`);
    } else if (/\.(xml|opml|svg)$/.test(file)) {
      try {
        await exec("xmllint", ["--noout", full]);
      } catch (error) {
        const e = error as { code?: string; stderr?: string };
        if (e.code === "ENOENT") throw new Error("xmllint is missing: apt-get install libxml2-utils");
        failures.push(`${file}: ${e.stderr}`);
      }
    } else if (file.endsWith(".ics")) {
      try {
        new ICAL.Component(ICAL.parse(await readFile(full, "utf8")));
      } catch (error) {
        failures.push(`${file}: ${(error as Error).message}`);
      }
    } else if (file.endsWith(".json")) {
      try {
        JSON.parse(await readFile(full, "utf8"));
      } catch (error) {
        failures.push(`${file}: ${(error as Error).message}`);
      }
    }
  }
  return failures;
}
