import type { VectorInput } from '../matrix/DenseMatrix.js';
import { neumaierSum } from '../math/neumaierSum.js';
import { checkPair } from './checkPair.js';

/**
 * Coefficient of determination, 1 − Σ w (y − ŷ)² / Σ w (y − ȳ_w)². Can be negative.
 * When y is constant the ratio is undefined: the result is 1 for a perfect prediction and 0
 * otherwise (scikit-learn's `force_finite` policy), never NaN. scikit-learn `r2_score`.
 *
 * Cost: O(n).
 *
 * @example
 * r2([1, 2, 3], [1, 2, 3]); // 1
 */
export function r2(yTrue: VectorInput, yPred: VectorInput, weights?: VectorInput): number {
  const { yTrue: t, yPred: p, w } = checkPair(yTrue, yPred, weights);
  const mean = neumaierSum(t, w);
  const ssRes = neumaierSum(t.map((v, i) => (v - p[i]) ** 2), w);
  const ssTot = neumaierSum(t.map((v) => (v - mean) ** 2), w);
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}
