import { describe, expect, it } from 'vitest';
import {
  cscFromDense,
  elasticNet,
  elasticNetCV,
  elasticNetCVFromStats,
  enetPath,
  enetPathFromStats,
  sufficientStats,
  toDenseMatrix,
  type CVResult,
  type PathResult,
} from '../src/index.js';
import type { AwkwardCase, AwkwardReference as Reference } from '@lassokit/testing';
import { loadFixture } from './helpers.js';

/**
 * Random awkward designs (scripts/fixtures/sklearn_awkward.py): copied, constant, rare 0/1,
 * heavy-tailed, 1e5- and 1e-5-scaled and shifted columns; y shifted by 1e6; weights with zeros;
 * `positive`; l1Ratio down to 0.01. scikit-learn's ElasticNet at tol 1e-13 is the reference, on X
 * and (for standardize: true) on X's columns divided by their weighted standard deviations.
 * The claim checked is lassokit's own: a converged α is within its reported duality gap of the
 * optimum, so within the gap of the reference (which is at or above the optimum), and so within
 * tol of the objective.
 */
const fixture = loadFixture<AwkwardCase>('sklearnAwkward.json') as ReturnType<typeof loadFixture<AwkwardCase>> & { drift: AwkwardCase[] };
const { cases } = fixture;
const EPS = 2 ** -52;

/** The weights, summing to 1. */
function unitWeights(c: AwkwardCase): number[] {
  const w = c.weights ?? c.y.map(() => 1);
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / sum);
}

/** Each column's weighted (1/Σw) standard deviation about its weighted mean: standardize's scales. */
function columnScales(c: AwkwardCase): number[] {
  const w = unitWeights(c);
  return c.X[0].map((_, j) => {
    const mean = c.X.reduce((s, row, i) => s + w[i] * row[j], 0);
    return Math.sqrt(c.X.reduce((s, row, i) => s + w[i] * (row[j] - mean) ** 2, 0));
  });
}

/**
 * The documented objective — with standardize, the penalty on s_j·β_j — and a bound on its
 * evaluation's rounding: each residual y_i − b − Σ x_ij β_j is off by at most (p + 2)·ε·a_i (a_i
 * the sum of the magnitudes it adds), which moves ½ w_i r_i² by about w_i·|r_i|·that; the
 * penalty's own rounding is relative.
 */
function objective(c: AwkwardCase, scales: readonly number[] | null, alpha: number, coef: ArrayLike<number>, intercept: number): { value: number; rounding: number } {
  const p = coef.length;
  const w = unitWeights(c);
  let loss = 0;
  let rounding = 0;
  for (let i = 0; i < c.y.length; i++) {
    let r = c.y[i] - intercept;
    let size = Math.abs(c.y[i]) + Math.abs(intercept);
    for (let j = 0; j < p; j++) {
      r -= c.X[i][j] * coef[j];
      size += Math.abs(c.X[i][j] * coef[j]);
    }
    loss += 0.5 * w[i] * r * r;
    const err = (p + 2) * EPS * size;
    rounding += w[i] * (Math.abs(r) * err + err * err);
  }
  let penalty = 0;
  for (let j = 0; j < p; j++) {
    const b = (scales?.[j] ?? 1) * coef[j];
    penalty += c.l1Ratio * Math.abs(b) + 0.5 * (1 - c.l1Ratio) * b * b;
  }
  const value = loss + alpha * penalty;
  return { value, rounding: rounding + 4 * (p + c.y.length) * EPS * value };
}

/** ½ Σ w_i y_i² (weights summing to 1): the objective at β = 0 without an intercept, at least the one with. */
function nullObjective(c: AwkwardCase): number {
  const w = unitWeights(c);
  return 0.5 * c.y.reduce((s, v, i) => s + w[i] * v * v, 0);
}

/** The options every route shares: the case's own, on the grid of its reference. */
const settings = (c: AwkwardCase, standardize: boolean) => ({
  alphas: standardize ? c.standardized.alphas : c.alphas,
  l1Ratio: c.l1Ratio,
  fitIntercept: c.fitIntercept,
  positive: c.positive,
  standardize,
  tol: c.tol,
});
const weights = (c: AwkwardCase) => c.weights ?? undefined;

/** A route's answer at each α of the grid. */
type Answers = Pick<PathResult, 'coef' | 'intercept' | 'dualGap' | 'converged'>;

