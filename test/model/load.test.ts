import { mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultId } from "../../src/model/check.ts";
import { type Look, loadSources, PostMemo, type SeenFile } from "../../src/model/load.ts";
import { formatProblem } from "../../src/model/problems.ts";
import { at, postFile, postsDir, ZONE } from "../factory.ts";

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((r) => rm(r, { recursive: true, force: true })));
});

async function load(files: Record<string, string>, extra?: { settings?: string; services?: string }) {
  const { root, dir } = await postsDir(files, extra);
  roots.push(root);
  return { dir, root, result: await loadSources(dir) };
}

const notice = (title: string, extra = "") =>
  postFile(`title: ${title}\nkind: notice\ndate: 2011-07-20 10:00\n${extra}`);

describe("loadSources", () => {
  it("loads settings, services and every post", async () => {
    const { result } = await load({ "2011-07-20-a.md": notice("A"), "2011-07-21-b.md": notice("B") });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.settings.timeZone).toBe("America/New_York");
    expect(result.value.services.map((s) => s.id)).toEqual(["mail", "web", "dns"]);
    expect(result.value.posts.map((p) => p.id)).toEqual(["2011-07-20-a", "2011-07-21-b"]);
  });

  it("reads settings, services and posts through the reader it is given (the bytes a build's fingerprint hashed)", async () => {
    const { root, dir } = await postsDir({ "2011-07-20-a.md": notice("A") });
    roots.push(root);
    const asked: string[] = [];
    // What the reader hands over is what is built, whatever the files hold by then.
    const read = async (file: string) => {
      asked.push(path.relative(dir, file));
      const bytes = await readFile(file);
      return path.basename(file) === "settings.yaml"
        ? Buffer.from(bytes.toString("utf8").replace("title: Test NOC", "title: As Fingerprinted"))
        : bytes;
    };
    const result = await loadSources(dir, { read });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.settings.title).toBe("As Fingerprinted");
    expect(asked.sort()).toEqual(["2011-07-20-a.md", "services.yaml", "settings.yaml"]);
  });

  it("reports every problem in every file at once, located in the file", async () => {
    const { result } = await load({
      "a.md": notice("A", "severity: huge"),
      "b.md": postFile("title: B\nkind: incident\nservice: mial\nseverity: minor\ndate: 2011-07-20 10:00"),
      "c.md": "---\ntitle: [broken\n---\n",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => formatProblem({ ...p, file: path.basename(p.file) }))).toEqual([
      'a.md:5:1: error: severity: "huge" is not one of none, minor, major, critical',
      'b.md:4:1: error: service: unknown service "mial" (did you mean "mail"?)',
      "c.md:2:15: error: a list written as [a, b] must end with ] on the same line (YAML: Flow sequence in block collection must be sufficiently indented and end with a ])",
    ]);
  });

  it("rejects two posts with the same id, naming both files", async () => {
    const { result } = await load({ "x.md": notice("X", "id: same"), "y.md": notice("Y", "id: same") });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(2);
    expect(result.problems[0]?.message).toMatch(/duplicate id "same" \(also .*y\.md\)/);
    expect(result.problems[1]?.message).toMatch(/duplicate id "same" \(also .*x\.md\)/);
  });

  it("checks settings and the services registry, and still checks posts", async () => {
    const { result } = await load(
      { "a.md": notice("A", "draft: maybe") },
      {
        settings:
          "title: T\nbaseUrl: nope\ntimeZone: Mars/Base\ncontact: c\nauthor: {name: N}\ntagAuthority: x.net,2008\n",
        services: "- id: mail\n  name: Mail\n  group: G\n- id: mail\n  name: Again\n  group: G\n",
      },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.problems.map((p) => `${path.basename(p.file)} ${p.field}`);
    expect(messages).toEqual(
      expect.arrayContaining(["settings.yaml baseUrl", "settings.yaml timeZone", "services.yaml [1].id", "a.md draft"]),
    );
  });
});

