import { describe, expect, it } from 'vitest';
import { LassoKitError, enetPath, lasso } from '../src/index.js';

function nonFinite(fn: () => unknown): LassoKitError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LassoKitError);
    expect((e as LassoKitError).code).toBe('NON_FINITE');
    return e as LassoKitError;
  }
  return expect.fail('expected NON_FINITE');
}

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
