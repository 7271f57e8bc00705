import { describe, expect, it } from "vitest";
import { MarkdownMemo, renderMarkdown } from "../../src/model/markdown.ts";

/** Markdown as posts are written: raw HTML reads as text, HTML comments are left out. */

describe("renderMarkdown", () => {
  it.each([
    ["an inline comment", "Before <!-- internal note --> after.", "<p>Before  after.</p>\n"],
    ["a comment block over lines", "<!-- internal:\nthe vendor ticket -->\n\nVisible.", "<p>Visible.</p>\n"],
    [
      "a comment inside raw HTML",
      "<div>\nraw <!-- hid --> block\n</div>",
      "<p>&lt;div&gt;\nraw  block\n&lt;/div&gt;</p>\n",
    ],
  ])("leaves out %s", (_name, source, html) => {
    expect(renderMarkdown(source)).toBe(html);
  });

  it.each([
    ["a pasted mail-server error", "<<< 521 blocked", "<p>&lt;&lt;&lt; 521 blocked</p>\n"],
    [
      "inline tags",
      "Use <b>bold</b> & <script>x</script>",
      "<p>Use &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;</p>\n",
    ],
    ["a comment in code", "`<!-- code -->`", "<p><code>&lt;!-- code --&gt;</code></p>\n"],
    ["a comment in a fenced block", "```\n<!-- fenced -->\n```", "<pre><code>&lt;!-- fenced --&gt;\n</code></pre>\n"],
  ])("shows %s as text", (_name, source, html) => {
    expect(renderMarkdown(source)).toBe(html);
  });
});

describe("MarkdownMemo", () => {
  it("renders a source once, and takes HTML another process rendered for the same source", () => {
    const first = new MarkdownMemo();
    expect(first.render("Some *mail* delayed.")).toBe("<p>Some <em>mail</em> delayed.</p>\n");
    // Given HTML stands for what the source renders to: marked here to tell it from a new render.
    const next = new MarkdownMemo();
    next.give(first.entries().map(([hash]) => [hash, "<p>kept</p>\n"]));
    expect(next.render("Some *mail* delayed.")).toBe("<p>kept</p>\n");
    expect(next.render("Other text.")).toBe("<p>Other text.</p>\n");
    next.sweep();
    expect(next.entries().map(([, html]) => html)).toEqual(["<p>kept</p>\n", "<p>Other text.</p>\n"]);
  });

  it("keeps a line of inline Markdown (the contact line) apart from a block of the same text, and hands it on", () => {
    const contact = "NOC: noc@example.net";
    const first = new MarkdownMemo();
    expect(first.inline(contact)).toBe('NOC: <a href="mailto:noc@example.net">noc@example.net</a>');
    expect(first.render(contact)).toBe('<p>NOC: <a href="mailto:noc@example.net">noc@example.net</a></p>\n');
    expect(first.entries()).toHaveLength(2);
    // Given HTML stands for what the source renders to: marked here to tell it from a new render.
    const next = new MarkdownMemo();
    const [inlineEntry] = first.entries();
    next.give([[inlineEntry?.[0] as string, "kept"]]);
    expect(next.inline(contact)).toBe("kept");
    expect(next.render(contact)).toBe('<p>NOC: <a href="mailto:noc@example.net">noc@example.net</a></p>\n');
  });

  it("names each HTML it made or took by its source's hash, the same in the next process, until a build no longer asks for it", () => {
    const first = new MarkdownMemo();
    const mail = first.render("Some *mail* delayed.");
    const web = first.render("Web *fixed*.");
    const [mailKey, webKey] = [first.keyOf(mail), first.keyOf(web)];
    expect(mailKey).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(webKey).not.toBe(mailKey);
    expect(first.keyOf("<p>Some <em>mail</em> delayed!</p>\n")).toBeUndefined();

    const next = new MarkdownMemo();
    next.give(first.entries());
    expect(next.keyOf(next.render("Some *mail* delayed."))).toBe(mailKey);
    next.sweep();
    expect(next.keyOf(mail)).toBe(mailKey);
    expect(next.keyOf(web)).toBeUndefined();
  });
});
