import { host, instantiate, PAGE, type ColumnExports, type FactorExports, type KernelExports } from './kernelModule.js';

/**
 * A WebAssembly memory with an instance of `module` over it (exports `k`: the dense kernels by
 * default, the sparse ones for the sparse problem); `used` bytes are dirty when pooled.
 */
export interface PooledMemory<K = KernelExports> {
  readonly buffer: ArrayBuffer;
  /** The WebAssembly.Memory, for other modules' instances over it (`factor`, `column`). */
  readonly memory: object;
  readonly k: K;
  /** The factor kernels' instance over this memory, once a workspace asked for it. */
  factor?: FactorExports | null;
  /** The column kernels' instance over this memory, once a workspace asked for it. */
  column?: ColumnExports | null;
  readonly module: object;
  used: number;
  /** When it was pooled (ms). */
  since: number;
}

/** Released memories, oldest first; bounded in count, bytes and time. */
const pool: PooledMemory<unknown>[] = [];
const POOL_SIZE = 4;
const POOL_BYTES = 2 ** 27;
/** A pooled memory unused this long is dropped (a server or tab does not keep it for nothing). */
const POOL_MS = 2000;
let trimTimer: unknown = null;

/** Drops every pooled memory (tests that need the next memory to be a new one). */
export function drainPool(): void {
  pool.length = 0;
}

/** Drops memories pooled for POOL_MS or more (oldest first). */
function dropExpired(): void {
  const cutoff = Date.now() - POOL_MS;
  while (pool.length > 0 && pool[0].since <= cutoff) pool.shift();
}

/** The timer's job: drop what expired; look again while some remain. */
function trimPool(): void {
  trimTimer = null;
  dropExpired();
  if (pool.length > 0) scheduleTrim();
}

function scheduleTrim(): void {
  if (trimTimer !== null || host.setTimeout === undefined) return;
  const timer = host.setTimeout(trimPool, POOL_MS) as { unref?: () => void };
  timer.unref?.(); // Node: never keeps the process alive
  trimTimer = timer;
}

export function newMemory<K = KernelExports>(module: object, bytes: number): PooledMemory<K> {
  const { buffer, memory, exports } = instantiate<K>(module, Math.ceil(bytes / PAGE));
  return { buffer, memory, k: exports, module, used: 0, since: 0 };
}

/**
 * A pooled memory of `module`'s instance with at least `bytes` (and not wastefully larger), zeroed
 * where it was used — or, with `dirty`, as it was: its first `used` bytes then hold old values, for
 * an owner that zeroes what it reads before writing (the workspace, which zeroes an allocation only
 * when it is not about to be overwritten whole: copying X into a pooled memory no longer pays for
 * clearing the bytes first, ~1 ms per 16 MB).
 */
export function takePooled<K = KernelExports>(module: object, bytes: number, dirty = false): PooledMemory<K> | null {
  dropExpired();
  for (let i = pool.length - 1; i >= 0; i--) {
    const m = pool[i];
    const size = m.buffer.byteLength;
    if (m.module !== module || size < bytes || size > 2 * bytes + PAGE) continue;
    pool.splice(i, 1);
    if (!dirty) {
      new Uint8Array(m.buffer, 0, m.used).fill(0);
      m.used = 0;
    }
    return m as PooledMemory<K>;
  }
  return null;
}


/**
 * Takes back a memory whose first `used` bytes were written, for a later workspace; keeps the pool
 * within its count and byte bounds (oldest dropped first) and schedules the expiry check.
 */
export function returnToPool<K>(memory: PooledMemory<K>, used: number): void {
  memory.used = used;
  memory.since = Date.now();
  pool.push(memory);
  let total = pool.reduce((t, m) => t + m.buffer.byteLength, 0);
  while (pool.length > POOL_SIZE || total > POOL_BYTES) total -= (pool.shift() as PooledMemory<unknown>).buffer.byteLength;
  scheduleTrim();
}
