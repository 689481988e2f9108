import { describe, expect, it } from 'vitest';
import { cscFromDense, enetPath, enetPathFromStats, sufficientStats, toDenseMatrix, type PathResult } from '../src/index.js';
import { loadFixture } from './helpers.js';

/**
 * Random awkward designs (scripts/fixtures/sklearn_awkward.py): copied, constant, rare 0/1,
 * heavy-tailed, 1e5- and 1e-5-scaled and shifted columns; y shifted by 1e6; weights with zeros;
 * `positive`; l1Ratio down to 0.01. scikit-learn's ElasticNet at tol 1e-13 is the reference.
 * The claim checked is lassokit's own: a converged α is within its reported duality gap of the
 * optimum, so within the gap of the reference (which is at or above the optimum), and so within
 * tol of the objective.
 */
interface AwkwardCase {
  name: string;
  X: number[][];
  y: number[];
  weights: number[] | null;
  l1Ratio: number;
  fitIntercept: boolean;
  positive: boolean;
  tol: number;
  alphas: number[];
  coef: number[][];
  intercept: number[];
}

const { cases } = loadFixture<AwkwardCase>('sklearnAwkward.json');
const EPS = 2 ** -52;

/**
 * The documented objective and a bound on its evaluation's rounding: each residual
 * y_i − b − Σ x_ij β_j is off by at most (p + 2)·ε·a_i (a_i the sum of the magnitudes it adds),
 * which moves ½ w_i r_i² by about w_i·|r_i|·that; the penalty's own rounding is relative.
 */
function objective(c: AwkwardCase, alpha: number, coef: ArrayLike<number>, intercept: number): { value: number; rounding: number } {
  const p = coef.length;
  let wsum = 0;
  for (let i = 0; i < c.y.length; i++) wsum += c.weights?.[i] ?? 1;
  let loss = 0;
  let rounding = 0;
  for (let i = 0; i < c.y.length; i++) {
    const w = (c.weights?.[i] ?? 1) / wsum;
    let r = c.y[i] - intercept;
    let size = Math.abs(c.y[i]) + Math.abs(intercept);
    for (let j = 0; j < p; j++) {
      r -= c.X[i][j] * coef[j];
      size += Math.abs(c.X[i][j] * coef[j]);
    }
    loss += 0.5 * w * r * r;
    const err = (p + 2) * EPS * size;
    rounding += w * (Math.abs(r) * err + err * err);
  }
  let penalty = 0;
  for (let j = 0; j < p; j++) penalty += c.l1Ratio * Math.abs(coef[j]) + 0.5 * (1 - c.l1Ratio) * coef[j] * coef[j];
  const value = loss + alpha * penalty;
  return { value, rounding: rounding + 4 * (p + c.y.length) * EPS * value };
}

/** ½ Σ w_i y_i² (weights summing to 1): the objective at β = 0 without an intercept, at least the one with. */
function nullObjective(c: AwkwardCase): number {
  let wsum = 0;
  let sum = 0;
  for (let i = 0; i < c.y.length; i++) {
    const w = c.weights?.[i] ?? 1;
    wsum += w;
    sum += w * c.y[i] * c.y[i];
  }
  return (0.5 * sum) / wsum;
}

/** The options every route shares: the case's own. */
const settings = (c: AwkwardCase) => ({ alphas: c.alphas, l1Ratio: c.l1Ratio, fitIntercept: c.fitIntercept, positive: c.positive, standardize: false, tol: c.tol });
const weights = (c: AwkwardCase) => c.weights ?? undefined;

/** Dense X in each mode, CSC X, and statistics alone (a Gram with no rows, as from a SQL engine). */
const routes: readonly (readonly [string, (c: AwkwardCase) => PathResult])[] = [
  ['dense auto', (c) => enetPath(c.X, c.y, { ...settings(c), weights: weights(c), updateMode: 'auto' })],
  ['dense naive', (c) => enetPath(c.X, c.y, { ...settings(c), weights: weights(c), updateMode: 'naive' })],
  ['dense covariance', (c) => enetPath(c.X, c.y, { ...settings(c), weights: weights(c), updateMode: 'covariance' })],
  ['CSC auto', (c) => enetPath(cscFromDense(toDenseMatrix(c.X)), c.y, { ...settings(c), weights: weights(c), updateMode: 'auto' })],
  ['CSC covariance', (c) => enetPath(cscFromDense(toDenseMatrix(c.X)), c.y, { ...settings(c), weights: weights(c), updateMode: 'covariance' })],
  ['statistics', (c) => enetPathFromStats(sufficientStats(c.X, c.y, { weights: weights(c) }), settings(c))],
];

describe('random awkward designs against scikit-learn (certificates)', () => {
  it.each(routes)('%s: every α converges, within its duality gap of the reference', (_label, route) => {
    let alphas = 0;
    let converged = 0;
    for (const c of cases) {
      const path = route(c);
      c.alphas.forEach((alpha, k) => {
        alphas++;
        if (!path.converged[k]) return;
        converged++;
        const ours = objective(c, alpha, path.coef[k], path.intercept[k]);
        const ref = objective(c, alpha, c.coef[k], c.intercept[k]);
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
