/**
 * Delivering one message with retries: timeouts, refused connections, 5xx and 429 are tried again
 * with backoff (or after the receiver's Retry-After) within a time budget; anything else (a 4xx, a
 * refused address, bad credentials) is permanent and reported at once. Messages never hold the
 * address or secrets: a webhook URL is a secret.
 */

export class DeliveryError extends Error {
  readonly permanent: boolean;
  /** the receiver asked to wait this long (429, 503 with Retry-After) */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, permanent: boolean, retryAfterMs?: number) {
    super(message);
    this.permanent = permanent;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Timeout of one HTTP request or SMTP step. */
export const ATTEMPT_TIMEOUT_MS = 10_000;
const FIRST_BACKOFF_MS = 500;

export interface RetryOptions {
  budgetMs: number;
  sleep?: (ms: number) => Promise<void>;
  /** told before each retry */
  onRetry?: (error: DeliveryError, waitMs: number) => void;
}

export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const started = Date.now();
  let waited = 0;
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const failure =
        error instanceof DeliveryError
          ? error
          : new DeliveryError(error instanceof Error ? error.message : String(error), false);
      if (failure.permanent) throw failure;
      const wait = failure.retryAfterMs ?? FIRST_BACKOFF_MS * 2 ** n;
      // Time spent so far: the clock's, or at least the waits (a test's sleep may not take any).
      const spent = Math.max(Date.now() - started, waited);
      if (spent + wait > options.budgetMs) {
        throw new DeliveryError(`${failure.message} (gave up after ${n + 1} ${n === 0 ? "try" : "tries"})`, true);
      }
      options.onRetry?.(failure, wait);
      await sleep(wait);
      waited += wait;
    }
  }
}

/** POSTs JSON; resolves on 2xx, throws a DeliveryError that says whether to try again. */
export function postJson(url: string, body: string, headers: Record<string, string> = {}): Promise<void> {
  return post(url, body, { "content-type": "application/json", ...headers });
}

/** POSTs a form (a WebSub ping). */
export function postForm(url: string, fields: Record<string, string>): Promise<void> {
  return post(url, new URLSearchParams(fields).toString(), { "content-type": "application/x-www-form-urlencoded" });
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      redirect: "error",
    });
  } catch (error) {
    const { code, message } = (error as { cause?: { code?: string; message?: string } }).cause ?? {};
    const cause = code ?? message;
    const what =
      (error as Error).name === "TimeoutError" ? "no answer in time" : `cannot connect${cause ? ` (${cause})` : ""}`;
    throw new DeliveryError(what, false);
  }
  // The body is read and dropped so the connection is freed; its text is not shown (it may echo secrets).
  await response.arrayBuffer().catch(() => undefined);
  if (response.ok) return;
  const transient = response.status === 408 || response.status === 429 || response.status >= 500;
  throw new DeliveryError(`the receiver answered HTTP ${response.status}`, !transient, retryAfter(response.headers));
}

/** Retry-After in seconds or as an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfter(headers: Headers): number | undefined {
  const value = headers.get("retry-after");
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
