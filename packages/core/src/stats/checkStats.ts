import { LassoKitError } from '../errors.js';
import type { SufficientStats } from './FoldedStats.js';

/**
 * Shape and sanity of statistics handed in by a caller (perhaps computed by a database): sizes
 * that fit p, finite numbers, W > 0, a non-negative diagonal. Each problem names the field.
 *
 * Cost: O(p²).
 */
export function checkStats(stats: SufficientStats, name = 'stats'): void {
  const { n, p, sumW, xMean, xtx, xty } = stats;
  const fail = (what: string) => {
    throw new LassoKitError('INVALID_PARAMETER', `${name}.${what}`, { parameter: name });
  };
  if (!Number.isInteger(p) || p < 1) fail(`p must be an integer ≥ 1; got ${p}`);
  if (!(n >= 1)) fail(`n must be ≥ 1; got ${n}`);
  if (!(sumW > 0) || !Number.isFinite(sumW)) fail(`sumW must be a finite number > 0; got ${sumW}`);
  if (xMean.length !== p) fail(`xMean has length ${xMean.length}; expected ${p}`);
  if (xty.length !== p) fail(`xty has length ${xty.length}; expected ${p}`);
  if (xtx.length !== p * p) fail(`xtx has length ${xtx.length}; expected ${p * p} (p², row-major)`);
  for (const [field, values] of [['xMean', xMean], ['xty', xty], ['xtx', xtx]] as const) {
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) fail(`${field}[${i}] must be finite; got ${values[i]}`);
  }
  if (!Number.isFinite(stats.yMean) || !Number.isFinite(stats.yty)) fail('yMean and yty must be finite');
  for (let j = 0; j < p; j++) if (xtx[j * p + j] < -1e-12 * Math.abs(sumW)) fail(`xtx[${j}][${j}] must be ≥ 0 (a sum of squares); got ${xtx[j * p + j]}`);
}
