import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import type { PathOptions } from '../prepare/options.js';
import { enetPath, type PathResult } from './enetPath.js';

/**
 * Lasso regularization path: {@link enetPath} with l1Ratio = 1.
 * scikit-learn `lasso_path`; glmnet `glmnet(x, y)` (alpha = 1).
 *
 * Cost: see {@link enetPath}.
 *
 * @example
 * const { alphas, coef, df } = lassoPath(X, y, { nAlphas: 50 });
 */
export function lassoPath(X: MatrixInput, y: VectorInput, opts: Omit<PathOptions, 'l1Ratio'> = {}): PathResult {
  return enetPath(X, y, { ...opts, l1Ratio: 1 });
}
