import type { VectorInput } from '../matrix/DenseMatrix.js';
import { checkPair } from './checkPair.js';

/**
 * Largest absolute residual, max_i |y_i − ŷ_i| (weights would not change it).
 * scikit-learn `max_error`.
 *
 * Cost: O(n).
 *
 * @example
 * maxError([1, 2, 3], [1, 4, 2]); // 2
 */
export function maxError(yTrue: VectorInput, yPred: VectorInput): number {
  const { yTrue: t, yPred: p } = checkPair(yTrue, yPred);
  let max = 0;
  for (let i = 0; i < t.length; i++) max = Math.max(max, Math.abs(t[i] - p[i]));
  return max;
}
