import { DEFAULTS, elasticNet, elasticNetCV, mae, predict, r2, relaxedLassoCV, rmse, trainingCV, type CVResult, type FitResult, type ModelJSON, type RelaxedCVResult } from '@lassokit/core';
import { asRelaxedModel, checkRefitBound, checkRelax, relaxedFit } from './relaxedModel.js';
import { intervalsFor } from './intervalsFor.js';
import type { SparseData } from '../sparse/SparseData.js';
import { packModel, solverOptions } from './packModel.js';
import type { TrainOptions } from './trainModel.js';

/**
 * {@link trainModel} for a sparse design read from an svmlight or Matrix Market file: the CSC matrix
 * as read, cross-validated unless `alpha` is given, packed into the same model file — without a
 * recipe (its features are the file's columns, so predictions take a sparse file of the same
 * width). Intervals (CV+ or split) and `relax` (the relaxed Lasso) work on it, X kept sparse.
 *
 * Cost: K + 1 sparse paths (cross-validation) or one, plus K for CV+.
 */
export function trainSparse(data: SparseData, opts: Omit<TrainOptions, 'weights'> & { readonly target?: string } = {}): { model: ModelJSON; fit: FitResult; cv?: CVResult; relaxed?: RelaxedCVResult } {
  const { X, y } = data;
  const common = solverOptions(opts);
  const nFolds = opts.cv?.nFolds ?? DEFAULTS.nFolds;
  const seed = opts.cv?.seed ?? DEFAULTS.seed;
  const select = opts.cv?.select ?? 'min';
  // The relaxed Lasso keeps X sparse: its refits read only the columns some support holds.
  checkRefitBound(opts.relax, opts.maxRefitFeatures);
  if (opts.relax === true) checkRelax(opts.alpha, common.l1Ratio);
  const relaxed = opts.relax === true ? (opts.cv?.relaxed ?? relaxedLassoCV(X, y, { ...common, nFolds, seed, select, maxRefitFeatures: opts.maxRefitFeatures, onProgress: opts.onProgress })) : undefined;
  const cv = opts.alpha === undefined && relaxed === undefined ? (opts.cv?.result ?? elasticNetCV(X, y, { ...common, l1Ratios: [common.l1Ratio], nFolds, seed, select, onProgress: opts.onProgress })) : undefined;
  const fit = relaxed !== undefined ? relaxedFit(relaxed) : (cv?.model ?? elasticNet(X, y, { ...common, alpha: opts.alpha }));
  const chosen = cv ?? relaxed;
  // The rows stay sparse: fold and calibration rows are selected from the CSC matrix.
  const intervals = opts.intervals === undefined ? undefined : intervalsFor(opts.intervals, X, y, { common, fit, cv, relaxed, nFolds, seed });
  const fitted = predict(fit, X);
  const model = packModel(fit, {
    featureNames: data.featureNames,
    recipe: null,
    target: opts.target ?? null,
    fitIntercept: common.fitIntercept,
    standardize: common.standardize,
    positive: common.positive,
    weighted: false,
    source: opts.source ?? 'data',
    name: opts.name,
    nSamples: X.rows,
    rowsDropped: 0,
    metrics: { r2: r2(y, fitted), rmse: rmse(y, fitted), mae: mae(y, fitted) },
    cv: chosen && trainingCV(chosen, { seed }),
    intervals,
  });
  return { model: relaxed === undefined ? model : asRelaxedModel(model, relaxed), fit, cv, relaxed };
}
