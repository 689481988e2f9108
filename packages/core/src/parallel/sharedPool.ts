import { TimedPool } from '../wasm/TimedPool.js';

/**
 * SharedArrayBuffers that carried a job's data to worker threads, kept for the next job: a fresh
 * buffer's pages are faulted in and zeroed as the copy first touches them (80 MB, a 10,000 × 1,000
 * X: 37–48 ms here), a reused one's are not (6 ms). At most 4 and 256 MB, each dropped once unused
 * for 2 s.
 */
const pool = new TimedPool<SharedArrayBuffer>(4, 2 ** 28, 2000);

/** A copy of `src` in shared memory: in a pooled buffer of at least its size (not wastefully larger), or a new one. */
export function sharedCopy<T extends Int32Array | Float64Array>(src: T, Type: { new (buffer: SharedArrayBuffer, offset: number, length: number): T }): T {
  const bytes = src.byteLength;
  const buffer = pool.take((b) => b.byteLength >= bytes && b.byteLength <= 2 * bytes) ?? new SharedArrayBuffer(bytes);
  const out = new Type(buffer, 0, src.length);
  out.set(src);
  return out;
}

/** Gives back the buffers of shared copies no thread reads any more (their job ended, every task of it replied). */
export function giveBack(copies: readonly (Int32Array | Float64Array)[]): void {
  for (const c of copies) if (c.buffer instanceof SharedArrayBuffer) pool.give(c.buffer, c.buffer.byteLength);
}
