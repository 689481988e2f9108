import type { PenaltyState } from './penaltyState.js';
import type { Workspace } from '../wasm/Workspace.js';
/**
 * What the coordinate-descent loop needs from a problem, in kernel form (see `KernelProblem` for
 * the objective). Two types implement it:
 *
 * - {@link ResidualProblem} holds X and keeps the residual r = y − Xβ: a coordinate's gradient
 *   is x_jᵀr (O(n)), an update is one axpy on r. For p ≫ n (scikit-learn's dense kernel; glmnet's
 *   "naive" updates).
 * - {@link GramProblem} holds only XᵀX (filled lazily or given whole), Xᵀy, yᵀy: it keeps the
 *   gradient c = Xᵀy − XᵀXβ, a coordinate's gradient is c_j, an update one axpy on c with a Gram
 *   column (O(p)). For n ≫ p, and for data seen only through their sufficient statistics
 *   (scikit-learn's Gram kernel; glmnet's "covariance" updates).
 *
 * β itself belongs to the loop; methods that need it receive it.
 */
export interface CdProblem {
  readonly p: number;
  /** ‖x_j‖² per column. */
  readonly colSq: Float64Array;
  readonly penaltyFactor: Float64Array;
  /**
   * Optional: the ridge part's factors, where they differ from `penaltyFactor` (λ2_j = α·(1 − l1Ratio)·ridgeFactor_j):
   * a column standing for a group of equal columns split evenly (see `MergedColumns`).
   */
  readonly ridgeFactor?: Float64Array;
  /** Columns that never enter the model (coefficient exactly 0). */
  readonly excluded: Uint8Array;
  readonly positive: boolean;
  /** yᵀy. */
  readonly yty: number;
  /** Xᵀy, 0 on excluded columns. */
  readonly xty: Float64Array;
  /** Largest active set the corrected dual point's Gram is factored for. */
  readonly maxCorrected: number;
  /**
   * Optional: the kernel's columns x̃_j one at a time, where the problem can give them (residual
   * problems, dense or sparse, up to n = 2000), for the Elastic Net's Newton systems on supports
   * wider than n (see `WideRidgeSystem`).
   */
  readonly wideColumns?: KernelColumns;
  /** How the loop is tuned for this kind of problem. */
  readonly tuning: Tuning;
  /**
   * Optional: the problem's workspace — where it is WebAssembly's, with room for its solver's two
   * factors (the support's and the ridge system's, `UpdatableCholesky.arenaDoubles` each; see
   * `factorArena`).
   */
  readonly workspace?: Workspace;
  /**
   * Optional: zeroed storage (p each) the loop takes as its β and its ever-active flags, where the
   * problem's `passOver` reads and writes them in place (the sparse problem's WebAssembly memory)
   * instead of copying β in and out per pass. One loop per problem.
   */
  readonly storage?: { readonly beta: Float64Array; readonly everActive: Uint8Array };

