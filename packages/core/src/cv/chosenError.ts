import type { RelaxedCVResult } from '../relaxed/relaxedLassoCV.js';
import type { CVResult } from './CVResult.js';

/**
 * The held-out error at the α cross-validation chose (its `select` rule; for the relaxed Lasso,
 * at the chosen (α, γ)): the mean over the folds of the CV's loss and its standard error — the
 * estimate of a new row's error that a model file keeps beside its training scores.
 *
 * @example
 * chosenError(lassoCV(X, y)); // { mean: 11.2, se: 0.8 }
 */
export function chosenError(cv: CVResult | RelaxedCVResult): { mean: number; se: number } {
  const oneSe = cv.select === '1se';
  const at = oneSe ? cv.index1se : cv.indexMin;
  if ('gammas' in cv) {
    const g = cv.gammas.indexOf(oneSe ? cv.gamma1se : cv.gammaMin);
    return { mean: cv.cvMean[g][at], se: cv.cvSe[g][at] };
  }
  return { mean: cv.cvMean[at], se: cv.cvSe[at] };
}
