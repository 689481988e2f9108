import { LassoKitError, invalidParameter } from '../errors.js';
import type { IntervalMethod } from './IntervalModel.js';

// Guards ⌈level·(n+1)⌉ against a product landing a rounding error above an integer.
const SLACK = 1e-9;

/** Checks a coverage level: a number strictly between 0 and 1. */
export function checkLevel(level: unknown): number {
  if (typeof level !== 'number' || !(level > 0 && level < 1)) invalidParameter('level', 'a number in (0, 1), e.g. 0.9', level);
  return level;
}

/**
 * The rank (1-based) of the upper conformal quantile among n scores: ⌈level·(n + 1)⌉ — the
 * finite-sample correction that makes the coverage ≥ level for exchangeable rows.
 */
export function upperRank(level: number, n: number): number {
  return Math.ceil(level * (n + 1) - SLACK);
}

/** The rank (1-based) of CV+'s lower quantile among n values: ⌊(1 − level)·(n + 1)⌋. */
export function lowerRank(level: number, n: number): number {
  return Math.floor((1 - level) * (n + 1) + SLACK);
}

/** The fewest scored rows for which a finite interval at `level` exists. */
export function minimumRows(level: number): number {
  let n = 1;
  while (upperRank(level, n) > n || lowerRank(level, n) < 1) n++;
  return n;
}

/** Throws when n scored rows are too few for a finite interval at `level`, naming the minimum. */
export function checkEnoughRows(level: number, n: number, method: IntervalMethod): void {
  if (upperRank(level, n) <= n && lowerRank(level, n) >= 1) return;
  const need = minimumRows(level);
  const rows = method === 'split' ? 'calibration rows' : 'training rows (held-out residuals)';
  throw new LassoKitError('INVALID_PARAMETER', `a ${fmt(level)} interval needs at least ${need} ${rows}; the model has ${n} — use a lower level or more rows`, {
    parameter: 'level',
    received: level,
    minimumRows: need,
  });
}

const fmt = (level: number) => `${+(level * 100).toPrecision(6)} %`;

/**
 * The k-th smallest (1-based) of `values`, by quickselect (Hoare partition, median-of-three pivot);
 * reorders `values`.
 *
 * Cost: O(n) expected.
 */
export function kthSmallest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const a = values[lo];
    const b = values[mid];
    const c = values[hi];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target];
  }
  return values[target];
}