describe("a broken services registry", () => {
  const incident = (service: string) =>
    postFile(`title: Outage\nkind: incident\nservice: ${service}\nseverity: minor\ndate: 2011-07-20 10:00`);
  const posts = {
    "2011-07-20-a.md": incident("mail"),
    "2011-07-20-b.md": incident("[mail, web]"),
    "2011-07-20-c.md": incident("dns"),
  };
  const problemLines = (result: Awaited<ReturnType<typeof loadSources>>) =>
    result.ok ? [] : result.problems.map((p) => `${path.basename(p.file)} ${p.field}: ${p.message}`);

  it("is reported once: posts naming the broken entry's id are not told it is unknown", async () => {
    const services = "- id: mail\n  name: Mail\n  gruop: Messaging\n- id: web\n  name: Web\n  group: Hosting\n";
    const { result } = await load(posts, { services });
    const lines = problemLines(result);
    expect(lines.filter((l) => l.startsWith("services.yaml"))).toHaveLength(2);
    // dns is in no entry at all: that one is still the post's problem
    expect(lines.filter((l) => !l.startsWith("services.yaml"))).toEqual([
      '2011-07-20-c.md service: unknown service "dns" (services.yaml has mail, web)',
    ]);
  });

  it("that is not a list of entries stops the service checks: its own problem is the one to fix", async () => {
    const { result } = await load(posts, { services: "mail: [broken\n" });
    const lines = problemLines(result);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^services\.yaml /);
  });
});

describe("defaultId", () => {
  it.each([
    ["posts/2011-07-20-outage.md", "2011-07-20-outage"],
    ["posts/2011/2011-07-20-Outage Report.md", "2011-07-20-outage-report"],
    ["posts/outage.md", "2011-07-20-outage"],
  ])("%s → %s", (file, id) => {
    expect(defaultId(file, at("2011-07-20T15:35"), ZONE)).toBe(id);
  });
});

describe("reading post files as they come", () => {
  const lines = (result: Awaited<ReturnType<typeof loadSources>>) =>
    (result.ok ? result.warnings : result.problems).map((p) => formatProblem({ ...p, file: path.basename(p.file) }));

  it("accepts a byte order mark", async () => {
    const { result } = await load({ "2011-07-20-a.md": `\uFEFF${notice("A")}` });
    expect(result.ok).toBe(true);
  });

  it("reports a file that is not UTF-8 with the line of the first bad byte", async () => {
    const { dir } = await load({});
    const latin1 = Buffer.concat([Buffer.from(notice("A")), Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a])]);
    await writeFile(path.join(dir, "2011-07-20-a.md"), latin1);
    const result = await loadSources(dir);
    expect(lines(result)).toEqual([
      "2011-07-20-a.md:7:1: error: is not valid UTF-8 (an editor saved it in another encoding?); save it as UTF-8",
    ]);
  });

  it("removes control characters, with a warning that says where", async () => {
    const { result } = await load({
      "2011-07-20-a.md": postFile(
        'title: "Red \\e[31m alert"\nkind: notice\ndate: 2011-07-20 10:00',
        "Pasted \u001b[0m output\u0007 here.\n",
      ),
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.posts[0]?.title).toBe("Red [31m alert");
    expect(result.value.posts[0]?.body).toBe("Pasted [0m output here.\n");
    expect(lines(result)).toEqual([
      "2011-07-20-a.md:2:1: warning: title: control characters removed (pasted terminal output?); outputs cannot carry them",
      "2011-07-20-a.md:6:8: warning: control character U+001B removed (pasted terminal output?); outputs cannot carry it",
    ]);
  });

  it("refuses a YAML alias bomb quickly, at the alias", async () => {
    const bomb = [
      "title: Bomb",
      "kind: notice",
      "date: 2011-07-20 10:00",
      'x0: &x0 ["a", "a", "a", "a", "a", "a", "a", "a", "a", "a"]',
      ...Array.from({ length: 9 }, (_, i) => `x${i + 1}: &x${i + 1} [${Array(10).fill(`*x${i}`).join(", ")}]`),
      "severity: *x9",
    ].join("\n");
    const started = performance.now();
    const { result } = await load({ "2011-07-20-bomb.md": postFile(bomb) });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(lines(result)).toEqual([
      "2011-07-20-bomb.md:6:10: error: aliases (*name) make this file stand for more than 100,000 values; write the values out instead",
    ]);
  });

  it("quotes at most a short excerpt of a long value", async () => {
    const { result } = await load({ "a.md": notice("A", `severity: ${"huge".repeat(1000)}`) });
    const [message] = lines(result);
    expect(message?.length).toBeLessThan(200);
  });

  it("follows links to post files and folders, and reports links that lead nowhere or in a loop", async () => {
    const { dir, root } = await load({});
    const elsewhere = path.join(root, "elsewhere");
    await mkdir(elsewhere);
    await writeFile(path.join(elsewhere, "2011-07-21-b.md"), notice("B"));
    await writeFile(path.join(root, "2011-07-20-a.md"), notice("A"));
    await symlink(path.join(root, "2011-07-20-a.md"), path.join(dir, "2011-07-20-a.md"));
    await symlink(elsewhere, path.join(dir, "more"));
    await symlink(dir, path.join(dir, "loop"));
    await symlink(path.join(root, "gone.md"), path.join(dir, "2011-07-22-gone.md"));
    const result = await loadSources(dir);
    expect(lines(result)).toEqual([
      "2011-07-22-gone.md:1:1: error: a link to a file that does not exist; fix or remove the link",
      "loop:1:1: error: a link leads to a folder already read (a loop, or one folder reached twice); remove the link",
    ]);
    await rm(path.join(dir, "loop"));
    await rm(path.join(dir, "2011-07-22-gone.md"));
    const fixed = await loadSources(dir);
    expect(fixed.ok && fixed.value.posts.map((p) => p.id)).toEqual(["2011-07-20-a", "2011-07-21-b"]);
  });

  it("leaves out hidden folders such as .git", async () => {
    const { dir } = await load({ "2011-07-20-a.md": notice("A") });
    await mkdir(path.join(dir, ".git"));
    await writeFile(path.join(dir, ".git", "2011-07-21-x.md"), "not a post");
    const result = await loadSources(dir);
    expect(result.ok && result.value.posts.map((p) => p.id)).toEqual(["2011-07-20-a"]);
  });
});

