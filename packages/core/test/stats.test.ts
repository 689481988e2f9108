import { describe, expect, it } from 'vitest';
import { expectClose } from '@lassokit/testing';
import {
  LassoKitError,
  createRng,
  elasticNet,
  elasticNetCV,
  elasticNetCVFromStats,
  elasticNetFromStats,
  enetPath,
  enetPathFromStats,
  foldIds,
  mergeStats,
  mseFromStats,
  subtractStats,
  sufficientStats,
  type DenseMatrix,
} from '../src/index.js';
import { mseFromStatsChecked } from '../src/stats/mseFromStats.js';

/** n × p column-major data with correlated columns, means `shift` and a sparse signal. */
function problem(seed: number, n: number, p: number, shift = 0): { X: DenseMatrix; y: Float64Array; w: Float64Array } {
  const rand = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const data = new Float64Array(n * p);
  const y = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const common = gauss();
    for (let j = 0; j < p; j++) data[j * n + i] = shift * (1 + j / p) + 0.5 * common + gauss() * (1 + j / p);
    y[i] = 3 * (data[i] - shift) - 2 * (data[2 * n + i] - shift * (1 + 2 / p)) + gauss() + shift;
    w[i] = 0.2 + 2 * rand();
  }
  return { X: { rows: n, cols: p, data }, y, w };
}

/**
 * The objective both fits minimize (weights normalized to sum 1; with standardization the
 * penalty is on s_j·β_j, s_j the column's weighted 1/n standard deviation).
 */
function objective(X: DenseMatrix, y: Float64Array, w: Float64Array | undefined, coef: ArrayLike<number>, b0: number, alpha: number, l1Ratio: number, standardize = true): number {
  const { rows: n, cols: p, data } = X;
  const wi = (i: number) => w?.[i] ?? 1;
  let W = 0;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let r = y[i] - b0;
    for (let j = 0; j < p; j++) r -= data[j * n + i] * coef[j];
    loss += wi(i) * r * r;
    W += wi(i);
  }
  let pen = 0;
  for (let j = 0; j < p; j++) {
    let scale = 1;
    if (standardize) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += (wi(i) * data[j * n + i]) / W;
      let v = 0;
      for (let i = 0; i < n; i++) v += (wi(i) * (data[j * n + i] - mean) ** 2) / W;
      scale = Math.sqrt(v);
    }
    const b = scale * coef[j];
    pen += l1Ratio * Math.abs(b) + ((1 - l1Ratio) / 2) * b * b;
  }
  return loss / (2 * W) + alpha * pen;
}

/** The centred Gram by two passes in plain float64 (means first, then products of deviations). */
function twoPassGram(X: DenseMatrix): Float64Array {
  const { rows: n, cols: p, data } = X;
  const mean = Float64Array.from({ length: p }, (_, j) => data.subarray(j * n, (j + 1) * n).reduce((a, v) => a + v, 0) / n);
  const G = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (data[j * n + i] - mean[j]) * (data[k * n + i] - mean[k]);
      G[j * p + k] = s;
    }
  }
  return G;
}

