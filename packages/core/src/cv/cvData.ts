import type { CscMatrix } from '../matrix/CscMatrix.js';
import type { DenseMatrix } from '../matrix/DenseMatrix.js';
import type { ResolvedCommon } from '../prepare/checkOptions.js';
import type { CvData, CvLoss } from './CVResult.js';

/**
 * The record the fits on subsets of rows read (cross-validation's folds, stability selection's
 * halves, a parallel path's workers), from inputs already validated: `weights` undefined where none
 * were given — then every row weighs 1 and `weighted` is false.
 */
export function cvData(
  X: DenseMatrix | CscMatrix,
  y: Float64Array,
  weights: Float64Array | undefined,
  penaltyFactor: Float64Array | undefined,
  common: ResolvedCommon,
  loss: CvLoss = 'mse',
): CvData {
  return { X, y, weights: weights ?? new Float64Array(X.rows).fill(1), weighted: weights !== undefined, penaltyFactor, common, loss };
}
