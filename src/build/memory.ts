import { getHeapStatistics } from "node:v8";

/**
 * Keeps a big build's memory near what it actually holds. V8 lets the heap grow to about four times
 * what survived its last full collection before it collects again, and rendering 14,000 pages is
 * mostly garbage: at 10,000 posts the build holds about 130 MB at the end but had grown to 580 MB.
 *
 * When the process runs with `--expose-gc` (as `npm run build` does), `collectIfGrown` asks for a
 * full collection once the heap has grown by HEADROOM since the last one; page writing calls it
 * between batches. Without the flag it does nothing.
 */
const HEADROOM = 64 * 1024 * 1024;
let threshold = 0;

/**
 * Below this a heap is left to V8: a full collection of a small heap frees little and takes time
 * a small build notices (at 1,000 posts the heap holds about 40-60 MB after the posts are read, and
 * the collection took 17-19 ms of a rebuild's 0.6 s).
 */
const SMALL_HEAP = 128 * 1024 * 1024;

/** Whether `collectNow` asks for a collection of a heap that holds `used` bytes. */
export function worthCollecting(used: number): boolean {
  return used >= SMALL_HEAP;
}

/** A full collection now, where a build's phase ends and leaves its garbage behind. */
export function collectNow(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc || !worthCollecting(getHeapStatistics().used_heap_size)) return;
  gc();
  threshold = getHeapStatistics().used_heap_size + HEADROOM;
}

export function collectIfGrown(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  const used = getHeapStatistics().used_heap_size;
  if (threshold === 0) threshold = used + HEADROOM;
  if (used < threshold) return;
  gc();
  threshold = getHeapStatistics().used_heap_size + HEADROOM;
}
