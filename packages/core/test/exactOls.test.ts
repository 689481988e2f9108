import { describe, expect, it } from 'vitest';
import { ols } from '../src/index.js';
import { olsSolution } from '../src/ols/ols.js';
import { loadFixture, type OlsReference } from './helpers.js';

/**
 * Least squares on awkward designs against a 50-digit reference (scripts/fixtures/exact_ols.py):
 * the exactly centred, √w-scaled design's SVD, truncated where `ols` documents (rcond·σ_max), and
 * its minimum-norm solution. "wide" designs have an intercept and n ≤ p + 1 beside columns shifted
 * by 1e4 or scaled by 1e5: their centred rank is at most n − 1, which centring in doubles alone
 * does not keep (a mean of 1e4 is off by half its ulp, and every column kept ~1e-12 of the
 * intercept's direction — a singular value above rcond, and coefficients along it that were
 * rounding: 0.3 to 700 times the coefficients' size on such designs, scikit-learn's too).
 * "deficient" ones are tall with copies or constants; "full" ones of full rank (tall, or wide without
 * an intercept), where the relaxed refits' olsSolution skips the SVD.
 */
const { cases } = loadFixture<OlsReference>('exactOls.json');
const maxAbs = (v: ArrayLike<number>) => Array.from(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

describe('ols on awkward designs against exact arithmetic', () => {
  it('has the four kinds of design', () => {
    expect(cases.filter((c) => c.name.includes('(wide')).length).toBe(12);
    expect(cases.filter((c) => c.name.includes('(deficient')).length).toBe(8);
    expect(cases.filter((c) => c.name.includes('(full,')).length).toBe(10);
    expect(cases.filter((c) => c.name.includes('(full wide')).length).toBe(5);
  });

  const rankDeficient = cases.filter((c) => !c.name.includes('(full'));
  it.each(rankDeficient.map((c) => [c.name, c] as const))('%s: the exact rank and minimum-norm solution', (_name, c) => {
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

  it.each(rankDeficient.map((c) => [c.name, c] as const))('%s: olsSolution (the refits\' solver) is ols where the rank is not full', (_name, c) => {
    const opts = { fitIntercept: c.fitIntercept, weights: c.weights ?? undefined };
    const fit = ols(c.X, c.y, opts);
    const solution = olsSolution(c.X, c.y, opts);
    expect(Array.from(solution.coef)).toEqual(Array.from(fit.coef));
    expect(solution.intercept).toBe(fit.intercept);
  });

  // Full rank, κ from 1e1 to 1e10 (tall, and wide without an intercept: the minimum-norm solution):
  // olsSolution solves by R alone (no SVD), ols by the SVD; both within 100·κ·ε of the exact
  // coefficients' size (measured on 194 tall such designs: 16·κ·ε at most).
  it.each(cases.filter((c) => c.name.includes('(full')).map((c) => [c.name, c] as const))('%s: ols and olsSolution within 100·κ·ε of exact', (_name, c) => {
    const opts = { fitIntercept: c.fitIntercept, weights: c.weights ?? undefined };
    const kappa = (c as OlsReference & { kappa: number }).kappa;
    const size = maxAbs(c.coef);
    for (const fit of [ols(c.X, c.y, opts), olsSolution(c.X, c.y, opts)]) {
      c.coef.forEach((b, j) => expect(Math.abs(fit.coef[j] - b), `coef ${j}: ${fit.coef[j]} against ${b}`).toBeLessThanOrEqual(100 * kappa * 2.220446049250313e-16 * size));
    }
    expect(ols(c.X, c.y, opts).rank).toBe(c.rank);
  });
});
