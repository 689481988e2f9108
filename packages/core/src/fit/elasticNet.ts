import { DEFAULTS } from '../defaults.js';
import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { initialCoef, solvePath } from '../path/enetPath.js';
import { checkAlpha, checkL1Ratio, resolveCommon } from '../prepare/checkOptions.js';
import type { FitResult } from './FitResult.js';
import type { FitOptions } from '../prepare/options.js';
import { prepareInput, release } from '../prepare/prepareInput.js';

/**
 * Elastic Net at one α by exact coordinate descent:
 *
 *     minimize over (b0, β):  1/(2·Σw) · Σ_i w_i (y_i − b0 − x_iᵀβ)²
 *                             + α · Σ_j pf_j · ( l1Ratio·|β_j| + (1 − l1Ratio)/2 · β_j² )
 *
 * Defaults: α = 1, l1Ratio = 0.5, intercept on, standardize on (glmnet's convention; pass
 * `standardize: false` for scikit-learn's `ElasticNet`), tol = 1e-6 relative duality gap.
 * glmnet: `glmnet(x, y, alpha = l1Ratio, lambda = α)`.
 *
 * Cost: O(n·p) preparation plus coordinate passes; see `CoordinateDescent`.
 *
 * @example
 * const fit = elasticNet([[1, 0], [0, 1], [1, 1]], [1, 2, 3], { alpha: 0.1, l1Ratio: 0.5 });
 * fit.coef; fit.intercept; fit.converged;
 */
export function elasticNet(X: MatrixInput, y: VectorInput, opts: FitOptions = {}): FitResult {
  const alpha = checkAlpha(opts.alpha ?? DEFAULTS.alpha);
  const l1Ratio = checkL1Ratio(opts.l1Ratio ?? DEFAULTS.l1Ratio);
  const common = resolveCommon(opts);
  const { prepared, cols } = prepareInput(X, y, common, opts.weights, opts.penaltyFactor);
  let path;
  try {
    path = solvePath(prepared, Float64Array.of(alpha), l1Ratio, common, { init: initialCoef(opts.init, cols) });
  } finally {
    release(prepared); // nothing in the result points into it
  }
  return {
    coef: path.coef[0],
    intercept: path.intercept[0],
    alpha,
    l1Ratio,
    dualGap: path.dualGap[0],
    nIter: path.nIter[0],
    converged: path.converged[0],
  };
}
