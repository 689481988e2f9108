import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { elasticNet } from './elasticNet.js';
import type { FitResult } from './FitResult.js';
import type { FitOptions } from '../prepare/options.js';

/**
 * Lasso at one α: {@link elasticNet} with l1Ratio = 1,
 *
 *     minimize over (b0, β):  1/(2·Σw) · Σ_i w_i (y_i − b0 − x_iᵀβ)² + α · Σ_j pf_j |β_j|
 *
 * scikit-learn `Lasso(alpha)` (with `standardize: false`); glmnet `glmnet(x, y, lambda = α)`.
 *
 * Cost: see {@link elasticNet}.
 *
 * @example
 * lasso([[-1], [0], [1]], [-1, 0, 1], { alpha: 0.1, standardize: false }).coef; // [0.85]
 */
export function lasso(X: MatrixInput, y: VectorInput, opts: Omit<FitOptions, 'l1Ratio'> = {}): FitResult {
  return elasticNet(X, y, { ...opts, l1Ratio: 1 });
}
