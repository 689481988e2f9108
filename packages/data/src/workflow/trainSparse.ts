import { DEFAULTS, LassoKitError, cvPlus, elasticNet, elasticNetCV, foldIds, mae, predict, r2, rmse, trainingCV, type CVResult, type FitResult, type ModelJSON } from '@lassokit/core';
import type { SparseData } from '../sparse/SparseData.js';
import { packModel, solverOptions } from './packModel.js';
import type { TrainOptions } from './trainModel.js';

/**
 * {@link trainModel} for a sparse design read from an svmlight or Matrix Market file: the CSC matrix
 * as read, cross-validated unless `alpha` is given, packed into the same model file — without a
 * recipe (its features are the file's columns, so predictions take a sparse file of the same
 * width). CV+ intervals work on it; split intervals and `relax` need dense rows and are refused.
 *
 * Cost: K + 1 sparse paths (cross-validation) or one, plus K for CV+.
 */
export function trainSparse(data: SparseData, opts: Omit<TrainOptions, 'weights'> & { readonly target?: string } = {}): { model: ModelJSON; fit: FitResult; cv?: CVResult } {
  if (opts.relax === true) throw new LassoKitError('INVALID_PARAMETER', 'relax refits least squares on dense columns: not available for sparse designs', { parameter: 'relax' });
  if (opts.intervals === 'split') throw new LassoKitError('INVALID_PARAMETER', "split intervals are not available for sparse designs; use intervals 'cv+'", { parameter: 'intervals' });
  const { X, y } = data;
  const common = solverOptions(opts);
  const nFolds = opts.cv?.nFolds ?? DEFAULTS.nFolds;
  const seed = opts.cv?.seed ?? DEFAULTS.seed;
  const cv = opts.alpha === undefined ? (opts.cv?.result ?? elasticNetCV(X, y, { ...common, l1Ratios: [common.l1Ratio], nFolds, seed, select: opts.cv?.select ?? 'min', onProgress: opts.onProgress })) : undefined;
  const fit = cv?.model ?? elasticNet(X, y, { ...common, alpha: opts.alpha });
  const intervals = opts.intervals === 'cv+' ? cvPlus(X, y, cv ?? { foldIds: foldIds(X.rows, nFolds, seed), alphas: Float64Array.of(fit.alpha), l1Ratio: fit.l1Ratio, model: fit }, common) : undefined;
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
    cv: cv && trainingCV(cv, { seed }),
    intervals,
  });
  return { model, fit, cv };
}