describe('sufficientStats', () => {
  it('keeps the centred Gram exact to 1e-12 when means are 1e4 times the spread (naive sums lose ~8 digits)', () => {
    const { X, y } = problem(1, 3000, 6, 1e4);
    const stats = sufficientStats(X, y);
    const exact = twoPassGram(X);
    const scale = Math.max(...exact.map(Math.abs));
    expectClose(stats.xtx, exact, { atol: 1e-12 * scale });
    // What one-pass raw sums would give: Σx² − n·x̄², the cancellation the pilot shift avoids.
    const { rows: n, data } = X;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      sum += data[i];
      sq += data[i] * data[i];
    }
    const naive = sq - (sum * sum) / n;
    expect(Math.abs(naive - exact[0]) / exact[0]).toBeGreaterThan(1e-10);
  });

  // Rows are read a block at a time (4,096 rows), never copied whole: the same sums bit for bit,
  // with fold labels and weights, past a block boundary; a bad value is named by its row in X.
  it('from an array of rows equals from its column-major matrix, bit for bit, and names a bad value by its row', () => {
    const { X, y, w } = problem(4, 9000, 3, 7);
    const rows = Array.from({ length: 9000 }, (_, i) => Array.from({ length: 3 }, (_, j) => X.data[j * 9000 + i]));
    const ids = foldIds(9000, 5, 1);
    const fromRows = sufficientStats(rows, y, { weights: w, foldIds: ids });
    const fromMatrix = sufficientStats(X, y, { weights: w, foldIds: ids });
    expect(fromRows).toEqual(fromMatrix);
    expect(sufficientStats(rows, y)).toEqual(sufficientStats(X, y));
    rows[8500][2] = NaN;
    expect(() => sufficientStats(rows, y)).toThrow(/X has a non-finite value at row 8500, column 2: NaN/);
    rows[8500] = [1, 2];
    expect(() => sufficientStats(rows, y)).toThrow(/X row 8500 has 2 values; row 0 has 3/);
  });

  it('fold statistics merge into the total, and the total minus a fold is its training rows', () => {
    const { X, y, w } = problem(2, 200, 5, 50);
    const ids = foldIds(200, 4, 3);
    const stats = sufficientStats(X, y, { weights: w, foldIds: ids });
    const merged = stats.folds.reduce((a, b) => mergeStats(a, b));
    for (const key of ['xMean', 'xtx', 'xty'] as const) expectClose(merged[key], stats[key], { rtol: 1e-12, atol: 1e-9 });
    expectClose([merged.yMean, merged.yty, merged.sumW], [stats.yMean, stats.yty, stats.sumW], { rtol: 1e-12 });
    const train = Int32Array.from({ length: 200 }, (_, i) => i).filter((i) => ids[i] !== 1);
    const sel = (v: Float64Array) => Float64Array.from(train, (i) => v[i]);
    const Xtrain = { rows: train.length, cols: 5, data: Float64Array.from({ length: train.length * 5 }, (_, t) => X.data[Math.floor(t / train.length) * 200 + train[t % train.length]]) };
    const direct = sufficientStats(Xtrain, sel(y), { weights: sel(w) });
    const subtracted = subtractStats(stats, stats.folds[1]);
    expect(subtracted.n).toBe(train.length);
    for (const key of ['xMean', 'xtx', 'xty'] as const) expectClose(subtracted[key], direct[key], { rtol: 1e-10, atol: 1e-8 });
    expectClose([subtracted.yty, subtracted.sumW], [direct.yty, direct.sumW], { rtol: 1e-10 });
  });

  it("a fold whose rows of a column are equal far from the pilot shift gets a variance of 0, not a negative one CV refuses", () => {
    // Column 0 is ~1000 except in fold 0's two rows, where it is 0: about the pilot mean (~800) the
    // fold's Σd² − (Σd)²/W cancelled to as low as −5e-10, and elasticNetCVFromStats refused
    // sufficientStats' own output ("xtx[0][0] must be ≥ 0"). Found by a random search of CV.
    const rand = createRng(5);
    for (let seed = 0; seed < 50; seed++) {
      const n = 10;
      const X = Array.from({ length: n }, (_, i) => [i < 2 ? 0 : 1000 + rand() - 0.5, rand()]);
      const y = X.map((r) => r[1] + 0.1 * rand());
      const ids = X.map((_, i) => (i < 2 ? 0 : 1 + (i % 3)));
      const weights = X.map(() => 0.1 + rand());
      const stats = sufficientStats(X, y, { foldIds: ids, weights });
      // Now exactly 0: within the rounding of its own sums (see statsFromSums' cancelled).
      expect(stats.folds[0].xtx[0]).toBe(0);
      const a = elasticNetCVFromStats(stats, { l1Ratios: [1], nAlphas: 5 });
      const b = elasticNetCV(X, y, { weights, foldIds: ids, l1Ratios: [1], nAlphas: 5 });
      expectClose(a.cvMean, b.cvMean, { rtol: 1e-6 });
    }
  });

  it("a column constant on a fold's training rows far from 0 gets a centred sum of squares of exactly 0 there, with its products", () => {
    // Column 0 is 1000 but in one row of fold 1. Its training statistics — the total minus the
    // fold — cancelled to ~1e-16 of their terms instead of 0: a standard deviation of ~1e-8 where
    // its size is 1000, which standardization blew up a hundred million times, and a fold the rows
    // fit without the column (it is constant there) came out fitted with it: fold errors of 2.3
    // against 2.5e7 (found by a random search of CV, on 6 × 18 rare-valued columns).
    const rand = createRng(11);
    for (let seed = 0; seed < 20; seed++) {
      const n = 12;
      const X = Array.from({ length: n }, (_, i) => [i === 1 ? 1001.3 + rand() : 1000, 1000 + rand(), rand()]);
      const y = X.map((r) => r[0] + r[1] + r[2] + 0.1 * rand());
      const ids = X.map((_, i) => i % 3);
      // Weighted, the means' rounding at 1000 enters the subtraction too (2e-13 left where its
      // terms summed to 4.5: see subtractStats).
      const weights = seed % 2 === 0 ? undefined : X.map(() => 0.2 + rand());
      const stats = sufficientStats(X, y, { foldIds: ids, weights });
      const train = subtractStats(stats, stats.folds[1]);
      expect([train.xtx[0], train.xtx[1], train.xtx[2], train.xtx[3], train.xtx[6], train.xty[0]]).toEqual([0, 0, 0, 0, 0, 0]);
      expect(train.xtx[4]).toBeGreaterThan(0);
      for (const opts of [{ fitIntercept: false, standardize: true }, { fitIntercept: true, standardize: false }]) {
        const a = elasticNetCVFromStats(stats, { ...opts, l1Ratios: [1], nAlphas: 5, tol: 1e-12 });
        const b = elasticNetCV(X, y, { ...opts, weights, foldIds: ids, l1Ratios: [1], nAlphas: 5, tol: 1e-12 });
        expectClose(a.cvMean, b.cvMean, { rtol: 1e-6 });
      }
    }
  });

  it("a column 0 on every training row of a fold gets a training mean of exactly 0, so no unpenalized coefficient blows up", () => {
    // Column 1 is 0 but in rows of fold 1: x̄_r = x̄ − (x̄_p − x̄)·W_p/W_r came out at ~1e-18, so the
    // column was kept (all zeros are left out) with a Gram entry of ~1e-34, and unpenalized, positive,
    // raw scale, it got a coefficient of ~1e30 (fold errors of 4.9e30; found by the CV search).
    const rand = createRng(3);
    for (let seed = 0; seed < 20; seed++) {
      const n = 30;
      const ids = Array.from({ length: n }, (_, i) => i % 2);
      const X = Array.from({ length: n }, (_, i) => [rand(), ids[i] === 1 && rand() < 0.3 ? 0.5 + rand() : 0, rand()]);
      X[1][1] = 0.9;
      const y = X.map((r) => r[0] + r[1] + r[2] + 0.1 * rand());
      const stats = sufficientStats(X, y, { foldIds: ids });
      const train = subtractStats(stats, stats.folds[1]);
      expect([train.xMean[1], train.xtx[4], train.xty[1]]).toEqual([0, 0, 0]);
      const opts = { fitIntercept: false, standardize: false, positive: true, penaltyFactor: [1, 0, 1], l1Ratios: [1], nAlphas: 4, tol: 1e-12 };
      const a = elasticNetCVFromStats(stats, opts);
      const b = elasticNetCV(X, y, { ...opts, foldIds: ids });
      expectClose(a.cvMean, b.cvMean, { rtol: 1e-6 });
    }
  });
});

