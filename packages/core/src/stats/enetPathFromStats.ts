import { DEFAULTS } from '../defaults.js';
import { checkL1Ratio, resolveCommon } from '../prepare/checkOptions.js';
import type { PathOptions } from '../prepare/options.js';
import { resolveGrid, solvePath, type PathResult } from '../path/enetPath.js';
import { checkStats } from './checkStats.js';
import { prepareStats } from './prepareStats.js';
import type { SufficientStats } from './FoldedStats.js';

/** Path options for statistics: weights are already in the statistics. */
export type StatsPathOptions = Omit<PathOptions, 'weights'>;

/**
 * The Elastic Net path from sufficient statistics — the same path {@link enetPath} computes from
 * the rows (objective equal to rounding; same grid rules, warm starts, screening and stopping),
 * through a Gram problem that never needs X. For data larger than memory or spread over machines:
 * compute the statistics where the data are (one pass), then fit here.
 *
 * Cost: O(p²) preparation, then per α O(p·|active|) per check (the Gram is complete).
 *
 * @example
 * const path = enetPathFromStats(sufficientStats(X, y), { l1Ratio: 1, nAlphas: 50 });
 */
export function enetPathFromStats(stats: SufficientStats, opts: StatsPathOptions = {}): PathResult {
  checkStats(stats);
  const l1Ratio = checkL1Ratio(opts.l1Ratio ?? DEFAULTS.l1Ratio);
  const common = resolveCommon(opts);
  const prepared = prepareStats(stats, common, opts.penaltyFactor);
  return solvePath(prepared, resolveGrid(opts, l1Ratio, stats.n, stats.p), l1Ratio, common, { onProgress: opts.onProgress });
}
