import { LassoKitError } from '../errors.js';
import type { VectorInput } from '../matrix/DenseMatrix.js';
import type { ResolvedCommon } from '../prepare/checkOptions.js';
import { penaltyFactors, refuseTiny } from '../prepare/prepareProblem.js';
import type { PreparedStats } from '../prepare/Prepared.js';
import type { CdProblem } from '../solver/CdProblem.js';
import type { DesignRows } from '../solver/DesignRows.js';
import { completeGram, GramProblem } from '../solver/GramProblem.js';
import type { SufficientStats } from './FoldedStats.js';
import { Workspace } from '../wasm/Workspace.js';

const EPS = 2.220446049250313e-16;

/** The rows behind statistics (see `prepareStats`' `rowsOf`): by rows, and their residual problem. */
export interface FitRows {
  readonly rows: DesignRows;
  problem(): CdProblem;
}

/** How a fit shifts and scales the columns and y: the kernel's X̃ = √w̃ ⊙ (x_j − xMean_j)/xScale_j, ỹ = √w̃ ⊙ (y − yMean). */
export interface FitShifts {
  readonly xMean: Float64Array;
  readonly xScale: Float64Array;
  readonly yMean: number;
  readonly excluded: Uint8Array;
}

/**
 * The kernel problem of a fit, from sufficient statistics instead of X — the same problem
 * `prepareProblem` builds from the rows: with s_j the weighted 1/n standard deviation (1 without
 * standardization) and, without an intercept, the statistics taken about 0 instead of the means,
 *
 *     G̃_jk = xtx_jk / (W·s_j·s_k),   (X̃ᵀỹ)_j = xty_j / (W·s_j),   ỹᵀỹ = yty / W
 *
 * Constant columns are excluded as `prepareProblem` excludes them (glmnet's rule): a standard
 * deviation at rounding level relative to the column's size, whenever an intercept or
 * standardization is used; all-zero columns always. `rowsOf`, where the statistics came from rows
 * still at hand (a sparse X), gives the problems those rows in the kernel's form (see
 * `GramProblem.projectOnRows`), and the prepared problem a residual problem of the same fit
 * (`rowsProblem`, where 'auto' goes on without the Gram).
 *
 * Cost: O(p²).
 */
export function prepareStats(stats: SufficientStats, common: ResolvedCommon, penaltyInput: VectorInput | undefined, rowsOf?: (fit: FitShifts) => FitRows): PreparedStats {
  const { p, sumW: W, n } = stats;
  if (!(W > 0) || n < 1) throw new LassoKitError('EMPTY_INPUT', 'the statistics have no rows (sumW must be > 0)', { parameter: 'stats' });
  const penaltyFactor = penaltyFactors(penaltyInput, p);
  const { fitIntercept, standardize } = common;
  // About the means with an intercept; about 0 without one (add back W·x̄x̄ᵀ and friends).
  const shift = fitIntercept ? new Float64Array(p) : Float64Array.from(stats.xMean);
  const yAt = fitIntercept ? 0 : stats.yMean;
  const xMean = new Float64Array(p);
  const xScale = new Float64Array(p).fill(1);
  const excluded = new Uint8Array(p);
  for (let j = 0; j < p; j++) {
    const variance = Math.max(stats.xtx[j * p + j] / W, 0);
    const std = Math.sqrt(variance);
    const size = Math.max(Math.abs(stats.xMean[j]), std);
    refuseTiny(`column ${j}'s statistics`, size, { column: j });
    const constant = std <= 10 * EPS * size * Math.sqrt(n) || std === 0;
    if (size === 0 || (constant && (fitIntercept || standardize))) {
      excluded[j] = 1;
      continue;
    }
    if (fitIntercept) xMean[j] = stats.xMean[j];
    if (standardize) xScale[j] = std;
  }
  // G̃_jk = (xtx_jk + (W·a_j)·a_k) / ((W·s_j)·s_k), a the shifts, with the per-column products
  // hoisted out of the inner loop (which called a closure per entry: 12.7 → 5.9 ms for p = 1000, a
  // tenth of a 10,000 × 1,000 path); the diagonal below in the same operations, so colSq_j = G̃_jj.
  // G̃ is written straight into each problem's buffer (see `problem`), not made here and copied
  // there: a fresh p×p array's first touch (page faults) took 21 of a 10,000 × 1,000 path's 127 ms.
  const fillGram = (G: Float64Array) => {
    const { xtx } = stats;
    for (let j = 0; j < p; j++) {
      if (excluded[j]) continue;
      const wShift = W * shift[j];
      const wScale = W * xScale[j];
      const row = j * p;
      for (let k = 0; k < p; k++) if (!excluded[k]) G[row + k] = (xtx[row + k] + wShift * shift[k]) / (wScale * xScale[k]);
    }
  };
  const xty = new Float64Array(p);
  const colSq = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    if (excluded[j]) continue;
    colSq[j] = (stats.xtx[j * p + j] + W * shift[j] * shift[j]) / (W * xScale[j] * xScale[j]);
    xty[j] = (stats.xty[j] + W * shift[j] * yAt) / (W * xScale[j]);
  }
  const ySize = Math.max(Math.abs(stats.yMean), Math.sqrt(Math.max(stats.yty / W, 0)));
  refuseTiny("y's statistics", ySize, { parameter: 'y' });
  const yty = (stats.yty + W * yAt * yAt) / W;
  const yMean = fitIntercept ? stats.yMean : 0;
  if (![yty, ...xty].every(Number.isFinite)) {
    throw new LassoKitError('NON_FINITE', 'the statistics overflow float64 (a sum of squares is infinite); rescale the data', { parameter: 'stats' });
  }
  let rows: FitRows | undefined;
  const rowsMade = rowsOf === undefined ? undefined : () => (rows ??= rowsOf({ xMean, xScale, yMean, excluded }));
  return {
    p,
    xMean,
    xScale,
    yMean,
    excluded,
    ...(rowsMade === undefined ? {} : { rowsProblem: () => rowsMade().problem() }),
    problem: () => {
      // Each problem's own copy of the Gram, in WebAssembly memory beside its gradient (the pass
      // kernel's operands); back to the pool when its path is done.
      const workspace = Workspace.create(GramProblem.workspaceDoubles(p));
      const gram = completeGram(fillGram, p, workspace);
      const rankBound = fitIntercept ? n - 1 : n;
      return new GramProblem({ p, colSq, penaltyFactor, excluded, positive: common.positive, yty, xty, gram, sweepColumns: 1, workspace, rankBound, rows: rowsMade === undefined ? undefined : () => rowsMade().rows, release: () => workspace.release() });
    },
  };
}
