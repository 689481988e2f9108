import { DEFAULTS } from '../defaults.js';
import { checkAlpha, checkL1Ratio, resolveCommon } from '../prepare/checkOptions.js';
import type { FitResult } from '../fit/FitResult.js';
import type { FitOptions } from '../prepare/options.js';
import { solvePath } from '../path/enetPath.js';
import { checkStats } from './checkStats.js';
import { prepareStats } from './prepareStats.js';
import type { SufficientStats } from './FoldedStats.js';

/**
 * The Elastic Net at one α from sufficient statistics: the fit {@link elasticNet} computes from
 * the rows, through a Gram problem (see {@link enetPathFromStats}).
 *
 * Cost: O(p²) preparation plus coordinate passes of O(p) per update.
 *
 * @example
 * const fit = elasticNetFromStats(sufficientStats(X, y), { alpha: 0.1, l1Ratio: 0.5 });
 */
export function elasticNetFromStats(stats: SufficientStats, opts: Omit<FitOptions, 'weights'> = {}): FitResult {
  checkStats(stats);
  const alpha = checkAlpha(opts.alpha ?? DEFAULTS.alpha);
  const l1Ratio = checkL1Ratio(opts.l1Ratio ?? DEFAULTS.l1Ratio);
  const common = resolveCommon(opts);
  const path = solvePath(prepareStats(stats, common, opts.penaltyFactor), Float64Array.of(alpha), l1Ratio, common);
  return { coef: path.coef[0], intercept: path.intercept[0], alpha, l1Ratio, dualGap: path.dualGap[0], nIter: path.nIter[0], converged: path.converged[0] };
}
