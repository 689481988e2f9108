import { afterEach, describe, expect, it, vi } from 'vitest';
import { TimedPool } from '../src/wasm/TimedPool.js';
import { giveBack, sharedCopy } from '../src/parallel/sharedPool.js';
import { enetPath } from '../src/path/enetPath.js';
import { generate } from '../bench/designs.js';
import type { WasmApi } from '../src/wasm/kernelModule.js';

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

  it('gives back the largest item that fits, given a size (the newest of equals)', () => {
    const pool = new TimedPool<{ size: number }>(4, 100, 1000);
    const items = [{ size: 30 }, { size: 50 }, { size: 20 }, { size: 50 }, { size: 90 }];
    for (const x of items) pool.give(x, 1);
    const upTo60 = (x: { size: number }) => x.size >= 20 && x.size <= 60;
    // The first (30) went past the count of four.
    expect(pool.take(upTo60, (x) => x.size)).toBe(items[3]);
    expect(pool.take(upTo60, (x) => x.size)).toBe(items[1]);
    expect(pool.take(upTo60, (x) => x.size)).toBe(items[2]);
    expect(pool.take(upTo60, (x) => x.size)).toBeUndefined();
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

describe("a path's WebAssembly memories", () => {
  it('go back to the pools at its end, its factors\' too: the same path again makes none (its factors take the grown ones at once), and gives the same result', () => {
    // Supports past 256 coordinates: the factors of X_SᵀX_S and of the ridge system have memories
    // of their own, grown twice on a first path, taken whole from the pool on the next.
    const { X, y } = generate(1500, 600, { kind: 'toeplitz', rho: 0.5 }, 'dense', 5);
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const Real = wasm.Memory;
    let made = 0;
    const counting = function (descriptor: { initial: number; maximum: number }) {
      made++;
      return new Real(descriptor);
    };
    for (const l1Ratio of [1, 0.5]) {
      const first = enetPath(X, y, { l1Ratio });
      expect(Math.max(...first.df)).toBeGreaterThan(256);
      vi.stubGlobal('WebAssembly', Object.assign(Object.create(wasm) as object, { Memory: counting }));
      try {
        made = 0;
        const again = enetPath(X, y, { l1Ratio });
        expect(made).toBe(0);
        expect(again.coef.map((c) => Array.from(c))).toEqual(first.coef.map((c) => Array.from(c)));
      } finally {
        vi.unstubAllGlobals();
      }
    }
  });
});