  /** The loop's working-set flags (read by a Gram problem to guess the next Gram column). */
  watchWorkingSet(strong: Uint8Array): void;
  /** β was replaced: recompute what follows from it. O(n·p) residual, O(p·|β ≠ 0|) Gram. */
  reset(beta: Float64Array): void;
  /** x_jᵀr at the current β. */
  coordinateGradient(j: number): number;
  /** β_j has moved by `delta`: update r or c. */
  update(j: number, delta: number): void;
  /**
   * Optional: the loop's cyclic pass over `set` done by the problem itself (the same arithmetic
   * as `coordinateGradient` + `update` per coordinate, so the same result bit for bit), where it
   * can do it faster — the sparse problem packs the set's columns contiguously. Sets `everActive`
   * for coordinates that become nonzero; returns max_j (‖x_j‖² + λ2_j)·Δβ_j². The loop calls
   * `moved` after it. `penalty` changes whenever λ1 or λ2 do (a problem may keep copies of them).
   * `unchanged`: the loop vouches that `set` is the array of its previous `passOver` call and has not
   * been written since (a problem that copies the list may then keep its copy).
   */
  passOver?(set: readonly number[], state: PenaltyState, everActive: Uint8Array, penalty: number, unchanged?: boolean): number;
  /**
   * Optional: after `passOver(set)` (the same array), while β has not moved since (no `update`,
   * `moveAlong` or `reset`): β on `set` in its order as the pass left it — the first |set| entries of
   * `values` — and how many of them are 0; null where the problem did not record that pass. The
   * loop then stores iterates from it instead of gathering β by index again (see
   * `CoordinateDescent.extrapolate`). Valid until the next pass.
   */
  passed?(set: readonly number[]): PassedValues | null;
  /**
   * Optional: a whole α by plain cyclic passes over `set` (β = 0 off it) with checks — KKT off the
   * set, then the duality gap at the residual — done by the problem in one call where it can (the
   * Gram problem in WebAssembly, see `Workspace.gramSolve`), for a uniform penalty. At most
   * `maxPasses` passes; each pass whose largest weighted change is at most `innerTol` is followed
   * by a check, and a failed check tightens `innerTol` tenfold (not below `innerFloor`). Sets
   * `everActive` as `passOver` does. Undefined where the problem cannot (its Gram not made yet).
   */
  solveOnSet?(set: readonly number[], state: PenaltyState, everActive: Uint8Array, penalty: number, settings: SetSolveSettings): SetSolveRun | undefined;
  /**
   * Optional: gives back what the problem holds for a later one to reuse (the sparse problem's
   * WebAssembly memory); the problem and its solver's β are not used after it.
   */
  release?(): void;
  /** Coordinates moved (after a pass or a step): what was derived at the last check is stale. */
  moved(): void;
  /** The exact gradient Xᵀr (refreshed when stale); the loop reads it and does not write it. */
  gradient(beta: Float64Array): Float64Array;
  /**
   * The gradient (or Xᵀθ at the last check's dual point) if β has not moved since; else null. For
   * the strong rule only: coordinates a check bounded (see {@link checkPoint}) hold their bound's
   * stand-in, not the product.
   */
  screeningGradient(): Float64Array | null;
  /** rᵀX_S·d and ‖X_S·d‖² for a direction d over the coordinates S (`xdSq`: known already). */
  directionProducts(S: readonly number[], d: Float64Array, xdSq?: number): { rXd: number; xdSq: number };
  /**
   * Optional: β_S has moved by t·d, d the direction of the last `directionProducts` call (same S),
   * plus `rest[i]` (0 except on coordinates where a step was cut to 0); `beta` is β after the
   * move. Updates r or c in one sweep from those products instead of an `update` per coordinate.
   */
  moveAlong?(S: readonly number[], d: Float64Array, t: number, rest: Float64Array, beta: Float64Array): void;
  /** ‖r‖² and yᵀr at β. */
  residualMoments(beta: Float64Array): { rss: number; yTr: number };
  /**
   * Optional: Σ_k |β_k|·‖x_k‖, where the gradient comes from the Gram (c = Xᵀy − Gβ: c_j rounds at
   * ε·‖x_j‖ times it, and ‖r‖² at ε times its square). Absent where c and ‖r‖² are computed from the
   * residual, which they round relative to.
   */
  fitScale?(beta: Float64Array): number;
  /**
   * Optional: a bound on X's rank (its rows; one fewer where its columns are centred). A Gram problem
   * whose unpenalized columns reach it has every further one in their span by count alone.
   */
  readonly rankBound?: number;
  /**
   * Optional, where the problem has X's rows (see `DesignRows`): a dual point this problem made
   * (Xᵀθ in `point.grad`, for a θ it holds or can make: the residual at `beta`, a residual
   * problem's corrected point) projected off the columns U on the rows (see `projectOffColumns`):
   * Xᵀθ₀ into `grad`, ‖θ₀‖² and yᵀθ₀. O(n·|U| + n·p) once U's reflectors are made (O(n·|U|²),
   * once per U). Null for another point, or beyond the rows' limits (see `RowsProjection`).
   */
  projectOnRows?(U: readonly number[], point: DualPoint, grad: Float64Array, beta: Float64Array): DualPoint | null;
  /**
   * Optional, on problems that hold the residual: the residual's dual point repaired where it is
   * infeasible (see `SparseResidualProblem.repairedPoint`) — Xᵀθ, ‖θ‖², yᵀθ — or null where no
   * coordinate of λ2 = 0 is over its λ1. For the Lasso's coordinates only (those with λ2 > 0 are
   * left to the gap's conjugate).
   */
  repairedPoint?(state: PenaltyState): { point: DualPoint | null; work: number };
  /** Optional, beside `projectOnRows`: the rank of the columns U on the rows (see `spanReflectors`); null beyond the rows' limits (see `RowsProjection`). */
  rowsRank?(U: readonly number[]): number | null;
  /** x_aᵀx_b (entries of the active Gram). */
  cross(a: number, b: number): number;
  /**
   * The lower triangle (b ≤ a) of X_SᵀX_S into out (row-major k×k, k = |S|): the block a Newton
   * system on S needs, in one call. The upper triangle is left as it was (the factorizations read
   * only the lower one).
   */
  crossBlock(S: readonly number[], out: Float64Array): void;
  /**
   * Optional: out[i] = x_{list[i]}ᵀx_j for every i, the pairs not cached computed in one kernel call
   * (a support factor's new row), instead of a `cross` call each.
   */
  crossRow?(list: readonly number[], j: number, out: Float64Array): void;
  /**
   * Optional: readies x_{list[i]}ᵀx_j and x_{list[i]}ᵀx_j2 for the next `crossRow` calls, the pairs
   * missing for both computed in one sweep over the listed columns (two new rows of a support
   * factor for the memory traffic of one; the values `crossRow` would compute, bit for bit).
   */
  crossPair?(list: readonly number[], j: number, j2: number): void;
  /**
   * Optional: c_j = x_jᵀr for every j of S in one kernel call (a Newton system's right-hand side);
   * a view the next call reuses. Otherwise `coordinateGradient` per coordinate.
   */
  supportGradient?(S: readonly number[]): Float64Array;
  /** Column k of XᵀX into out[offset … offset + p). */
  crossColumn(k: number, out: Float64Array, offset: number): void;
  /**
   * Makes the kept state exact before a check: a Gram problem recomputes c from Xᵀy and the Gram
   * (shedding the rounding of many updates) unless nothing has moved since it last did; a residual
   * problem keeps r by its updates (the loop makes it afresh by `reset` where it has drifted so far
   * that its dual point fails weak duality: see CoordinateDescent's `gap`).
   */
  beginCheck(beta: Float64Array): void;
  /**
   * The dual point a check reads (KKT conditions and gap) given the support step: a residual
   * problem corrects the residual on S and sweeps X once for Xᵀθ (or, without a step, refreshes
   * Xᵀr); a Gram problem returns c and no point (its corrected point comes from {@link correctedPoint}).
   *
   * Given `lambda1` (the check's λ1 per coordinate), a problem may leave out of the sweep the
   * coordinates it proves to satisfy |x_jᵀθ| < λ1_j, and return for them a value below λ1_j in
   * magnitude instead of the product: the KKT check and the gap read such a coordinate only through
   * |x_jᵀθ| − λ1_j > 0, so both come out as with the exact products. Only where no coordinate is
   * unpenalized (their projection reads every product).
   */
  checkPoint(beta: Float64Array, step: SupportStep | null, lambda1?: Float64Array): { grad: Float64Array; point: CheckedPoint | null };
  /** The active-set-corrected dual point from Gram columns, or null where `checkPoint` made it. */
  correctedPoint(step: SupportStep, rss: number, yTr: number, quadratic: number): DualPoint | null;
}

