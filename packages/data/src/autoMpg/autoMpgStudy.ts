import { lasso, ols, selectRows, type DenseMatrix } from '@lassokit/core';
import type { Design } from '../recipe/fitRecipe.js';
import { trainTestSplit, type Split } from '../split/trainTestSplit.js';
import { scoreSplit, type SplitMetrics } from '../workflow/evaluateSplits.js';

/**
 * The Auto-MPG study as it was published: a 70/30 split of the 392 cleaned cars by numpy's
 * `permutation` with seed 42 (274 to train, 118 to test), a Lasso at α = 1/n_train fitted by
 * subgradient descent, and the figures it printed. The CLI demo and the web Explore page both
 * read it from here.
 */
export const STUDY = Object.freeze({
  splitSeed: 42,
  trainFraction: 0.7,
  published: Object.freeze({ trainR2: 0.8451, testR2: 0.8998, testMse: 5.6787, testMae: 1.8577 }),
});

/** The study's split of a design and everything fitted on it. */
export interface StudySplit {
  readonly split: Split;
  /** The study's penalty, α = 1/n_train (1/274 on the cleaned data). */
  readonly alpha: number;
  readonly Xtrain: DenseMatrix;
  readonly ytrain: Float64Array;
  readonly Xtest: DenseMatrix;
  readonly ytest: Float64Array;
}

/**
 * The study's split of the cleaned Auto-MPG design (numpy-compatible, seed 42) and its penalty.
 *
 * Cost: O(n·p).
 *
 * @example
 * const { alpha, Xtrain, ytrain } = studySplit(loadAutoMpg()); // alpha = 1/274
 */
export function studySplit(design: Pick<Design, 'X' | 'y'>): StudySplit {
  const { X, y } = design;
  const split = trainTestSplit(X.rows, { seed: STUDY.splitSeed, trainFraction: STUDY.trainFraction });
  return {
    split,
    alpha: 1 / split.train.length,
    Xtrain: selectRows(X, split.train),
    ytrain: Float64Array.from(split.train, (i) => y[i]),
    Xtest: selectRows(X, split.test),
    ytest: Float64Array.from(split.test, (i) => y[i]),
  };
}

/**
 * The study's table redone exactly: the Lasso at the study's α and OLS on the study's split,
 * beside what was published.
 *
 * Cost: two fits on 274 × p.
 */
export function studyTable(design: Pick<Design, 'X' | 'y'>): { readonly published: typeof STUDY.published; readonly lasso: SplitMetrics; readonly ols: SplitMetrics; readonly alpha: number } {
  const { split, alpha } = studySplit(design);
  const { X, y } = design;
  return { published: STUDY.published, lasso: scoreSplit(X, y, split, (a, b) => lasso(a, b, { alpha })), ols: scoreSplit(X, y, split, (a, b) => ols(a, b)), alpha };
}

/**
 * What one split's test R² says next to repeated random splits — the sentence a report shows,
 * computed from the numbers: how many standard deviations of the split-to-split spread it lies
 * from their mean, and a word for that (lucky, typical, unlucky).
 *
 * @example
 * splitVerdict(0.8998, { mean: 0.846, sd: 0.023 }, 50);
 * // 'the published test R² 0.8998 is 2.3 standard deviations above the mean of 50 random 70/30 splits (0.846 ± 0.023): a lucky split'
 */
export function splitVerdict(testR2: number, repeated: { readonly mean: number; readonly sd: number }, splits: number): string {
  const z = repeated.sd > 0 ? (testR2 - repeated.mean) / repeated.sd : 0;
  const where = Math.abs(z) < 0.05 ? 'at the mean' : `${Math.abs(z).toFixed(1)} standard deviation${Math.abs(z).toFixed(1) === '1.0' ? '' : 's'} ${z > 0 ? 'above' : 'below'} the mean`;
  const word = z > 2 ? 'a lucky split' : z > 1 ? 'a better split than most' : z < -2 ? 'an unlucky split' : z < -1 ? 'a worse split than most' : 'a typical split';
  return `the published test R² ${testR2.toFixed(4)} is ${where} of ${splits} random 70/30 splits (${repeated.mean.toFixed(3)} ± ${repeated.sd.toFixed(3)}): ${word}`;
}
