import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import { pipeline } from "node:stream/promises";

/**
 * The local preview server: static files from the output folder on 127.0.0.1 only, plus live reload
 * for pages (a small script, added to HTML in preview only, listening for server-sent events).
 */

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".ics": "text/calendar; charset=utf-8",
  ".opml": "text/x-opml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
};

const RELOAD_SCRIPT = `// Preview only: reloads the page after each build, shows build problems.
const events = new EventSource("/__preview/events");
events.addEventListener("reload", () => location.reload());
events.addEventListener("problems", (event) => {
  let box = document.getElementById("__preview-problems");
  if (!box) {
    box = document.createElement("pre");
    box.id = "__preview-problems";
    box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;padding:1rem;background:#82071e;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap;z-index:9999";
    document.body.append(box);
  }
  box.textContent = "Build failed; showing the last good build.\\n\\n" + JSON.parse(event.data);
});
`;

export interface PreviewServer {
  server: Server;
  url: string;
  /** tells every open page to reload */
  reload(): void;
  /** shows build problems on every open page */
  problems(text: string): void;
}

export async function startPreview(root: string, requestedPort: number): Promise<PreviewServer> {
  const clients = new Set<ServerResponse>();
  const send = (event: string, data: string) => {
    for (const res of clients) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  let port = requestedPort;
  const server = createServer(async (req, res) => {
    const refused = refusal(req.method, req.headers.host, port);
    if (refused) {
      res.writeHead(refused.status, { "content-type": "text/plain; charset=utf-8", ...refused.headers });
      res.end(`${refused.message}\n`);
      return;
    }
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/__preview/events") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
      res.write(": connected\n\n");
      clients.add(res);
      req.on("close", () => clients.delete(res));
      return;
    }
    if (url.pathname === "/__preview/reload.js") {
      res.writeHead(200, { "content-type": TYPES[".js"] ?? "", "cache-control": "no-store" });
      res.end(RELOAD_SCRIPT);
      return;
    }
    const found = await resolveFile(root, url.pathname);
    const file = found ?? path.join(root, "404.html");
    const type = TYPES[path.extname(file)] ?? "application/octet-stream";
    try {
      if (type.startsWith("text/html")) {
        const html = await readFile(file, "utf8");
        res.writeHead(found ? 200 : 404, { "content-type": type, "cache-control": "no-store" });
        if (req.method === "HEAD") return void res.end();
        res.end(html.replace("</body>", '<script src="/__preview/reload.js" defer></script>\n</body>'));
        return;
      }
      res.writeHead(found ? 200 : 404, { "content-type": type, "cache-control": "no-store" });
      if (req.method === "HEAD") return void res.end();
      // pipeline closes the file when the reader goes away and catches read errors: an aborted
      // download must not keep a descriptor open (200 of them would end the server at EMFILE).
      await pipeline(createReadStream(file), res).catch(() => res.destroy());
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("Not found (the site has not been built yet?)\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(requestedPort, "127.0.0.1", resolve);
  });
  const address = server.address();
  port = typeof address === "object" && address ? address.port : requestedPort;
  return {
    server,
    url: `http://127.0.0.1:${port}/`,
    reload: () => send("reload", ""),
    problems: (text) => send("problems", text),
  };
}

/**
 * Only reads, and only by this machine's own names: a page elsewhere that points its own host name
 * at 127.0.0.1 (DNS rebinding) must not read the preview, which shows drafts.
 */
export function refusal(
  method: string | undefined,
  host: string | undefined,
  port: number,
): { status: number; message: string; headers?: Record<string, string> } | undefined {
  if (method !== "GET" && method !== "HEAD") {
    return { status: 405, message: "The preview only serves GET and HEAD.", headers: { allow: "GET, HEAD" } };
  }
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    return { status: 421, message: `The preview answers only to 127.0.0.1:${port} and localhost:${port}.` };
  }
  return undefined;
}

/** The file a URL path names inside `root`, `index.html` for folders; never outside `root`. */
async function resolveFile(root: string, pathname: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const file = path.resolve(root, `.${path.posix.normalize(decoded)}`);
  if (file !== path.resolve(root) && !file.startsWith(path.resolve(root) + path.sep)) return undefined;
  for (const candidate of [file, path.join(file, "index.html")]) {
    try {
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // try the next
    }
  }
  return undefined;
}
