import { describe, expect, it } from 'vitest';
import { trainRows } from '../src/cv/planCV.js';
import { resolveCommon } from '../src/prepare/checkOptions.js';
import { prepareProblem } from '../src/prepare/prepareProblem.js';
import {
  LassoKitError,
  elasticNet,
  elasticNetCV,
  elasticNetCVFromStats,
  enetPath,
  foldIds,
  fromModelJSON,
  lasso,
  lassoCV,
  lassoPath,
  ols,
  predict,
  r2,
  relaxedLassoCV,
  mse,
  toModelJSON,
  createRng,
  stabilitySelection,
  sufficientStats,
  VERSION,
} from '../src/index.js';
import { expectClose } from './helpers.js';
import pkg from '../package.json' with { type: 'json' };

const X = [
  [1, 2, 3],
  [2, 1, 0],
  [3, 5, 1],
  [4, 1, 1],
  [0, 0, 2],
  [5, 3, 3],
];
const y = [1, 2, 4, 3, 1, 5];

function expectError(fn: () => unknown, code: string, message: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LassoKitError);
    expect((e as LassoKitError).code).toBe(code);
    expect((e as Error).message).toMatch(message);
    // Lower-case, except where the message starts with a parameter name such as X.
    expect((e as Error).message).toMatch(/^([a-z]|X\b)/);
    expect((e as Error).message).not.toMatch(/\.$/);
    return;
  }
  expect.fail('expected an error');
}

/** A 3,000 × 3 dense matrix of finite values with `value` at (row, col). */
function denseWith(row: number, col: number, value: number) {
  const data = Float64Array.from({ length: 9000 }, (_, k) => Math.sin(k));
  data[col * 3000 + row] = value;
  return { rows: 3000, cols: 3, data };
}