/** One `elasticNet` fit per α (each from scratch: a single fit's own route, p > n through its coarse path). */
function singleFits(c: AwkwardCase, standardize: boolean): Answers {
  const { alphas, ...rest } = settings(c, standardize);
  const fits = alphas.map((alpha) => elasticNet(c.X, c.y, { ...rest, alpha, weights: weights(c) }));
  return { coef: fits.map((f) => f.coef), intercept: Float64Array.from(fits, (f) => f.intercept), dualGap: Float64Array.from(fits, (f) => f.dualGap), converged: fits.map((f) => f.converged) };
}

/** Dense X in each mode, CSC X, statistics alone (a Gram with no rows, as from a SQL engine), and single fits. */
type Route = (c: AwkwardCase, standardize: boolean) => Answers;
const routes: readonly (readonly [string, Route])[] = [
  ['dense auto', (c, s) => enetPath(c.X, c.y, { ...settings(c, s), weights: weights(c), updateMode: 'auto' })],
  ['dense naive', (c, s) => enetPath(c.X, c.y, { ...settings(c, s), weights: weights(c), updateMode: 'naive' })],
  ['dense covariance', (c, s) => enetPath(c.X, c.y, { ...settings(c, s), weights: weights(c), updateMode: 'covariance' })],
  ['CSC auto', (c, s) => enetPath(cscFromDense(toDenseMatrix(c.X)), c.y, { ...settings(c, s), weights: weights(c), updateMode: 'auto' })],
  ['CSC covariance', (c, s) => enetPath(cscFromDense(toDenseMatrix(c.X)), c.y, { ...settings(c, s), weights: weights(c), updateMode: 'covariance' })],
  ['statistics', (c, s) => enetPathFromStats(sufficientStats(c.X, c.y, { weights: weights(c) }), settings(c, s))],
  ['single fits', singleFits],
];

describe.each([false, true])('random awkward designs against scikit-learn (certificates), standardize: %s', (standardize) => {
  it.each(routes)('%s: every α converges, within its duality gap of the reference', (_label, route) => {
    let alphas = 0;
    let converged = 0;
    for (const c of cases) {
      const reference = standardize ? c.standardized : c;
      const scales = standardize ? columnScales(c) : null;
      const path = route(c, standardize);
      reference.alphas.forEach((alpha, k) => {
        alphas++;
        if (!path.converged[k]) return;
        converged++;
        const ours = objective(c, scales, alpha, path.coef[k], path.intercept[k]);
        const ref = objective(c, scales, alpha, reference.coef[k], reference.intercept[k]);
        const slack = ours.rounding + ref.rounding;
        const label = `${c.name}, α ${k}: objective ${ours.value} against ${ref.value}, gap ${path.dualGap[k]}`;
        expect(ours.value - ref.value, label).toBeLessThanOrEqual(path.dualGap[k] + slack);
        // And converged means within tol of the objective (plus the solver's floor, 100ε of ½Σw y²).
        expect(ours.value - ref.value, label).toBeLessThanOrEqual(c.tol * ours.value + 100 * EPS * nullObjective(c) + slack);
      });
    }
    expect(alphas).toBe(cases.length * 10);
    // All 480 converge on every route (default maxIter); an unconverged α would say so, not pass.
    expect(converged).toBe(alphas);
  });
});

describe('random awkward designs against glmnet (standardize: true)', () => {
  // A second reference for standardize, independent of the scales the scikit-learn one imitates:
  // glmnet 4.1.6 (scripts/fixtures/glmnet_awkward.R) with standardize = TRUE and thresh 1e-16 on
  // the same designs and grids (46 of the 48: glmnet wants two columns and two weighted rows).
  const glmnet = loadFixture<Omit<Reference, 'alphas'> & { name: string; glmnetAlpha: number; lambda: number[] }>('glmnetAwkward.json').cases;
  const byName = new Map(cases.map((c) => [c.name, c]));

  it('every α of lassokit within its duality gap of glmnet, glmnet within 1e-6 of lassokit', () => {
    expect(glmnet.length).toBe(46);
    let compared = 0;
    for (const g of glmnet) {
      const c = byName.get(g.name)!;
      const scales = columnScales(c);
      const path = enetPath(c.X, c.y, { ...settings(c, true), weights: weights(c), tol: 1e-10 });
      c.standardized.alphas.forEach((alpha, k) => {
        const ours = objective(c, scales, alpha, path.coef[k], path.intercept[k]);
        const theirs = objective(c, scales, alpha, g.coef[k], g.intercept[k]);
        const slack = ours.rounding + theirs.rounding;
        const label = `${c.name}, α ${k}: ${ours.value} against glmnet's ${theirs.value}, gap ${path.dualGap[k]}`;
        expect(path.converged[k], label).toBe(true);
        expect(ours.value - theirs.value, label).toBeLessThanOrEqual(path.dualGap[k] + slack);
        // glmnet's coordinate descent stops on coefficient changes, not a gap: within 1e-6 of ours.
        expect(theirs.value - ours.value, label).toBeLessThanOrEqual(1e-6 * ours.value + slack);
        compared++;
      });
    }
    expect(compared).toBe(460);
  });
});