describe('fits from statistics equal fits from the rows', () => {
  const cases = [
    { name: 'Lasso, standardized', opts: { l1Ratio: 1 }, weighted: false },
    { name: 'Elastic Net, weighted', opts: { l1Ratio: 0.5 }, weighted: true },
    { name: 'no standardization, no intercept', opts: { l1Ratio: 0.8, standardize: false, fitIntercept: false }, weighted: false },
    { name: 'positive, penalty factors', opts: { l1Ratio: 1, positive: true, penaltyFactor: [1, 0.5, 2, 1, 0, 1, 1, 3] }, weighted: true },
  ];

  it.each(cases)('every α of the path: $name', ({ opts, weighted }) => {
    const { X, y, w } = problem(7, 150, 8, 3);
    const weights = weighted ? w : undefined;
    const tol = 1e-12;
    const fromRows = enetPath(X, y, { ...opts, weights, nAlphas: 30, tol, maxIter: 100_000 });
    const fromStats = enetPathFromStats(sufficientStats(X, y, { weights }), { ...opts, nAlphas: 30, tol, maxIter: 100_000 });
    expectClose(fromStats.alphas, fromRows.alphas, { rtol: 1e-12 });
    fromRows.alphas.forEach((alpha, k) => {
      const std = (opts as { standardize?: boolean }).standardize !== false;
      const a = objective(X, y, weights, fromRows.coef[k], fromRows.intercept[k], alpha, fromRows.l1Ratio, std);
      const b = objective(X, y, weights, fromStats.coef[k], fromStats.intercept[k], alpha, fromStats.l1Ratio, std);
      expectClose(b, a, { rtol: 1e-10 }, `objective at α[${k}]`);
      expect(fromStats.df[k]).toBe(fromRows.df[k]);
    });
    expect(fromStats.converged.every(Boolean)).toBe(true);
  });

  it('one fit, p > n too', () => {
    const { X, y } = problem(8, 20, 40);
    const a = elasticNet(X, y, { alpha: 0.05, l1Ratio: 0.7, tol: 1e-12 });
    const b = elasticNetFromStats(sufficientStats(X, y), { alpha: 0.05, l1Ratio: 0.7, tol: 1e-12 });
    expectClose(objective(X, y, undefined, b.coef, b.intercept, 0.05, 0.7), objective(X, y, undefined, a.coef, a.intercept, 0.05, 0.7), { rtol: 1e-10 });
    expect(b.converged).toBe(true);
  });

  it.each([1, 0.5])('cross-validation from per-fold statistics: same curve, alphaMin and alpha1se (l1Ratio %s)', (l1Ratio) => {
    const { X, y, w } = problem(9, 300, 10, 20);
    const ids = foldIds(300, 5, 11);
    const opts = { l1Ratios: [l1Ratio], tol: 1e-12, maxIter: 100_000, nAlphas: 40 };
    const fromRows = elasticNetCV(X, y, { ...opts, weights: w, foldIds: ids });
    const fromStats = elasticNetCVFromStats(sufficientStats(X, y, { weights: w, foldIds: ids }), opts);
    // Held-out errors are first-order in the coefficients, which a 1e-12 objective tolerance pins to
    // ~1e-7 (its square root); the grid itself agrees to rounding and the selection exactly.
    expectClose(fromStats.cvMean, fromRows.cvMean, { rtol: 1e-7 });
    expectClose(fromStats.cvSe, fromRows.cvSe, { rtol: 1e-6 });
    expectClose(fromStats.alphas, fromRows.alphas, { rtol: 1e-13 });
    expect([fromStats.indexMin, fromStats.index1se]).toEqual([fromRows.indexMin, fromRows.index1se]);
    expectClose([fromStats.alphaMin, fromStats.alpha1se], [fromRows.alphaMin, fromRows.alpha1se], { rtol: 1e-13 });
    const a = fromRows.model;
    const b = fromStats.model;
    expectClose(objective(X, y, w, b.coef, b.intercept, b.alpha, l1Ratio), objective(X, y, w, a.coef, a.intercept, a.alpha, l1Ratio), { rtol: 1e-10 });
  });
});