describe("PostMemo", () => {
  it("parses a file again only when its text or the registry changed, and forgets deleted files", async () => {
    const { dir } = await load({ "2011-07-20-a.md": notice("A"), "2011-07-21-b.md": notice("B") });
    const memo = new PostMemo();
    const posts = async () => {
      const result = await loadSources(dir, { memo });
      if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
      return result.value.posts;
    };
    const [a1, b1] = await posts();
    await writeFile(path.join(dir, "2011-07-21-b.md"), notice("B, edited"));
    const [a2, b2] = await posts();
    expect(a2).toBe(a1);
    expect(b2).not.toBe(b1);
    expect(b2?.title).toBe("B, edited");

    // Another zone changes what every time means: every post is read again.
    const settingsFile = path.join(dir, "settings.yaml");
    await writeFile(settingsFile, (await readFile(settingsFile, "utf8")).replace(/America\/New_York/, "Europe/Berlin"));
    const [a3] = await posts();
    expect(a3).not.toBe(a2);
    // 10:00 in Berlin, six hours before 10:00 in New York.
    expect(a3?.date.toMillis()).toBe((a2?.date.toMillis() ?? 0) - 6 * 3_600_000);

    await rm(path.join(dir, "2011-07-20-a.md"));
    expect((await posts()).map((p) => p.id)).toEqual(["2011-07-21-b"]);
  });

  it("still warns about times typed wrong, against the clock of each load", async () => {
    const future = postFile(
      "title: Outage\nkind: incident\nservice: mail\nseverity: minor\ndate: 2011-07-20 10:00\nupdates:\n  - at: 2011-07-20 23:00\n    status: investigating\n    body: Looking.",
    );
    const { dir } = await load({ "2011-07-20-outage.md": future });
    const memo = new PostMemo();
    const warnings = async (now: string) => {
      const result = await loadSources(dir, { memo, clock: { now } });
      return result.ok ? result.warnings.map(formatProblem) : result.problems.map(formatProblem);
    };
    expect(await warnings("2011-07-20 12:00")).toEqual([expect.stringContaining("is in the future")]);
    expect(await warnings("2011-07-21 12:00")).toEqual([]);
  });

  it("hands its posts to a memo in another process, which takes them for files whose text and registry are as they were", async () => {
    const late = postFile(
      "title: Outage\nkind: incident\nservice: mail\nseverity: minor\ndate: 2011-07-20 10:00\nupdates:\n  - at: 2011-07-20 23:00\n    status: investigating\n    body: Looking.",
    );
    const { dir } = await load({ "2011-07-20-a.md": late, "2011-07-21-b.md": notice("B") });
    const first = new PostMemo();
    const before = await loadSources(dir, { memo: first });
    if (!before.ok) throw new Error("the posts have problems");
    const given = first.entries();
    expect(given.map((e) => Object.keys(e.post).includes("body"))).toEqual([false, false]);

    await writeFile(path.join(dir, "2011-07-21-b.md"), notice("B, edited"));
    const next = new PostMemo();
    next.give(given);
    const after = await loadSources(dir, { memo: next, clock: { now: "2011-07-20 12:00" } });
    if (!after.ok) throw new Error("the posts have problems");
    const [a, b] = after.value.posts;
    expect(a).toEqual(before.value.posts[0]);
    expect(b?.title).toBe("B, edited");
    // The given entry is handed on as it came; the edited file's is new.
    const handed = next.entries();
    expect(handed[0]).toBe(given[0]);
    expect(handed[1]).not.toBe(given[1]);
    // A time typed wrong is still placed at its line, found again from the text.
    expect(after.warnings.map(formatProblem)).toEqual([expect.stringMatching(/2011-07-20-a\.md:8:.*is in the future/)]);
  });

  /** The posts of `dir` checked by one memo, as a build leaves them in its cache, each seen as `seen`. */
  async function seenBy(dir: string, seen: SeenFile) {
    const first = new PostMemo();
    const looked = async (): Promise<Look> => ({ seen });
    expect((await loadSources(dir, { memo: first })).ok).toBe(true);
    return { given: first.entries().map((entry) => ({ ...entry, seen })), looked };
  }

  it("takes a post the last build saw as it is, body and all, without reading it", async () => {
    const { dir } = await load({ "2011-07-20-a.md": notice("A") });
    const seen: SeenFile = { stamp: "as it was", at: 0, digest: "recorded" };
    const { given, looked } = await seenBy(dir, seen);
    // What the file holds now is not read: the memo's post and body are taken.
    await writeFile(path.join(dir, "2011-07-20-a.md"), notice("Changed behind the stamp's back"));
    const next = new PostMemo();
    next.give(given);
    const result = await loadSources(dir, { memo: next, look: looked });
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.value.posts.map((p) => [p.title, p.body])).toEqual([["A", "Body.\n"]]);
    // Handed on to the next build as it came, with how the file was seen.
    expect(next.entries()).toEqual([given[0]]);
    expect(next.entries()[0]).toBe(given[0]);
  });

  it("places a time typed wrong in a post taken without reading, at its line in the file", async () => {
    const late = postFile(
      "title: Outage\nkind: incident\nservice: mail\nseverity: minor\ndate: 2011-07-20 10:00\nupdates:\n  - at: 2011-07-20 23:00\n    status: investigating\n    body: Looking.",
    );
    const { dir } = await load({ "2011-07-20-a.md": late });
    const { given, looked } = await seenBy(dir, { stamp: "as it was", at: 0, digest: "recorded" });
    const next = new PostMemo();
    next.give(given);
    const result = await loadSources(dir, { memo: next, look: looked, clock: { now: "2011-07-20 12:00" } });
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.warnings.map(formatProblem)).toEqual([
      expect.stringMatching(/2011-07-20-a\.md:8:.*is in the future/),
    ]);
  });

  it("reads a post the last build saw as it is when that build checked it against other services", async () => {
    const { dir } = await load({ "2011-07-20-a.md": notice("A") });
    const { given, looked } = await seenBy(dir, { stamp: "as it was", at: 0, digest: "recorded" });
    await writeFile(path.join(dir, "2011-07-20-a.md"), notice("A, as it is now"));
    const servicesFile = path.join(dir, "services.yaml");
    await writeFile(
      servicesFile,
      `${await readFile(servicesFile, "utf8")}\n- id: backup\n  name: Backup\n  group: Hosting\n`,
    );
    const next = new PostMemo();
    next.give(given);
    const result = await loadSources(dir, { memo: next, look: looked });
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.value.posts.map((p) => p.title)).toEqual(["A, as it is now"]);
    // Read without a look of its own: not handed on as seen, so the next build reads it too.
    expect(next.entries()[0]?.seen).toBeUndefined();
  });

  it("hands on how a build saw each post it read", async () => {
    const { dir } = await load({ "2011-07-20-a.md": notice("A") });
    const file = path.join(dir, "2011-07-20-a.md");
    const seen: SeenFile = { stamp: "now", at: 1, digest: "read" };
    const memo = new PostMemo();
    const bytes = await readFile(file);
    const result = await loadSources(dir, { memo, look: async () => ({ bytes, seen }) });
    expect(result.ok).toBe(true);
    expect(memo.entries()).toEqual([expect.objectContaining({ file, body: "Body.\n", seen })]);
  });
});
