import { expect } from 'vitest';
import { loadFixture as load } from '@lassokit/testing';
import { createRng, type CoordinateDescent } from '../src/index.js';

export { expectClose } from '@lassokit/testing';

/** A least-squares problem and its reference solution, as the fixtures of `ols` store them. */
export interface OlsReference {
  name: string;
  X: number[][];
  y: number[];
  weights: number[] | null;
  fitIntercept: boolean;
  coef: number[];
  intercept: number;
  rank: number;
}

/** Loads a committed fixture document of this package (see scripts/fixtures/). */
export function loadFixture<T>(name: string): { provenance: Record<string, string>; cases: T[] } {
  return load(new URL(`./fixtures/${name}`, import.meta.url));
}

/** The documented objective, evaluated directly on the original scale (independent of the solver). */
export function enetObjective(
  X: readonly (readonly number[])[],
  y: readonly number[],
  coef: ArrayLike<number>,
  intercept: number,
  alpha: number,
  l1Ratio: number,
  weights?: readonly number[] | null,
  penaltyFactor?: readonly number[] | null,
): number {
  let loss = 0;
  let wsum = 0;
  for (let i = 0; i < y.length; i++) {
    let pred = intercept;
    for (let j = 0; j < coef.length; j++) pred += X[i][j] * coef[j];
    const w = weights ? weights[i] : 1;
    loss += w * (y[i] - pred) ** 2;
    wsum += w;
  }
  let pen = 0;
  for (let j = 0; j < coef.length; j++) {
    const pf = penaltyFactor ? penaltyFactor[j] : 1;
    pen += pf * (l1Ratio * Math.abs(coef[j]) + 0.5 * (1 - l1Ratio) * coef[j] * coef[j]);
  }
  return loss / (2 * wsum) + alpha * pen;
}

/**
 * Solves a decreasing sequence of α (alphaMax·ratio, warm-started) with two solvers and expects
 * the same passes and the same β bit for bit at each — for passes that must be the generic one.
 */
export function expectSamePath(a: CoordinateDescent, b: CoordinateDescent, alphaMax: number, l1Ratio: number, ratios: readonly number[]): void {
  let previous: number | undefined;
  for (const ratio of ratios) {
    const opts = { alpha: alphaMax * ratio, l1Ratio, tol: 1e-10, maxIter: 100_000, previousAlpha: previous };
    expect(a.solve(opts).nIter).toBe(b.solve(opts).nIter);
    expect(Array.from(a.beta)).toEqual(Array.from(b.beta));
    previous = opts.alpha;
  }
  expect(a.beta.some((v) => v !== 0)).toBe(true);
}

/**
 * n × p rows of equicorrelated columns (ρ 0.9: each row's shared part and its own noise) and a
 * response from the first 10 columns plus noise — the wide designs whose supports reach n.
 */
export function equicorrelatedRows(seed: number, n: number, p: number): { X: number[][]; y: number[] } {
  const rand = createRng(seed);
  const X = Array.from({ length: n }, () => {
    const shared = rand() - 0.5;
    return Array.from({ length: p }, () => Math.sqrt(0.1) * (rand() - 0.5) + Math.sqrt(0.9) * shared);
  });
  const y = X.map((r) => r.slice(0, 10).reduce((a, v) => a + v, 0) + 0.1 * (rand() - 0.5));
  return { X, y };
}

/** A finite double as an exact integer multiple of 2^-1074 (every finite double is one). */
function exactScaled(d: number): bigint {
  if (!Number.isFinite(d)) throw new Error(`not finite: ${d}`);
  if (d === 0) return 0n;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = exponent === 0 ? fraction : fraction | (1n << 52n);
  const shift = BigInt(Math.max(exponent, 1) - 1);
  return (d < 0 ? -mantissa : mantissa) << shift;
}

/** num/den correctly rounded to a double, near enough (64 significant bits, then Number's rounding). */
function ratioToDouble(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const negative = num < 0n !== den < 0n;
  const a = num < 0n ? -num : num;
  const b = den < 0n ? -den : den;
  const s = 64 - (a.toString(2).length - b.toString(2).length);
  const q = s >= 0 ? (a << BigInt(s)) / b : a / (b << BigInt(-s));
  // In two factors: 2^-s alone underflows past s = 1074.
  const x = Number(q) * 2 ** -Math.ceil(s / 2) * 2 ** -Math.floor(s / 2);
  return negative ? -x : x;
}

/**
 * The weighted least-squares solution of X·β (+ b0) ≈ y, exactly: the normal equations in integers
 * (every double is an integer multiple of 2^-1074) solved by fraction-free elimination (Bareiss),
 * then rounded to doubles. An independent reference for solvers whose accuracy is the question
 * (no rounding anywhere before the last step). Columns must be of full rank. Cost: big integers;
 * for tests on a few hundred rows and a handful of columns.
 */
export function exactLeastSquares(X: readonly (readonly number[])[], y: readonly number[], weights: ArrayLike<number> | undefined, fitIntercept: boolean): { coef: number[]; intercept: number } {
  const k = X[0].length + (fitIntercept ? 1 : 0);
  const rows = X.map((row) => (fitIntercept ? [1, ...row] : [...row]).map(exactScaled));
  const ys = y.map(exactScaled);
  const ws = X.map((_, i) => exactScaled(weights === undefined ? 1 : weights[i]));
  // A = XᵀWX | XᵀWy, as integers (a common power of two scaled out of every entry).
  const A: bigint[][] = Array.from({ length: k }, () => new Array<bigint>(k + 1).fill(0n));
  rows.forEach((row, i) => {
    for (let a = 0; a < k; a++) {
      const wa = ws[i] * row[a];
      if (wa === 0n) continue;
      for (let b = 0; b < k; b++) A[a][b] += wa * row[b];
      A[a][k] += wa * ys[i];
    }
  });
  // Bareiss: after step t, A[i][j] (i, j > t) are the (t + 1)-order minors; the last pivot is det(A).
  let previous = 1n;
  for (let t = 0; t < k; t++) {
    if (A[t][t] === 0n) throw new Error('exactLeastSquares: a zero pivot (columns of short rank)');
    for (let i = t + 1; i < k; i++) {
      for (let j = t + 1; j <= k; j++) A[i][j] = (A[i][j] * A[t][t] - A[i][t] * A[t][j]) / previous;
      A[i][t] = 0n;
    }
    previous = A[t][t];
  }
  // Back substitution in rationals over the common denominator det = A[k−1][k−1]: β_i = x_i / det.
  const det = A[k - 1][k - 1];
  const x = new Array<bigint>(k).fill(0n);
  for (let i = k - 1; i >= 0; i--) {
    let s = A[i][k] * det;
    for (let j = i + 1; j < k; j++) s -= A[i][j] * x[j];
    // Exact: x_i = det·β_i is Cramer's numerator, an integer.
    if (s % A[i][i] !== 0n) throw new Error('exactLeastSquares: inexact back substitution');
    x[i] = s / A[i][i];
  }
  const beta = x.map((v) => ratioToDouble(v, det));
  return fitIntercept ? { coef: beta.slice(1), intercept: beta[0] } : { coef: beta, intercept: 0 };
}
