import { describe, expect, it } from "vitest";
import { nextChange } from "../../src/model/next-change.ts";
import { isoInstant } from "../../src/model/time.ts";
import { at, post, ZONE } from "../factory.ts";

const maintenance = post(`
title: Upgrade
kind: maintenance
service: mail
severity: minor
date: 2011-07-18 09:00
window:
  start: 2011-07-20 22:00
  end: 2011-07-21 02:00`);
const scheduled = post("title: Later\nkind: notice\ndate: 2011-07-20 17:30", "Hi.\n", "posts/2011-07-20-later.md");
const draft = post(
  "title: Draft\nkind: notice\ndate: 2011-07-20 16:30\ndraft: true",
  "Hi.\n",
  "posts/2011-07-20-draft.md",
);

const next = (now: string, posts = [maintenance, scheduled, draft], drafts = false, leadHours = [24, 1]) => {
  const change = nextChange(posts, at(now), ZONE, { drafts, leadHours });
  return [isoInstant(change.at, ZONE), change.what];
};

describe("nextChange", () => {
  it("is the soonest of a scheduled post, a lead time before a window, a window's start or end", () => {
    expect(next("2011-07-20T16:00")).toEqual(["2011-07-20T17:30:00-04:00", "Later: published"]);
    expect(next("2011-07-20T17:30")).toEqual(["2011-07-20T21:00:00-04:00", "Upgrade: 1 h before a window"]);
    expect(next("2011-07-20T21:00")).toEqual(["2011-07-20T22:00:00-04:00", "Upgrade: a window starts"]);
    expect(next("2011-07-21T01:00")).toEqual(["2011-07-21T02:00:00-04:00", "Upgrade: a window ends"]);
  });

  it("counts a draft only in a build with drafts", () => {
    expect(next("2011-07-20T16:00", undefined, true)).toEqual(["2011-07-20T16:30:00-04:00", "Draft: published"]);
  });

  it("is at the latest the NOC's next midnight, when the 90-day bars move", () => {
    expect(next("2011-07-21T03:00")).toEqual([
      "2011-07-22T00:00:00-04:00",
      "a new day in the NOC's zone: the 90-day history moves",
    ]);
  });
});
