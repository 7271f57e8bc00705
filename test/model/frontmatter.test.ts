import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { frontMatterDocument, parsePost, parseYaml, splitPost, YamlError } from "../../src/model/frontmatter.ts";

describe("parsePost", () => {
  it.each([
    ["unquoted", "date: 2011-07-20 15:35"],
    ["quoted", 'date: "2011-07-20 15:35"'],
    ["ISO with T", "date: 2011-07-20T15:35:00"],
    ["date only", "date: 2011-07-20"],
  ])("keeps a %s timestamp as the text the author wrote", (_name, line) => {
    const { data } = parsePost(`---\n${line}\n---\n`);
    expect(typeof (data as { date: unknown }).date).toBe("string");
  });

  it("splits the Markdown body from the front matter", () => {
    const parsed = parsePost("---\ntitle: A\n---\n# Heading\n\nText {{ not a template }}\n");
    expect(parsed.data).toEqual({ title: "A" });
    expect(parsed.body).toBe("# Heading\n\nText {{ not a template }}\n");
  });

  it("keeps numbers with a leading zero and octal-looking values as YAML 1.2 reads them", () => {
    const { data } = parsePost("---\na: 012\nb: 0o12\nc: yes\n---\n");
    expect(data).toEqual({ a: 12, b: 10, c: "yes" });
  });

  it.each([
    ["no front matter", "# Just Markdown\n", 1, /no front matter/],
    [
      "a broken flow list",
      "---\ntitle: x\nservice: [a, b\n---\n",
      3,
      /must end with \] on the same line \(YAML: Flow sequence/,
    ],
    [
      "a duplicate key",
      "---\ntitle: x\ntitle: y\n---\n",
      3,
      /"title" is written twice: keep one \(YAML: Map keys must be unique\)/,
    ],
    ["a tab indent", "---\nwindow:\n\tstart: 2011-07-20 15:35\n---\n", 3, /indent with spaces, not tabs/],
  ])("rejects %s with the line it is on", (_name, source, line, message) => {
    try {
      parsePost(source);
      expect.unreachable("should have thrown");
    } catch (error) {
      expect(error).toBeInstanceOf(YamlError);
      expect((error as YamlError).message).toMatch(message);
      expect((error as YamlError).at.line).toBe(line);
    }
  });
});

