import TurndownService from "turndown";

/**
 * HTML from another system (a feed entry, a Statuspage update) as Markdown, by Turndown: headings
 * with #, lists with -, fenced code. Links and images relative to `base` are made absolute, since
 * the page they were relative to is not ours.
 */
export function htmlToMarkdown(html: string, base?: string): string {
  const service = new TurndownService({
    headingStyle: "atx",
    bulletListMarker: "-",
    codeBlockStyle: "fenced",
    emDelimiter: "_",
  });
  service.remove(["script", "style", "iframe", "object", "embed", "form"]);
  // "- item" as people write lists, continuation lines indented under the text (Turndown pads to 4).
  service.addRule("listItem", {
    filter: "li",
    replacement: (content, node, options) => {
      const parent = node.parentNode as HTMLElement | null;
      let prefix = `${options.bulletListMarker} `;
      if (parent?.nodeName === "OL") {
        const start = Number(parent.getAttribute("start") ?? 1);
        prefix = `${start + Array.prototype.indexOf.call(parent.children, node)}. `;
      }
      const body = content
        .replace(/^\n+/, "")
        .replace(/\n+$/, "\n")
        .replace(/\n/gm, `\n${" ".repeat(prefix.length)}`);
      return prefix + body + (node.nextSibling && !/\n$/.test(body) ? "\n" : "");
    },
  });
  service.addRule("absoluteLinks", {
    filter: (node) => node.nodeName === "A" && !!node.getAttribute("href"),
    replacement: (content, node) => {
      const href = absoluteUrl((node as HTMLElement).getAttribute("href") ?? "", base);
      return href ? `[${content}](${href})` : content;
    },
  });
  service.addRule("absoluteImages", {
    filter: "img",
    replacement: (_content, node) => {
      const element = node as HTMLElement;
      const src = absoluteUrl(element.getAttribute("src") ?? "", base);
      return src ? `![${(element.getAttribute("alt") ?? "").replace(/[[\]]/g, "")}](${src})` : "";
    },
  });
  return service
    .turndown(html)
    .replace(/^[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** True when text has HTML tags worth converting, not only a stray `<` in prose. */
export function looksLikeHtml(text: string): boolean {
  return /<(p|br|a|ul|ol|li|strong|b|em|i|code|pre|h[1-6]|div|span|img|blockquote|table)\b[^>]*>/i.test(text);
}

/** An address made absolute against `base`; only http, https and mailto survive (no javascript:). */
function absoluteUrl(href: string, base: string | undefined): string | undefined {
  try {
    const url = base ? new URL(href.trim(), base) : new URL(href.trim());
    if (!["http:", "https:", "mailto:"].includes(url.protocol)) return undefined;
    return url.href.replace(/[()]/g, (c) => encodeURIComponent(c));
  } catch {
    // Relative with no base to resolve against: keep it as written only when it is a plain path.
    return /^[/#][^\s()]*$/.test(href.trim()) ? href.trim() : undefined;
  }
}
