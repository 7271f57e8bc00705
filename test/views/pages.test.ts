import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pageAssets } from "../../src/views/assets.ts";
import { templateFilters } from "../../src/views/filters.ts";
import { nunjucksEngine } from "../../src/views/nunjucks.ts";
import { outputs } from "../../src/views/outputs.ts";
import { pageSpecs, writePages } from "../../src/views/pages.ts";
import { post, site, tempFolders } from "../factory.ts";
import { maintenance, notice, outage, resolvedUpdate } from "./feeds/fixtures.ts";

describe("writePages", () => {
  const tempFolder = tempFolders("noc-posts-");

  const s = site([outage(resolvedUpdate), maintenance(), notice()], "2011-12-01T00:00");
  const templates = nunjucksEngine("templates", templateFilters(s));
  const globals = {
    site: s,
    assets: pageAssets("public", s.settings).paths,
    outputs: outputs(s),
    searchBundles: ["/pagefind/"],
  };

  it("writes each post's page at its URL, in the site layout, and nothing else", async () => {
    const dir = await tempFolder();
    const posts = pageSpecs(s).filter((p) => p.template === "post.njk");
    expect(await writePages(s, posts, globals, templates, dir)).toBe(3);

    const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
      .sort();
    expect(files).toEqual([
      "posts/2011-01-01-new-year/index.html",
      "posts/2011-07-20-outage/index.html",
      "posts/2011-10-30-core-upgrades/index.html",
    ]);
    const html = await readFile(path.join(dir, "posts/2011-07-20-outage/index.html"), "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain("<title>Outage of &quot;mail&quot; &amp; &lt;web&gt;");
    expect(html).toContain('<link rel="canonical" href="https://status.example.net/posts/2011-07-20-outage/">');
    expect(html).toContain('<a href="/incidents/" aria-current="page">Incidents</a>');
    expect(html).toContain("<h1>Outage of &quot;mail&quot; &amp; &lt;web&gt; ]]&gt; ]]&gt; — “curly” 🚨</h1>");
  });

  it("shows the logo beside the title and links the accent colours, when the settings give them", async () => {
    const branded = site([outage()], "2011-12-01T00:00", {
      logo: "brand/logo.svg",
      favicon: "brand/icon.png",
      accentColor: "#8250df",
    });
    const engine = nunjucksEngine("templates", templateFilters(branded));
    const dir = await tempFolder();
    const home = pageSpecs(branded).filter((p) => p.url === "/");
    await writePages(
      branded,
      home,
      {
        site: branded,
        assets: pageAssets("public", branded.settings).paths,
        outputs: outputs(branded),
        searchBundles: [],
      },
      engine,
      dir,
    );
    const html = await readFile(path.join(dir, "index.html"), "utf8");
    expect(html).toContain('<a href="/"><img class="logo" src="/brand/logo.svg" alt="" height="32">Test NOC</a>');
    expect(html).toMatch(/<link rel="stylesheet" href="\/assets\/theme\.[0-9a-f]{10}\.css">/);
    expect(html).toContain('<link rel="icon" href="/brand/icon.png">');
    expect(html).not.toContain("favicon.svg");
    const plainDir = await tempFolder();
    await writePages(
      s,
      pageSpecs(s).filter((p) => p.url === "/"),
      globals,
      templates,
      plainDir,
    );
    const plain = await readFile(path.join(plainDir, "index.html"), "utf8");
    expect(plain).not.toContain('class="logo"');
    expect(plain).not.toContain("theme.css");
    expect(plain).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
  });

  it("writes times in the settings' locale: short in lists, full on the post page, a same-day end as a clock", async () => {
    const american = site([outage(resolvedUpdate), maintenance()], "2011-10-30T12:00", { locale: "en-US" });
    const engine = nunjucksEngine("templates", templateFilters(american));
    const dir = await tempFolder();
    const specs = pageSpecs(american).filter((p) => p.url === "/" || p.template === "post.njk");
    await writePages(
      american,
      specs,
      {
        site: american,
        assets: pageAssets("public", american.settings).paths,
        outputs: outputs(american),
        searchBundles: [],
      },
      engine,
      dir,
    );
    const home = await readFile(path.join(dir, "index.html"), "utf8");
    expect(home).toContain('data-locale="en-US"');
    expect(home).toContain('>Oct 30, 12:00 PM EDT <span class="utc">(4:00 PM UTC)</span></time>');
    // The maintenance's next window, in the list's short form; UTC gives its own day where it differs.
    expect(home).toContain('>Nov 1, 10:00 PM EDT <span class="utc">(Nov 2, 2:00 AM UTC)</span></time>');
    const post = await readFile(path.join(dir, "posts/2011-07-20-outage/index.html"), "utf8");
    expect(post).toMatch(
      />Wed, Jul 20, 2011, 3:35 PM EDT <span class="utc">\(7:35 PM UTC\)<\/span><\/time> &ndash; <time [^>]+>4:12 PM EDT </,
    );
  });

  it("has a page for the board, each list page and each post, each at its own URL", () => {
    const urls = pageSpecs(s).map((p) => p.url);
    expect(urls).toContain("/");
    expect(urls).toContain("/incidents/");
    expect(urls).toContain("/services/mail/");
    expect(urls).toContain("/posts/2011-07-20-outage/");
    expect(urls).toEqual(
      expect.arrayContaining(["/history/", "/history/2011/", "/services/", "/subscribe/", "/search/", "/404.html"]),
    );
    expect(new Set(urls).size).toBe(urls.length);
  });

  it("shows a service's status and the clock on its first page only; its older pages link to it", async () => {
    const dir = await tempFolder();
    // Three posts on mail, two to a page.
    const relay = post(
      "title: Relay moved\nkind: notice\ndate: 2011-11-02 10:00\nservice: mail",
      "Body.\n",
      "posts/relay.md",
    );
    const three = site([outage(resolvedUpdate), maintenance(), relay], "2011-12-01T00:00");
    const pages = pageSpecs(three).filter((p) => p.template === "service.njk" || p.template === "home.njk");
    expect(pages.map((p) => p.url)).toContain("/services/mail/page/2/");
    const engine = nunjucksEngine("templates", templateFilters(three));
    await writePages(three, pages, { ...globals, site: three, outputs: outputs(three) }, engine, dir);
    const status = (html: string) => /<p class="service-status">(.*?)<\/p>/s.exec(html)?.[1];
    const first = await readFile(path.join(dir, "services/mail/index.html"), "utf8");
    expect(status(first)).toMatch(/class="badge badge-.*class="as-of"/);
    const second = await readFile(path.join(dir, "services/mail/page/2/index.html"), "utf8");
    expect(status(second)).toBe('<a href="/services/mail/">Current status of Mail</a>');
    expect(second).not.toContain('class="as-of"');
    const home = await readFile(path.join(dir, "page/2/index.html"), "utf8");
    expect(home).not.toContain('class="as-of"');
    expect(home).not.toContain('id="overall"');
  });

  it("puts the deployment's base path in front of every root-relative address, once", async () => {
    const under = site([outage(resolvedUpdate)], "2011-12-01T00:00", { baseUrl: "https://example.net/noc/" });
    const dir = await tempFolder();
    const engine = nunjucksEngine("templates", templateFilters(under));
    const pages = pageSpecs(under).filter((p) => p.url === "/search/" || p.template === "post.njk");
    await writePages(
      under,
      pages,
      {
        site: under,
        assets: pageAssets("public", under.settings).paths,
        outputs: outputs(under),
        searchBundles: ["/pagefind/", "/pagefind/part-2/"],
      },
      engine,
      dir,
    );
    const search = await readFile(path.join(dir, "search/index.html"), "utf8");
    expect(search).toContain('data-pagefind="/noc/pagefind/" data-pagefind-merge="/noc/pagefind/part-2/"');
    expect(search).toMatch(/<link rel="stylesheet" href="\/noc\/assets\/style\.[0-9a-f]{10}\.css">/);
    expect(search).toMatch(/<script src="\/noc\/assets\/search\.[0-9a-f]{10}\.js" defer><\/script>/);
    expect(search).not.toMatch(/(href|src|action)="\/(?!noc\/)/);
    const post = await readFile(path.join(dir, "posts/2011-07-20-outage/index.html"), "utf8");
    expect(post).toContain('href="/noc/posts/2011-07-01-runbook/"');
    expect(post).not.toContain("/noc/noc/");
  });

  it("names the page a template failed on", async () => {
    const page = { url: "/posts/broken/", template: "post.njk", data: {} };
    await expect(writePages(s, [page], globals, templates, "/nonexistent")).rejects.toThrow(
      /^page \/posts\/broken\/: .*post\.njk/s,
    );
  });

  it("refuses to write two pages at one URL", async () => {
    const page = { url: "/same/", template: "post.njk", data: { post: s.posts[0] } };
    await expect(writePages(s, [page, page], globals, templates, "/nonexistent")).rejects.toThrow(
      "two pages would be written at /same/",
    );
  });
});