describe("held-out errors from the held-out rows' statistics (cross-validation's scorer where p ≤ the α count)", () => {
  /** The weighted mean squared error of (b0, β) on the rows, computed from them. */
  const rowsMse = (X: DenseMatrix, y: Float64Array, w: Float64Array, coef: ArrayLike<number>, b0: number) => {
    let s = 0;
    let W = 0;
    for (let i = 0; i < X.rows; i++) {
      let r = y[i] - b0;
      for (let j = 0; j < X.cols; j++) r -= X.data[j * X.rows + i] * coef[j];
      s += w[i] * r * r;
      W += w[i];
    }
    return s / W;
  };

  it('mseFromStatsChecked equals the rows’ error where the statistics are accurate, and declines where they cancel', () => {
    const { X, y, w } = problem(21, 400, 6, 50);
    const stats = sufficientStats(X, y, { weights: w });
    const coef = [3, 0, -2, 0, 0.1, 0];
    const b0 = 50 - 3 * 50 + 2 * 50 * (1 + 2 / 6) - 0.1 * 50 * (1 + 4 / 6);
    expect(mseFromStatsChecked(stats, coef, b0)).toBeCloseTo(rowsMse(X, y, w, coef, b0), 10);
    expect(mseFromStatsChecked(stats, coef, b0)).toBe(mseFromStats(stats, { coef, intercept: b0 }));
    // A target the model fits exactly: the statistics' sum is all cancellation, so they decline.
    const exact = Float64Array.from({ length: X.rows }, (_, i) => b0 + 3 * X.data[i] - 2 * X.data[2 * X.rows + i] + 0.1 * X.data[4 * X.rows + i]);
    expect(mseFromStatsChecked(sufficientStats(X, exact, { weights: w }), coef, b0)).toBeNull();
  });

  it('a noise-free target: fold errors are the rows’ own at every α (no rounding noise from cancelled sums), on a Gram and a residual problem', () => {
    const n = 600;
    const p = 12;
    const rand = createRng(5);
    const data = Float64Array.from({ length: n * p }, () => 100 + rand());
    const X = { rows: n, cols: p, data };
    const y = Float64Array.from({ length: n }, (_, i) => 7 + 2 * data[i] - data[3 * n + i] + 0.5 * data[7 * n + i]);
    const ids = foldIds(n, 4, 3);
    for (const updateMode of ['covariance', 'naive'] as const) {
      const cv = elasticNetCV(X, y, { l1Ratios: [1], nAlphas: 30, eps: 1e-6, foldIds: ids, tol: 1e-12, maxIter: 100_000, updateMode });
      for (let f = 0; f < 4; f++) {
        const train = Int32Array.from({ length: n }, (_, i) => i).filter((i) => ids[i] !== f);
        const test = Int32Array.from({ length: n }, (_, i) => i).filter((i) => ids[i] === f);
        const pick = (rows: Int32Array) => ({ rows: rows.length, cols: p, data: Float64Array.from({ length: rows.length * p }, (_, t) => data[Math.floor(t / rows.length) * n + rows[t % rows.length]]) });
        const path = enetPath(pick(train), Float64Array.from(train, (i) => y[i]), { l1Ratio: 1, alphas: cv.alphas, tol: 1e-12, maxIter: 100_000, updateMode });
        const Xte = pick(test);
        const yte = Float64Array.from(test, (i) => y[i]);
        const ones = new Float64Array(test.length).fill(1);
        cv.alphas.forEach((_, k) => {
          const want = rowsMse(Xte, yte, ones, path.coef[k], path.intercept[k]);
          // The smallest errors are ~1e-10 of y's variance: statistics would give rounding there.
          expect(Math.abs(cv.foldErrors[f][k] - want)).toBeLessThanOrEqual(1e-6 * want + 1e-20);
        });
      }
    }
  });
});

