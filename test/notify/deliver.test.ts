import { describe, expect, it } from "vitest";
import { DeliveryError, retryAfter, withRetries } from "../../src/notify/deliver.ts";

/** Retries: transient failures are tried again within the budget, permanent ones are not. */

const noSleep = { sleep: async () => undefined };

describe("withRetries", () => {
  it("tries a transient failure again until it works", async () => {
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls++;
        if (calls < 3) throw new DeliveryError("HTTP 503", false);
        return "sent";
      },
      { budgetMs: 60_000, ...noSleep },
    );
    expect([result, calls]).toEqual(["sent", 3]);
  });

  it("does not retry a permanent failure", async () => {
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw new DeliveryError("HTTP 404", true);
        },
        { budgetMs: 60_000, ...noSleep },
      ),
    ).rejects.toThrow("HTTP 404");
    expect(calls).toBe(1);
  });

  it("waits what Retry-After asks, and gives up when that is past the budget", async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    await expect(
      withRetries(
        async () => {
          throw new DeliveryError("HTTP 429", false, 3_000);
        },
        { budgetMs: 7_000, sleep },
      ),
    ).rejects.toThrow("HTTP 429 (gave up after 3 tries)");
    expect(waits).toEqual([3_000, 3_000]);
  });
});

describe("retryAfter", () => {
  it.each([
    ["120", 120_000],
    ["0", 0],
    ["soon", undefined],
  ])("Retry-After: %s → %s ms", (value, ms) => {
    expect(retryAfter(new Headers({ "retry-after": value }))).toBe(ms);
  });

  it("reads an HTTP date", () => {
    const inTen = new Date(Date.now() + 10_000).toUTCString();
    expect(retryAfter(new Headers({ "retry-after": inTen }))).toBeGreaterThan(8_000);
  });
});
