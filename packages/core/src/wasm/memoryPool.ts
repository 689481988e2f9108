import { instantiate, PAGE, type AlphaExports, type ColumnExports, type FactorExports, type KernelExports } from './kernelModule.js';
import { TimedPool } from './TimedPool.js';

/**
 * A WebAssembly memory with an instance of `module` over it (exports `k`: the dense kernels by
 * default, the sparse ones for the sparse problem); `used` bytes are dirty when pooled.
 */
export interface PooledMemory<K = KernelExports> {
  readonly buffer: ArrayBuffer;
  /** The WebAssembly.Memory, for other modules' instances over it (`factor`, `column`, `alpha`). */
  readonly memory: object;
  readonly k: K;
  /** The factor kernels' instance over this memory, once a workspace asked for it. */
  factor?: FactorExports | null;
  /** The column kernels' instance over this memory, once a workspace asked for it. */
  column?: ColumnExports | null;
  /** The α kernel's instance over this memory (calling `k`'s gramPass through a table), once a workspace asked for it. */
  alpha?: AlphaExports | null;
  /** The dense kernels' instance over a sparse problem's memory (its n-long vectors' dots and axpys), once made. */
  dense?: KernelExports | null;
  readonly module: object;
  used: number;
}

/**
 * Released memories: at most 8 and 128 MB, each dropped once unused for 2 s. Eight: a
 * cross-validation run releases its data's, a fold's, the shared Gram's and each factor's
 * (four had dropped the factors' before the next run could take them).
 */
const pool = new TimedPool<PooledMemory<unknown>>(8, 2 ** 27, 2000);

/** Drops every pooled memory (tests that need the next memory to be a new one). */
export function drainPool(): void {
  pool.drain();
}

export function newMemory<K = KernelExports>(module: object, bytes: number): PooledMemory<K> {
  const { buffer, memory, exports } = instantiate<K>(module, Math.ceil(bytes / PAGE));
  return { buffer, memory, k: exports, module, used: 0 };
}

/**
 * A pooled memory of `module`'s instance with at least `bytes` (and not wastefully larger), zeroed
 * where it was used — or, with `dirty`, as it was: its first `used` bytes then hold old values, for
 * an owner that zeroes what it reads before writing (the workspace, which zeroes an allocation only
 * when it is not about to be overwritten whole: copying X into a pooled memory no longer pays for
 * clearing the bytes first, ~1 ms per 16 MB). `most`: the largest memory wanted (bytes; default
 * about twice `bytes`), for an owner that may grow into a larger one.
 */
export function takePooled<K = KernelExports>(module: object, bytes: number, dirty = false, most = 2 * bytes + PAGE): PooledMemory<K> | null {
  // The largest that fits: an owner that grows (a factor) then grows least often.
  const m = pool.take(
    (c) => c.module === module && c.buffer.byteLength >= bytes && c.buffer.byteLength <= most,
    (c) => c.buffer.byteLength,
  );
  if (m === undefined) return null;
  if (!dirty) {
    new Uint8Array(m.buffer, 0, m.used).fill(0);
    m.used = 0;
  }
  return m as PooledMemory<K>;
}

/**
 * Takes back a memory whose first `used` bytes were written, for a later workspace; keeps the pool
 * within its count and byte bounds (oldest dropped first) and schedules the expiry check.
 */
export function returnToPool<K>(memory: PooledMemory<K>, used: number): void {
  memory.used = used;
  pool.give(memory, memory.buffer.byteLength);
}
