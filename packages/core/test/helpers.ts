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
