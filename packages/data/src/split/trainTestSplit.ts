import { LassoKitError } from '@lassokit/core';
import { numpyPermutation } from './numpyPermutation.js';

export interface Split {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

export interface SplitOptions {
  /** Share of rows in the training part (default 0.7); the count is ⌊trainFraction·n⌋, as `int(0.7 * n)`. */
  readonly trainFraction?: number;
  /** Seed of the numpy-compatible shuffle (default 42, the study's). */
  readonly seed?: number;
}

/**
 * A seeded train/test split: shuffle the row indices with {@link numpyPermutation} and take the
 * first ⌊trainFraction·n⌋ for training — the study's split with the defaults. Same result in Node
 * and the browser.
 *
 * Cost: O(n).
 *
 * @example
 * const { train, test } = trainTestSplit(392); // 274 / 118, as the study
 */
export function trainTestSplit(n: number, opts: SplitOptions = {}): Split {
  const fraction = opts.trainFraction ?? 0.7;
  if (!(fraction > 0 && fraction < 1)) throw new LassoKitError('INVALID_PARAMETER', `trainFraction must be in (0, 1); got ${fraction}`, { parameter: 'trainFraction' });
  const order = numpyPermutation(n, opts.seed ?? 42);
  const nTrain = Math.floor(fraction * n);
  if (nTrain < 1 || nTrain >= n) throw new LassoKitError('INVALID_PARAMETER', `a ${fraction} split of ${n} rows leaves one side empty`, { parameter: 'trainFraction' });
  return { train: order.slice(0, nTrain), test: order.slice(nTrain) };
}

/**
 * `repeats` independent splits with seeds seed, seed + 1, … — for an honest estimate of test
 * error instead of one lucky split.
 *
 * Cost: O(repeats·n).
 *
 * @example
 * repeatedSplits(392, 100, { seed: 0 }).length; // 100
 */
export function repeatedSplits(n: number, repeats: number, opts: SplitOptions = {}): Split[] {
  if (!Number.isInteger(repeats) || repeats < 1) throw new LassoKitError('INVALID_PARAMETER', `repeats must be an integer ≥ 1; got ${repeats}`, { parameter: 'repeats' });
  const seed = opts.seed ?? 0;
  return Array.from({ length: repeats }, (_, r) => trainTestSplit(n, { ...opts, seed: seed + r }));
}
