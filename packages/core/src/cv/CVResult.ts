import type { FitResult } from '../fit/FitResult.js';
import type { ResolvedCommon } from '../prepare/checkOptions.js';
import type { PathOptions } from '../prepare/options.js';
import type { Prepared } from '../prepare/Prepared.js';
import type { CscMatrix } from '../matrix/CscMatrix.js';
import type { DenseMatrix, VectorInput } from '../matrix/DenseMatrix.js';
import type { PathResult } from '../path/enetPath.js';
import type { SharedGram } from './sharedGram.js';
import type { FoldedStats } from '../stats/FoldedStats.js';
import type { Workspace } from '../wasm/Workspace.js';

/** Held-out loss: mean squared error (default) or mean absolute error. */
export type CvLoss = 'mse' | 'mae';

/** How fold errors are averaged (see `CVOptions.cvAverage`). */
export type CvAverage = 'weighted' | 'unweighted';

export interface CVOptions extends Omit<PathOptions, 'l1Ratio'> {
  /** Number of folds, ≥ 2 and ≤ n (default 10). Ignored when `foldIds` is given. */
  readonly nFolds?: number;
  /** Seed of the fold shuffle (default 0). */
  readonly seed?: number;
  /** Explicit fold label per row, 0 … K−1 (glmnet `foldid`, 0-based). */
  readonly foldIds?: ArrayLike<number>;
  readonly loss?: CvLoss;
  /** Which α the returned model uses: the minimum (default) or the 1-SE rule. */
  readonly select?: 'min' | '1se';
  /**
   * How fold errors are averaged: 'weighted' by each fold's held-out weight (default; glmnet's
   * `cv.glmnet`), or 'unweighted', the plain mean over folds (scikit-learn's `LassoCV`). They
   * differ when folds differ in size, and so may the chosen α.
   */
  readonly cvAverage?: CvAverage;
  /** Called after each path (the full-data one and each fold's) with (done, total); for progress bars. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ElasticNetCVOptions extends CVOptions {
  /** Candidate l1Ratios (default [0.5]); each gets its own α grid. */
  readonly l1Ratios?: VectorInput;
}

/** The cross-validation curve for one l1Ratio. */
export interface CvCurve {
  readonly l1Ratio: number;
  readonly alphas: Float64Array;
  readonly cvMean: Float64Array;
  readonly cvSe: Float64Array;
  /** Held-out error per fold (rows) and α (columns). */
  readonly foldErrors: Float64Array[];
  /**
   * Per fold (rows) and α (columns), 1 where the fold's fit converged, 0 where it stopped at
   * maxIter first (its held-out error then scores a model short of the optimum).
   */
  readonly foldConverged: Uint8Array[];
  readonly alphaMin: number;
  readonly alpha1se: number;
  readonly indexMin: number;
  readonly index1se: number;
}

export interface CVResult extends CvCurve {
  readonly loss: CvLoss;
  readonly select: 'min' | '1se';
  readonly nFolds: number;
  readonly foldIds: Int32Array;
  /** The model refit on all rows at the selected α (and the best l1Ratio). */
  readonly model: FitResult;
  /** The all-rows path of the selected l1Ratio (its grid is `alphas`). */
  readonly path: PathResult;
  /** One curve per candidate l1Ratio, in the order given. */
  readonly curves: CvCurve[];
}

/** One fold's path, scored: the held-out error per α, and whether its fit converged there (1) or not (0). */
export interface FoldScores {
  readonly errors: Float64Array;
  readonly converged: Uint8Array;
}

/** What every fold's fit reads: plain arrays and options, so a worker thread can receive it. */
export interface CvData {
  /** Dense, or sparse (CSC: folds select its rows, never densified). */
  readonly X: DenseMatrix | CscMatrix;
  readonly y: Float64Array;
  /** Per-row weights (all 1 when none were given). */
  readonly weights: Float64Array;
  readonly weighted: boolean;
  readonly penaltyFactor: Float64Array | undefined;
  readonly common: ResolvedCommon;
  readonly loss: CvLoss;
}

/** A validated cross-validation run: data, folds, candidate l1Ratios and the all-rows problem. */
export interface CvPlan {
  readonly data: CvData;
  readonly l1Ratios: number[];
  readonly select: 'min' | '1se';
  readonly average: CvAverage;
  readonly ids: Int32Array;
  readonly folds: Fold[];
  readonly full: Prepared;
  /** The all-rows Gram the folds derive theirs from (covariance mode, folds keeping their rows). */
  readonly sharedGram: SharedGram | undefined;
  /**
   * The folds' statistics, where folds are fitted from them (see `foldsFromStats`); `full` is
   * their total's problem. The parallel runner puts shared-memory copies in their place.
   */
  foldStats: FoldedStats | undefined;
  readonly gridOptions: PathOptions;
  /** The pooled memory X was copied into from rows (see `planCV`), given back by `releasePlan`. */
  readonly rowsRoom: Workspace | undefined;
}

/** One fold: its held-out rows (ascending) and their weight; the training rows are the rest (see `trainRows`). */
export interface Fold {
  readonly test: Int32Array;
  readonly weight: number;
}
