import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { writeAtomically } from "../atomic-write.ts";
import { acquireLock, type Lock } from "../lock.ts";

/**
 * The record of what was sent: per channel, every event id already delivered (or recorded without
 * sending, when it was too old). Rewritten whole and renamed into place after each delivery, so a
 * run killed at any moment leaves the ledger as it was after its last delivery: at most the message
 * in flight is sent again, and receivers can tell it by its Message-ID or webhook-id. One run at a
 * time holds it (a lock file beside it); another waits, then gives up.
 */

export interface LedgerEntry {
  /** when it was recorded, ISO 8601 UTC */
  at: string;
  /** sent, or recorded without sending (and why) */
  outcome: "sent" | "too old" | "covered";
}

interface LedgerFile {
  version: 1;
  channels: Record<string, Record<string, LedgerEntry>>;
}

export class LedgerError extends Error {}

export interface Ledger {
  /** the file did not exist: this is the first run */
  fresh: boolean;
  has(channel: string, eventId: string): boolean;
  record(channel: string, eventId: string, entry: LedgerEntry): Promise<void>;
  release(): Promise<void>;
}

/** How long a second run waits for the first to finish before giving up. */
export const LEDGER_WAIT_MS = 120_000;

export async function openLedger(file: string, options: { wait?: number; dryRun?: boolean } = {}): Promise<Ledger> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const lock: Lock | null = options.dryRun
    ? null
    : await acquireLock(`${file}.lock`, {
        wait: options.wait ?? LEDGER_WAIT_MS,
        onWait: (owner) => console.error(`Waiting for another notify run (process ${owner}) to finish...`),
      });
  let data: LedgerFile;
  let fresh = false;
  try {
    data = parse(await readFile(file, "utf8"), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      await lock?.release();
      throw error;
    }
    data = { version: 1, channels: {} };
    fresh = true;
  }
  let writes: Promise<unknown> = Promise.resolve();
  return {
    fresh,
    has: (channel, eventId) => Boolean(data.channels[channel]?.[eventId]),
    record(channel, eventId, entry) {
      const sent = data.channels[channel] ?? {};
      sent[eventId] = entry;
      data.channels[channel] = sent;
      if (options.dryRun) return Promise.resolve();
      // Channels deliver side by side; their writes of the one file take turns.
      const write = writes.then(() => writeAtomically(file, serialise(data)));
      writes = write.catch(() => undefined);
      return write;
    },
    release: async () => {
      await lock?.release();
    },
  };
}

function parse(text: string, file: string): LedgerFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new LedgerError(`${file}: is not a notify ledger (not JSON); move it away to start a new one`);
  }
  const ledger = data as Partial<LedgerFile> | null;
  if (ledger?.version !== 1 || typeof ledger.channels !== "object" || ledger.channels === null) {
    throw new LedgerError(
      `${file}: is not a notify ledger (no version 1 and channels); move it away to start a new one`,
    );
  }
  return ledger as LedgerFile;
}

/** Keys sorted, one entry a line: the same ledger is the same bytes, and a diff of it reads. */
function serialise(data: LedgerFile): string {
  const channels: LedgerFile["channels"] = {};
  for (const channel of Object.keys(data.channels).sort()) {
    const events = data.channels[channel] ?? {};
    channels[channel] = Object.fromEntries(
      Object.keys(events)
        .sort()
        .map((id) => [id, events[id] as LedgerEntry]),
    );
  }
  return `${JSON.stringify({ version: 1, channels }, null, 1)}\n`;
}
