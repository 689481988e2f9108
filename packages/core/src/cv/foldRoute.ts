import { DEFAULTS } from '../defaults.js';
import { isCsc } from '../matrix/CscMatrix.js';
import { chooseMode } from '../prepare/prepareProblem.js';
import type { CvData } from './CVResult.js';

/**
 * Whether the folds of this CV are fitted from the folds' sufficient statistics (`statsFoldError`
 * in foldError.ts) — and the all-rows path from their total (see `planCV`): where X is dense, the
 * all-rows problem is in covariance mode and {@link trainingStatsPay}.
 */
export function foldsFromStats(cv: Pick<CvData, 'X' | 'common'>, K: number): boolean {
  const { X, common } = cv;
  return !isCsc(X) && chooseMode(common.updateMode, X.rows, X.cols) === 'covariance' && trainingStatsPay(X.rows, X.cols, K);
}

/**
 * Whether statistics pay for the folds' training problems of a covariance-mode CV: where p ≤
 * maxGramFeatures (a requested covariance mode on wider data keeps the rows) and X is tall — n ≥
 * 32·p and at least STATS_MIN_CELLS cells — with the folds' statistics within STATS_DOUBLES; or X
 * is large ({@link LARGE_CELLS}) and n ≥ K·p.
 *
 * Warm, statistics pay on every tall shape. A first CV in a fresh process also runs the
 * statistics' code cold besides the rows' (which the all-rows path has already run), and the
 * statistics take memory the rows route does not: there tall shapes still gained and squarer or
 * smaller ones lost — so they keep their rows (README: "Measurements behind the constants").
 */
function trainingStatsPay(n: number, p: number, K: number): boolean {
  if (p > DEFAULTS.maxGramFeatures) return false;
  if (n * p >= STATS_MIN_CELLS && n >= 32 * p && K * (p + 2) ** 2 <= STATS_DOUBLES) return true;
  return n * p >= LARGE_CELLS && n >= K * p;
}

/**
 * From this many cells of X (and n ≥ K·p: the K folds' p² statistics no larger than X), folds are
 * fitted from statistics whatever the folds' statistics take (up to X's size again, and as much
 * for the accumulator while they are made). There the rows route makes the all-rows Gram lazily
 * and each fold's held-out part of it (two Grams' worth of products) plus a copy of the training
 * rows per fold, while the statistics are one blocked pass (one Gram's worth): up to a quarter
 * less time at more memory; below it the same time or more (README: "Measurements behind the
 * constants").
 */
const LARGE_CELLS = 2 ** 22;

/** Fewest cells of X for which folds are fitted from statistics (2^18: 100,000 × 20, 5000 × 100; not 1000 × 100). */
const STATS_MIN_CELLS = 2 ** 18;

/**
 * Most doubles the K folds' statistics may take, (p + 2)² each (8 MiB: 10 folds up to p = 321).
 * While they are made the accumulator's shifted sums take as much again, beside its row blocks
 * (≤ 32 MiB). At 2^23 a 10-fold CV of 1100 × 900 had peaked at 311 MB against 162 MB with the
 * rows, for 5–8 % less time; leave-one-out on p = 1000 would have wanted 8 GB per 1000 rows.
 */
const STATS_DOUBLES = 2 ** 20;
