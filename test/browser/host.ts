import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/**
 * A static host on 127.0.0.1 that behaves as Netlify and Cloudflare Pages do with what the build
 * writes: the site served under a base path, `index.html` for a folder, `404.html` for nothing, and
 * the `_headers` file's rules applied (a pattern ending in `*` matches the paths that start with
 * what comes before it).
 */
export interface Host {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".ics": "text/calendar",
  ".wasm": "application/wasm",
  ".pf_meta": "application/octet-stream",
};

export async function serveLikeAHost(root: string, basePath: string): Promise<Host> {
  const rules = parseHeaders(await readFile(path.join(root, "_headers"), "utf8").catch(() => ""));
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://host");
    const headers: Record<string, string> = {};
    for (const rule of rules) {
      if (rule.prefix ? url.pathname.startsWith(rule.pattern) : url.pathname === rule.pattern) {
        Object.assign(headers, rule.headers);
      }
    }
    const file = await fileFor(root, basePath, decodeURIComponent(url.pathname));
    const target = file ?? path.join(root, "404.html");
    res.writeHead(file ? 200 : 404, {
      "content-type": TYPES[path.extname(target)] ?? "application/octet-stream",
      ...headers,
    });
    createReadStream(target).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${basePath}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The file a path names under the base path, or undefined. */
async function fileFor(root: string, basePath: string, pathname: string): Promise<string | undefined> {
  if (!pathname.startsWith(basePath)) return undefined;
  const relative = pathname.slice(basePath.length);
  if (relative.split("/").includes("..")) return undefined;
  for (const candidate of [relative, path.join(relative, "index.html")]) {
    const full = path.join(root, candidate);
    if (
      await stat(full)
        .then((s) => s.isFile())
        .catch(() => false)
    )
      return full;
  }
  return undefined;
}

export interface HeaderRule {
  pattern: string;
  prefix: boolean;
  headers: Record<string, string>;
}

export function parseHeaders(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim() || line.trimStart().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      const prefix = line.endsWith("*");
      rules.push({ pattern: prefix ? line.slice(0, -1) : line, prefix, headers: {} });
      continue;
    }
    const [name, ...value] = line.trim().split(":");
    const rule = rules.at(-1);
    if (rule && name) rule.headers[name.toLowerCase()] = value.join(":").trim();
  }
  return rules;
}