describe('cross-validation folds fitted from statistics (the covariance-mode route: total minus held-out)', () => {
  /** The weighted mean squared (or absolute) error of (b0, β) on rows `index` of X, from the rows. */
  const heldOutLoss = (X: DenseMatrix, y: Float64Array, w: Float64Array, index: Int32Array, coef: ArrayLike<number>, b0: number, squared: boolean) => {
    let s = 0;
    let W = 0;
    for (const i of index) {
      let r = y[i] - b0;
      for (let j = 0; j < X.cols; j++) r -= X.data[j * X.rows + i] * coef[j];
      s += w[i] * (squared ? r * r : Math.abs(r));
      W += w[i];
    }
    return s / W;
  };
  const cases = [
    { name: 'means 1e4, weighted, standardized Lasso', shift: 1e4, weighted: true, fitIntercept: true, standardize: true, l1Ratio: 1, loss: 'mse' },
    { name: 'no intercept, raw scale, Elastic Net with penalty factors', shift: 0, weighted: false, fitIntercept: false, standardize: false, l1Ratio: 0.5, loss: 'mse' },
    { name: 'means 50, weighted, absolute error (scored from the rows)', shift: 50, weighted: true, fitIntercept: true, standardize: false, l1Ratio: 0.7, loss: 'mae' },
  ] as const;
  for (const c of cases) {
    // 8,200 × 32 cells: folds are fitted from statistics from 2^18 cells on (smaller ones keep their rows).
    it(`each fold's errors equal a path on its training rows by residual updates, scored on its held-out rows (${c.name})`, () => {
      const n = 8200;
      const p = 32;
      const { X, y, w } = problem(31, n, p, c.shift);
      const weights = c.weighted ? w : new Float64Array(n).fill(1);
      const ids = foldIds(n, 5, 4);
      const penaltyFactor = c.l1Ratio < 1 ? Array.from({ length: p }, (_, j) => [1, 0.5, 2, 1, 1, 0, 1, 1][j % 8]) : undefined;
      const common = { fitIntercept: c.fitIntercept, standardize: c.standardize, penaltyFactor, tol: 1e-12, maxIter: 1_000_000 };
      const cv = elasticNetCV(X, y, { ...common, l1Ratios: [c.l1Ratio], nAlphas: 20, foldIds: ids, weights: c.weighted ? w : undefined, loss: c.loss });
      for (let f = 0; f < 5; f++) {
        const train = Int32Array.from({ length: n }, (_, i) => i).filter((i) => ids[i] !== f);
        const test = Int32Array.from({ length: n }, (_, i) => i).filter((i) => ids[i] === f);
        const Xtr = { rows: train.length, cols: p, data: Float64Array.from({ length: train.length * p }, (_, t) => X.data[Math.floor(t / train.length) * n + train[t % train.length]]) };
        const pick = (v: Float64Array) => Float64Array.from(train, (i) => v[i]);
        const path = enetPath(Xtr, pick(y), { ...common, l1Ratio: c.l1Ratio, alphas: cv.alphas, weights: c.weighted ? pick(w) : undefined, updateMode: 'naive' });
        const want = cv.alphas.map((_, k) => heldOutLoss(X, y, weights, test, path.coef[k], path.intercept[k], c.loss === 'mse'));
        // Both are solved to a 1e-12 relative gap, which pins held-out errors to ~1e-6 relative.
        expectClose(cv.foldErrors[f], want, { rtol: 1e-6, atol: 1e-12 });
      }
      // The all-rows path (the model's) comes from the total of the same statistics: the path the
      // rows give by residual updates. At a 1e-12 relative gap coefficients agree to ~1e-7 of the
      // largest (|β| ≤ ~0.5; in the Elastic Net case 5e-8 apart at most, whether the all-rows
      // Gram came from X or from the statistics).
      const full = enetPath(X, y, { ...common, l1Ratio: c.l1Ratio, alphas: cv.alphas, weights: c.weighted ? w : undefined, updateMode: 'naive' });
      cv.path.coef.forEach((coef, k) => expectClose(coef, full.coef[k], { rtol: 1e-6, atol: 2e-7 }));
      expectClose(cv.path.intercept, full.intercept, { rtol: 1e-6, atol: 2e-7 });
    });
  }

  it("leave out a column constant on a fold's training rows far from 0, as the fold's rows do", () => {
    // 70,000 × 4 (statistics route): column 0 is 1000 but in row 0 (fold 0). Fold 0's training
    // statistics had kept it at a standard deviation of rounding, and its errors came out 0.84
    // against the rows' 4.0e6 (see subtractStats).
    const n = 70_000;
    const rand = createRng(5);
    const X = Array.from({ length: n }, (_, i) => [i === 0 ? 1001.3 : 1000, 1000 + rand(), rand() * 3, i === 7 ? 1000.7 : 1000]);
    const y = X.map((r) => r[0] + r[1] - r[2] + 0.1 * rand());
    const ids = X.map((_, i) => i % 5);
    for (const opts of [{ fitIntercept: false, standardize: true }, { fitIntercept: true, standardize: false }]) {
      const cv = elasticNetCV(X, y, { ...opts, foldIds: ids, nAlphas: 5, tol: 1e-12 });
      for (const f of [0, 2]) {
        const train = X.flatMap((_, i) => (ids[i] === f ? [] : [i]));
        const test = X.flatMap((_, i) => (ids[i] === f ? [i] : []));
        const path = enetPath(train.map((i) => X[i]), train.map((i) => y[i]), { ...opts, alphas: cv.alphas, tol: 1e-12, updateMode: 'naive' });
        const want = cv.alphas.map((_, k) => test.reduce((s, i) => s + (y[i] - path.intercept[k] - X[i].reduce((a, v, j) => a + v * path.coef[k][j], 0)) ** 2, 0) / test.length);
        expectClose(cv.foldErrors[f], want, { rtol: 1e-6 });
      }
    }
  });
});