describe("parseYaml", () => {
  // Builds read YAML with js-yaml for speed; the `yaml` package with the core schema is the reference.
  const scalars = [
    "~",
    "null",
    "Null",
    "NULL",
    "",
    "nul",
    "true",
    "True",
    "TRUE",
    "tRue",
    "false",
    "FALSE",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "0",
    "12",
    "-12",
    "+12",
    "012",
    "0o17",
    "0o18",
    "0x1F",
    "0X1F",
    "-0x1F",
    "0b101",
    "1_000",
    "1:30",
    "190:20:30",
    "1.5",
    ".5",
    "-.5",
    "1.",
    "1e3",
    "1E-3",
    "+1.5e+3",
    ".inf",
    "-.Inf",
    "+.INF",
    ".nan",
    ".NaN",
    "NaN",
    "inf",
    "2011-07-20",
    "2011-07-20 15:35",
    "2011-07-20T15:35:00Z",
    "'12'",
    '"true"',
    "!!str 12",
    "12 # comment",

    "[1, x, null]",
    "{a: 1}",
  ];

  it.each(scalars)("reads %j as the yaml package's core schema does", (text) => {
    const source = `value: ${text}\nlist:\n  - ${text}\n`;
    expect(parseYaml(source).data).toEqual(parse(source, { schema: "core" }));
  });

  it("reads a whole post's front matter as the yaml package does", () => {
    const source = [
      'title: "Outage: mail & web"',
      "kind: incident",
      "service: [mail, web]",
      "date: 2011-07-20 15:45",
      "window: &w",
      "  start: 2011-07-20 15:35",
      "other: *w",
      "updates:",
      "  - at: 2011-07-20 15:45",
      "    status: investigating",
      "    body: |",
      "      Line one.",
      "",
      "      Line two: still # not a comment",
      "  - at: 2011-07-20 16:12",
      "    body: >-",
      "      folded",
      "      text",
      "",
    ].join("\n");
    expect(parseYaml(source).data).toEqual(parse(source, { schema: "core" }));
  });

  it("reports text js-yaml rejects with the yaml package's message and line", () => {
    const error = (() => {
      try {
        parseYaml("title: x\nvalue: a: b\n");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(YamlError);
    expect((error as YamlError).message).toMatch(
      /must be quoted.*\(YAML: Nested mappings are not allowed in compact mappings\)$/,
    );
    expect((error as YamlError).at.line).toBe(2);
  });

  it("reads an empty file as nothing", () => {
    expect(parseYaml("").data).toBeNull();
    expect(parseYaml("# only a comment\n").data).toBeNull();
  });
});

describe("locate", () => {
  const source = [
    "---",
    "title: Outage", // line 2
    "updates:", // 3
    "  - at: 2011-07-20 15:45", // 4
    "    status: investigating", // 5
    "  - at: 2011-07-20 16:00", // 6
    "    status: fixed", // 7
    "---",
    "",
  ].join("\n");

  it.each([
    [["title"], 2, 1],
    [["updates", 1], 6, 5],
    [["updates", 1, "status"], 7, 5],
    // A missing field is reported at its nearest parent.
    [["updates", 1, "body"], 6, 5],
  ] as const)("finds %j at line %i column %i of the file", (path, line, column) => {
    expect(parsePost(source).locate(path)).toEqual({ line, column });
  });

  it("counts lines from the start of a plain YAML file", () => {
    expect(parseYaml("a: 1\nb:\n  c: 2\n").locate(["b", "c"])).toEqual({ line: 3, column: 3 });
  });
});

describe("one splitter for reading and editing", () => {
  it.each([
    ["an unclosed front matter", "---\ntitle: A\nkind: notice\n\nBody\n", /front matter is not closed/],
    ["no front matter", "title: A\n", /no front matter/],
  ])("build and update refuse %s alike", (_name, source, message) => {
    expect(() => parsePost(source)).toThrow(message);
    expect(() => frontMatterDocument(source)).toThrow(message);
  });

  it("splits a post with CRLF line endings and a byte order mark", () => {
    const parts = splitPost("\uFEFF---\r\ntitle: A\r\n---\r\nBody\r\n");
    expect(parts.body).toBe("Body\r\n");
    expect(parsePost("\uFEFF---\r\ntitle: A\r\n---\r\nBody\r\n").data).toEqual({ title: "A" });
  });
});

describe("YAML mistakes, told in people's words", () => {
  it.each([
    [
      "an unquoted colon in a title",
      "title: Outage: mail down\nkind: notice",
      2,
      /must be quoted: write the line as title: "Outage: mail down"/,
    ],
    [
      "a value starting with @",
      "title: @here outage\nkind: notice",
      2,
      /must be quoted: write the line as title: "@here outage"/,
    ],
    [
      "a line indented like a list item without its dash",
      "updates:\n  - at: 2026-12-01 10:00\n    status: investigating\n   body: x",
      5,
      /indented like a list item but has no "- "/,
    ],
    [
      "fields of one item out of line",
      "updates:\n  - at: 2026-12-01 10:00\n  status: x",
      4,
      /must start in the same column/,
    ],
    ["a tab", "title: x\n\tkind: notice", 3, /indent with spaces, not tabs/],
    ["a field written twice", "title: a\ntitle: b", 3, /"title" is written twice: keep one/],
    ["an unclosed list", "service: [a, b\nkind: x", 3, /must end with \] on the same line/],
    ["an unclosed quote", 'title: "unterminated\nkind: x', 3, /a quoted text is not closed/],
  ])("%s", (_name, frontMatter, line, message) => {
    const source = `---\n${frontMatter}\n---\nBody\n`;
    for (const read of [() => parsePost(source), () => frontMatterDocument(source)]) {
      try {
        read();
        expect.unreachable("should have thrown");
      } catch (error) {
        expect((error as YamlError).message).toMatch(message);
        expect((error as YamlError).message).toMatch(/\(YAML: .+\)$/);
        expect((error as YamlError).at.line).toBe(line);
      }
    }
  });
});
