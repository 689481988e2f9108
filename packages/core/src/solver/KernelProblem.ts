import type { Workspace } from '../wasm/Workspace.js';

/**
 * The problem the coordinate-descent kernel sees, after weights, centering and
 * scaling have been folded into the data (see `fit/prepareProblem`):
 *
 *     minimize over β:  ½‖y − Xβ‖² + Σ_j pf_j · α · ( l1Ratio·|β_j| + (1 − l1Ratio)/2 · β_j² )
 *
 * X is n×p column-major. `excluded[j] = 1` marks columns that never enter the model
 * (constant columns): their coefficient stays exactly 0.
 */
export interface KernelProblem {
  readonly n: number;
  readonly p: number;
  readonly X: Float64Array;
  readonly y: Float64Array;
  /** ‖x_j‖² per column. */
  readonly colSq: Float64Array;
  /**
   * Xᵀy, when whoever made X computed it on the way (prepareProblem); absent: computed from X.
   * Equal to the bit to what gemvT makes of X and y: naive mode later recomputes its gradient Xᵀr
   * by gemvT, and one ulp apart at alphaMax a path's first model had a coefficient of 2e-16 where
   * it must be empty.
   */
  readonly xty?: Float64Array;
  readonly penaltyFactor: Float64Array;
  readonly excluded: Uint8Array;
  readonly positive: boolean;
  /** Whether X's columns are centred (an intercept): its rank is then below n. Default false. */
  readonly centred?: boolean;
  /**
   * Where X and y live and the kernels over them (prepared problems put them in WebAssembly
   * memory for the SIMD kernels); absent: ordinary arrays and TypeScript kernels.
   */
  readonly workspace?: Workspace;
  /**
   * Where covariance mode gets Gram columns from (cross-validation folds derive theirs from one
   * shared Gram); absent: computed from X.
   */
  readonly gram?: GramSource;
}

/**
 * Computes Gram columns into a row-major p×p buffer (p the source's own): column js[q] (x_kᵀx_{js[q]} for every k) into
 * G[js[q]·p … js[q]·p + p) for each q. js[0] is the column asked for, the others (distinct, not yet
 * made) are likely to be asked for next: one sweep computes them all, where X is read once for the
 * group instead of once per column.
 */
export interface GramSource {
  columns(js: readonly number[], G: Float64Array): void;
}

/**
 * The problem's Xᵀy in `ws` (room for p values): its own where prepareProblem made it on the way,
 * else by gemvT (the same values to the bit), 0 on excluded columns. What the Gram and residual
 * problems start from. O(p), or O(n·p) without the problem's own.
 */
export function kernelXty(problem: KernelProblem, ws: Workspace): Float64Array {
  const { n, p, X, y, excluded } = problem;
  const xty = ws.alloc(p);
  if (problem.xty !== undefined) xty.set(problem.xty);
  else ws.gemvT(X, y, xty, n, p);
  for (let j = 0; j < p; j++) if (excluded[j]) xty[j] = 0;
  return xty;
}
