import type { VectorInput } from '../matrix/DenseMatrix.js';
import { neumaierSum } from '../math/neumaierSum.js';
import { checkPair } from './checkPair.js';

/**
 * Explained variance, 1 − Var_w(y − ŷ) / Var_w(y): like {@link r2} but blind to a constant
 * bias. Constant y follows r2's policy (1 if the residual variance is 0, else 0).
 * scikit-learn `explained_variance_score`.
 *
 * Cost: O(n).
 *
 * @example
 * explainedVariance([1, 2, 3], [2, 3, 4]); // 1
 */
export function explainedVariance(yTrue: VectorInput, yPred: VectorInput, weights?: VectorInput): number {
  const { yTrue: t, yPred: p, w } = checkPair(yTrue, yPred, weights);
  const resid = t.map((v, i) => v - p[i]);
  const varRes = weightedVariance(resid, w);
  const varTrue = weightedVariance(t, w);
  if (varTrue === 0) return varRes === 0 ? 1 : 0;
  return 1 - varRes / varTrue;
}

function weightedVariance(v: Float64Array, w: Float64Array): number {
  const mean = neumaierSum(v, w);
  return neumaierSum(v.map((x) => (x - mean) ** 2), w);
}
