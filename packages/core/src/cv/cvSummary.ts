/** Mean and standard error of the held-out error per α, and the two selected α. */
export interface CvSummary {
  readonly cvMean: Float64Array;
  readonly cvSe: Float64Array;
  readonly indexMin: number;
  readonly index1se: number;
}

/**
 * glmnet's `cvcompute`: per α, the fold errors' mean weighted by fold weight W_k and
 *
 *     se = sqrt( Σ_k W_k (e_k − mean)² / Σ_k W_k / (K − 1) )
 *
 * `indexMin` is the largest α reaching the minimum mean; `index1se` the largest α whose mean
 * is within one standard error of that minimum (glmnet `lambda.1se`). With equal fold weights
 * the mean is scikit-learn's `mse_path_.mean(axis=1)`.
 *
 * Cost: O(K·nAlphas).
 *
 * @example
 * cvSummary([Float64Array.of(3, 1), Float64Array.of(5, 1)], Float64Array.of(1, 1)).indexMin; // 1
 */
export function cvSummary(foldErrors: readonly Float64Array[], foldWeights: ArrayLike<number>): CvSummary {
  const K = foldErrors.length;
  const m = foldErrors[0].length;
  let wsum = 0;
  for (let k = 0; k < K; k++) wsum += foldWeights[k];
  const cvMean = new Float64Array(m);
  const cvSe = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    let mean = 0;
    for (let k = 0; k < K; k++) mean += foldWeights[k] * foldErrors[k][a];
    mean /= wsum;
    let v = 0;
    for (let k = 0; k < K; k++) v += foldWeights[k] * (foldErrors[k][a] - mean) ** 2;
    cvMean[a] = mean;
    cvSe[a] = Math.sqrt(v / wsum / (K - 1));
  }
  let indexMin = 0;
  for (let a = 1; a < m; a++) if (cvMean[a] < cvMean[indexMin]) indexMin = a;
  const bound = cvMean[indexMin] + cvSe[indexMin];
  let index1se = indexMin;
  for (let a = 0; a < indexMin; a++) {
    if (cvMean[a] <= bound) {
      index1se = a;
      break;
    }
  }
  return { cvMean, cvSe, indexMin, index1se };
}
