import { describe, expect, it } from "vitest";
import { appendUpdate, EditError, setMissingWindowEnd } from "../../src/authoring/edit.ts";
import { checkPost } from "../../src/model/check.ts";
import { at, CONTEXT, ZONE } from "../factory.ts";

const update = { at: at("2011-07-20T16:00"), status: "identified", body: "Found it: a bad switch" };

const ODD = `---
# Comment at the top stays.
severity: critical   # worst
updates:
    # the first update
    -   at: 2011-07-20 15:45
        status: investigating
        body: >-
          Random packet loss,
          folded.
kind: incident
title:   "Outage"
service: [mail]
window: {start: 2011-07-20 15:35}
date: 2011-07-20 15:45
---
Body stays *exactly*.
`;

describe("appendUpdate", () => {
  it("adds only the new lines, after the last update, in the list's own indentation", () => {
    const next = appendUpdate(ODD, update, ZONE);
    const inserted =
      '    -   at: 2011-07-20 16:00\n        status: identified\n        body: "Found it: a bad switch"\n';
    const offset = ODD.indexOf("kind: incident");
    expect(next).toBe(ODD.slice(0, offset) + inserted + ODD.slice(offset));
    const checked = checkPost(next, "x.md", CONTEXT);
    expect(checked.ok && checked.value.updates.map((u) => u.status)).toEqual(["investigating", "identified"]);
  });

  it("starts the list at the end of the front matter when the post has none", () => {
    const source = "---\ntitle: Notice\nkind: notice\ndate: 2011-01-01\n---\nHi\n";
    expect(appendUpdate(source, { ...update, status: "update", body: "More." }, ZONE)).toBe(
      "---\ntitle: Notice\nkind: notice\ndate: 2011-01-01\nupdates:\n  - at: 2011-07-20 16:00\n    status: update\n    body: More.\n---\nHi\n",
    );
  });

  it("fills an empty `updates:` and an empty `updates: []`", () => {
    const empty = "---\ntitle: N\nupdates:\nkind: notice\n---\n";
    expect(appendUpdate(empty, update, ZONE)).toBe(
      '---\ntitle: N\nupdates:\n  - at: 2011-07-20 16:00\n    status: identified\n    body: "Found it: a bad switch"\nkind: notice\n---\n',
    );
    const flow = "---\ntitle: N\nupdates: []\nkind: notice\n---\n";
    expect(appendUpdate(flow, update, ZONE)).toBe(
      '---\ntitle: N\nupdates:\n  - at: 2011-07-20 16:00\n    status: identified\n    body: "Found it: a bad switch"\nkind: notice\n---\n',
    );
  });

  it("keeps a file's CRLF line endings", () => {
    const crlf = ODD.replace(/\n/g, "\r\n");
    const next = appendUpdate(crlf, update, ZONE);
    expect(next).toBe(appendUpdate(ODD, update, ZONE).replace(/\n/g, "\r\n"));
    expect(next.replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("refuses a non-empty flow list rather than rewrite it", () => {
    const flow = "---\nupdates: [{at: 2011-07-20 15:00, status: investigating, body: x}]\n---\n";
    expect(() => appendUpdate(flow, update, ZONE)).toThrow(EditError);
  });

  it.each([
    ["plain text", "Queue drained.", "Queue drained."],
    ["a colon and space", "Cause: kernel", '"Cause: kernel"'],
    ["a YAML keyword", "true", '"true"'],
    ["a number", "42", '"42"'],
    ["several lines", "Line one\n\n- a list", '"Line one\\n\\n- a list"'],
    ["a leading dash", "- item", '"- item"'],
    ["quotes and emoji", 'He said "ok" 🚨', 'He said "ok" 🚨'],
  ])("writes a body with %s so it reads back the same", (_name, body, written) => {
    const source = "---\ntitle: N\nkind: notice\ndate: 2011-01-01\n---\n";
    const next = appendUpdate(source, { ...update, status: "update", body }, ZONE);
    expect(next).toContain(`    body: ${written}\n`);
    const checked = checkPost(next, "x.md", CONTEXT);
    expect(checked.ok && checked.value.updates[0]?.body).toBe(body);
  });

  it("writes a time in the repeated hour of the autumn change with its offset", () => {
    const second = at("2011-11-06T06:30Z"); // 01:30 EST, the second 01:30 of the night
    const source = "---\ntitle: N\nkind: notice\ndate: 2011-01-01\n---\n";
    expect(appendUpdate(source, { ...update, at: second, status: "update" }, ZONE)).toContain(
      "- at: 2011-11-06 01:30-05:00\n",
    );
  });
});

describe("setMissingWindowEnd", () => {
  it("adds end under the open window's start, in its indentation", () => {
    const source = "---\ntitle: X\nwindow:\n    start: 2011-07-20 15:35 # began\n    note: n\n---\n";
    expect(setMissingWindowEnd(source, at("2011-07-20T16:12"), ZONE)).toBe(
      "---\ntitle: X\nwindow:\n    start: 2011-07-20 15:35 # began\n    end: 2011-07-20 16:12\n    note: n\n---\n",
    );
  });

  it("picks the last open window of a list", () => {
    const source =
      "---\nwindow:\n  - start: 2011-07-20 10:00\n    end: 2011-07-20 11:00\n  - start: 2011-07-20 15:35\n---\n";
    expect(setMissingWindowEnd(source, at("2011-07-20T16:12"), ZONE)).toBe(
      "---\nwindow:\n  - start: 2011-07-20 10:00\n    end: 2011-07-20 11:00\n  - start: 2011-07-20 15:35\n    end: 2011-07-20 16:12\n---\n",
    );
  });

  it("leaves the text alone when every window has an end, or there is none", () => {
    const closed = "---\nwindow:\n  start: 2011-07-20 10:00\n  end: 2011-07-20 11:00\n---\n";
    expect(setMissingWindowEnd(closed, at("2011-07-20T16:12"), ZONE)).toBe(closed);
    const none = "---\ntitle: X\n---\n";
    expect(setMissingWindowEnd(none, at("2011-07-20T16:12"), ZONE)).toBe(none);
  });
});
