import type { VectorInput } from '../matrix/DenseMatrix.js';
import { toVector } from '../matrix/toVector.js';
import { LassoKitError, describeValue } from '../errors.js';

/** Validated (yTrue, yPred, normalized weights) for the metrics; weights sum to 1. */
export interface MetricInput {
  readonly yTrue: Float64Array;
  readonly yPred: Float64Array;
  readonly w: Float64Array;
}

/**
 * Shared input policy of every metric: equal, non-zero lengths; finite values; weights ≥ 0
 * and not all zero (normalized to sum to 1).
 */
export function checkPair(yTrue: VectorInput, yPred: VectorInput, weights?: VectorInput): MetricInput {
  const t = toVector(yTrue, undefined, 'yTrue');
  const p = toVector(yPred, t.length, 'yPred');
  const n = t.length;
  if (weights === undefined) return { yTrue: t, yPred: p, w: new Float64Array(n).fill(1 / n) };
  const w = toVector(weights, n, 'weights');
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (w[i] < 0) {
      throw new LassoKitError('INVALID_WEIGHTS', `weights must be ≥ 0; got ${describeValue(w[i])} at index ${i}`, {
        parameter: 'weights',
        index: i,
      });
    }
    total += w[i];
  }
  if (!(total > 0)) throw new LassoKitError('INVALID_WEIGHTS', 'weights must not all be zero', { parameter: 'weights' });
  for (let i = 0; i < n; i++) w[i] /= total;
  return { yTrue: t, yPred: p, w };
}
