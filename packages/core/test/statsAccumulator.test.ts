import { describe, expect, it } from 'vitest';
import { LassoKitError, StatsAccumulator, createRng, statsFromSums, sufficientStats, type ShiftedSums } from '../src/index.js';
import { setSimd, simdEnabled } from '../src/internal.js';

/** Columns with large means relative to their spread (what the pilot shift is for) and fold labels. */
function data(seed: number, n: number, p: number, K: number) {
  const rand = createRng(seed);
  const columns = Array.from({ length: p }, (_, j) => Float64Array.from({ length: n }, () => 1e4 * (1 + j) + rand() - 0.5));
  const y = Float64Array.from({ length: n }, (_, i) => 2 * columns[0][i] - 3 * columns[p - 1][i] + rand());
  const folds = Int32Array.from({ length: n }, () => Math.floor(rand() * K));
  const X = new Float64Array(n * p);
  columns.forEach((c, j) => X.set(c, j * n));
  return { columns, y, folds, X: { rows: n, cols: p, data: X } };
}

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / (den || 1);
}

/** Feeds the rows in chunks of the given sizes (cycled). */
function accumulate(d: ReturnType<typeof data>, p: number, K: number, shiftX: ArrayLike<number>, shiftY: number, chunks: readonly number[]): ShiftedSums[] {
  const acc = new StatsAccumulator(p, K, shiftX, shiftY);
  const n = d.y.length;
  for (let start = 0, c = 0; start < n; c++) {
    const m = Math.min(chunks[c % chunks.length], n - start);
    acc.add(
      d.columns.map((col) => col.subarray(start, start + m)),
      d.y.subarray(start, start + m),
      m,
      d.folds.subarray(start, start + m),
    );
    start += m;
  }
  return acc.sums();
}

describe('StatsAccumulator', () => {
  const simd = simdEnabled();
  for (const useSimd of [true, false]) {
    it(`equals sufficientStats per fold whatever the chunking (${useSimd ? 'SIMD' : 'TypeScript'} kernels)`, () => {
      setSimd(useSimd);
      try {
        for (const [n, p, K, chunks] of [
          [3000, 7, 2, [2048]],
          [2500, 1, 3, [1, 999, 17]],
          [1500, 50, 5, [333, 2048]],
        ] as const) {
          const d = data(n + p, n, p, K);
          // Unit weights take sufficientStats' own loops (unweighted ones use the accumulator itself).
          const ref = sufficientStats(d.X, d.y, { foldIds: d.folds, weights: new Float64Array(n).fill(1) });
          // The pilot shift of sufficientStats: the mean of the first 1,024 rows.
          const shiftX = d.columns.map((c) => c.subarray(0, 1024).reduce((a, v) => a + v, 0) / Math.min(n, 1024));
          const shiftY = d.y.subarray(0, 1024).reduce((a, v) => a + v, 0) / Math.min(n, 1024);
          const groups = accumulate(d, p, K, shiftX, shiftY, chunks).map(statsFromSums);
          groups.forEach((g, k) => {
            const r = ref.folds[k];
            expect(g.n).toBe(r.n);
            expect(relErr(g.xtx, r.xtx)).toBeLessThan(1e-12);
            expect(relErr(g.xty, r.xty)).toBeLessThan(1e-12);
            expect(relErr(g.xMean, r.xMean)).toBeLessThan(1e-14);
            expect(Math.abs(g.yty - r.yty) / r.yty).toBeLessThan(1e-12);
          });
        }
      } finally {
        setSimd(simd);
      }
    });
  }

  it('refuses a group label out of range, a wrong column count, non-finite values and reuse', () => {
    const acc = new StatsAccumulator(2, 2, [0, 0], 0);
    expect(() => acc.add([[1], [2]], [3], 1, [2])).toThrow(/group\[0\]/);
    expect(() => acc.add([[1]], [3], 1, [0])).toThrow(LassoKitError);
    acc.add([[1], [NaN]], [3], 1, [0]);
    expect(() => acc.sums()).toThrow(/not a finite number/);
    const ok = new StatsAccumulator(1, 1, [0], 0);
    ok.add([[1, 2]], [1, 1], 2);
    expect(ok.sums()[0].sumXX[0]).toBe(5);
    expect(() => ok.add([[1]], [1], 1)).toThrow(/already read/);
  });
});
