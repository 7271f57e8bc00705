import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fullContent, InSpare } from "../../src/build/write-files.ts";
import { MarkdownMemo } from "../../src/model/markdown.ts";
import { pageSpecs } from "../../src/views/pages.ts";
import { RenderMemo, renderKeys } from "../../src/views/render-memo.ts";
import { post, site } from "../factory.ts";

const notice = (title: string, date: string, file: string) =>
  post(`title: ${title}\nkind: notice\ndate: ${date}\nservice: mail`, "Body.\n", file);

const NOW = "2011-08-01T12:00";
const first = notice("Portal moved", "2011-07-20 10:00", "posts/2011-07-20-portal.md");
const second = notice("New mail relay", "2011-07-25 10:00", "posts/2011-07-25-relay.md");

const third = notice("Webmail upgraded", "2011-07-28 10:00", "posts/2011-07-28-webmail.md");
/** Open at NOW, resolved by the next day: the mail service's status changes with the clock alone. */
const outage = post(
  `title: Mail down
kind: incident
service: mail
severity: major
date: 2011-07-30 10:00
updates:
  - at: 2011-07-30 10:00
    status: investigating
    body: Looking.
  - at: 2011-08-01 18:00
    status: resolved
    body: Fixed.`,
  "Body.\n",
  "posts/2011-07-30-mail-down.md",
);

/** The key of the page at `url` in a site of these posts (two posts to a page). */
function keyOf(posts: (typeof first)[], url: string, chrome: Record<string, unknown> = {}, now = NOW): string | null {
  const s = site(posts, now);
  const spec = pageSpecs(s).find((p) => p.url === url);
  if (!spec) throw new Error(`no page at ${url}`);
  return renderKeys(s, chrome).page(spec);
}

describe("renderKeys", () => {
  const firstPage = "/posts/2011-07-20-portal/";

  it("keeps a post page's key when another post changes, and changes it when the post does", () => {
    const before = keyOf([first, second], firstPage);
    expect(keyOf([first, { ...second, title: "Relay moved" }], firstPage)).toBe(before);
    expect(keyOf([{ ...first, title: "Portal moved again" }, second], firstPage)).not.toBe(before);
  });

  it("changes a post page's key with its time's instant and offset, not with how the time was written", () => {
    const at = (date: string) => notice("Portal moved", date, "posts/2011-07-20-portal.md");
    const before = keyOf([at("2011-07-20 10:00"), second], firstPage);
    // The NOC's zone is at -04:00 in July: the same instant at the same offset.
    expect(keyOf([at("2011-07-20 10:00-04:00"), second], firstPage)).toBe(before);
    expect(keyOf([at("2011-07-20 14:00Z"), second], firstPage)).not.toBe(before);
    expect(keyOf([at("2011-07-20 10:01"), second], firstPage)).not.toBe(before);
  });

  it("changes every keyed page's key when what every page shows changes", () => {
    const before = keyOf([first, second], firstPage, { banners: "" });
    expect(keyOf([first, second], firstPage, { banners: "<section>Mail delays</section>" })).not.toBe(before);
  });

  it("gives no key to pages that show the clock or the whole site", () => {
    expect(keyOf([first, second], "/")).toBeNull();
    expect(keyOf([first, second], "/history/")).toBeNull();
    expect(keyOf([first, second], "/services/mail/")).toBeNull();
  });

  it("keys the older pages of the latest posts and of a service's archive, which show neither the clock nor a status", () => {
    // Page 1: the outage and the webmail notice; page 2: the relay and the portal notices.
    const all = [first, second, third, outage];
    const atNow = site(all, NOW).services.find((s) => s.id === "mail");
    const dayLater = site(all, "2011-08-02T12:00").services.find((s) => s.id === "mail");
    expect([atNow?.status, dayLater?.status]).toEqual(["partial_outage", "operational"]);
    for (const url of ["/page/2/", "/services/mail/page/2/"]) {
      const before = keyOf(all, url);
      expect(before).not.toBeNull();
      // A day later the board and the service's status moved: not these pages.
      expect(keyOf(all, url, {}, "2011-08-02T12:00")).toBe(before);
      // Their own post (the oldest, on page 2) edited: a new key.
      expect(keyOf([{ ...first, title: "Portal moved again" }, second, third, outage], url)).not.toBe(before);
      // A post of page 1 edited: not these pages.
      expect(keyOf([first, second, { ...third, title: "Webmail upgrade done" }, outage], url)).toBe(before);
    }
  });
});

