import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';

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

/** One solution set of an awkward design: scikit-learn's coefficients and intercept per α. */
export interface AwkwardReference {
  alphas: number[];
  coef: number[][];
  intercept: number[];
}

/**
 * A case of core's `test/fixtures/sklearnAwkward.json` (scripts/fixtures/sklearn_awkward.py): the
 * design and settings, scikit-learn's ElasticNet on X (the case itself) and on X's columns over
 * their weighted standard deviations (`standardized`), and per-fold held-out errors (`cv`). Read by
 * core's tests and by the SQL engines' (which sum the same designs).
 */
export interface AwkwardCase extends AwkwardReference {
  name: string;
  X: number[][];
  y: number[];
  weights: number[] | null;
  l1Ratio: number;
  fitIntercept: boolean;
  positive: boolean;
  tol: number;
  standardized: AwkwardReference;
  /** scikit-learn's held-out error per fold and α, on each grid (Elastic Net cases with n ≥ 6 only). */
  cv: { foldIds: number[]; raw: number[][]; standardized: number[][] } | null;
}

/** Loads a committed JSON fixture next to the calling test (`new URL('./fixtures/x.json', import.meta.url)`). */
export function loadFixture<T>(url: URL): T {
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}


/**
 * A fresh directory under the system's temp dir, removed after the test file's tests (call it at
 * the top of a test file or in a describe block, where vitest takes an afterAll hook).
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
