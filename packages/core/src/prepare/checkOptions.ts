import { DEFAULTS } from '../defaults.js';
import { invalidParameter } from '../errors.js';
import type { CommonOptions } from './options.js';

/** Common options resolved to concrete values. */
export interface ResolvedCommon {
  readonly fitIntercept: boolean;
  readonly standardize: boolean;
  readonly positive: boolean;
  readonly tol: number;
  readonly maxIter: number;
  readonly updateMode: 'auto' | 'naive' | 'covariance';
  readonly screening: boolean;
  readonly acceleration: boolean;
  readonly alphaKernel: boolean;
}

/**
 * Validates and defaults the options every fit shares. Errors name the option,
 * the allowed range and what was received.
 *
 * @example
 * resolveCommon({ tol: 0 }); // throws "tol must be a finite number > 0; got 0"
 */
export function resolveCommon(opts: CommonOptions): ResolvedCommon {
  const tol = opts.tol ?? DEFAULTS.tol;
  if (typeof tol !== 'number' || !(tol > 0) || !Number.isFinite(tol)) invalidParameter('tol', 'a finite number > 0', tol);
  const maxIter = opts.maxIter ?? DEFAULTS.maxIter;
  if (!Number.isInteger(maxIter) || maxIter < 1) invalidParameter('maxIter', 'an integer ≥ 1', maxIter);
  const updateMode = opts.updateMode ?? 'auto';
  if (!['auto', 'naive', 'covariance'].includes(updateMode)) {
    invalidParameter('updateMode', "one of 'auto', 'naive', 'covariance'", updateMode);
  }
  return {
    fitIntercept: bool(opts.fitIntercept, DEFAULTS.fitIntercept, 'fitIntercept'),
    standardize: bool(opts.standardize, DEFAULTS.standardize, 'standardize'),
    positive: bool(opts.positive, DEFAULTS.positive, 'positive'),
    screening: bool(opts.screening, true, 'screening'),
    acceleration: bool(opts.acceleration, true, 'acceleration'),
    alphaKernel: bool(opts.alphaKernel, true, 'alphaKernel'),
    tol,
    maxIter,
    updateMode,
  };
}

/** α must be a finite number ≥ 0. */
export function checkAlpha(alpha: unknown, name = 'alpha'): number {
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha < 0) invalidParameter(name, 'a finite number ≥ 0', alpha);
  return alpha;
}

/** l1Ratio must be in [0, 1]. */
export function checkL1Ratio(l1Ratio: unknown, name = 'l1Ratio'): number {
  if (typeof l1Ratio !== 'number' || !(l1Ratio >= 0 && l1Ratio <= 1)) invalidParameter(name, 'in [0, 1]', l1Ratio);
  return l1Ratio;
}

function bool(value: unknown, fallback: boolean, name: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') invalidParameter(name, 'true or false', value);
  return value;
}
