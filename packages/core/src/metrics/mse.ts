import type { VectorInput } from '../matrix/DenseMatrix.js';
import { neumaierSum } from '../math/neumaierSum.js';
import { checkPair } from './checkPair.js';

/**
 * Mean squared error, Σ w_i (y_i − ŷ_i)² / Σ w_i (compensated sum).
 * scikit-learn `mean_squared_error`.
 *
 * Cost: O(n).
 *
 * @example
 * mse([1, 2, 3], [1, 2, 5]); // 1.3333333333333333
 */
export function mse(yTrue: VectorInput, yPred: VectorInput, weights?: VectorInput): number {
  const { yTrue: t, yPred: p, w } = checkPair(yTrue, yPred, weights);
  return neumaierSum(t.map((v, i) => (v - p[i]) ** 2), w);
}