describe('bad input gets a typed error naming the problem', () => {
  it.each([
    ['empty X', () => lasso([], []), 'EMPTY_INPUT', /X has no rows/],
    ['no columns', () => lasso([[], []], [1, 2]), 'EMPTY_INPUT', /X has no columns/],
    ['ragged rows', () => lasso([[1, 2], [3]], [1, 2]), 'RAGGED_ROWS', /X row 1 has 1 values; row 0 has 2/],
    ['X/y length mismatch', () => lasso(X, [1, 2]), 'DIMENSION_MISMATCH', /y has length 2; expected 6/],
    ['NaN in X', () => lasso([[1, 2], [3, NaN]], [1, 2]), 'NON_FINITE', /X has a non-finite value at row 1, column 1: NaN/],
    ['Infinity in X', () => lasso([[Infinity, 2], [3, 1]], [1, 2]), 'NON_FINITE', /row 0, column 0: Infinity/],
    // A column-major Float64Array past the first block of values the check sums (4,096).
    ['-Infinity deep in a dense X', () => lasso(denseWith(2500, 2, -Infinity), new Float64Array(3000)), 'NON_FINITE', /X has a non-finite value at row 2500, column 2: -Infinity/],
    ['NaN as the last value of a dense X', () => lasso(denseWith(2999, 2, NaN), new Float64Array(3000)), 'NON_FINITE', /row 2999, column 2: NaN/],
    // A dense X's values are checked by the column sums of prepareProblem (weighted or not), also
    // where a zero weight would multiply the value away, and in paths and CV as in single fits.
    ['Infinity in a dense X with weights, on a row weighing 0', () => lasso(denseWith(17, 1, Infinity), new Float64Array(3000), { weights: Float64Array.from({ length: 3000 }, (_, i) => (i === 17 ? 0 : 1)) }), 'NON_FINITE', /X has a non-finite value at row 17, column 1: Infinity/],
    ['NaN in a dense X of a path', () => lassoPath(denseWith(5, 0, NaN), new Float64Array(3000)), 'NON_FINITE', /X has a non-finite value at row 5, column 0: NaN/],
    ['NaN in a dense X of a CV', () => lassoCV(denseWith(2998, 1, NaN), new Float64Array(3000)), 'NON_FINITE', /X has a non-finite value at row 2998, column 1: NaN/],
    ['NaN in y', () => lasso(X, [1, 2, NaN, 3, 1, 5]), 'NON_FINITE', /y has a non-finite value at index 2: NaN/],
    // A Float64Array y is read where it is, not copied first: still checked, in fits, paths and CV.
    ['NaN in a Float64Array y', () => lasso(X, Float64Array.of(1, 2, 3, 4, 5, NaN)), 'NON_FINITE', /y has a non-finite value at index 5: NaN/],
    ['-Infinity in a Float64Array y of a path', () => lassoPath(X, Float64Array.of(-Infinity, 2, 3, 4, 5, 6)), 'NON_FINITE', /y has a non-finite value at index 0: -Infinity/],
    ['a Float64Array y of the wrong length', () => lasso(X, new Float64Array(5)), 'DIMENSION_MISMATCH', /y has length 5; expected 6/],
    ['negative weight', () => lasso(X, y, { weights: [1, 1, -1, 1, 1, 1] }), 'INVALID_WEIGHTS', /weights must be ≥ 0; got -1 at index 2/],
    ['all-zero weights', () => lasso(X, y, { weights: [0, 0, 0, 0, 0, 0] }), 'INVALID_WEIGHTS', /weights must not all be zero/],
    ['alpha < 0', () => lasso(X, y, { alpha: -1 }), 'INVALID_PARAMETER', /alpha must be a finite number ≥ 0; got -1/],
    ['l1Ratio > 1', () => elasticNet(X, y, { l1Ratio: 1.5 }), 'INVALID_PARAMETER', /l1Ratio must be in \[0, 1\]; got 1.5/],
    ['l1Ratio = 0 with an automatic grid', () => enetPath(X, y, { l1Ratio: 0 }), 'INVALID_PARAMETER', /l1Ratio = 0 .* pass alphas explicitly/],
    ['nFolds < 2', () => lassoCV(X, y, { nFolds: 1 }), 'INVALID_PARAMETER', /nFolds must be an integer in \[2, n = 6\]; got 1/],
    ['nFolds > n', () => lassoCV(X, y, { nFolds: 7 }), 'INVALID_PARAMETER', /nFolds must be .*; got 7/],
    ['penaltyFactor of the wrong length', () => lasso(X, y, { penaltyFactor: [1, 1] }), 'DIMENSION_MISMATCH', /penaltyFactor has length 2; expected 3/],
    ['negative penaltyFactor', () => lasso(X, y, { penaltyFactor: [1, -2, 1] }), 'INVALID_PARAMETER', /penaltyFactor must be ≥ 0; got -2 at index 1/],
    ['tol = 0', () => lasso(X, y, { tol: 0 }), 'INVALID_PARAMETER', /tol must be a finite number > 0; got 0/],
    ['foldIds with a gap', () => lassoCV(X, y, { foldIds: [0, 0, 2, 2, 0, 2] }), 'INVALID_PARAMETER', /no row in fold 1/],
    // A fold without weight on one side: its held-out error was 0/0, and the NaN mean chose the
    // first α without a word (relaxedLassoCV threw a TypeError); without training weight, its path
    // said "weights must not all be zero" of weights that are not.
    ['a CV fold whose held-out rows all weigh 0', () => lassoCV(X, y, { foldIds: [0, 0, 1, 1, 2, 2], weights: [1, 1, 0, 0, 1, 1] }), 'INVALID_WEIGHTS', /^the 2 held-out rows of fold 1 all have weight 0, so its held-out error is undefined \(0\/0\): .* label the folds otherwise$/],
    ['the same from statistics', () => elasticNetCVFromStats(sufficientStats(X, y, { foldIds: [0, 0, 1, 1, 2, 2], weights: [1, 1, 0, 0, 1, 1] })), 'INVALID_WEIGHTS', /^the 2 held-out rows of fold 1 all have weight 0, so its held-out error is undefined \(0\/0\): .* choose the folds otherwise/],
    ['the same in a relaxed Lasso CV', () => relaxedLassoCV(X, y, { foldIds: [0, 0, 1, 1, 2, 2], weights: [1, 1, 0, 0, 1, 1] }), 'INVALID_WEIGHTS', /held-out rows of fold 1 all have weight 0/],
    ['a random CV fold holding all the weight', () => lassoCV(X, y, { nFolds: 2, weights: [0, 0, 3, 0, 0, 0] }), 'INVALID_WEIGHTS', /^fold \d holds every row of positive weight, so its training rows all weigh 0 and leave nothing to fit: .* choose the folds otherwise \(fewer of them, another seed, or labels of your own\)$/],
    ['a half-sample without weight in stability selection', () => stabilitySelection(X, y, { weights: [0, 0, 3, 0, 0, 0], pairs: 10 }), 'INVALID_WEIGHTS', /^half-sample \d of pair 0 \(seed 0\) has no row of positive weight: only 1 of 6 rows weigh more than 0/],
    // A grid whose coefficients would pass 2 GiB is refused before any work (10^9 alphas solved for minutes first).
    ['10^9 alphas in a path', () => lassoPath(X, y, { nAlphas: 1e9 }), 'INVALID_PARAMETER', /a path of 1000000000 alphas over 3 features would keep 3000000000 coefficients \(22\.4 GiB, more than 2\.0 GiB\): ask for at most 89478485 alphas/],
    ['10^8 alphas in a CV over 3 features', () => lassoCV(X, y, { nAlphas: 1e8, nFolds: 3 }), 'INVALID_PARAMETER', /ask for at most 89478485 alphas/],
    // Its half-samples and masks are drawn and kept up front: 10^9 pairs grew past 2 GB in 30 s.
    ['10^9 pairs of stability selection', () => stabilitySelection(X, y, { pairs: 1e9 }), 'INVALID_PARAMETER', /pairs = 1000000000 \(half-samples of 6 rows, over 100 alphas and 3 features\) would keep 581\.1 GiB of samples and selections \(more than 2\.0 GiB\): ask for at most 3441480 pairs$/],
  ])('%s', (_name, fn, code, message) => expectError(fn, code, message));
});