describe('a residual drifted by many passes', () => {
  // Without acceleration at tol 1e-10, this problem's α's take up to 20,000 passes each, and the
  // residual kept by their updates drifted from y − Xβ until its dual point failed weak duality:
  // two α's then had no gap and ran to maxIter. The loop now makes it afresh from β and goes on.
  it.each(fixture.drift.flatMap((c) => [false, true].map((sparse) => [`${c.name} (${sparse ? 'CSC' : 'dense'})`, c, sparse] as const)))(
    '%s: made afresh, every α converges within its gap of the reference',
    (_name, c, sparse) => {
      const X = sparse ? cscFromDense(toDenseMatrix(c.X)) : c.X;
      const path = enetPath(X, c.y, { ...settings(c, false), weights: weights(c), updateMode: 'naive', acceleration: false, tol: 1e-10, maxIter: 20_000 });
      c.alphas.forEach((alpha, k) => {
        expect(path.converged[k], `α ${k}: gap ${path.dualGap[k]} after ${path.nIter[k]} passes`).toBe(true);
        const ours = objective(c, null, alpha, path.coef[k], path.intercept[k]);
        const ref = objective(c, null, alpha, c.coef[k], c.intercept[k]);
        expect(ours.value - ref.value, `α ${k}`).toBeLessThanOrEqual(path.dualGap[k] + ours.rounding + ref.rounding);
      });
    },
  );
});

describe('cross-validation on awkward designs against scikit-learn, fold by fold', () => {
  // Elastic Net's minimizer is unique (l1Ratio < 1), so each fold's held-out error is too: the
  // fixture's comes from scikit-learn fitted on the fold's training rows (standardized by their
  // own weighted spreads), lassokit's from each CV route. At tol 1e-10 they agree to ~1e-7
  // relative (7e-8 the largest on 181 such problems); a Lasso's can differ between equally good
  // solutions, so Lasso cases are not compared here.
  const cvCases = cases.filter((c) => c.cv !== null);
  type CvRoute = (c: AwkwardCase, standardize: boolean) => CVResult;
  const cvSettings = (c: AwkwardCase, standardize: boolean) => {
    const { l1Ratio, ...rest } = settings(c, standardize);
    return { ...rest, l1Ratios: [l1Ratio], tol: 1e-10, weights: weights(c) };
  };
  const cvRoutes: readonly (readonly [string, CvRoute])[] = [
    ['dense naive', (c, s) => elasticNetCV(c.X, c.y, { ...cvSettings(c, s), foldIds: c.cv!.foldIds, updateMode: 'naive' })],
    ['dense covariance', (c, s) => elasticNetCV(c.X, c.y, { ...cvSettings(c, s), foldIds: c.cv!.foldIds, updateMode: 'covariance' })],
    ['CSC', (c, s) => elasticNetCV(cscFromDense(toDenseMatrix(c.X)), c.y, { ...cvSettings(c, s), foldIds: c.cv!.foldIds })],
    ['statistics', (c, s) => elasticNetCVFromStats(sufficientStats(c.X, c.y, { weights: weights(c), foldIds: c.cv!.foldIds }), cvSettings(c, s))],
  ];

  it('has Elastic Net cases with folds', () => expect(cvCases.length).toBeGreaterThanOrEqual(25));

  it.each(cvRoutes.flatMap(([label, route]) => [false, true].map((s) => [label, s, route] as const)))('%s, standardize: %s: every fold error within 1e-6 of the reference', (_label, standardize, route) => {
    for (const c of cvCases) {
      const reference = standardize ? c.cv!.standardized : c.cv!.raw;
      const cv = route(c, standardize);
      expect(cv.foldErrors.length).toBe(reference.length);
      reference.forEach((row, k) =>
        row.forEach((ref, a) => {
          const ours = cv.foldErrors[k][a];
          expect(Math.abs(ours - ref), `${c.name}, fold ${k}, α ${a}: ${ours} against ${ref}`).toBeLessThanOrEqual(1e-6 * ref);
        }),
      );
    }
  });
});