/** Behaviours that pay off for one kind of problem and not the other (each measured). */
export interface Tuning {
  /**
   * Carry the inner threshold that sufficed over to the next α, and aim a failed check's
   * tightening at the target: worth it where a check costs a sweep over X.
   */
  readonly adaptiveInnerThreshold: boolean;
  /**
   * Newton steps on the support after a working-set pass (and on slow passes over the active set)
   * from this many active coordinates on: 0 where c_S is current for free (Gram); where a system
   * costs sweeps over X, only once a pass costs as much as one (see the residual problem).
   */
  readonly newtonAfterPassFrom: number;
  /**
   * Rough floating-point cost of visiting a coordinate in a pass, of moving it (the update), and of
   * one entry x_aᵀx_b (`cross`): the loop weighs a dense Newton system against passes with them.
   */
  readonly visitFlops: number;
  readonly moveFlops: number;
  readonly crossFlops: number;
  /**
   * Optional: what a flop of the passes costs in a dense system's flops, once an α has crawled
   * (see `CoordinateDescent.ridgeSystemPays`); absent, 1. The sparse problem's passes gather
   * scattered rows: 1.3–2.6 ns a visit's flop on a bag of words' supports, against 0.25 ns a flop
   * of a factor of 1,000–2,000 columns (README: "Measurements behind the constants").
   */
  readonly crawlFlopCost?: number;
  /**
   * Bring the support's factor (for the corrected dual point and Newton steps) to a new support
   * only once the passes since its last update have cost as much as the update, plus a
   * few passes' worth (ski rental; a plain dual point and passes in between): where each new row
   * of the factor costs a sweep of products over the support.
   */
  readonly rentedFactor: boolean;
  /**
   * A failed check tries a second dual point, the residual at Anderson's extrapolation of the
   * working set's last iterates (one more scatter and sweep), where that sweep costs at most the
   * passes since the last check. Measured on the sparse problem: 8–10 % less work on the sparse
   * benchmark's paths and CV (a, c; b unchanged); on dense wide designs up to 7 % more (the
   * extrapolated point certified less often, and a sweep costs p/2 visits there too).
   */
  readonly dualExtrapolation: boolean;
  /**
   * A Lasso path's warm starts begin with the predictor step (see `CoordinateDescent`; the Elastic
   * Net's always do). Off for the Gram problem, whose warm-start Newton steps on the last support
   * already land on most α's solution: there the step cost more than it saved (`pnpm bench`'s
   * Gram-mode Lasso paths 5–20 % slower with 2–7 % fewer passes). On for the residual problems
   * (the sparse one's work 10–20 % less), dense and sparse alike, so that a sparse design and its
   * dense twin take the same path (on a degenerate wide problem the two solutions' supports differed
   * where only one took the step).
   */
  readonly lassoPredictor: boolean;
  /**
   * The corrected dual point is made apart from the check's gradient (the support step's factor
   * update and solve, then O(p·|S|) of products: Gram), so a check tries the plain point first and
   * makes the corrected one only where the plain gap is above the target — the same decisions,
   * since the gap taken is the smaller of the two. Where the check's sweep over X makes both points
   * at once (the residual problems), the step comes first.
   */
  readonly correctedPointApart: boolean;
}