describe('inputs are read, not changed', () => {
  it('a Float64Array y (read in place) is left as it was and gives the path a number[] y gives, bit for bit', () => {
    const yf = Float64Array.from(y);
    const fromTyped = enetPath(X, yf, { l1Ratio: 0.5, nAlphas: 20 });
    expect(Array.from(yf)).toEqual(y);
    const fromArray = enetPath(X, y, { l1Ratio: 0.5, nAlphas: 20 });
    expect(fromTyped.coef.map((c) => Array.from(c))).toEqual(fromArray.coef.map((c) => Array.from(c)));
    expect(fromTyped.intercept).toEqual(fromArray.intercept);
  });

  // Rows are written straight into the solver's workspace and centred and scaled there; a
  // column-major matrix is copied from where it is. Each way of preparing a column (scaled only;
  // centred and standardized; weighted) gives the same path, and the rows are left as they were.
  it.each([
    ['scaled only', { fitIntercept: false, standardize: false }],
    ['centred and standardized', {}],
    ['weighted', { weights: [1, 2, 0.5, 1, 3, 1] }],
    ['naive updates', { updateMode: 'naive' as const }],
  ])('an array of rows gives the path its column-major matrix gives, bit for bit, and is left as it was (%s)', (_name, opts) => {
    const rows = X.map((r) => [...r, r[0] * 1e-3 + r[2]]);
    const before = JSON.stringify(rows);
    const Xd = { rows: 6, cols: 4, data: Float64Array.from({ length: 24 }, (_, k) => rows[k % 6][Math.floor(k / 6)]) };
    const fromRows = enetPath(rows, y, { l1Ratio: 0.5, nAlphas: 20, ...opts });
    const fromDense = enetPath(Xd, y, { l1Ratio: 0.5, nAlphas: 20, ...opts });
    expect(JSON.stringify(rows)).toBe(before);
    expect(fromRows.coef.map((c) => Array.from(c))).toEqual(fromDense.coef.map((c) => Array.from(c)));
    expect(Array.from(fromRows.intercept)).toEqual(Array.from(fromDense.intercept));
    expect(Array.from(fromRows.alphas)).toEqual(Array.from(fromDense.alphas));
  });

  it('a row of the wrong length is named before y is read; a bad value in the rows, once y and the options are', () => {
    expectError(() => lasso([[1, 2], [3]], [1]), 'RAGGED_ROWS', /X row 1 has 1 values; row 0 has 2/);
    expectError(() => lasso([[1, 2], 'ab' as unknown as number[]], [1]), 'RAGGED_ROWS', /^X row 1 is "ab", not an array of 2 numbers$/);
    expectError(() => lasso([[1, 2], [3, NaN]], [1]), 'DIMENSION_MISMATCH', /y has length 1; expected 2/);
    expectError(() => lassoPath([[1, 2], [3, '4' as unknown as number], [5, 6]], [1, 2, 3]), 'NON_FINITE', /X has a non-finite value at row 1, column 1: "4"/);
    // The first bad value in row order, as toDenseMatrix names it.
    expectError(() => lasso([[1, 2, 3], [4, 5, Infinity], [NaN, 8, 9]], [1, 2, 3]), 'NON_FINITE', /row 1, column 2: Infinity/);
  });

  // Rows and vectors may be typed arrays of numbers (rows read from a binary file, a Float32Array
  // y): they were refused with "X[0] must be an array of numbers; got an array of length 3".
  it('rows and vectors may be typed arrays: the same fits, CV and predictions as from plain arrays', () => {
    const typedRows = X.map((r, i) => (i % 2 ? Float64Array.from(r) : Int32Array.from(r)));
    const yTyped = Float32Array.from(y);
    const yPlain = Array.from(yTyped);
    const opts = { nAlphas: 10, l1Ratio: 0.5, weights: Uint8Array.of(1, 2, 1, 1, 3, 1), penaltyFactor: Float32Array.of(1, 0.5, 1) };
    const a = enetPath(typedRows, yTyped, opts);
    const b = enetPath(X, yPlain, { ...opts, weights: [1, 2, 1, 1, 3, 1], penaltyFactor: [1, 0.5, 1] });
    expect(a.coef.map((c) => Array.from(c))).toEqual(b.coef.map((c) => Array.from(c)));
    const cv = lassoCV(typedRows, yTyped, { nFolds: 3 });
    expect(Array.from(cv.cvMean)).toEqual(Array.from(lassoCV(X, yPlain, { nFolds: 3 }).cvMean));
    expect(Array.from(predict(cv.model, typedRows))).toEqual(Array.from(predict(cv.model, X)));
    expectError(() => lasso([Float64Array.of(1, 2), Float64Array.of(3, NaN)], [1, 2]), 'NON_FINITE', /X has a non-finite value at row 1, column 1: NaN/);
    expectError(() => lasso([Float64Array.of(1, 2), Float64Array.of(3)], [1, 2]), 'RAGGED_ROWS', /^X row 1 has 1 values; row 0 has 2$/);
    expectError(() => lasso(X, Float32Array.of(1, 2)), 'DIMENSION_MISMATCH', /y has length 2; expected 6/);
    expectError(() => lasso([BigInt64Array.of(1n, 2n)] as unknown as number[][], [1]), 'INVALID_PARAMETER', /X\[0\] must be an array of numbers; got/);
  });

  it('no weights and equal weights prepare the same ȳ and row weights 1/n, bit for bit', () => {
    const common = resolveCommon({});
    const Xd = { rows: 6, cols: 3, data: Float64Array.from({ length: 18 }, (_, k) => X[k % 6][Math.floor(k / 6)]) };
    const yv = Float64Array.of(0.1, 0.7, 0.3, 1e-3, 5, 0.9);
    const none = prepareProblem(Xd, yv, common, undefined, undefined);
    const equal = prepareProblem(Xd, yv, common, [2, 2, 2, 2, 2, 2], undefined);
    expect(none.yMean).toBe(equal.yMean);
    expect(Array.from(none.weights)).toEqual(Array.from(equal.weights));
    expect(Array.from(none.weights)).toEqual(Array(6).fill(1 / 6));
    none.kernel.workspace?.release();
    equal.kernel.workspace?.release();
  });
});

