/**
 * A value as an error message quotes it: a short excerpt, never the whole thing. A YAML alias can
 * make a small file hold a value of gigabytes, and a pasted log can be megabytes long.
 */
const LIMIT = 60;

export function excerpt(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value !== "string") return `${typeof value} ${String(value).slice(0, LIMIT)}`;
  return `string ${quoted(value)}`;
}

/** `"text"`, cut to a readable length with an ellipsis. */
export function quoted(text: string): string {
  const cut = [...text.slice(0, LIMIT * 2)];
  return JSON.stringify(cut.length > LIMIT || text.length > LIMIT * 2 ? `${cut.slice(0, LIMIT).join("")}…` : text);
}