describe('cross-validation folds fitted from statistics report where they converged', () => {
  it("each fold's flags are its training statistics' path's `converged`, from the rows' CV and from the statistics' CV", () => {
    // 8,200 × 32 (folds from statistics), two passes an α: many fold fits stop at maxIter.
    const n = 8200;
    const p = 32;
    const { X, y, w } = problem(17, n, p, 100);
    const ids = foldIds(n, 4, 2);
    const opts = { l1Ratios: [0.5], nAlphas: 12, maxIter: 2 };
    const stats = sufficientStats(X, y, { weights: w, foldIds: ids });
    const fromRows = elasticNetCV(X, y, { ...opts, weights: w, foldIds: ids });
    const fromStats = elasticNetCVFromStats(stats, opts);
    const want = stats.folds.map((held) => enetPathFromStats(subtractStats(stats, held), { l1Ratio: 0.5, alphas: fromStats.alphas, maxIter: 2 }).converged.map((ok) => (ok ? 1 : 0)));
    expect(want.flat()).toContain(0);
    expect(want.flat()).toContain(1);
    expect(fromStats.foldConverged.map((f) => Array.from(f))).toEqual(want);
    expect(fromRows.foldConverged.map((f) => Array.from(f))).toEqual(want);
  });
});

describe('cross-validation folds of a large X fitted from statistics (n ≥ K·p from 2^22 cells, though n < 32·p)', () => {
  it('give the curve that folds fitted from their rows by residual updates give', () => {
    // 8,192 × 512 = 2^22 cells and n = 16·p: 5 folds' statistics (5·512² values) are X's size.
    const n = 8192;
    const p = 512;
    const { X, y } = problem(7, n, p, 20);
    const opts = { l1Ratios: [0.5], nAlphas: 6, eps: 0.05, foldIds: foldIds(n, 5, 1), tol: 1e-11, maxIter: 1_000_000 };
    const stats = elasticNetCV(X, y, opts);
    const rows = elasticNetCV(X, y, { ...opts, updateMode: 'naive' });
    // Both are solved to a 1e-11 relative gap: held-out errors agree to ~1e-6 relative.
    stats.curves[0].foldErrors.forEach((e, f) => expectClose(e, rows.curves[0].foldErrors[f], { rtol: 1e-6, atol: 1e-12 }));
    // The statistics route's grid comes from their Xᵀy, the rows' from X: the same to rounding.
    expectClose(stats.alphas, rows.alphas, { rtol: 1e-13, atol: 0 });
    expect(stats.indexMin).toBe(rows.indexMin);
  });
});