describe('numerically careful on degenerate data', () => {
  it('constant and duplicated columns get coefficient 0 or share the weight, never NaN', () => {
    const Xd = X.map((r) => [r[0], 7, r[0], r[1]]);
    const fit = lasso(Xd, y, { alpha: 0.01 });
    expect(fit.coef.every(Number.isFinite)).toBe(true);
    expect(fit.coef[1]).toBe(0);
    const single = lasso(X.map((r) => [r[0], r[1]]), y, { alpha: 0.01 });
    expectClose(fit.coef[0] + fit.coef[2], single.coef[0], { rtol: 1e-4 });
    const path = lassoPath(Xd, y);
    expect(path.coef.every((c) => c.every(Number.isFinite))).toBe(true);
  });

  it('n = 1 gives the intercept-only model', () => {
    const fit = lasso([[1, 2]], [3], { alpha: 0.1 });
    expect(Array.from(fit.coef)).toEqual([0, 0]);
    expect(fit.intercept).toBe(3);
    expect(fit.converged).toBe(true);
  });

  it('constant y gives zero coefficients and a degenerate but finite grid', () => {
    const path = lassoPath(X, [2, 2, 2, 2, 2, 2], { nAlphas: 5 });
    expect(path.alphaMax).toBe(0);
    expect(path.coef.every((c) => c.every((b) => b === 0))).toBe(true);
    expect(Array.from(path.intercept)).toEqual([2, 2, 2, 2, 2, 2].slice(0, 5));
    expect(r2([2, 2], [2, 2])).toBe(1);
    expect(r2([2, 2], [2, 3])).toBe(0);
  });

  it('p ≫ n converges along the whole path', () => {
    const rand = createRng(3);
    const Xw = Array.from({ length: 20 }, () => Array.from({ length: 500 }, () => rand() - 0.5));
    const yw = Xw.map((r) => r[0] - 2 * r[1] + 0.1 * (rand() - 0.5));
    const path = lassoPath(Xw, yw);
    expect(path.converged.every(Boolean)).toBe(true);
    expect(path.df[path.df.length - 1]).toBeLessThanOrEqual(20);
  });

  it('feature scales from 1e-8 to 1e8 give the same fitted values as unit scales (standardized)', () => {
    const scales = [1e-8, 1, 1e8];
    const scaled = X.map((r) => r.map((v, j) => v * scales[j]));
    const a = lasso(X, y, { alpha: 0.05 });
    const b = lasso(scaled, y, { alpha: 0.05 });
    expectClose(predict(b, scaled), predict(a, X), { rtol: 1e-6 });
    expectClose(Array.from(b.coef, (c, j) => c * scales[j]), a.coef, { rtol: 1e-6, atol: 1e-12 });
  });

  it('rank-deficient OLS reports its rank and stays finite', () => {
    const Xr = X.map((r) => [r[0], r[0] * 2, 1]);
    const fit = ols(Xr, y);
    expect(fit.rank).toBe(1);
    expect(fit.coef.every(Number.isFinite)).toBe(true);
  });

  it('non-convergence is reported, not thrown', () => {
    const fit = lasso(X, y, { alpha: 0.001, maxIter: 1, tol: 1e-14 });
    expect(fit.converged).toBe(false);
    expect(fit.dualGap).toBeGreaterThan(0);
    expect(fit.nIter).toBe(1);
  });
});

