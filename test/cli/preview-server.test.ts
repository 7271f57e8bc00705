import { readdir, writeFile } from "node:fs/promises";
import { request } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PreviewServer, refusal, startPreview } from "../../src/cli/preview-server.ts";
import { tempFolders } from "../factory.ts";

/** The preview server, in this process: so its open file descriptors can be counted. */

const temp = tempFolders("noc-preview-");
let preview: PreviewServer;
let port: number;

beforeAll(async () => {
  const root = await temp();
  await writeFile(path.join(root, "index.html"), "<!doctype html><title>x</title><body>Home</body>");
  await writeFile(path.join(root, "big.xml"), Buffer.alloc(8 * 1024 * 1024, "a"));
  preview = await startPreview(root, 0);
  port = Number(new URL(preview.url).port);
});
afterAll(async () => {
  preview.server.closeAllConnections();
  await new Promise((resolve) => preview.server.close(resolve));
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function ask(method: string, pathname: string, host = `127.0.0.1:${port}`): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path: pathname, headers: { host } }, (res) => {
      let body = "";
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const openDescriptors = async () => (await readdir("/proc/self/fd")).length;

describe("the preview server", () => {
  it.each(["POST", "PUT", "DELETE"])("answers %s with 405 and says what it allows", async (method) => {
    const answer = await ask(method, "/");
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe("GET, HEAD");
  });

  it.each(["evil.example", `evil.example:${"PORT"}`, "127.0.0.1"])(
    "refuses a request for another host name (%s), as DNS rebinding would send",
    async (host) => {
      const answer = await ask("GET", "/", host.replace("PORT", String(port)));
      expect(answer.status).toBe(421);
      expect(answer.body).not.toContain("Home");
    },
  );

  it("serves its own names, and HEAD without a body", async () => {
    expect((await ask("GET", "/", `localhost:${port}`)).body).toContain("Home");
    const head = await ask("HEAD", "/big.xml");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
  });

  it("closes the file of every download the reader abandons", async () => {
    const before = await openDescriptors();
    for (let i = 0; i < 50; i++) {
      await new Promise<void>((resolve) => {
        const req = request({ host: "127.0.0.1", port, path: "/big.xml" }, (res) => {
          res.once("data", () => {
            req.destroy();
            resolve();
          });
        });
        req.on("error", () => resolve());
        req.end();
      });
    }
    // Give the server a moment to see the closed connections.
    let after = await openDescriptors();
    for (let i = 0; i < 50 && after > before + 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = await openDescriptors();
    }
    expect(after).toBeLessThanOrEqual(before + 5);
    expect((await ask("GET", "/")).status).toBe(200);
  });
});

describe("refusal", () => {
  it.each([
    ["GET", "127.0.0.1:8080", undefined],
    ["HEAD", "localhost:8080", undefined],
    ["OPTIONS", "127.0.0.1:8080", 405],
    ["GET", "127.0.0.1:9090", 421],
    ["GET", undefined, 421],
  ])("%s with Host %s", (method, host, status) => {
    expect(refusal(method, host, 8080)?.status).toBe(status);
  });
});
