import { getHeapStatistics, setFlagsFromString } from "node:v8";

/**
 * Keeps a big build's memory near what it actually holds. V8 lets the heap grow to about four times
 * what survived its last full collection before it collects again, and rendering 14,000 pages is
 * mostly garbage: at 10,000 posts the build holds about 130 MB at the end but had grown to 580 MB.
 *
 * A process that calls `collectWith` (the build command does, with `fullCollection`) has
 * `collectIfGrown` ask for a full collection once the heap has grown by HEADROOM since the last
 * one; page writing calls it between batches. In any other process (`npm run serve`, the tests) it
 * does nothing.
 */
const HEADROOM = 64 * 1024 * 1024;
let threshold = 0;
let collect: (() => void) | undefined;

/**
 * Below this a heap is left to V8: a full collection of a small heap frees little and takes time
 * a small build notices (at 1,000 posts the heap holds about 40-60 MB after the posts are read, and
 * the collection took 17-19 ms of a rebuild's 0.6 s).
 */
const SMALL_HEAP = 128 * 1024 * 1024;

/** What asks for a full collection from now on; undefined: nothing does. */
export function collectWith(gc: (() => void) | undefined): void {
  collect = gc;
  threshold = 0;
}

let v8Collection: (() => void) | undefined;

/**
 * V8's full collection, the `gc` that `node --expose-gc` gives every context, taken from a context
 * made while the flag is on, and the flag put back. Not the flag on the command line: Node's
 * built-in modules come compiled, but V8 takes none of that code under some flags, `--expose-gc`
 * among them, and every built-in a build loads was compiled from its source: 20-40 ms of a
 * 1,000-post rebuild's 0.6 s (bench/README.md; test/cli/build-command.test.ts checks the build's
 * flags). Asked for only when a heap is big enough to collect.
 */
export function fullCollection(): void {
  if (!v8Collection) {
    const { runInNewContext } = process.getBuiltinModule("node:vm");
    setFlagsFromString("--expose-gc");
    try {
      v8Collection = runInNewContext("gc") as () => void;
    } finally {
      setFlagsFromString("--no-expose-gc");
    }
  }
  v8Collection();
}

/** Whether `collectNow` asks for a collection of a heap that holds `used` bytes. */
export function worthCollecting(used: number): boolean {
  return used >= SMALL_HEAP;
}

/** A full collection now, where a build's phase ends and leaves its garbage behind. */
export function collectNow(): void {
  if (!collect || !worthCollecting(getHeapStatistics().used_heap_size)) return;
  collect();
  threshold = getHeapStatistics().used_heap_size + HEADROOM;
}

export function collectIfGrown(): void {
  if (!collect) return;
  const used = getHeapStatistics().used_heap_size;
  if (threshold === 0) threshold = used + HEADROOM;
  if (used < threshold) return;
  collect();
  threshold = getHeapStatistics().used_heap_size + HEADROOM;
}
