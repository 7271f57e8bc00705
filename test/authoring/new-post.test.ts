import { describe, expect, it } from "vitest";
import { type NewPostOptions, newPost } from "../../src/authoring/new-post.ts";
import { checkPost } from "../../src/model/check.ts";
import type { Kind } from "../../src/model/schema.ts";
import { titleSlug } from "../../src/model/text.ts";
import { isoInstant } from "../../src/model/time.ts";
import { at, CONTEXT, ZONE } from "../factory.ts";

const base: Omit<NewPostOptions, "kind"> = {
  title: "Inbound mail delays",
  services: ["mail"],
  severity: "major",
  message: undefined,
  windows: [],
  now: at("2011-07-20T15:35:27"),
  zone: ZONE,
};

describe("newPost", () => {
  it.each([
    ["incident", {}],
    ["maintenance", { windows: [{ start: at("2011-07-21T22:00"), end: at("2011-07-22T01:00") }] }],
    [
      "maintenance",
      {
        windows: [
          { start: at("2011-07-21T22:00"), end: at("2011-07-22T01:00") },
          { start: at("2011-07-23T22:00"), end: at("2011-07-24T01:00") },
        ],
      },
    ],
    ["notice", { services: [], severity: undefined }],
  ] as const)("writes a %s that passes check", (kind, extra) => {
    const { text } = newPost({ ...base, ...extra, kind: kind as Kind });
    const checked = checkPost(text, "posts/x.md", CONTEXT);
    expect(checked.ok ? [] : checked.problems).toEqual([]);
  });

  it("stamps an incident's date, window start and first update with now in the NOC zone, to the minute", () => {
    const { fileName, text } = newPost({ ...base, kind: "incident", message: "Queues: growing" });
    expect(fileName).toBe("2011-07-20-inbound-mail-delays.md");
    expect(text).toBe(
      [
        "---",
        "title: Inbound mail delays",
        "kind: incident",
        "service: mail",
        "severity: major",
        "date: 2011-07-20 15:35",
        "window:",
        "  start: 2011-07-20 15:35",
        "updates:",
        "  - at: 2011-07-20 15:35",
        "    status: investigating",
        '    body: "Queues: growing"',
        "---",
        "",
        "",
      ].join("\n"),
    );
    const checked = checkPost(text, "posts/x.md", CONTEXT);
    expect(checked.ok && isoInstant(checked.value.date, ZONE)).toBe("2011-07-20T15:35:00-04:00");
  });
});

describe("titleSlug", () => {
  it.each([
    ["Inbound mail delays", "inbound-mail-delays"],
    ["AT&T blocking mail (again!)", "at-and-t-blocking-mail-again"],
    ["Réseau: maintenance à Dallas", "reseau-maintenance-a-dallas"],
    ["🚨🚨", "post"],
  ])("%s → %s", (title, slug) => {
    expect(titleSlug(title)).toBe(slug);
  });
});
