import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, chromium } from "playwright-core";
import { type PreviewServer, startPreview } from "../../src/cli/preview-server.ts";
import { runCli } from "../cli/run.ts";
import { SAMPLE_POSTS } from "../factory.ts";

/**
 * Debian's Chromium, headless, with no network but loopback; the sample site built into a temporary
 * folder and served on 127.0.0.1. `.ci/run` installs chromium.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface SiteInBrowser {
  browser: Browser;
  server: PreviewServer;
  root: string;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, loopback only. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** `env`: build settings such as NOC_SEARCH_PART; `posts`: another folder than the sample history. */
export async function siteInBrowser(
  now: string,
  env: Record<string, string> = {},
  posts: string = SAMPLE_POSTS,
): Promise<SiteInBrowser> {
  const root = await mkdtemp(path.join(tmpdir(), "noc-browser-"));
  const out = path.join(root, "site");
  const built = await runCli("build", ["--posts", posts, "--out", out, "--now", now], env);
  if (built.code !== 0) throw new Error(built.stderr);
  const server = await startPreview(out, 0);
  const browser = await launchChromium();
  return {
    browser,
    server,
    root,
    async close() {
      await browser.close();
      server.server.closeAllConnections();
      await new Promise((resolve) => server.server.close(resolve));
      await rm(root, { recursive: true, force: true });
    },
  };
}
