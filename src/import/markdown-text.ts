/**
 * Plain text from another system as Markdown that renders back to the same text: characters that
 * Markdown would read as markup are escaped, once. Line breaks and blank lines stay.
 */
export function plainTextToMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) =>
      line
        .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
        .replace(/&(?=#?\w+;)/g, "&amp;")
        .replace(/^(\s*)([#+-]|=+$)/, "$1\\$2")
        .replace(/^(\s*\d+)([.)])/, "$1\\$2"),
    )
    .join("\n")
    .trim();
}
