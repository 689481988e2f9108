import type { FitResult } from '../fit/FitResult.js';
import type { PathResult } from '../path/enetPath.js';
import type { CvCurve, CvData, CvPlan, CVResult, FoldScores } from './CVResult.js';
import { cvSummary } from './cvSummary.js';

/** What assembling a CV result reads of its plan (a CvPlan, or CV from sufficient statistics). */
export type CvAssembly = Pick<CvPlan, 'l1Ratios' | 'select' | 'ids' | 'average'> & { readonly folds: readonly { readonly weight: number }[]; readonly data: Pick<CvData, 'loss'> };

/** Puts per-l1Ratio paths and their folds' scores together into the result. */
export function assembleCV(plan: CvAssembly, runs: readonly { path: PathResult; folds: readonly FoldScores[] }[]): CVResult {
  const curves = runs.map(({ path, folds }, r): CvCurve => {
    const foldErrors = folds.map((f) => f.errors);
    // glmnet weights each fold's error by its held-out weight; scikit-learn takes the plain mean.
    const summary = cvSummary(foldErrors, plan.folds.map((f) => (plan.average === 'weighted' ? f.weight : 1)));
    return {
      l1Ratio: plan.l1Ratios[r],
      alphas: path.alphas,
      cvMean: summary.cvMean,
      cvSe: summary.cvSe,
      foldErrors,
      foldConverged: folds.map((f) => f.converged),
      alphaMin: path.alphas[summary.indexMin],
      alpha1se: path.alphas[summary.index1se],
      indexMin: summary.indexMin,
      index1se: summary.index1se,
    };
  });
  let best = 0;
  curves.forEach((c, i) => {
    if (c.cvMean[c.indexMin] < curves[best].cvMean[curves[best].indexMin]) best = i;
  });
  const curve = curves[best];
  const { path } = runs[best];
  const k = plan.select === 'min' ? curve.indexMin : curve.index1se;
  const model: FitResult = {
    // A copy: the path's arrays are views of shared blocks, which a model kept alone would hold.
    coef: path.coef[k].slice(),
    intercept: path.intercept[k],
    alpha: path.alphas[k],
    l1Ratio: curve.l1Ratio,
    dualGap: path.dualGap[k],
    nIter: path.nIter[k],
    converged: path.converged[k],
  };
  return { ...curve, loss: plan.data.loss, select: plan.select, nFolds: plan.folds.length, foldIds: plan.ids, model, path, curves };
}
