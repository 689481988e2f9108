import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import type { CVOptions, CVResult } from './CVResult.js';
import { elasticNetCV } from './elasticNetCV.js';

/**
 * K-fold cross-validated Lasso: {@link elasticNetCV} with l1Ratio = 1. Returns the CV curve
 * (mean and standard error per α), `alphaMin`, `alpha1se` and the model refit on all rows at
 * the selected α. glmnet `cv.glmnet(x, y)`; scikit-learn `LassoCV`.
 *
 * Cost: K + 1 paths.
 *
 * @example
 * const cv = lassoCV(X, y, { nFolds: 10, seed: 42, select: '1se' });
 * cv.alpha1se; cv.model.coef;
 */
export function lassoCV(X: MatrixInput, y: VectorInput, opts: CVOptions = {}): CVResult {
  return elasticNetCV(X, y, { ...opts, l1Ratios: [1] });
}
