import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { htmlToMarkdown, looksLikeHtml } from "../../src/import/html-markdown.ts";
import { plainTextToMarkdown } from "../../src/import/markdown-text.ts";

describe("htmlToMarkdown", () => {
  it("writes lists as people do, numbered ones from their start", () => {
    expect(htmlToMarkdown('<ol start="3"><li>one</li><li>two<p>more</p></li></ol><ul><li>a</li></ul>')).toBe(
      "3. one\n4. two\n\n   more\n\n- a",
    );
  });

  it("keeps http, https and mailto links, made absolute; drops javascript: and data:", () => {
    const md = htmlToMarkdown(
      '<a href="x/y.html">rel</a> <a href="javascript:alert(1)">js</a> <a href="data:text/html,hi">data</a> <a href="mailto:a@b.example">mail</a>',
      "https://example.net/a/",
    );
    expect(md).toBe("[rel](https://example.net/a/x/y.html) js data [mail](mailto:a@b.example)");
  });

  it("drops scripts and styles with their text", () => {
    expect(htmlToMarkdown("<p>Hi</p><script>alert(1)</script><style>p{}</style>")).toBe("Hi");
  });
});

describe("looksLikeHtml", () => {
  it("tells markup from a stray angle bracket", () => {
    expect(looksLikeHtml("<p>Hi</p>")).toBe(true);
    expect(looksLikeHtml("latency < 50 ms, errors > 3")).toBe(false);
  });
});

describe("plainTextToMarkdown", () => {
  const md = new MarkdownIt({ html: true });
  it.each([
    "5 * 3 = 15 and _under_ <b>not bold</b>",
    "# not a heading",
    "- not a list",
    "1. not a list either",
    "AT&amp;T is spelled with &amp; here",
    "[not](a link) `not code`",
  ])("renders %j back as the same text", (text) => {
    const html = md.render(plainTextToMarkdown(text));
    const back = html
      .replace(/<\/?p>\n?/g, "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&")
      .trim();
    expect(back).toBe(text);
  });
});
