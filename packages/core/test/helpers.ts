import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export interface Tolerance {
  readonly rtol?: number;
  readonly atol?: number;
}

/**
 * The one numeric comparison of the test suite: |a − e| ≤ atol + rtol·|e|, element-wise,
 * with the failing index in the message.
 */
export function expectClose(
  actual: number | ArrayLike<number>,
  expected: number | ArrayLike<number>,
  { rtol = 1e-6, atol = 0 }: Tolerance = {},
  label = '',
): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  expect(a.length, `${label} length`).toBe(e.length);
  for (let i = 0; i < a.length; i++) {
    const bound = atol + rtol * Math.abs(e[i]);
    const diff = Math.abs(a[i] - e[i]);
    if (!(diff <= bound)) {
      expect.fail(`${label}[${i}]: ${a[i]} vs expected ${e[i]} (|diff| ${diff.toExponential(3)} > ${bound.toExponential(3)})`);
    }
  }
}

/** Loads a committed fixture document (see scripts/fixtures/). */
export function loadFixture<T>(name: string): { provenance: Record<string, string>; cases: T[] } {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
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
