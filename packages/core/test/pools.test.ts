import { afterEach, describe, expect, it, vi } from 'vitest';
import { TimedPool } from '../src/wasm/TimedPool.js';
import { giveBack, sharedCopy } from '../src/parallel/sharedPool.js';

describe('TimedPool', () => {
  afterEach(() => vi.useRealTimers());

  it('gives back the newest item that fits, each once', () => {
    const pool = new TimedPool<{ size: number }>(4, 100, 1000);
    const a = { size: 10 };
    const b = { size: 20 };
    pool.give(a, 10);
    pool.give(b, 20);
    expect(pool.take((x) => x.size >= 10)).toBe(b);
    expect(pool.take((x) => x.size >= 10)).toBe(a);
    expect(pool.take(() => true)).toBeUndefined();
  });

  it('keeps within its count and bytes, dropping the oldest first', () => {
    const byCount = new TimedPool<number>(2, 100, 1000);
    byCount.give(1, 10);
    byCount.give(2, 10);
    byCount.give(3, 10); // three items: 1 goes
    expect(byCount.take((x) => x === 1)).toBeUndefined();
    expect(byCount.take((x) => x === 2)).toBe(2);
    const byBytes = new TimedPool<number>(4, 100, 1000);
    byBytes.give(1, 50);
    byBytes.give(2, 40);
    byBytes.give(3, 30); // 120 bytes: 1 goes (70 left)
    expect(byBytes.take((x) => x === 1)).toBeUndefined();
    expect(byBytes.take((x) => x === 2)).toBe(2);
    expect(byBytes.take((x) => x === 3)).toBe(3);
  });

  it('drops what went unused for its time, on a timer', () => {
    vi.useFakeTimers();
    const pool = new TimedPool<number>(4, 100, 1000);
    pool.give(1, 10);
    vi.advanceTimersByTime(500);
    pool.give(2, 10);
    vi.advanceTimersByTime(600); // 1 is 1.1 s old, 2 is 0.6 s old
    expect(pool.take((x) => x === 1)).toBeUndefined();
    expect(pool.take((x) => x === 2)).toBe(2);
    pool.give(2, 10);
    pool.drain();
    expect(pool.take(() => true)).toBeUndefined();
  });
});

describe('shared copies for worker threads', () => {
  it('reuse a given-back buffer of about the size, with the new values', () => {
    const first = sharedCopy(Float64Array.of(1, 2, 3, 4), Float64Array);
    expect(first.buffer).toBeInstanceOf(SharedArrayBuffer);
    giveBack([first]);
    const again = sharedCopy(Float64Array.of(5, 6, 7), Float64Array);
    expect(again.buffer).toBe(first.buffer);
    expect(Array.from(again)).toEqual([5, 6, 7]);
    giveBack([again]);
    // Less than half its size: a buffer of its own, not a pooled one twice too large.
    const small = sharedCopy(Int32Array.of(1), Int32Array);
    expect(small.buffer).not.toBe(first.buffer);
    expect(Array.from(small)).toEqual([1]);
  });
});
