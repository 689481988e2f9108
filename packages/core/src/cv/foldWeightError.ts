import { LassoKitError } from '../errors.js';

/**
 * The error of a cross-validation fold without weight on one side — its held-out rows (whose
 * error is then 0/0) or its training rows (all the weight in the fold) — named by fold. The
 * remedy is in no front end's vocabulary (nFolds, --cv, cv.folds): each passes it on as it is.
 * `labelled`: the caller gave the folds' labels (else they were drawn, or are not known).
 */
export function foldWeightError(fold: number, side: { heldOutRows: number } | 'training', labelled: boolean): LassoKitError {
  const problem =
    side === 'training'
      ? `fold ${fold} holds every row of positive weight, so its training rows all weigh 0 and leave nothing to fit`
      : `${side.heldOutRows === 1 ? 'the held-out row' : `the ${side.heldOutRows} held-out rows`} of fold ${fold} ${side.heldOutRows === 1 ? 'has' : 'all have'} weight 0, so its held-out error is undefined (0/0)`;
  const remedy = labelled ? 'label the folds otherwise' : 'choose the folds otherwise (fewer of them, another seed, or labels of your own)';
  return new LassoKitError('INVALID_WEIGHTS', `${problem}: cross-validation needs weight in every fold and outside it — ${remedy}`, { parameter: 'weights', fold });
}