describe("the key of a post's list item", () => {
  const itemKey = (posts: (typeof first)[], id: string, macro = "postItem", now = NOW) => {
    const s = site(posts, now);
    const shown = s.posts.find((p) => p.id === id);
    if (!shown) throw new Error(`no post ${id}`);
    return renderKeys(s, {}).item(macro, shown);
  };

  it("changes with the post and the macro, not with another post", () => {
    const before = itemKey([first, second], "2011-07-20-portal");
    expect(itemKey([first, { ...second, title: "Relay moved" }], "2011-07-20-portal")).toBe(before);
    expect(itemKey([{ ...first, title: "Portal moved again" }, second], "2011-07-20-portal")).not.toBe(before);
    expect(itemKey([first, second], "2011-07-20-portal", "monthItem")).not.toBe(before);
  });

  it("changes with the year, which short times leave out when it is the build's", () => {
    expect(itemKey([first], "2011-07-20-portal", "postItem", "2012-01-02T12:00")).not.toBe(
      itemKey([first], "2011-07-20-portal", "postItem", "2011-12-30T12:00"),
    );
  });
});

describe("renderKeys with bodies named by their source (MarkdownMemo.keyOf)", () => {
  const withUpdate = (body: string) =>
    post(
      `title: Mail slow\nkind: incident\nservice: mail\nseverity: minor\ndate: 2011-07-30 10:00\nupdates:\n  - at: 2011-07-30 11:00\n    status: resolved\n    body: ${body}`,
      "Queues *grew*.\n",
      "posts/2011-07-30-mail-slow.md",
    );
  function key(source: typeof first) {
    const markdown = new MarkdownMemo();
    const s = site([source], NOW, {}, markdown.render);
    const spec = pageSpecs(s).find((p) => p.url === "/posts/2011-07-30-mail-slow/");
    if (!spec) throw new Error("no page");
    const named = renderKeys(s, {}, new Map(), markdown.keyOf).page(spec);
    const whole = renderKeys(s, {}).page(spec);
    return { named, whole };
  }

  it("changes a post's key when its body or an update's body changes, as the key over the whole HTML does", () => {
    const before = key(withUpdate("Fixed."));
    expect(before.named).not.toBe(before.whole);
    expect(key(withUpdate("Fixed.")).named).toBe(before.named);
    const update = key(withUpdate("Fixed *now*."));
    expect(update.named).not.toBe(before.named);
    expect(update.whole).not.toBe(before.whole);
    const body = key({ ...withUpdate("Fixed."), body: "Queues *shrank*.\n" });
    expect(body.named).not.toBe(before.named);
  });
});

describe("RenderMemo", () => {
  it("renders again only when the key changed, and gives a kept page the new build time", () => {
    const memo = new RenderMemo();
    let renders = 0;
    const page = (builtAt: string) => () => {
      renders++;
      return `<html data-built-at="${builtAt}"><p>page</p></html>`;
    };
    expect(memo.content("/a/", "k1", "T1", page("T1"))).toBe('<html data-built-at="T1"><p>page</p></html>');
    expect(memo.content("/a/", "k1", "T2", page("T2"))).toBe('<html data-built-at="T2"><p>page</p></html>');
    expect(renders).toBe(1);
    expect(memo.sameButTime.has("/a/")).toBe(true);
    expect(memo.sweep()).toEqual({ rendered: 1, reused: 1 });

    memo.content("/a/", "k2", "T3", page("T3"));
    memo.content("/b/", null, "T3", page("T3"));
    memo.content("/b/", null, "T3", page("T3"));
    expect(renders).toBe(4);
    expect(memo.sweep()).toEqual({ rendered: 3, reused: 0 });

    // A build that did not write /a/ forgets it: the next one renders it again.
    memo.sweep();
    memo.content("/a/", "k2", "T4", page("T4"));
    expect(renders).toBe(5);
  });
});

