import type { z } from "zod";
import { excerpt } from "./excerpt.ts";
import type { Located, Path } from "./frontmatter.ts";
import { closest } from "./suggest.ts";

/** One thing wrong with the input: which file, where, which field, what was found and what is expected. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  /** `updates[2].status`, or "" for the file as a whole */
  field: string;
  message: string;
  /** a warning is shown but does not stop a build; default: error */
  severity?: "warning";
}

/** What reading or checking gives: a value (with any warnings), or every problem found. */
export type Checked<T> = { ok: true; value: T; warnings: Problem[] } | { ok: false; problems: Problem[] };

/** Thrown when the input has problems; carries every one of them, not only the first. */
export class SiteError extends Error {
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    const errors = problems.filter((p) => p.severity !== "warning").length;
    super(
      `${errors} ${errors === 1 ? "problem" : "problems"} in the posts:\n${problems.map(formatProblem).join("\n")}`,
    );
    this.name = "SiteError";
    this.problems = problems;
  }
}

/** Compiler style: `posts/a.md:14:5: error: updates[1].status: "fixed" is not one of ...` */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.severity ?? "error"}: ${p.field ? `${p.field}: ` : ""}${p.message}`;
}

/** `["updates", 2, "status"]` → `updates[2].status` */
export function fieldPath(path: Path): string {
  return path.reduce<string>(
    (out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    "",
  );
}

type Issue = z.core.$ZodIssue;

/** Turns validation issues into problems located in the file. */
export function issuesToProblems(
  issues: readonly Issue[],
  file: string,
  locate: (path: Path) => Located,
  knownFields: readonly string[],
): Problem[] {
  const problems: Problem[] = [];
  const add = (path: Path, message: string) =>
    problems.push({ file, ...locate(path), field: fieldPath(path), message });
  const visit = (issue: Issue, prefix: Path) => {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    switch (issue.code) {
      case "unrecognized_keys":
        for (const key of issue.keys) {
          const best = closest(key, knownFields);
          add([...path, key], `unknown field${best ? ` (did you mean "${best}"?)` : ""}`);
        }
        return;
      case "invalid_union": {
        // A one-or-many field: report the branch that got furthest, not "no branch matched".
        const branch = issue.errors.find((errs) => errs.some((e) => e.code !== "invalid_type" || e.path.length > 0));
        if (branch) {
          for (const inner of branch) visit(inner, path);
          return;
        }
        add(path, issue.message);
        return;
      }
      case "invalid_type":
        add(path, issue.input === undefined ? "is required" : `${issue.message}, found ${excerpt(issue.input)}`);
        return;
      default:
        add(path, issue.message);
    }
  };
  for (const issue of issues) visit(issue, []);
  return problems;
}
