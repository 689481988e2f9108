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