describe("RenderMemo.inFolder", () => {
  it("takes a kept text from the folder the last build wrote, with the new build time, and renders again one lost or cut short", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "noc-memo-"));
    try {
      let renders = 0;
      const page = (name: string, builtAt: string) => () => {
        renders++;
        return `<html data-built-at="${builtAt}"><p>${name} – café</p></html>`;
      };
      const first = RenderMemo.inFolder(undefined, []);
      for (const name of ["a", "b", "c"]) {
        const content = first.content(`/${name}/index.html`, `k-${name}`, "T1", page(name, "T1"));
        await mkdir(path.join(folder, name));
        await writeFile(path.join(folder, name, "index.html"), fullContent(content));
      }
      first.sweep();
      expect(renders).toBe(3);

      const next = RenderMemo.inFolder(folder, first.entries());
      await writeFile(path.join(folder, "b", "index.html"), "<html>cut</html>");
      await rm(path.join(folder, "c", "index.html"));
      expect(next.content("/a/index.html", "k-a", "T2", page("a", "T2"))).toBe(
        '<html data-built-at="T2"><p>a – café</p></html>',
      );
      expect(renders).toBe(3);
      expect(next.content("/b/index.html", "k-b", "T2", page("b", "T2"))).toBe(page("b", "T2")());
      expect(next.content("/c/index.html", "k-c", "T2", page("c", "T2"))).toBe(page("c", "T2")());
      expect(next.content("/a/index.html", "k-a2", "T2", page("a", "T2"))).toBe(page("a", "T2")());
      expect(next.sweep()).toEqual({ rendered: 3, reused: 1 });
      // It keeps no text in memory: only keys, build times and lengths are handed on.
      expect(next.entries().every(([, kept]) => kept.content === undefined)).toBe(true);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("records where, in bytes, each page's build time stands, and hands the place on to the spare's patch", () => {
    // Characters of two and three bytes before the mark, which a count of characters would miss.
    const html = (builtAt: string) => `<!-- Zürich – NOC -->\n<html data-built-at="${builtAt}"><p>café</p></html>`;
    const mark = (builtAt: string) => ` data-built-at="${builtAt}"`;
    const spare = RenderMemo.inFolder(undefined, []);
    spare.content("/a/index.html", "k-a", "T1", () => html("T1"));
    spare.content("/feed.xml", "k-f", "", () => "<feed>é</feed>");
    spare.sweep();
    const [page, feed] = spare.entries().map(([, kept]) => kept);
    expect(page?.at).toBe(Buffer.from(html("T1")).indexOf(mark("T1")));
    expect(page?.at).not.toBe(html("T1").indexOf(mark("T1")));
    expect(feed?.at).toBeUndefined();
    const next = RenderMemo.inFolder(undefined, [], spare.entries());
    const kept = next.content("/a/index.html", "k-a", "T3", () => html("T3"));
    expect(kept).toBeInstanceOf(InSpare);
    expect((kept as InSpare).at).toBe(page?.at);
    // What this build hands on for the file it patched: the same place.
    next.sweep();
    expect(next.entries()[0]?.[1].at).toBe(page?.at);
  });

  it("leaves in the spare build a text made there from the same key, and makes it, as a clean build would, when asked", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "noc-memo-"));
    try {
      let renders = 0;
      const html = (name: string, builtAt: string) => `<html data-built-at="${builtAt}"><p>${name} – café</p></html>`;
      const page = (name: string, builtAt: string) => () => {
        renders++;
        return html(name, builtAt);
      };
      // The build before the last wrote the spare at T1; the last build wrote `folder` at T2.
      const spare = RenderMemo.inFolder(undefined, []);
      for (const name of ["a", "b"]) spare.content(`/${name}/index.html`, `k-${name}`, "T1", page(name, "T1"));
      spare.sweep();
      const last = RenderMemo.inFolder(undefined, []);
      for (const name of ["a", "b"]) {
        const content = fullContent(last.content(`/${name}/index.html`, `k-${name}`, "T2", page(name, "T2")));
        await mkdir(path.join(folder, name));
        await writeFile(path.join(folder, name, "index.html"), content);
      }
      last.sweep();
      expect(last.entries().map(([, kept]) => kept.bytes)).toEqual([
        Buffer.byteLength(html("a", "T2")),
        Buffer.byteLength(html("b", "T2")),
      ]);
      renders = 0;

      const next = RenderMemo.inFolder(folder, last.entries(), spare.entries());
      const a = next.content("/a/index.html", "k-a", "T3", page("a", "T3"));
      expect(a).toBeInstanceOf(InSpare);
      expect(a).toMatchObject({
        was: ' data-built-at="T1"',
        now: ' data-built-at="T3"',
        bytes: Buffer.byteLength(html("a", "T1")),
      });
      // Asked for the whole text: the last build's, with this build's time; rendered when that is gone.
      expect((a as InSpare).text()).toBe(html("a", "T3"));
      await rm(path.join(folder, "b", "index.html"));
      const b = next.content("/b/index.html", "k-b", "T3", page("b", "T3"));
      expect(renders).toBe(0);
      expect((b as InSpare).text()).toBe(html("b", "T3"));
      expect(renders).toBe(1);
      // A key that changed is rendered, whatever the spare holds.
      expect(next.content("/a/index.html", "k-a2", "T3", page("a2", "T3"))).toBe(html("a2", "T3"));
      expect(next.sweep()).toEqual({ rendered: 2, reused: 1 });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
