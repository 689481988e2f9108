import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { solvePath } from '../path/enetPath.js';
import { assembleCV } from './assembleCV.js';
import type { CVResult, ElasticNetCVOptions } from './CVResult.js';
import { foldError } from './foldError.js';
import { cvAlphas, planCV, releasePlan } from './planCV.js';

/**
 * K-fold cross-validated Elastic Net over an α grid and a list of l1Ratios.
 *
 * For each l1Ratio the grid comes from all rows (as glmnet and scikit-learn do); each fold's
 * training rows are centred and standardized on their own and fitted along that grid with warm
 * starts; the held-out loss (weighted mean within the fold) is summarized by {@link cvSummary}.
 * The best (l1Ratio, α) minimizes the mean; `select: '1se'` takes the largest α of that l1Ratio
 * within one standard error. glmnet `cv.glmnet`; scikit-learn `ElasticNetCV`.
 *
 * Cost: (K + 1) paths per l1Ratio.
 *
 * @example
 * const cv = elasticNetCV(X, y, { l1Ratios: [0.2, 0.5, 1], nFolds: 5, seed: 1 });
 * cv.l1Ratio; cv.alphaMin; cv.model.coef;
 */
export function elasticNetCV(X: MatrixInput, y: VectorInput, opts: ElasticNetCVOptions = {}): CVResult {
  const plan = planCV(X, y, opts);
  const total = plan.l1Ratios.length * (plan.folds.length + 1);
  let done = 0;
  const tick = () => opts.onProgress?.(++done, total);
  try {
    const runs = plan.l1Ratios.map((l1Ratio) => {
      const alphas = cvAlphas(plan, l1Ratio);
      const path = solvePath(plan.full, alphas, l1Ratio, plan.data.common);
      tick();
      const folds = plan.folds.map((_, k) => {
        const scores = foldError(plan.data, plan.folds, k, alphas, l1Ratio, plan.sharedGram, plan.foldStats);
        tick();
        return scores;
      });
      return { path, folds };
    });
    return assembleCV(plan, runs);
  } finally {
    releasePlan(plan); // the shared Gram's scratch lives there too
  }
}
