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
 * Measured (10-fold CV): warm, alternating in one process, 100,000 × 20 230 → 53 ms, 20,000 × 50
 * 134 → 46, 5000 × 100 148 → 124, 10,000 × 300 1116 → 833. A first CV in a fresh process also runs
 * the statistics' code cold besides the rows' (which the all-rows path has already run), and the
 * statistics take memory the rows route does not: alternating fresh processes, 100,000 × 20 went
 * 450–526 → 198–293 ms (peak RSS 140 → 107 MB: no training copies), 10,000 × 300 1070–1260 →
 * 917–1040 ms (+12 MB), but 6000 × 300 (n = 20·p) 924–1270 → 976–1261 ms (+25 MB), 3000 × 250
 * 558–606 → 641–657 ms, 1100 × 320 677–891 → 829–1088 ms, 200 × 50 191–259 → 233–317 ms — so
 * squarer and smaller problems keep their rows.
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
 * rows per fold, while the statistics are one blocked pass (one Gram's worth). 10-fold CV, warm,
 * second of two runs (rows → statistics): 10,000 × 1,000 Lasso 6.2 → 4.6 s and Elastic Net 4.6 →
 * 3.5 s (peak RSS 400 → 630 MB; 559 MB since each fold's Gram is written over its sums),
 * 20,000 × 600 3.06 → 2.26 s, 5000 × 500 0.93 → 0.85 s; below it the same or slower
 * (3000 × 1,000 3.37 against 3.38 s, +220 MB).
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
