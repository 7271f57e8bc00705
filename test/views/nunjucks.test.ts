import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { KeptTexts } from "../../src/views/kept-texts.ts";
import { CompiledTemplates, type KeptItems, nunjucksEngine } from "../../src/views/nunjucks.ts";
import { tempFolders } from "../factory.ts";

const temp = tempFolders("noc-nunjucks-");

/** A templates folder with a layout, a page that extends it and the macros every engine loads. */
async function templates(page: string): Promise<string> {
  const folder = await temp();
  await mkdir(path.join(folder, "pages"));
  await writeFile(path.join(folder, "macros.njk"), "{% macro shout(x) %}{{ x | upper }}!{% endmacro %}\n");
  await writeFile(path.join(folder, "layout.njk"), "<main>{% block content %}{% endblock %}</main>\n");
  await writeFile(path.join(folder, "pages", "a.njk"), page);
  return folder;
}

const PAGE = '{% extends "layout.njk" %}\n{% block content %}{{ m.shout(name) }} <{{ name }}>{% endblock %}\n';

describe("CompiledTemplates", () => {
  it("renders what Nunjucks renders from the text, and a later engine renders from the kept code", async () => {
    const folder = await templates(PAGE);
    const plain = nunjucksEngine(folder, {}).render("pages/a.njk", { name: "r&d" });
    expect(plain).toBe("<main>R&amp;D! <r&amp;d></main>\n");

    const compiled = new CompiledTemplates();
    expect(nunjucksEngine(folder, {}, compiled).render("pages/a.njk", { name: "r&d" })).toBe(plain);
    expect(
      compiled
        .entries()
        .map(([name]) => name)
        .sort(),
    ).toEqual(["layout.njk", "macros.njk", "pages/a.njk"]);

    // Handed on as a build's cache hands it: nothing is compiled again.
    const next = new CompiledTemplates();
    next.give(JSON.parse(JSON.stringify(compiled.entries())));
    let compiles = 0;
    const code = next.code.bind(next);
    next.code = (name, source, compile) =>
      code(name, source, () => {
        compiles++;
        return compile();
      });
    expect(nunjucksEngine(folder, {}, next).render("pages/a.njk", { name: "r&d" })).toBe(plain);
    expect(compiles).toBe(0);

    // A template whose text changed is compiled again; the others are taken as kept.
    await writeFile(path.join(folder, "layout.njk"), "<article>{% block content %}{% endblock %}</article>\n");
    expect(nunjucksEngine(folder, {}, next).render("pages/a.njk", { name: "x" })).toBe("<article>X! <x></article>\n");
    expect(compiles).toBe(1);
  });

  it("reports a template that does not compile with its path, as Nunjucks does", async () => {
    const folder = await templates("{% if %}\n");
    const engine = nunjucksEngine(folder, {}, new CompiledTemplates());
    expect(() => engine.render("pages/a.njk", {})).toThrow(/pages\/a\.njk/);
  });
});

describe("posts' list items kept between builds", () => {
  /** A page listing `posts` through the `postItem` macro, twice (as the board and a list may). */
  async function listing(): Promise<string> {
    const folder = await templates("{% for p in posts %}{{ m.postItem(p) }}{% endfor %}|{{ m.postItem(posts[0]) }}");
    await writeFile(
      path.join(folder, "macros.njk"),
      "{% macro postItem(post) %}<li>{{ post.title }}</li>{% endmacro %}\n{% macro shout(x) %}{{ x }}{% endmacro %}\n",
    );
    return folder;
  }
  const posts = [
    { id: "a", title: "R&D" },
    { id: "b", title: "Mail" },
  ];
  const key = (macro: string, post: { id: string }) => `${macro}:${post.id}`;

  it("keeps each item it makes, by its key, and takes a kept one as the HTML it was", async () => {
    const folder = await listing();
    const texts = new KeptTexts();
    const engine = nunjucksEngine(folder, {});
    engine.keepItems({ texts, key: key as KeptItems["key"] });
    expect(engine.render("pages/a.njk", { posts })).toBe("<li>R&amp;D</li><li>Mail</li>|<li>R&amp;D</li>");
    expect(texts.entries()).toEqual([
      ["postItem:a", "<li>R&amp;D</li>"],
      ["postItem:b", "<li>Mail</li>"],
    ]);

    // A later build's engine takes the kept item instead of making it: not escaped again.
    const next = new KeptTexts();
    next.give([["postItem:a", () => "<li>kept &amp; taken</li>"]]);
    const later = nunjucksEngine(folder, {});
    later.keepItems({ texts: next, key: key as KeptItems["key"] });
    expect(later.render("pages/a.njk", { posts })).toBe(
      "<li>kept &amp; taken</li><li>Mail</li>|<li>kept &amp; taken</li>",
    );
  });
});