describe('cross-validation', () => {
  it('fold ids are balanced, seeded and reproducible', () => {
    const a = foldIds(23, 5, 7);
    expect(Array.from(a)).toEqual(Array.from(foldIds(23, 5, 7)));
    expect(Array.from(a)).not.toEqual(Array.from(foldIds(23, 5, 8)));
    const sizes = [0, 0, 0, 0, 0];
    a.forEach((f) => sizes[f]++);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it("a fold's training rows are every row not held out, ascending (held-out rows first, last, adjacent, or none)", () => {
    const n = 12;
    for (const held of [[0, 1, 5, 11], [3], [], [0], [11], [2, 3, 4, 5]]) {
      const test = Int32Array.from(held);
      const want = Array.from({ length: n }, (_, i) => i).filter((i) => !held.includes(i));
      expect(Array.from(trainRows({ test, weight: held.length }, n))).toEqual(want);
    }
  });

  it('the seeded generator gives the same stream everywhere', () => {
    const rand = createRng(42);
    // Pinned from an independent Python implementation of splitmix32-seeded xoshiro128** (exact
    // integer arithmetic, so any engine must give these bits; another generator would not).
    expect([rand(), rand(), rand()]).toEqual([0.6606157226487994, 0.12688010395504534, 0.11170196393504739]);
  });

  it('alpha1se ≥ alphaMin and select picks the refit alpha', () => {
    const cv = lassoCV(X, y, { nFolds: 3, seed: 1 });
    expect(cv.alpha1se).toBeGreaterThanOrEqual(cv.alphaMin);
    expect(cv.model.alpha).toBe(cv.alphaMin);
    const cv1 = lassoCV(X, y, { nFolds: 3, seed: 1, select: '1se' });
    expect(cv1.model.alpha).toBe(cv1.alpha1se);
  });
});

describe('model JSON', () => {
  const fit = lasso(X, y, { alpha: 0.05 });
  const model = toModelJSON(fit, { featureNames: ['a', 'b', 'c'], training: { nSamples: 6 } });

  it('round-trips through a string and predicts like the fit', () => {
    const back = fromModelJSON(JSON.stringify(model));
    expect(back.library.version).toBe(VERSION);
    expect(back.kind).toBe('lasso');
    expect(back.training.converged).toBe(true);
    expectClose(predict(back, X), predict(fit, X), { rtol: 1e-15 });
    expectClose(mse(y, predict(back, X)), mse(y, predict(fit, X)), { rtol: 1e-15 });
  });

  it.each([
    ['not JSON', '{oops', /model is not valid JSON/],
    ['another format', { format: 'x' }, /model.format must be "lassokit-model"/],
    ['a newer schema', { ...model, schemaVersion: 99 }, /model schemaVersion 99 .* is newer than this library reads \(2\)/],
    ['wrong coef length', { ...model, coef: [1] }, /model.coef must be an array of 3 numbers/],
    ['non-finite coefficient', { ...model, coef: [1, null, 2] }, /model.coef\[1\] must be a finite number; got null/],
    ['a negative alpha', { ...model, alpha: -1 }, /model.alpha must be ≥ 0 \(a penalty\); got -1/],
    ['an l1Ratio outside [0, 1]', { ...model, l1Ratio: 7 }, /model.l1Ratio must be in \[0, 1\] \(the L1 share of the penalty\); got 7/],
  ])('rejects %s with INVALID_MODEL', (_name, input, message) => expectError(() => fromModelJSON(input), 'INVALID_MODEL', message));

  it('leaves out a gap of Infinity (no dual point bounded the fit), which JSON cannot carry', () => {
    const unbounded = toModelJSON({ ...fit, converged: false, dualGap: Infinity }, { featureNames: ['a', 'b', 'c'] });
    expect(unbounded.training).not.toHaveProperty('dualGap');
    const back = fromModelJSON(JSON.stringify(unbounded));
    expect(back.training.converged).toBe(false);
    expect(back.training.dualGap).toBeUndefined();
    expect(model.training.dualGap).toBe(fit.dualGap);
  });

  it('predict checks the column count', () => {
    expectError(() => predict(model, [[1, 2]]), 'DIMENSION_MISMATCH', /X has 2 columns; the model has 3 features/);
  });

  // Rows are predicted where they are, not copied column-major first.
  it('predicts rows as it predicts their column-major matrix, bit for bit, and checks every value of them', () => {
    const rand = createRng(5);
    const rows = Array.from({ length: 50 }, () => [rand() * 1e3, rand() - 0.5, rand() * 1e-3]);
    const Xd = { rows: 50, cols: 3, data: Float64Array.from({ length: 150 }, (_, k) => rows[k % 50][Math.floor(k / 50)]) };
    const sparse = { coef: [0.3, 0, -7], intercept: 2.5 };
    for (const m of [fit, model, sparse]) expect(Array.from(predict(m, rows))).toEqual(Array.from(predict(m, Xd)));
    // Also a value whose coefficient is 0, first in row order.
    expectError(() => predict(sparse, [[1, 2, 3], [4, NaN, Infinity]]), 'NON_FINITE', /X has a non-finite value at row 1, column 1: NaN/);
    expectError(() => predict(sparse, [[1, 2, 3], [4, 5]]), 'RAGGED_ROWS', /X row 1 has 2 values; row 0 has 3/);
    expectError(() => predict(sparse, [[1, 2, '3' as unknown as number]]), 'NON_FINITE', /row 0, column 2: "3"/);
  });

  it('VERSION matches package.json', () => expect(VERSION).toBe(pkg.version));
});

describe('elastic net cross-validation over several l1Ratios', () => {
  const rand = createRng(11);
  const Xe = Array.from({ length: 60 }, () => Array.from({ length: 6 }, () => rand() - 0.5));
  const ye = Xe.map((r) => 2 * r[0] - r[1] + 0.3 * (rand() - 0.5));

  it('keeps one curve per l1Ratio, picks the best mean, and refits there', () => {
    // The refit is compared with a direct fit coefficient by coefficient: solve both tightly.
    const cv = elasticNetCV(Xe, ye, { l1Ratios: [0.2, 0.5, 1], nFolds: 5, seed: 3, tol: 1e-13 });
    expect(cv.curves.map((c) => c.l1Ratio)).toEqual([0.2, 0.5, 1]);
    const best = Math.min(...cv.curves.map((c) => c.cvMean[c.indexMin]));
    expect(cv.cvMean[cv.indexMin]).toBe(best);
    expect(cv.model.l1Ratio).toBe(cv.l1Ratio);
    const direct = elasticNet(Xe, ye, { alpha: cv.model.alpha, l1Ratio: cv.l1Ratio, tol: 1e-13 });
    expectClose(cv.model.coef, direct.coef, { rtol: 1e-4, atol: 1e-6 });
    // each curve's grid starts at its own alphaMax: smaller l1Ratio, larger alphaMax
    expect(cv.curves[0].alphas[0]).toBeGreaterThan(cv.curves[2].alphas[0]);
  });

  it('the same folds give the same curve for lassoCV and elasticNetCV with l1Ratio 1', () => {
    const a = lassoCV(Xe, ye, { nFolds: 4, seed: 9 });
    const b = elasticNetCV(Xe, ye, { l1Ratios: [1], nFolds: 4, seed: 9 });
    expect(Array.from(a.cvMean)).toEqual(Array.from(b.cvMean));
  });
});

describe('progress', () => {
  it('a path reports (done, total) after every alpha', () => {
    const calls: number[] = [];
    lassoPath(X, y, { nAlphas: 4, onProgress: (d, t) => calls.push(d * 10 + t) });
    expect(calls).toEqual([14, 24, 34, 44]);
  });

  it('cross-validation reports (done, total) after every path', () => {
    const calls: [number, number][] = [];
    lassoCV(X, y, { nFolds: 3, seed: 1, onProgress: (d, t) => calls.push([d, t]) });
    expect(calls).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
  });
});

describe('large n', () => {
  it('cross-validates 150,000 rows (no argument spreading of per-row arrays)', () => {
    const rand = createRng(5);
    const n = 150_000;
    const data = new Float64Array(n * 2).map(() => rand() - 0.5);
    const yl = Float64Array.from({ length: n }, (_, i) => 3 * data[i] - data[n + i] + 0.1 * (rand() - 0.5));
    const cv = lassoCV({ rows: n, cols: 2, data }, yl, { nFolds: 3, nAlphas: 5 });
    expect(cv.nFolds).toBe(3);
    expect(cv.model.coef[0]).toBeGreaterThan(2.5);
  });
});
