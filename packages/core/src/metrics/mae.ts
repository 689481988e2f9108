import type { VectorInput } from '../matrix/DenseMatrix.js';
import { neumaierSum } from '../math/neumaierSum.js';
import { checkPair } from './checkPair.js';

/**
 * Mean absolute error, Σ w_i |y_i − ŷ_i| / Σ w_i. scikit-learn `mean_absolute_error`.
 *
 * Cost: O(n).
 *
 * @example
 * mae([1, 2, 3], [2, 2, 1]); // 1
 */
export function mae(yTrue: VectorInput, yPred: VectorInput, weights?: VectorInput): number {
  const { yTrue: t, yPred: p, w } = checkPair(yTrue, yPred, weights);
  return neumaierSum(t.map((v, i) => Math.abs(v - p[i])), w);
}
