import { describe, expect, it } from 'vitest';
import { LassoKitError, OneHotStatsAccumulator, StatsAccumulator, createRng, statsFromSums, sufficientStats, type ShiftedSums } from '../src/index.js';
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

/**
 * Centred statistics per group the plain way, independent of the accumulator: weighted means in a
 * first pass, then Σw·(x − x̄)(x − x̄)ᵀ, Σw·(x − x̄)(y − ȳ), Σw·(y − ȳ)² in a second (float64).
 */
function twoPass(d: ReturnType<typeof data>, K: number, w?: Float64Array) {
  const p = d.columns.length;
  return Array.from({ length: K }, (_, k) => {
    const rows = Array.from(d.folds.keys()).filter((i) => d.folds[i] === k);
    const wt = (i: number) => (w === undefined ? 1 : w[i]);
    const W = rows.reduce((a, i) => a + wt(i), 0);
    const xMean = d.columns.map((c) => rows.reduce((a, i) => a + wt(i) * c[i], 0) / W);
    const yMean = rows.reduce((a, i) => a + wt(i) * d.y[i], 0) / W;
    const xtx = new Float64Array(p * p);
    const xty = new Float64Array(p);
    let yty = 0;
    for (const i of rows) {
      const dy = d.y[i] - yMean;
      yty += wt(i) * dy * dy;
      for (let j = 0; j < p; j++) {
        const dj = wt(i) * (d.columns[j][i] - xMean[j]);
        xty[j] += dj * dy;
        for (let l = 0; l < p; l++) xtx[j * p + l] += dj * (d.columns[l][i] - xMean[l]);
      }
    }
    return { n: rows.length, sumW: W, xMean, yMean, xtx, xty, yty };
  });
}

/** Feeds the rows in chunks of the given sizes (cycled), with their weights when given. */
function accumulate(d: ReturnType<typeof data>, p: number, K: number, shiftX: ArrayLike<number>, shiftY: number, chunks: readonly number[], w?: Float64Array): ShiftedSums[] {
  const acc = new StatsAccumulator(p, K, shiftX, shiftY, { weighted: w !== undefined });
  const n = d.y.length;
  for (let start = 0, c = 0; start < n; c++) {
    const m = Math.min(chunks[c % chunks.length], n - start);
    acc.add(
      d.columns.map((col) => col.subarray(start, start + m)),
      d.y.subarray(start, start + m),
      m,
      d.folds.subarray(start, start + m),
      w?.subarray(start, start + m),
    );
    start += m;
  }
  return acc.sums();
}