/**
 * δ on the active set S (factor order) and ‖X_S·δ‖². δ may be a view of the support factor's
 * buffer: use a step before asking for the next one.
 */
export interface SupportStep {
  readonly S: readonly number[];
  readonly delta: Float64Array;
  readonly xdSq: number;
}

/** A dual point θ₀ before rescaling, given by Xᵀθ₀, ‖θ₀‖² and yᵀθ₀. */
export interface DualPoint {
  readonly grad: Float64Array;
  readonly thetaSq: number;
  readonly yTheta: number;
  /** Set where the point could not be made feasible to rounding (see `feasibleDualPoint`): it bounds nothing. */
  readonly unresolved?: boolean;
  /** What rounding may hide of the gap at this point (objective scale), added to it; default 0. */
  readonly slack?: number;
  /**
   * ‖r‖² at β as made on the rows with the point (see `projectOnRows`), for the primal objective in
   * place of the problem's own: a Gram's (yᵀy − 2βᵀXᵀy + βᵀGβ) rounds at ε·(Σ_k |β_k|·‖x_k‖)²,
   * far above ‖r‖² where the fit cancels.
   */
  readonly rss?: number;
  /**
   * Set where X_Uᵀθ₀ was resolved on the rows only: the problem's own products (a Gram's) round it
   * away, so passes on them may go astray (see `CoordinateDescent`).
   */
  readonly rowsOnly?: boolean;
}

/** A dual point together with ‖r‖² and yᵀr at β. */
export interface CheckedPoint extends DualPoint {
  readonly rss: number;
  readonly yTr: number;
}

/** What `solveOnSet` is asked: the uniform λ1 and λ2, the thresholds and the target gap ≤ tol·primal + floor. */
export interface SetSolveSettings {
  readonly l1: number;
  readonly l2: number;
  readonly innerTol: number;
  readonly innerFloor: number;
  readonly tol: number;
  readonly floor: number;
  readonly maxPasses: number;
}

/** How a `solveOnSet` call ended: converged, a KKT violator off the set, or out of passes (its passes, last gap and primal objective). */
export interface SetSolveRun {
  readonly outcome: 'converged' | 'violator' | 'passes';
  readonly passes: number;
  readonly gap: number;
  readonly primal: number;
}

/**
 * The kernel's columns, one at a time: `column(j)` is x̃_j (length n) — X's own column where the
 * problem holds X, else made in a buffer the next call reuses (read it before asking for another).
 */
export interface KernelColumns {
  readonly n: number;
  column(j: number): Float64Array;
}

/** What a problem's pass left on its set (see `CdProblem.passed`). */
export interface PassedValues {
  readonly values: Float64Array;
  readonly zeros: number;
}
