import { elasticNetCV, enetPath } from '@lassokit/core';
import { buildDesign, loadAutoMpg, trainModel, type Design } from '@lassokit/data';
import { tableFromBody, type DataBody } from './tableFromBody.js';

/** What to model: shared by every job. */
export interface DataSpec {
  readonly data: DataBody;
  readonly target: string;
  readonly features?: readonly string[];
  readonly categorical?: readonly string[];
  readonly missing?: 'error' | 'drop' | 'mean' | 'median';
  readonly l1Ratio?: number;
  readonly standardize?: boolean;
  readonly fitIntercept?: boolean;
  readonly positive?: boolean;
}

export type Job =
  | ({ readonly kind: 'fit'; readonly alpha?: number; readonly cv?: { folds?: number; seed?: number; select?: 'min' | '1se' }; readonly name?: string } & DataSpec)
  | ({ readonly kind: 'path'; readonly nAlphas?: number; readonly eps?: number; readonly alphas?: readonly number[] } & DataSpec)
  | ({ readonly kind: 'cv'; readonly folds?: number; readonly seed?: number; readonly l1Ratios?: readonly number[]; readonly loss?: 'mse' | 'mae' } & DataSpec)
  | { readonly kind: 'builtin-auto-mpg' };

/** A job's outcome, structured so it crosses a worker boundary intact. */
export type JobResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: { readonly name: string; readonly code?: string; readonly message: string; readonly location?: unknown } };

/** Runs one job to completion (in a worker thread in the server; directly in tests). */
export function runJob(job: Job, maxCells: number): JobResult {
  try {
    return { ok: true, value: execute(job, maxCells) };
  } catch (e) {
    const err = e as Error & { code?: string; location?: unknown };
    return { ok: false, error: { name: err.name, code: err.code, message: err.message, location: err.location } };
  }
}

function execute(job: Job, maxCells: number): unknown {
  if (job.kind === 'builtin-auto-mpg') return builtinAutoMpg();
  const design = designOf(job, maxCells);
  const common = { l1Ratio: job.l1Ratio ?? 1, fitIntercept: job.fitIntercept ?? true, standardize: job.standardize ?? true, positive: job.positive ?? false };
  const { X, y, featureNames } = design;
  switch (job.kind) {
    case 'fit':
      return trainModel(design, { ...common, alpha: job.alpha, cv: { nFolds: job.cv?.folds, seed: job.cv?.seed, select: job.cv?.select }, source: 'request body', name: job.name }).model;
    case 'path': {
      const path = enetPath(X, y, { ...common, nAlphas: job.nAlphas, eps: job.eps, alphas: job.alphas ? [...job.alphas] : undefined });
      return { featureNames, alphas: Array.from(path.alphas), coef: path.coef.map((c) => Array.from(c)), intercept: Array.from(path.intercept), df: Array.from(path.df), alphaMax: path.alphaMax, converged: path.converged };
    }
    case 'cv': {
      const cv = elasticNetCV(X, y, { ...common, l1Ratios: job.l1Ratios ? [...job.l1Ratios] : [common.l1Ratio], nFolds: job.folds, seed: job.seed, loss: job.loss });
      return {
        featureNames,
        l1Ratio: cv.l1Ratio,
        alphas: Array.from(cv.alphas),
        cvMean: Array.from(cv.cvMean),
        cvSe: Array.from(cv.cvSe),
        alphaMin: cv.alphaMin,
        alpha1se: cv.alpha1se,
        loss: cv.loss,
        nFolds: cv.nFolds,
        df: Array.from(cv.path.df),
      };
    }
  }
}

function designOf(spec: DataSpec, maxCells: number): Design {
  const table = tableFromBody(spec.data, maxCells);
  return buildDesign(table, { target: spec.target, features: spec.features, categorical: spec.categorical, missing: spec.missing });
}

/** The built-in model: the study's cleaned Auto-MPG data, Lasso with 10-fold CV. */
function builtinAutoMpg(): unknown {
  return trainModel(loadAutoMpg(), { cv: { nFolds: 10, seed: 0 }, source: 'auto-mpg.data (bundled)', name: 'Auto-MPG (built in)' }).model;
}
