import { chosenError } from '../cv/chosenError.js';
import type { CVResult } from '../cv/CVResult.js';
import type { RelaxedCVResult } from '../relaxed/relaxedLassoCV.js';
import type { TrainingCV } from './ModelJSON.js';

/**
 * What a model file records of the cross-validation that chose its α (`training.cv`): the folds
 * (`folds`: the seed that drew them, or how they were assigned), the rule, the loss, both α's and
 * the held-out error at the chosen one ({@link chosenError}). One record for every trainer.
 *
 * @example
 * trainingCV(lassoCV(X, y, { seed: 1 }), { seed: 1 }); // { nFolds: 10, seed: 1, select: 'min', loss: 'mse', alphaMin: …, alpha1se: …, error: { mean: …, se: … } }
 */
export function trainingCV(cv: CVResult | RelaxedCVResult, folds: { readonly seed?: number } | { readonly foldsBy: string }): TrainingCV {
  return { nFolds: cv.nFolds, ...folds, select: cv.select, loss: cv.loss, alphaMin: cv.alphaMin, alpha1se: cv.alpha1se, error: chosenError(cv) };
}
