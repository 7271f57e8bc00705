import { describe, expect, it } from "vitest";
import { escapeHtml, htmlToText } from "../../src/model/text.ts";

describe("htmlToText", () => {
  it("turns rendered Markdown into its words: blocks apart, inline markup gone", () => {
    expect(
      htmlToText(
        '<p>Mail is <strong>delayed</strong>, see <a href="/x/">the runbook</a>.</p>\n<ul><li>one</li><li>two</li></ul>',
      ),
    ).toBe("Mail is delayed, see the runbook. one two");
    expect(htmlToText("<h2>Cause</h2><p>A<br>B</p>")).toBe("Cause A B");
  });

  it("decodes character references exactly once", () => {
    expect(htmlToText("<p>AT&amp;T &lt;521&gt; &quot;q&quot; &#39;s&#39; &#x1F6A8; &amp;lt;</p>")).toBe(
      "AT&T <521> \"q\" 's' 🚨 &lt;",
    );
  });

  it("reads back what escapeHtml wrote", () => {
    const text = `Tom & Jerry's <summary> "quoted" ]]>`;
    expect(htmlToText(`<p>${escapeHtml(text)}</p>`)).toBe(text);
  });

  it("makes every run of white space one plain space, a lone tab, line break or no-break space included", () => {
    expect(htmlToText("<p>a\tb\nc\u00a0d  e \n f\r\ng</p>")).toBe("a b c d e f g");
    expect(htmlToText("<p>a&nbsp;b &#160; c</p>")).toBe("a b c");
    expect(htmlToText("  plain\ttext  with no markup \u2003")).toBe("plain text with no markup");
  });

  it("leaves out scripts and styles, and keeps unknown references as written", () => {
    expect(htmlToText("<style>p{}</style><p>a &bogus; b</p><script>x()</script>")).toBe("a &bogus; b");
  });
});