describe('StatsAccumulator', () => {
  const simd = simdEnabled();
  for (const useSimd of [true, false]) {
    for (const weighted of [false, true]) {
      it(`equals a two-pass float64 computation per fold whatever the chunking (${weighted ? 'weighted' : 'unweighted'}, ${useSimd ? 'SIMD' : 'TypeScript'} kernels)`, () => {
        setSimd(useSimd);
        try {
          for (const [n, p, K, chunks] of [
            [3000, 7, 2, [2048]],
            [2500, 1, 3, [1, 999, 17]],
            [1500, 50, 5, [333, 2048]],
            // Chunks longer than the rows filed at a time (2,048).
            [9000, 3, 4, [5000, 2049]],
          ] as const) {
            const d = data(n + p, n, p, K);
            const rand = createRng(n);
            // Weights over three orders of magnitude, some exactly 0.
            const w = weighted ? Float64Array.from({ length: n }, (_, i) => (i % 11 === 0 ? 0 : 10 ** (3 * rand() - 1.5))) : undefined;
            const ref = twoPass(d, K, w);
            // Any shift near the means does: here the mean of the first 1,024 rows.
            const shiftX = d.columns.map((c) => c.subarray(0, 1024).reduce((a, v) => a + v, 0) / Math.min(n, 1024));
            const shiftY = d.y.subarray(0, 1024).reduce((a, v) => a + v, 0) / Math.min(n, 1024);
            const groups = accumulate(d, p, K, shiftX, shiftY, chunks, w).map(statsFromSums);
            groups.forEach((g, k) => {
              const r = ref[k];
              expect(g.n).toBe(r.n);
              expect(Math.abs(g.sumW - r.sumW) / r.sumW).toBeLessThan(1e-13);
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
  }

  it('plain arrays give exactly the sums typed arrays give', () => {
    const d = data(77, 3000, 4, 3);
    const w = Float64Array.from({ length: 3000 }, (_, i) => 1 + (i % 5));
    const feed = (plain: boolean) => {
      const acc = new StatsAccumulator(4, 3, [1e4, 2e4, 3e4, 4e4], 0, { weighted: true });
      const as = (a: Float64Array | Int32Array) => (plain ? Array.from(a) : a);
      acc.add(d.columns.map(as), as(d.y), 3000, as(d.folds), as(w));
      return acc.sums();
    };
    expect(feed(true)).toEqual(feed(false));
  });

  it('integer weights give the statistics of the rows repeated that many times', () => {
    const d = data(7, 400, 6, 4);
    const counts = Float64Array.from({ length: 400 }, (_, i) => i % 4);
    const repeated = Array.from(counts.keys()).flatMap((i) => Array<number>(counts[i]).fill(i));
    const X = { rows: repeated.length, cols: 6, data: new Float64Array(repeated.length * 6) };
    d.columns.forEach((c, j) => repeated.forEach((i, t) => (X.data[j * repeated.length + t] = c[i])));
    const weighted = sufficientStats(d.X, d.y, { weights: counts, foldIds: d.folds });
    const plain = sufficientStats(X, Float64Array.from(repeated, (i) => d.y[i]), { foldIds: Int32Array.from(repeated, (i) => d.folds[i]) });
    for (const [a, b] of [[weighted, plain], ...weighted.folds.map((f, k) => [f, plain.folds[k]] as const)]) {
      expect(a.sumW).toBe(b.sumW);
      expect(relErr(a.xtx, b.xtx)).toBeLessThan(1e-12);
      expect(relErr(a.xty, b.xty)).toBeLessThan(1e-12);
      expect(relErr(a.xMean, b.xMean)).toBeLessThan(1e-14);
      expect(Math.abs(a.yty - b.yty) / b.yty).toBeLessThan(1e-12);
    }
  });

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
    const weighted = new StatsAccumulator(1, 1, [0], 0, { weighted: true });
    expect(() => weighted.add([[1]], [1], 1)).toThrow(/weights/);
    expect(() => weighted.add([[1, 2]], [1, 1], 2, undefined, [1, -1])).toThrow(/weights\[1\]/);
    expect(() => weighted.add([[1]], [1], 1, undefined, [Infinity])).toThrow(/finite/);
    expect(() => ok.add([[1]], [1], 1, undefined, [1])).toThrow(/already read|unweighted/);
    expect(() => new StatsAccumulator(1, 1, [0], 0).add([[1]], [1], 1, undefined, [1])).toThrow(/unweighted/);
  });
});

describe('OneHotStatsAccumulator', () => {
  /**
   * Plain columns with large means, two categorical columns (7 and 4 levels, some rows at none:
   * position 0) interleaved with them in the design, and the same design expanded to indicators.
   */
  function oneHotData(seed: number, n: number, K: number) {
    const rand = createRng(seed);
    const base = data(seed, n, 2, K);
    const a = Int32Array.from({ length: n }, () => Math.floor(rand() * 8)); // 0 … 7: 0 is none
    const b = Int32Array.from({ length: n }, () => Math.floor(rand() * 5));
    // Design order: x0, a1 … a7, x1, b1 … b4.
    const oneHot = [[1, 2, 3, 4, 5, 6, 7], [9, 10, 11, 12]];
    const p = 13;
    const columns = new Array<Float64Array>(p);
    columns[0] = base.columns[0];
    columns[8] = base.columns[1];
    oneHot.forEach((features, h) => features.forEach((j, k) => (columns[j] = Float64Array.from(h === 0 ? a : b, (v) => (v === k + 1 ? 1 : 0)))));
    const y = Float64Array.from(base.y, (v, i) => v + 5 * (a[i] === 3 ? 1 : 0) - 2 * b[i]);
    return { expanded: { columns, y, folds: base.folds, X: base.X }, plain: [columns[0], columns[8]], index: [a, b], oneHot, p };
  }

  it.each([
    ['unweighted', false],
    ['weighted', true],
  ])('%s: the sums of the expanded design (against a two-pass reference), whatever the chunks', (_name, weighted) => {
    const n = 3000;
    const K = 3;
    const d = oneHotData(11, n, K);
    const w = weighted ? Float64Array.from({ length: n }, (_, i) => ((i * 7) % 5) + 0.5) : undefined;
    // Pilot shifts: a few rows' means (indicators' too).
    const pilot = (c: ArrayLike<number>) => (c[0] + c[1] + c[2]) / 3;
    const shiftX = d.expanded.columns.map(pilot);
    const shiftY = pilot(d.expanded.y);
    const acc = new OneHotStatsAccumulator(d.p, d.oneHot, K, shiftX, shiftY, { weighted });
    for (let start = 0; start < n; start += 700) {
      const m = Math.min(700, n - start);
      const cut = (c: ArrayLike<number>) => (c as Float64Array).subarray(start, start + m);
      acc.add(d.plain.map(cut), d.index.map(cut), cut(d.expanded.y), m, cut(d.expanded.folds), w === undefined ? undefined : cut(w));
    }
    const got = acc.sums().map(statsFromSums);
    twoPass(d.expanded as ReturnType<typeof data>, K, w).forEach((ref, k) => {
      expect(got[k].n).toBe(ref.n);
      expect(Math.abs(got[k].sumW - ref.sumW) / ref.sumW).toBeLessThan(1e-14);
      expect(relErr(got[k].xMean, ref.xMean)).toBeLessThan(1e-13);
      expect(relErr(got[k].xtx, ref.xtx)).toBeLessThan(1e-11);
      expect(relErr(got[k].xty, ref.xty)).toBeLessThan(1e-11);
      expect(Math.abs(got[k].yty - ref.yty) / ref.yty).toBeLessThan(1e-11);
    });
    // And the dense accumulator's sums of the expanded columns agree with it.
    const dense = accumulate(d.expanded as ReturnType<typeof data>, d.p, K, shiftX, shiftY, [700], w).map(statsFromSums);
    dense.forEach((s, k) => expect(relErr(got[k].xtx, s.xtx)).toBeLessThan(1e-11));
  });

  it('every feature categorical (no plain column); a position past the levels is refused', () => {
    const acc = new OneHotStatsAccumulator(3, [[0, 1, 2]], 1, [0.3, 0.3, 0.3], 1);
    acc.add([], [Float64Array.of(1, 2, 3, 1, 0)], Float64Array.of(1, 2, 3, 4, 5), 5);
    const [s] = acc.sums().map(statsFromSums);
    // Counts 2, 1, 1 of 5 rows: means 0.4, 0.2, 0.2; the centred Gram n_f·δ_fg − n_f·n_g/n.
    expect(Array.from(s.xMean)).toEqual([0.4, 0.2, 0.2].map((v) => expect.closeTo(v, 14)));
    expect(s.xtx[0]).toBeCloseTo(2 - 4 / 5, 14);
    expect(s.xtx[1]).toBeCloseTo(-2 / 5, 14);
    expect(() => new OneHotStatsAccumulator(2, [[0, 1]], 1, [0, 0], 0).add([], [Float64Array.of(3)], Float64Array.of(1), 1)).toThrow(/index\[0\]\[0\]/);
  });
});
