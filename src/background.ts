/**
 * Work a build runs beside Eleventy's own rendering: writing feeds and post pages, and Pagefind
 * indexing in its own process. It starts before Eleventy renders (so it fills the time Eleventy
 * waits on the disk, and Pagefind uses the other core) and is awaited after.
 *
 * A build that fails part-way must let this work stop writing into its folder before removing it,
 * hence one record of what is running.
 */
let running: Promise<unknown> = Promise.resolve();

/**
 * Starts tracking `jobs`; the result is their values in order, or the first failure, once every
 * job has ended.
 */
export function inBackground<T extends readonly unknown[]>(
  jobs: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const all = Promise.allSettled(jobs);
  running = all;
  return all.then((results) => {
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
    return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
  });
}

/** Resolves once the background work of the current build has ended, however it ended. */
export function backgroundSettled(): Promise<unknown> {
  return running;
}
