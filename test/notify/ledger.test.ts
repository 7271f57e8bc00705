import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LockTimeout } from "../../src/lock.ts";
import { LedgerError, openLedger } from "../../src/notify/ledger.ts";

/** The ledger: what was sent, kept in one file replaced whole, held by one run at a time. */

let dir: string;
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("openLedger", () => {
  it("starts fresh, records, and reads back what it recorded, keys sorted", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "noc-ledger-"));
    const file = path.join(dir, "ledger.json");
    const ledger = await openLedger(file);
    expect(ledger.fresh).toBe(true);
    await ledger.record("mail", "b/published", { at: "2026-12-01T15:00:00Z", outcome: "sent" });
    await ledger.record("mail", "a/published", { at: "2026-12-01T15:00:00Z", outcome: "too old" });
    await ledger.release();
    const again = await openLedger(file);
    expect([again.fresh, again.has("mail", "a/published"), again.has("chat", "a/published")]).toEqual([
      false,
      true,
      false,
    ]);
    await again.release();
    const text = await readFile(file, "utf8");
    expect(text.indexOf("a/published")).toBeLessThan(text.indexOf("b/published"));
  });

  it("refuses a file that is not a ledger, saying what to do", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "noc-ledger-"));
    const file = path.join(dir, "ledger.json");
    await writeFile(file, "not json");
    await expect(openLedger(file)).rejects.toThrow(LedgerError);
    await expect(openLedger(file)).rejects.toThrow(/is not a notify ledger \(not JSON\); move it away/);
  });

  it("is held by one run at a time: a second gives up after its wait", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "noc-ledger-"));
    const file = path.join(dir, "ledger.json");
    const first = await openLedger(file);
    await expect(openLedger(file, { wait: 200 })).rejects.toThrow(LockTimeout);
    await first.release();
    const second = await openLedger(file, { wait: 200 });
    await second.release();
  });
});
