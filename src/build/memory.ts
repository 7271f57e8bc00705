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

/** A full collection now, where a build's phase ends and leaves its garbage behind. */
export function collectNow(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
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
