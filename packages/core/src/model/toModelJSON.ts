import { LassoKitError } from '../errors.js';
import { VERSION } from '../version.js';
import type { IntervalModel } from '../intervals/IntervalModel.js';
import { MODEL_FORMAT, type ModelJSON, type ModelKind, type TrainingInfo } from './ModelJSON.js';

/** The parts of a fit a model file needs (a `FitResult` or an `OlsResult` both qualify). */
export interface FittedCoefficients {
  readonly coef: ArrayLike<number>;
  readonly intercept: number;
  readonly alpha?: number;
  readonly l1Ratio?: number;
  readonly converged?: boolean;
  readonly dualGap?: number;
  readonly nIter?: number;
}

export interface ModelMeta {
  readonly featureNames: readonly string[];
  /** Default: 'ols' when the fit has no alpha, 'lasso' when l1Ratio = 1, else 'elasticNet'. */
  readonly kind?: ModelKind;
  readonly fitIntercept?: boolean;
  readonly standardize?: boolean;
  readonly recipe?: unknown;
  readonly training?: TrainingInfo;
  /** Interval data from `cvPlus` or `splitConformal`, stored so every front end gives the same intervals. */
  readonly intervals?: IntervalModel;
  /** Fixed timestamp (for reproducible files); default now. */
  readonly createdAt?: string;
}

/**
 * Packs a fit into the versioned model JSON (see {@link ModelJSON}); convergence diagnostics
 * are copied into `training`.
 *
 * Cost: O(p).
 *
 * @example
 * const json = toModelJSON(lasso(X, y, { alpha: 0.1 }), { featureNames: ['weight', 'age'] });
 * JSON.stringify(json);
 */
export function toModelJSON(fit: FittedCoefficients, meta: ModelMeta): ModelJSON {
  const coef = Array.from(fit.coef);
  if (meta.featureNames.length !== coef.length) {
    throw new LassoKitError(
      'DIMENSION_MISMATCH',
      `featureNames has ${meta.featureNames.length} names; the fit has ${coef.length} coefficients`,
      { parameter: 'featureNames' },
    );
  }
  const kind = meta.kind ?? (fit.alpha === undefined ? 'ols' : fit.l1Ratio === 1 ? 'lasso' : 'elasticNet');
  const diagnostics: TrainingInfo = {
    ...(fit.converged !== undefined ? { converged: fit.converged } : {}),
    // Infinity (no dual point bounded the fit) has no JSON number: left out, beside converged false.
    ...(fit.dualGap !== undefined && Number.isFinite(fit.dualGap) ? { dualGap: fit.dualGap } : {}),
    ...(fit.nIter !== undefined ? { nIter: fit.nIter } : {}),
  };
  return {
    format: MODEL_FORMAT,
    schemaVersion: meta.intervals !== undefined || kind === 'relaxedLasso' ? 2 : 1,
    library: { name: '@lassokit/core', version: VERSION },
    kind,
    featureNames: [...meta.featureNames],
    coef,
    intercept: fit.intercept,
    alpha: fit.alpha ?? null,
    l1Ratio: fit.l1Ratio ?? null,
    preprocessing: {
      fitIntercept: meta.fitIntercept ?? true,
      standardize: meta.standardize ?? true,
      recipe: meta.recipe ?? null,
    },
    training: { ...diagnostics, ...meta.training },
    ...(meta.intervals !== undefined ? { intervals: meta.intervals } : {}),
    createdAt: meta.createdAt ?? new Date().toISOString(),
  };
}
