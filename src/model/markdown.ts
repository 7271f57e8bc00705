import markdownIt from "markdown-it";

/**
 * Post bodies and update bodies are Markdown. Raw HTML is not allowed (it shows as text), so a pasted
 * error message such as `<<< 521 blocked` reads as written.
 */
const md = markdownIt({ html: false, linkify: true, typographer: false });

export function renderMarkdown(source: string): string {
  return md.render(source);
}
