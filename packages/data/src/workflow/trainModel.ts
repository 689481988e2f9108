import { DEFAULTS, elasticNet, elasticNetCV, mae, predict, r2, rmse, type CVResult, type FitResult, type ModelJSON } from '@lassokit/core';
import type { Design } from '../recipe/fitRecipe.js';
import { packModel, solverOptions } from './packModel.js';

export interface TrainOptions {
  /** Penalty level; when absent, α is chosen by cross-validation. */
  readonly alpha?: number;
  /**
   * Cross-validation settings (default 10 folds, seed 0, the minimum). `result`: a CV already run
   * on this design by the caller (e.g. with folds in worker threads); its choice is used instead
   * of running one here, and recorded the same way.
   */
  readonly cv?: { readonly nFolds?: number; readonly seed?: number; readonly select?: 'min' | '1se'; readonly result?: CVResult };
  readonly l1Ratio?: number;
  readonly standardize?: boolean;
  readonly fitIntercept?: boolean;
  readonly positive?: boolean;
  /** Relative duality-gap tolerance (core's DEFAULTS.tol). */
  readonly tol?: number;
  /** Coordinate passes per α (core's DEFAULTS.maxIter). */
  readonly maxIter?: number;
  readonly weights?: Float64Array;
  /** Where the data came from (a file name, "stdin", "request body"). */
  readonly source?: string;
  /** A name to store with the model. */
  readonly name?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface Trained {
  /** The model file: coefficients, the fitted recipe, options and training metrics. */
  readonly model: ModelJSON;
  readonly fit: FitResult;
  readonly cv?: CVResult;
}

/**
 * Fits a design — at a given α, or cross-validated — and packs the result into the model JSON
 * that the CLI, the API and the web demo all read: coefficients by feature name, the fitted
 * recipe (so raw inputs can be transformed at predict time), the options, and training metrics.
 *
 * Cost: one path (given α) or K + 1 paths (cross-validation).
 *
 * @example
 * const { model } = trainModel(loadAutoMpg(), { cv: { nFolds: 10 } });
 */
export function trainModel(design: Design, opts: TrainOptions = {}): Trained {
  const { X, y, featureNames, recipe, report } = design;
  const common = { ...solverOptions(opts), weights: opts.weights };
  const { l1Ratio } = common;
  let fit: FitResult;
  let cv: CVResult | undefined;
  if (opts.alpha !== undefined) {
    fit = elasticNet(X, y, { ...common, alpha: opts.alpha });
  } else {
    const seed = opts.cv?.seed ?? DEFAULTS.seed;
    cv = opts.cv?.result ?? elasticNetCV(X, y, { ...common, l1Ratios: [l1Ratio], nFolds: opts.cv?.nFolds ?? DEFAULTS.nFolds, seed, select: opts.cv?.select ?? 'min', onProgress: opts.onProgress });
    fit = cv.model;
  }
  const fitted = predict(fit, X);
  const model = packModel(fit, {
    featureNames,
    recipe,
    fitIntercept: common.fitIntercept,
    standardize: common.standardize,
    positive: common.positive,
    weighted: opts.weights !== undefined,
    source: opts.source ?? 'data',
    name: opts.name,
    nSamples: X.rows,
    rowsDropped: report.rowsIn - report.rowsOut,
    metrics: { r2: r2(y, fitted, opts.weights), rmse: rmse(y, fitted, opts.weights), mae: mae(y, fitted, opts.weights) },
    cv: cv && { nFolds: cv.nFolds, seed: opts.cv?.seed ?? DEFAULTS.seed, select: cv.select, loss: cv.loss, alphaMin: cv.alphaMin, alpha1se: cv.alpha1se },
  });
  return { model, fit, cv };
}
