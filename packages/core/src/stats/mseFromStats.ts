import type { LinearModel } from '../model/predict.js';
import type { SufficientStats } from './FoldedStats.js';

/**
 * The weighted mean squared error of a linear model on the rows some statistics describe,
 * without the rows:
 *
 *     Σw(y − b0 − xᵀβ)² / W = (yty − 2βᵀxty + βᵀ·xtx·β) / W + (ȳ − b0 − x̄ᵀβ)²
 *
 * (the cross term vanishes: the statistics are centred). Used for held-out errors in
 * cross-validation from statistics and for training metrics of fits from a database.
 *
 * Cost: O(p·|nonzero|).
 *
 * @example
 * mseFromStats(sufficientStats(X, y), fit); // equals mse(y, predict(fit, X)) to rounding
 */
export function mseFromStats(stats: SufficientStats, model: LinearModel): number {
  const { p, xtx, xty, xMean, yMean, yty, sumW: W } = stats;
  const beta = model.coef;
  let bq = 0;
  let bMb = 0;
  let mean = yMean - model.intercept;
  for (let j = 0; j < p; j++) {
    const bj = beta[j];
    if (bj === 0) continue;
    bq += bj * xty[j];
    mean -= xMean[j] * bj;
    let row = 0;
    for (let k = 0; k < p; k++) if (beta[k] !== 0) row += xtx[j * p + k] * beta[k];
    bMb += bj * row;
  }
  return Math.max(yty - 2 * bq + bMb, 0) / W + mean * mean;
}
