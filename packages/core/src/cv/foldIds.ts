import { invalidParameter } from '../errors.js';
import { createRng } from '../random/createRng.js';

/**
 * Balanced fold labels 0 … nFolds−1 for n rows, shuffled by a seeded generator: each
 * fold gets ⌊n/k⌋ or ⌈n/k⌉ rows (glmnet's `sample(rep(1:k, length = n))`).
 *
 * Cost: O(n).
 *
 * @example
 * foldIds(5, 2, 0); // e.g. Int32Array [1, 0, 0, 1, 0]
 */
export function foldIds(n: number, nFolds: number, seed = 0): Int32Array {
  if (!Number.isInteger(nFolds) || nFolds < 2 || nFolds > n) invalidParameter('nFolds', `an integer in [2, n = ${n}]`, nFolds);
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i % nFolds;
  const rand = createRng(seed);
  for (let i = n - 1; i > 0; i--) {
    const k = Math.floor(rand() * (i + 1));
    const t = ids[i];
    ids[i] = ids[k];
    ids[k] = t;
  }
  return ids;
}
