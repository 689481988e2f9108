import { host } from './kernelModule.js';

/**
 * Buffers kept between uses: bounded in count and bytes (oldest dropped first), and each dropped
 * once unused for `ms` — a server or tab does not keep them for nothing. The expiry check runs on
 * a timer that never keeps a Node process alive. Used for WebAssembly memories (`memoryPool`) and
 * the shared copies of data sent to worker threads (`sharedPool`).
 */
export class TimedPool<T> {
  /** Oldest first. */
  private readonly items: { readonly item: T; readonly bytes: number; readonly since: number }[] = [];
  private timer: unknown = null;

  constructor(
    private readonly maxCount: number,
    private readonly maxBytes: number,
    private readonly ms: number,
  ) {}

  /**
   * The pooled item that `fits` with the largest `size` (the newest of equals; all equal where
   * `size` is not given), taken out of the pool, or undefined.
   */
  take(fits: (item: T) => boolean, size?: (item: T) => number): T | undefined {
    this.dropExpired();
    let best = -1;
    let bestSize = -Infinity;
    for (let i = this.items.length - 1; i >= 0; i--) {
      const { item } = this.items[i];
      if (!fits(item)) continue;
      const s = size === undefined ? 0 : size(item);
      if (s > bestSize) {
        best = i;
        bestSize = s;
      }
      if (size === undefined) break;
    }
    return best < 0 ? undefined : this.items.splice(best, 1)[0].item;
  }

  /** Keeps `item` (`bytes` large) for a later `take`, within the pool's bounds. */
  give(item: T, bytes: number): void {
    this.items.push({ item, bytes, since: Date.now() });
    let total = this.items.reduce((t, e) => t + e.bytes, 0);
    while (this.items.length > this.maxCount || total > this.maxBytes) total -= (this.items.shift() as { bytes: number }).bytes;
    this.schedule();
  }

  /** Drops everything (tests that need the next buffer to be a new one). */
  drain(): void {
    this.items.length = 0;
  }

  private dropExpired(): void {
    const cutoff = Date.now() - this.ms;
    while (this.items.length > 0 && this.items[0].since <= cutoff) this.items.shift();
  }

  private schedule(): void {
    if (this.timer !== null || this.items.length === 0 || host.setTimeout === undefined) return;
    const timer = host.setTimeout(() => {
      this.timer = null;
      this.dropExpired();
      this.schedule();
    }, this.ms) as { unref?: () => void };
    timer.unref?.();
    this.timer = timer;
  }
}