describe('cross-validation where a fold has no training weight', () => {
  it('is refused with INVALID_WEIGHTS naming the weights, by the statistics route as by the rows', () => {
    // 65,536 × 4: 2^18 cells, where covariance-mode folds come from statistics.
    const { X, y } = problem(3, 65_536, 4);
    const ids = foldIds(65_536, 3, 0);
    const weights = Float64Array.from(ids, (f) => (f === 1 ? 1 : 0));
    for (const updateMode of ['covariance', 'naive'] as const) {
      const run = () => elasticNetCV(X, y, { foldIds: ids, weights, updateMode, l1Ratios: [1] });
      expect(run).toThrow(expect.objectContaining({ code: 'INVALID_WEIGHTS', details: expect.objectContaining({ parameter: 'weights' }) }));
      expect(run).toThrow(/fold 1 holds every row of positive weight, so its training rows all weigh 0/);
    }
  });
});

describe('cross-validation whose folds come from statistics, on bad data', () => {
  it('names the column or y as the rows route does, not the sums it spoils', () => {
    // 65,536 × 4 (2^18 cells, n ≥ 32·p): the plan makes the folds' statistics instead of copying X.
    const { X, y } = problem(5, 65_536, 4);
    const n = X.rows;
    const withColumn = (j: number, f: (v: number) => number) => ({ ...X, data: X.data.map((v, t) => (Math.floor(t / n) === j ? f(v) : v)) });
    const cases = [
      { X: withColumn(2, (v) => v * 1e200), y, code: 'NON_FINITE', message: /^X column 2 overflows/ },
      { X: withColumn(1, (v) => v * 1e-160), y, code: 'OUT_OF_DOMAIN', message: /^X column 1 underflows/ },
      { X, y: y.map((v) => v * 1e-160), code: 'OUT_OF_DOMAIN', message: /^y underflows/ },
    ];
    for (const c of cases) {
      for (const updateMode of ['auto', 'naive'] as const) {
        const run = () => elasticNetCV(c.X, c.y, { nFolds: 4, updateMode, l1Ratios: [1], nAlphas: 5 });
        expect(run).toThrow(expect.objectContaining({ code: c.code }));
        expect(run).toThrow(c.message);
      }
    }
  });
});

describe('statistics handed in by a caller are checked', () => {
  const { X, y } = problem(3, 30, 3);
  const good = sufficientStats(X, y);

  it.each([
    ['a wrong-sized Gram', { ...good, xtx: new Float64Array(4) }, /stats\.xtx has length 4; expected 9/],
    ['no weight', { ...good, sumW: 0 }, /stats\.sumW must be a finite number > 0; got 0/],
    ['a NaN', { ...good, xty: Float64Array.of(1, NaN, 2) }, /stats\.xty\[1\] must be finite/],
    ['a negative sum of squares', { ...good, xtx: Float64Array.from(good.xtx, (v, i) => (i === 4 ? -1 : v)) }, /stats\.xtx\[1\]\[1\] must be ≥ 0/],
  ])('%s', (_name, stats, message) => {
    expect(() => enetPathFromStats(stats)).toThrow(LassoKitError);
    expect(() => enetPathFromStats(stats)).toThrow(message);
  });

  it('CV needs at least two folds', () => {
    expect(() => elasticNetCVFromStats({ ...good, folds: [good] })).toThrow(/stats\.folds must be the statistics of at least 2 folds/);
  });
});
