import type { VectorInput } from '../matrix/DenseMatrix.js';
import { mse } from './mse.js';

/**
 * Root mean squared error, √mse, in the units of y.
 *
 * Cost: O(n).
 *
 * @example
 * rmse([0, 0], [3, 4]); // 3.5355339059327378
 */
export function rmse(yTrue: VectorInput, yPred: VectorInput, weights?: VectorInput): number {
  return Math.sqrt(mse(yTrue, yPred, weights));
}
