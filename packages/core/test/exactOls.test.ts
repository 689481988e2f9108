import { describe, expect, it } from 'vitest';
import { ols } from '../src/index.js';
import { loadFixture, type OlsReference } from './helpers.js';

/**
 * Least squares on awkward designs against a 50-digit reference (scripts/fixtures/exact_ols.py):
 * the exactly centred, √w-scaled design's SVD, truncated where `ols` documents (rcond·σ_max), and
 * its minimum-norm solution. "wide" designs have an intercept and n ≤ p + 1 beside columns shifted
 * by 1e4 or scaled by 1e5: their centred rank is at most n − 1, which centring in doubles alone
 * does not keep (a mean of 1e4 is off by half its ulp, and every column kept ~1e-12 of the
 * intercept's direction — a singular value above rcond, and coefficients along it that were
 * rounding: 0.3 to 700 times the coefficients' size on such designs, scikit-learn's too).
 * "deficient" ones are tall with copies or constants.
 */
const { cases } = loadFixture<OlsReference>('exactOls.json');
const maxAbs = (v: ArrayLike<number>) => Array.from(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

describe('ols on awkward designs against exact arithmetic', () => {
  it('has both kinds of design', () => {
    expect(cases.filter((c) => c.name.includes('(wide')).length).toBe(12);
    expect(cases.filter((c) => c.name.includes('(deficient')).length).toBe(8);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: the exact rank and minimum-norm solution', (_name, c) => {
    const fit = ols(c.X, c.y, { fitIntercept: c.fitIntercept, weights: c.weights ?? undefined });
    expect(fit.rank).toBe(c.rank);
    // The coefficients' error is the design's conditioning (columns of 1e-5 beside 1e5): at most
    // 3.3e-5 of their size on 999 such designs, 1e-8 on most.
    const size = maxAbs(c.coef);
    c.coef.forEach((b, j) => expect(Math.abs(fit.coef[j] - b), `coef ${j}: ${fit.coef[j]} against ${b}`).toBeLessThanOrEqual(1e-4 * size));
    // Fitted values (unique whatever the rank) to rounding of y's size.
    const yScale = maxAbs(c.y);
    c.X.forEach((row, i) => {
      const ours = row.reduce((s, x, j) => s + x * fit.coef[j], fit.intercept);
      const exact = row.reduce((s, x, j) => s + x * c.coef[j], c.intercept);
      expect(Math.abs(ours - exact), `row ${i}`).toBeLessThanOrEqual(1e-8 * yScale);
    });
  });
});
