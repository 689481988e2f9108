import { mae } from '../metrics/mae.js';
import { mse } from '../metrics/mse.js';
import { predict } from '../model/predict.js';
import { selectRows } from '../matrix/selectRows.js';
import { prepareProblem } from '../prepare/prepareProblem.js';
import { solvePath } from '../path/enetPath.js';
import type { CvData, Fold } from './CVResult.js';
import { foldGram, type SharedGram } from './sharedGram.js';

/**
 * Held-out error of one fold along the α grid: fit on the training rows (their own centring and
 * scaling; in covariance mode with a Gram derived from the shared all-rows one), then score the
 * held-out rows with `predict` and the loss's metric (weighted mean within the fold). Shared by
 * `elasticNetCV` and the worker threads of `elasticNetCVParallel`, so both give the same numbers.
 *
 * Cost: one path on the training rows, then O(n_test·|nonzero|) per α.
 */
export function foldError(cv: CvData, fold: Fold, alphas: Float64Array, l1Ratio: number, shared?: SharedGram): Float64Array {
  const { X, y, weights, common, loss } = cv;
  const Xtr = selectRows(X, fold.train);
  const ytr = Float64Array.from(fold.train, (i) => y[i]);
  const wtr = cv.weighted ? Float64Array.from(fold.train, (i) => weights[i]) : undefined;
  const own = prepareProblem(Xtr, ytr, common, wtr, cv.penaltyFactor, 1);
  const gram = shared !== undefined && own.mode === 'covariance' ? foldGram(shared, own, fold) : undefined;
  const prepared = gram === undefined ? own : { ...own, kernel: { ...own.kernel, gram } };
  try {
    const path = solvePath(prepared, alphas, l1Ratio, common);
    // A fold whose held-out rows all weigh 0 has no error to measure.
    if (!(fold.weight > 0)) return new Float64Array(alphas.length).fill(NaN);
    const Xte = selectRows(X, fold.test);
    const yte = Float64Array.from(fold.test, (i) => y[i]);
    const wte = Float64Array.from(fold.test, (i) => weights[i]);
    const metric = loss === 'mse' ? mse : mae;
    return Float64Array.from(alphas, (_, a) => metric(yte, predict({ coef: path.coef[a], intercept: path.intercept[a] }, Xte), wte));
  } finally {
    own.kernel.workspace?.release();
    gram?.release();
  }
}
