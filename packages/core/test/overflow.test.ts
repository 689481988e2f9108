import { describe, expect, it } from 'vitest';
import { LassoKitError, createRng, type ErrorCode, cscFromDense, enetPath, enetPathFromStats, lasso, lassoCV, sufficientStats, toDenseMatrix } from '../src/index.js';

/** The LassoKitError `fn` throws, checked to carry `code`. */
function refused(code: ErrorCode, fn: () => unknown): LassoKitError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LassoKitError);
    expect((e as LassoKitError).code).toBe(code);
    return e as LassoKitError;
  }
  return expect.fail(`expected ${code}`);
}
const nonFinite = (fn: () => unknown) => refused('NON_FINITE', fn);

describe('data whose moments overflow float64 are refused, never solved into NaN', () => {
  it.each([true, false])('a column near 1e308 is named (standardize: %s)', (standardize) => {
    const e = nonFinite(() => lasso([[1e308], [1e308], [0]], [1, 0, 1], { alpha: 0.1, standardize }));
    expect(e.message).toMatch(/^X column 0 overflows/);
    expect(e.details).toMatchObject({ column: 0 });
  });

  it('a target near 1e308 is named', () => {
    const e = nonFinite(() => enetPath([[1], [2], [3]], [1e308, -1e308, 1e308]));
    expect(e.message).toMatch(/^y overflows/);
  });

  it('with weights too', () => {
    nonFinite(() => lasso([[1e200, 1], [-1e200, 2], [1, 3]], [1, 2, 3], { alpha: 0.1, standardize: false, weights: [1, 2, 3] }));
  });

  it('never reports converged with a non-finite number, over random extreme scalings', () => {
    for (let e10 = 100; e10 <= 308; e10 += 13) {
      const s = 10 ** e10;
      let fit;
      try {
        fit = lasso([[s, 1], [-s / 2, 2], [s / 3, 0], [0, 5]], [1, 2, 0, 4], { alpha: 0.01, standardize: false });
      } catch (e) {
        expect((e as LassoKitError).code).toBe('NON_FINITE');
        continue;
      }
      const finite = [...fit.coef, fit.intercept, fit.dualGap].every(Number.isFinite);
      expect(!fit.converged || finite).toBe(true);
    }
  });
});

describe('a column neither centred nor standardized (scaled in the pass that checks it) is checked as the others are', () => {
  const plainOpts = { alpha: 0.01, fitIntercept: false, standardize: false };
  const rows = (f: (i: number) => number) => Array.from({ length: 100 }, (_, i) => [f(i), (i % 7) - 3, i % 2]);
  const y = Array.from({ length: 100 }, (_, i) => (i % 7) - 3 + 0.1 * (i % 3));

  it('a non-finite value is named by row and column; overflowing squares (raw or scaled) name the column', () => {
    const withNaN = rows((i) => (i === 61 ? NaN : i));
    expect(nonFinite(() => lasso(withNaN, y, plainOpts)).message).toMatch(/X has a non-finite value at row 61, column 0: NaN/);
    expect(nonFinite(() => lasso(rows((i) => (i % 2 ? 1e300 : -1e300)), y, plainOpts)).message).toMatch(/^X column 0 overflows/);
    // Σx² overflows although Σ(x/√n)² does not: refused as the raw sums are elsewhere.
    expect(nonFinite(() => lasso(rows((i) => (i % 2 ? 5e153 : -5e153)), y, plainOpts)).message).toMatch(/^X column 0 overflows/);
  });

  // Rows are scaled in the workspace they are copied to: the message still gives the largest raw
  // value, as it does for a column-major X (copied, then scaled), on each way a column is prepared.
  it.each([
    // Weighted sums are of w·x² with w summing to 1: only squares past the range overflow them.
    ['scaled only', plainOpts, [5e153, 1e300]],
    ['centred and standardized', { alpha: 0.01 }, [5e153, 1e300]],
    ['weighted', { alpha: 0.01, weights: Array.from({ length: 100 }, (_, i) => 1 + (i % 3)) }, [1e300]],
  ])('an overflowing column names its largest raw value, from rows as from a column-major X (%s)', (_name, opts, sizes) => {
    for (const size of sizes) {
      const X = rows((i) => (i % 2 ? size : -size / 2));
      for (const input of [X, toDenseMatrix(X)]) {
        const e = nonFinite(() => lasso(input, y, opts));
        expect(e.message).toMatch(/^X column 0 overflows: .*\(largest \|value\| /);
        expect(e.details?.maxAbs).toBe(size);
      }
    }
  });

  it('a column too small to square is refused; an all-zero one gets coefficient 0; the fit equals the weighted route', () => {
    expect(refused('OUT_OF_DOMAIN', () => lasso(rows((i) => 1e-170 * (i - 50)), y, plainOpts)).message).toMatch(/^X column 0 underflows/);
    const zero = lasso(rows(() => 0), y, plainOpts);
    expect(zero.coef[0]).toBe(0);
    // Equal weights go through the weighted loops: the same fit to rounding.
    const X = rows((i) => Math.sin(i));
    const fast = lasso(X, y, plainOpts);
    const weighted = lasso(X, y, { ...plainOpts, weights: y.map(() => 2) });
    fast.coef.forEach((c, j) => expect(c).toBeCloseTo(weighted.coef[j], 12));
  });
});

describe('data too small in magnitude for float64 to square are refused, never fitted to zero', () => {
  const rand = createRng(8);
  const n = 60;
  const base = Array.from({ length: n }, () => [rand(), rand()]);
  const y = base.map(([a, b]) => 2 * a - b + 0.1 * rand());
  const scaled = (s: number, col = 0) => base.map((row) => row.map((v, j) => (j === col ? s * v : v)));
  const outOfDomain = (fn: () => unknown) => refused('OUT_OF_DOMAIN', fn);

  it('a column near 1e-165 is named (it had a standard deviation of 0 and got coefficient 0)', () => {
    for (const standardize of [true, false]) {
      const e = outOfDomain(() => lasso(scaled(1e-165, 1), y, { alpha: 0.01, standardize }));
      expect(e.message).toMatch(/^X column 1 underflows/);
      expect(e.details).toMatchObject({ column: 1 });
    }
    outOfDomain(() => lassoCV(scaled(1e-165), y, { nFolds: 3, weights: y.map((_, i) => 1 + (i % 3)) }));
  });

  it('a target near 1e-170 is named', () => {
    const e = outOfDomain(() => enetPath(base, y.map((v) => 1e-170 * v)));
    expect(e.message).toMatch(/^y underflows/);
  });

  it('in a sparse design and in statistics too', () => {
    const X = toDenseMatrix(scaled(1e-170, 1));
    for (const updateMode of ['naive', 'covariance'] as const) {
      expect(outOfDomain(() => lasso(cscFromDense(X), y, { alpha: 0.01, updateMode })).message).toMatch(/^(X column 1|column 1's statistics) underflows/);
    }
    outOfDomain(() => enetPathFromStats(sufficientStats(X, y)));
  });

  it('small but squarable data still fit, with the coefficients scaled back (1e-140)', () => {
    const plain = lasso(base, y, { alpha: 0.01 });
    const small = lasso(scaled(1e-140), y, { alpha: 0.01 });
    expect(small.coef[0] * 1e-140).toBeCloseTo(plain.coef[0], 10);
    expect(small.coef[1]).toBeCloseTo(plain.coef[1], 10);
  });
});
