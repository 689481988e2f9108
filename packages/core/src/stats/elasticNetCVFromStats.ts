import { DEFAULTS } from '../defaults.js';
import { invalidParameter } from '../errors.js';
import { checkL1Ratio, resolveCommon } from '../prepare/checkOptions.js';
import { toVector } from '../matrix/toVector.js';
import { assembleCV } from '../cv/assembleCV.js';
import type { CVResult, ElasticNetCVOptions, FoldScores } from '../cv/CVResult.js';
import { convergedFlags } from '../cv/foldError.js';
import { pathAlphas, resolveGrid, solvePath, type PathResult } from '../path/enetPath.js';
import { checkStats } from './checkStats.js';
import { subtractStats } from './combineStats.js';
import { foldWeightError } from '../cv/foldWeightError.js';
import { mseFromStats } from './mseFromStats.js';
import { prepareStats } from './prepareStats.js';
import type { FoldedStats, SufficientStats } from './FoldedStats.js';

/** CV options for statistics: folds and weights are already in them; the loss is the MSE. */
export type StatsCVOptions = Omit<ElasticNetCVOptions, 'weights' | 'foldIds' | 'nFolds' | 'seed' | 'loss'>;

/**
 * K-fold cross-validated Elastic Net from per-fold sufficient statistics — the result
 * {@link elasticNetCV} gives on the rows with the same folds (curves equal to rounding, the same
 * alphaMin and alpha1se). Each fold's training statistics are the total minus the fold's own
 * (`subtractStats`, exact); its held-out mean squared error at (b0, β) comes from the fold's
 * statistics too:
 *
 *     Σw(y − b0 − xᵀβ)² = yty − 2βᵀxty + βᵀxtx β + W·(ȳ − b0 − x̄ᵀβ)²
 *
 * so no row is read after the one pass that made the statistics. Only the MSE can be cross-
 * validated this way (the absolute error is not a function of second moments). The result's
 * `foldIds` is empty: the rows are not known here.
 *
 * Cost: (K + 1) paths per l1Ratio, each O(p²) to prepare; O(p²) per α and fold to score.
 *
 * @example
 * const cv = elasticNetCVFromStats(sufficientStats(X, y, { foldIds: foldIds(n, 10, 0) }), { l1Ratios: [1] });
 */
export function elasticNetCVFromStats(stats: FoldedStats, opts: StatsCVOptions = {}): CVResult {
  checkStats(stats);
  const K = stats.folds.length;
  if (K < 2) invalidParameter('stats.folds', 'the statistics of at least 2 folds', `${K}`);
  // A fold of rows that all weigh 0 (its held-out error 0/0), by name rather than as stats.folds[k].sumW.
  const weightless = stats.folds.findIndex((f) => f.n >= 1 && f.sumW === 0);
  if (weightless >= 0) throw foldWeightError(weightless, { heldOutRows: stats.folds[weightless].n }, false);
  stats.folds.forEach((f, k) => checkStats(f, `stats.folds[${k}]`));
  const common = resolveCommon(opts);
  const l1Ratios = Array.from(toVector(opts.l1Ratios ?? [DEFAULTS.l1Ratio], undefined, 'l1Ratios'), (r) => checkL1Ratio(r, 'l1Ratios'));
  const select = opts.select ?? 'min';
  if (select !== 'min' && select !== '1se') invalidParameter('select', "'min' or '1se'", select);
  const average = opts.cvAverage ?? 'weighted';
  if (average !== 'weighted' && average !== 'unweighted') invalidParameter('cvAverage', "'weighted' or 'unweighted'", average);
  const full = prepareStats(stats, common, opts.penaltyFactor);
  const trains = stats.folds.map((fold) => prepareStats(subtractStats(stats, fold), common, opts.penaltyFactor));
  const total = l1Ratios.length * (K + 1);
  let done = 0;
  const tick = () => opts.onProgress?.(++done, total);
  const runs = l1Ratios.map((l1Ratio) => {
    const alphas = pathAlphas(full, resolveGrid(opts, l1Ratio, stats.n, stats.p), l1Ratio, common);
    const path = solvePath(full, alphas, l1Ratio, common);
    tick();
    const folds = stats.folds.map((fold, k) => {
      const scores = heldOutMse(fold, solvePath(trains[k], alphas, l1Ratio, common));
      tick();
      return scores;
    });
    return { path, folds };
  });
  return assembleCV({ l1Ratios, select, average, ids: new Int32Array(0), folds: stats.folds.map((f) => ({ weight: f.sumW })), data: { loss: 'mse' } }, runs);
}

/** Weighted mean squared error of each α's fit on the rows a fold's statistics describe, and where the fit converged. O(p²) per α. */
function heldOutMse(fold: SufficientStats, path: PathResult): FoldScores {
  const errors = Float64Array.from(path.alphas, (_, a) => mseFromStats(fold, { coef: path.coef[a], intercept: path.intercept[a] }));
  return { errors, converged: convergedFlags(path.converged) };
}
