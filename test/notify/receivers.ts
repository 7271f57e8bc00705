import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** Real receivers on 127.0.0.1 for the notify tests: an SMTP server and an HTTP server. */

export interface Mailbox {
  port: number;
  messages: ParsedMail[];
  /** answer the next N messages with this SMTP code (e.g. 451, 550) */
  refuse(code: number, times: number): void;
  /** take this long to accept each message from now on */
  slow(ms: number): void;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<Mailbox> {
  const messages: ParsedMail[] = [];
  const refusals: number[] = [];
  let delay = 0;
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on the loopback: no certificate to trust in a test.
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
        const code = refusals.shift();
        if (code) {
          const error = new Error(code >= 500 ? "Mailbox unavailable" : "Try again later") as Error & {
            responseCode: number;
          };
          error.responseCode = code;
          return callback(error);
        }
        messages.push(await simpleParser(Buffer.concat(chunks)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    refuse: (code, times) => refusals.push(...Array(times).fill(code)),
    slow: (ms) => {
      delay = ms;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url(path: string): string;
  requests: Received[];
  /** the answers for the next requests to `path`, in order; afterwards 200 */
  plan(path: string, answers: { status: number; headers?: Record<string, string>; delayMs?: number }[]): void;
  close(): Promise<void>;
}

export async function startHttp(): Promise<Receiver> {
  const requests: Received[] = [];
  const plans = new Map<string, { status: number; headers?: Record<string, string>; delayMs?: number }[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const path = req.url ?? "/";
      requests.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const answer = plans.get(path)?.shift() ?? { status: 200 };
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
      res.end(answer.status < 300 ? "ok" : "no");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    plan: (path, answers) => plans.set(path, [...(plans.get(path) ?? []), ...answers]),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
