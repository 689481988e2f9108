import { laneDot } from '../math/dot.js';
import { PairProducts } from './PairProducts.js';
import { RowsProjection, sparseColumn, sparseRows } from './DesignRows.js';
import { cscRows, type CscMatrix, type CscRows } from '../matrix/CscMatrix.js';
import { SparseKernels } from '../wasm/sparseKernels.js';
import type { CdProblem, CheckedPoint, DualPoint, KernelColumns, PassedValues, SupportStep, Tuning } from './CdProblem.js';
import { PACKED, PackedColumns } from './PackedColumns.js';
import { ResidualGradient } from './ResidualGradient.js';
import type { PenaltyState } from './penaltyState.js';
import { MAX_WIDE_N } from './WideRidgeSystem.js';

/**
 * Largest active set the corrected dual point is built for (its Gram is factored densely, O(k²) per
 * added feature). Smaller than the dense problem's 2,000: with sparse columns a sweep over X is
 * cheap, so the factor dominated a path's time with no fewer passes; 400 keeps the corrected points
 * on supports up to 400, which small one-hot designs need to converge (README: "Measurements behind
 * the constants").
 */
const MAX_CORRECTED = 400;
/** A pass's flop in a dense system's flops, on an α that crawls (`Tuning.crawlFlopCost`). */
const CRAWL_FLOP_COST = 8;

/**
 * The repaired dual point (see `SparseResidualProblem.repairedPoint`): its rounds (each ends with a
 * sweep of X), what its projections may cost in all (products they update, in sweeps of X: with
 * fewer, repairs on tall svmlight designs ran out before they certified (README: "Measurements
 * behind the constants")), how far inside its slab a coordinate is put (relative to λ1: room for
 * the projections of the columns on its rows), the flops a product's update costs against a pass's
 * (scattered reads and a test each; measured ~8× a pass's visit in WebAssembly), the largest X
 * whose rows it makes (256 MB of index), and the most products one projection may update — the
 * column's reach, the nonzeros of the rows it has; a column reaching further is left to the
 * scaling. The crawl comes from columns on a row or two of short rows (svmlight designs: reach ~6);
 * where columns reach far, projections chase one another and repairs cost much without certifying
 * (random sparse designs with rows of ~50 nonzeros); by reach, none is eligible there (README:
 * "Measurements behind the constants").
 */
const REPAIR_ROUNDS = 3;
const REPAIR_WORK = 6;
/**
 * The share of the first violators a repair's first sweep of projections must clear to go on:
 * repairs that went on to certify had cleared more than that by then, and those below it crawled
 * on through the rest of the budget, on designs whose projections chase one another (each pushes
 * the support's columns on its rows over their λ1) (README: "Measurements behind the constants").
 */
const REPAIR_CLEARED = 1 / 3;
const REPAIR_MARGIN = 1e-10;
const UPDATE_COST = 8;
const MAX_REPAIR_NONZEROS = 2 ** 25;
const MAX_REPAIR_REACH = 128;

/** A sparse design and how its kernel form is made from it (see {@link SparseResidualProblem}). */
export interface SparseKernel {
  readonly X: CscMatrix;
  /** √w̃ per row (weights normalized to sum to 1). */
  readonly sqrtW: Float64Array;
  /** ỹ = √w̃ (y − ȳ). */
  readonly y: Float64Array;
  /** Column shifts μ_j (weighted means with an intercept, else 0) and scales s_j. */
  readonly shift: Float64Array;
  readonly scale: Float64Array;
  /** Σ_i w̃_i x_ij per column. */
  readonly wSum: Float64Array;
  readonly colSq: Float64Array;
  readonly penaltyFactor: Float64Array;
  /** The ridge part's own factors, where they are not `penaltyFactor` (see `CdProblem.ridgeFactor`). */
  readonly ridgeFactor?: Float64Array;
  readonly excluded: Uint8Array;
  readonly positive: boolean;
}

/**
 * The residual problem (see `ResidualProblem`) of a sparse design, never densified. The kernel's
 * columns are x̃_j = v ⊙ (x_j − μ_j)/s_j with v = √w̃ — centring would fill every zero, so it is
 * carried in the arithmetic instead (glmnet's approach for sparse x): the residual is kept as
 *
 *     r = r_s + m·v,   r_s = ỹ − v ⊙ Σ_j (β_j/s_j) x_j,   m = Σ_j β_j μ_j / s_j,
 *
 * so an update touches only the nonzeros of x_j (r_s) and one scalar (m), and a coordinate's
 * gradient is
 *
 *     x̃_jᵀr = ( Σ_{i: x_ij ≠ 0} v_i x_ij r_s,i + m·a_j − μ_j·(vᵀr_s + m) ) / s_j,   a_j = Σ w̃_i x_ij,
 *
 * with vᵀr_s kept alongside (and recomputed exactly at each check). Dot products and norms of
 * vectors of the form u + c·v expand the same way. Gram entries come from merging two columns'
 * nonzeros. For p ≫ n or very sparse X; `prepareSparse` uses the Gram problem for n ≫ p.
 *
 * Cost: O(nnz_j) per coordinate update and gradient; O(nnz + p) per full gradient.
 * Memory: five n-vectors, a few p-vectors and the scaled nonzeros (nnz) — with WebAssembly most of
 * them, with a copy of the rows and the per-column constants, in the kernels' memory (see
 * `SparseKernels`: 12 bytes per nonzero, 97 per column, 24 per row); without it, packed copies of
 * the last two working sets.
 */
export class SparseResidualProblem extends ResidualGradient implements CdProblem {
  readonly p: number;
  readonly colSq: Float64Array;
  readonly penaltyFactor: Float64Array;
  readonly ridgeFactor?: Float64Array;
  readonly excluded: Uint8Array;
  readonly positive: boolean;
  readonly yty: number;
  readonly xty: Float64Array;
  readonly maxCorrected: number;
  readonly tuning: Tuning;
  readonly storage?: { readonly beta: Float64Array; readonly everActive: Uint8Array };
  /**
   * The kernel's columns made one at a time (see `sparseColumn`), up to n = MAX_WIDE_N: the
   * Elastic Net's n×n form for supports wider than 1.5·n. Without it such supports had no Newton
   * step on a sparse design: a 40 × 400 ρ 0.9 Elastic Net path (supports to 70) as CSC took 93,742
   * passes with 4 α's at maxIter, its dense twin 784.
   */
  readonly wideColumns: KernelColumns | undefined;

  private readonly n: number;
  private readonly k: SparseKernel;
  /** Σ v_i² (1: the weights are normalized) and vᵀỹ. */
  private readonly vv: number;
  private readonly vy: number;
  private readonly rs: Float64Array;
  private m = 0;
  private vr = 0;
  /** c and vᵀxs of the last `directionProducts` (X̃_S·d = xs + c·v, xs left in `scratch`), for `moveAlong`. */
  private readonly along = { c: 0, vxs: 0 };
  private readonly scratch: Float64Array;
  private readonly theta: Float64Array;
  /**
   * The WebAssembly kernels — pass, gradient sweep, scatter — (null without WebAssembly, with
   * `setSimd(false)`, or where the design does not fit their memory): they hold the design, the
   * scaled nonzeros, r_s, θ, the gradients, β and the constants per column (λ1, λ2 set for `cstPenalty`).
   */
  private readonly wasm: SparseKernels | null;
  /** The excluded columns, which the WebAssembly gradient sweep computes and then zeroes. */
  private readonly excludedList: number[] = [];
  private cstPenalty = -1;
  /**
   * The set of the last WebAssembly pass, until β moves otherwise (see `passed`), and what `passed`
   * returns for it (the kernels' `passed` row and zero count, reused).
   */
  private passedSet: readonly number[] | null = null;
  /** The list whose copy the kernels' `set` holds (null once `scatterList` wrote it), see `wasmPass`. */
  private setCopy: readonly number[] | null = null;
  private readonly passedValues: { values: Float64Array; zeros: number };
  /** x_aᵀx_b (centred, weighted) for the support factor and the ridge system. */
  private readonly pairs: PairProducts;
  /** w̃ ⊙ x of the column `scattered` (−1: none), and the columns of the last cross product (see `crossProduct`). */
  private readonly weighted: Float64Array;
  private scattered = -1;
  private readonly lastPair = [-1, -1];
  /** The kernel's nonzeros v_i·x_ij / s_j, in X's order: what updates and gradients multiply by. */
  private readonly scaled: Float64Array;
  /**
   * a_j/s_j and μ_j/s_j per column, the multiples of m and of vᵀr_s + m·vv in a column's gradient
   * and of Δβ_j in m's and vᵀr_s's updates: taken once, so that a pass — whose columns chain
   * through m and vᵀr_s — divides only for the new β_j.
   */
  private readonly sumOverScale: Float64Array;
  private readonly shiftOverScale: Float64Array;
  /**
   * Without the WebAssembly kernels, the last two sets `passOver` packed: the loop alternates
   * passes over its working set and over that set's active part, and one packed copy repacked at
   * each switch took more time than the passes (a 20,000 × 50,000 path: 1.0 of 3.4 s). The one not
   * used last is repacked.
   */
  private readonly packs = [new PackedColumns(), new PackedColumns()];
  /** The design's rows for `projectOnRows`, made on first use, and the residual r_s + m·v made there (one buffer, kept). */
  private rows: RowsProjection | undefined;
  private rowsResidual: Float64Array | undefined;
  private lastPack = 0;
  /** X's nonzeros by row and each column's reach, for `repairedPoint` (made on first use). */
  private byRow: CscRows | undefined;
  private reach: Int32Array | undefined;
  /** `repairedPoint`'s λ1 per coordinate, flags and stack of coordinates to project (made on first use). */
  private repairLimit: Float64Array | undefined;
  private repairQueued: Uint8Array | undefined;
  private repairQueue: Int32Array | undefined;

  constructor(kernel: SparseKernel) {
    const wasm = SparseKernels.create(kernel.X.rows, kernel.X.cols, kernel.X.values.length);
    super(wasm?.views.grad ?? new Float64Array(kernel.X.cols), wasm?.views.thetaGrad ?? new Float64Array(kernel.X.cols));
    const { X, y, sqrtW } = kernel;
    this.k = kernel;
    const nnz = X.values.length;
    this.wasm = wasm;
    const views = wasm?.views;
    this.passedValues = { values: views?.passed ?? new Float64Array(0), zeros: 0 };
    this.scaled = views?.value ?? new Float64Array(nnz);
    this.sumOverScale = new Float64Array(X.cols);
    this.shiftOverScale = new Float64Array(X.cols);
    scaleColumns(kernel, this.scaled, this.sumOverScale, this.shiftOverScale);
    if (views !== undefined) {
      views.row.set(X.rowIdx);
      views.start.set(X.colPtr);
      views.sqrtW.set(kernel.sqrtW);
      views.y.set(kernel.y);
      for (let j = 0; j < X.cols; j++) {
        const c = PACKED * j;
        views.cst[c] = kernel.colSq[j];
        views.cst[c + 3] = this.sumOverScale[j];
        views.cst[c + 4] = this.shiftOverScale[j];
      }
    }
    this.n = X.rows;
    this.p = X.cols;
    const perColumn = 2 * (X.values.length / Math.max(1, X.cols)) + 4;
    this.tuning = {
      adaptiveInnerThreshold: true,
      newtonAfterPassFrom: Infinity,
      visitFlops: perColumn,
      moveFlops: perColumn,
      crossFlops: perColumn,
      crawlFlopCost: CRAWL_FLOP_COST,
      rentedFactor: true,
      dualExtrapolation: true,
      lassoPredictor: true,
      correctedPointApart: false,
    };
    this.colSq = kernel.colSq;
    this.penaltyFactor = kernel.penaltyFactor;
    if (kernel.ridgeFactor !== undefined) this.ridgeFactor = kernel.ridgeFactor;
    this.excluded = kernel.excluded;
    this.positive = kernel.positive;
    this.maxCorrected = Math.min(this.n, MAX_CORRECTED);
    this.pairs = new PairProducts(this.p, 2 * this.maxCorrected, (a, b) => this.crossProduct(a, b));
    let vv = 0;
    let vy = 0;
    let yty = 0;
    for (let i = 0; i < this.n; i++) {
      vv += sqrtW[i] * sqrtW[i];
      vy += sqrtW[i] * y[i];
      yty += y[i] * y[i];
    }
    this.vv = vv;
    this.vy = vy;
    this.yty = yty;
    this.rs = views?.rs ?? new Float64Array(this.n);
    this.rs.set(y);
    this.vr = vy;
    this.scratch = views?.scratch ?? new Float64Array(this.n);
    this.theta = views?.theta ?? new Float64Array(this.n);
    this.weighted = new Float64Array(this.n);
    if (views !== undefined) this.storage = { beta: views.beta, everActive: views.everActive };
    for (let j = 0; j < this.p; j++) if (this.excluded[j]) this.excludedList.push(j);
    const column = new Float64Array(this.n);
    this.wideColumns = this.n <= MAX_WIDE_N ? { n: this.n, column: (j) => sparseColumn(this.k, j, column) } : undefined;
    this.gradientInto(this.rs, 0, this.vr, this.grad);
    this.xty = Float64Array.from(this.grad);
  }

  watchWorkingSet(): void {}

  /** The WebAssembly memory back to the pool (see `SparseKernels.release`). */
  release(): void {
    this.wasm?.release();
  }

  reset(beta: Float64Array): void {
    this.passedSet = null;
    const { rs, k } = this;
    rs.set(k.y);
    const nonzero: number[] = [];
    for (let j = 0; j < this.p; j++) if (beta[j] !== 0 && !k.excluded[j]) nonzero.push(j);
    this.m = this.scatterList(nonzero, Float64Array.from(nonzero, (j) => beta[j]), true, rs);
    this.vr = this.dotV(rs);
    this.thetaFresh = false;
    this.refresh();
  }

  coordinateGradient(j: number): number {
    return this.columnGradient(j, this.rs, this.m, this.vr);
  }

  update(j: number, delta: number): void {
    this.passedSet = null;
    const { k, scaled, rs } = this;
    const { colPtr, rowIdx } = k.X;
    for (let t = colPtr[j]; t < colPtr[j + 1]; t++) rs[rowIdx[t]] -= delta * scaled[t];
    this.vr -= delta * this.sumOverScale[j];
    this.m += delta * this.shiftOverScale[j];
  }

  /**
   * The loop's pass (see `CdProblem.passOver`): by the WebAssembly kernels where they hold the
   * design (`wasmPass`), else in TypeScript on a packed copy of the set's columns — their nonzeros,
   * rows and constants (with λ1, λ2: repacked when the penalty changes) contiguous, so the pass reads
   * memory in order instead of gathering from p-long arrays at scattered columns (on 2,703 × 170,916
   * one-hot data with ~2,400 active columns of ~1.6 nonzeros, it was bound by those cache misses).
   * A set not among the last two packed is packed (O(nnz of the set)). Same operations in the same
   * order as `coordinateGradient` and `update`: the same β bit for bit.
   */
  passOver(set: readonly number[], state: PenaltyState, everActive: Uint8Array, penalty: number, unchanged = false): number {
    if (this.wasm !== null) return this.wasmPass(this.wasm, set, state, everActive, penalty, unchanged);
    this.passedSet = null;
    let slot = this.lastPack;
    if (!this.packs[slot].holds(set, penalty)) {
      slot = 1 - slot;
      if (!this.packs[slot].holds(set, penalty)) this.pack(this.packs[slot], set, state, penalty);
    }
    this.lastPack = slot;
    const packed = this.packs[slot];
    const { start, row, value, cst } = packed;
    const { rs, vv } = this;
    const { beta, positive } = state;
    let m = this.m;
    let vr = this.vr;
    let maxChange = 0;
    for (let a = 0; a < set.length; a++) {
      const c = PACKED * a;
      const d2 = cst[c] + cst[c + 2];
      if (d2 === 0) continue;
      const j = set[a];
      const old = beta[j];
      const s = gatherSum(value, row, rs, start[a], start[a + 1]);
      const sumS = cst[c + 3];
      const shiftS = cst[c + 4];
      const z = s + (m * sumS - shiftS * (vr + m * vv)) + cst[c] * old;
      // coordinateMinimizer written out: where V8 did not inline the call (a 10,000 × 100,000 path)
      // its double arguments and result were boxed, 1.7 GB of garbage per path. Same arithmetic.
      const l1 = cst[c + 1];
      const b = z > l1 ? (z - l1) / d2 : !positive && z < -l1 ? (z + l1) / d2 : 0;
      const delta = b - old;
      if (delta === 0) continue;
      beta[j] = b;
      if (b !== 0) everActive[j] = 1;
      for (let t = start[a]; t < start[a + 1]; t++) rs[row[t]] -= delta * value[t];
      vr -= delta * sumS;
      m += delta * shiftS;
      const change = d2 * delta * delta;
      if (change > maxChange) maxChange = change;
    }
    this.m = m;
    this.vr = vr;
    return maxChange;
  }

  /**
   * `passOver` by the WebAssembly kernels (see {@link SparseKernels}), which read the set's columns
   * where they lie and update r_s, β and the ever-active flags in place (all in its memory: see
   * `storage`): the set copied in (unless `unchanged` and its copy is still there), m and vr in and
   * out, and λ1, λ2 of every column set when the penalty changed — O(|set|) on top of the pass
   * (O(p) per penalty). The kernel leaves β on the set for `passed`.
   */
  private wasmPass(wasm: SparseKernels, set: readonly number[], state: PenaltyState, everActive: Uint8Array, penalty: number, unchanged: boolean): number {
    const views = wasm.views;
    const { beta, lambda1, lambda2 } = state;
    if (beta !== views.beta || everActive !== views.everActive) throw new Error("internal: the sparse problem's solver must keep β and its flags in the problem's storage");
    if (penalty !== this.cstPenalty) {
      for (let j = 0; j < this.p; j++) {
        views.cst[PACKED * j + 1] = lambda1[j];
        views.cst[PACKED * j + 2] = lambda2[j];
      }
      this.cstPenalty = penalty;
    }
    // The list is copied into the kernels' memory unless it is there already (the loop's passes
    // over an unchanged active set: on one-hot 2,703 × 34,000 the copy was ~7 % of a pass).
    if (!unchanged || this.setCopy !== set) {
      for (let a = 0; a < set.length; a++) views.set[a] = set[a];
      this.setCopy = set;
    }
    views.st[0] = this.m;
    views.st[1] = this.vr;
    views.st[2] = this.vv;
    views.st[3] = state.positive ? 1 : 0;
    const change = wasm.pass(set.length);
    this.m = views.st[0];
    this.vr = views.st[1];
    this.passedSet = set;
    return change;
  }

  passed(set: readonly number[]): PassedValues | null {
    if (this.wasm === null || set !== this.passedSet) return null;
    this.passedValues.zeros = this.wasm.views.st[4];
    return this.passedValues;
  }

  /** Copies the columns of `set` (nonzeros, rows; colSq, λ1, λ2, a/s, μ/s) into `packed`. */
  private pack(packed: PackedColumns, set: readonly number[], state: PenaltyState, penalty: number): void {
    const { colPtr, rowIdx } = this.k.X;
    const { sumOverScale, shiftOverScale } = this;
    const { lambda1, lambda2 } = state;
    let nnz = 0;
    for (const j of set) nnz += colPtr[j + 1] - colPtr[j];
    packed.reserve(set.length, nnz);
    const { start, row, value, cst } = packed;
    let t = 0;
    for (let a = 0; a < set.length; a++) {
      const j = set[a];
      start[a] = t;
      for (let u = colPtr[j]; u < colPtr[j + 1]; u++, t++) {
        row[t] = rowIdx[u];
        value[t] = this.scaled[u];
      }
      const c = PACKED * a;
      cst[c] = this.colSq[j];
      cst[c + 1] = lambda1[j];
      cst[c + 2] = lambda2[j];
      cst[c + 3] = sumOverScale[j];
      cst[c + 4] = shiftOverScale[j];
    }
    start[set.length] = t;
    packed.filled(set, penalty);
  }

  directionProducts(S: readonly number[], d: Float64Array): { rXd: number; xdSq: number } {
    // X̃_S·d = xs + c·v, xs = v ⊙ Σ (d_a/s_a) x_a, c = −Σ d_a μ_a/s_a.
    const xs = this.scratch;
    xs.fill(0);
    const c = this.scatterList(S, d, false, xs);
    const vxs = this.dotV(xs);
    this.along.c = c;
    this.along.vxs = vxs;
    const { wasm } = this;
    const rsXs = wasm !== null ? wasm.dot(this.rs, xs) : laneDot(this.rs, xs, this.n);
    const xsXs = wasm !== null ? wasm.dot(xs, xs) : laneDot(xs, xs, this.n);
    const { m, vr, vv } = this;
    return { rXd: rsXs + c * vr + m * vxs + m * c * vv, xdSq: xsXs + 2 * c * vxs + c * c * vv };
  }

  /**
   * r −= t·X̃_S·d from what `directionProducts` left — xs in `scratch`, c and vᵀxs — in one O(n)
   * sweep of r_s (m and vᵀr_s by their multiples), then the cut steps' rest coordinate by
   * coordinate. A line search along an extrapolation or a Newton step moves thousands of
   * coordinates: an `update` each cost more than the step's trials (one-hot 2,703 × 170,678: 0.3 s
   * of a 4.7 s path).
   */
  moveAlong(S: readonly number[], d: Float64Array, t: number, rest: Float64Array): void {
    this.passedSet = null;
    const { rs, scratch, wasm } = this;
    // rs + (−t)·x is rs − t·x, the same bits either way.
    if (wasm !== null) wasm.axpy(-t, scratch, rs);
    else for (let i = 0; i < this.n; i++) rs[i] -= t * scratch[i];
    this.m -= t * this.along.c;
    this.vr -= t * this.along.vxs;
    for (let a = 0; a < S.length; a++) if (rest[a] !== 0) this.update(S[a], rest[a]);
  }

  residualMoments(): { rss: number; yTr: number } {
    return this.moments(this.rs, this.m, this.vr);
  }

  cross(a: number, b: number): number {
    return this.pairs.get(a, b);
  }

  crossColumn(col: number, out: Float64Array, offset: number): void {
    const { k, p } = this;
    // w̃ ⊙ x_col scattered once, then Σ_i w̃ x_ij x_i,col for every j from its nonzeros.
    if (col !== this.scattered) this.scatterWeighted(col);
    for (let j = 0; j < p; j++) out[offset + j] = k.excluded[j] || k.excluded[col] ? 0 : this.centred(j, col, this.weightedDot(j));
  }

  /** r_s is exact; vᵀr_s is recomputed to shed the rounding of many updates. */
  beginCheck(): void {
    this.vr = this.dotV(this.rs);
  }

  /** As the dense problem's (see `CdProblem.projectOnRows`): θ the residual r_s + m·v, or the check's corrected point. */
  projectOnRows(U: readonly number[], point: DualPoint, grad: Float64Array): DualPoint | null {
    let theta: Float64Array;
    if (point.grad === this.grad) {
      const { sqrtW } = this.k;
      theta = this.rowsResidual ??= new Float64Array(this.n);
      for (let i = 0; i < this.n; i++) theta[i] = this.rs[i] + this.m * sqrtW[i];
    } else if (point.grad === this.thetaGrad) theta = this.theta;
    else return null;
    return this.onRows().point(U, theta, theta !== this.theta, grad);
  }

  /**
   * The residual's dual point repaired where it is infeasible: θ = r, then each coordinate of
   * λ2 = 0 over its λ1 projected back onto its slab |x̃_jᵀθ| ≤ λ1_j (Kaczmarz: θ −= c·x̃_j, c the
   * excess over ‖x̃_j‖², aimed REPAIR_MARGIN inside). Such a step is an `update` of θ: x_j's rows
   * of θ_s, and a multiple of v whose product with each column (a_k/s_k per unit) is kept as one
   * scalar; the products of the columns on those rows follow it through X's rows (`cscRows`), and
   * those it pushes over are projected in turn, until none is or the projections have cost
   * REPAIR_WORK sweeps of X. Then θ is made a vector and X̃ᵀθ taken afresh — the point's products
   * exact whatever the steps' rounding — and coordinates still over start another round, up to
   * REPAIR_ROUNDS. What is left over is scaled away by the gap, as for any point.
   *
   * Where CD crawls on a support near |S| = n, the residual is near the optimum's (θ* = r*, ‖r −
   * r*‖² ≤ 2·suboptimality), yet coordinates whose columns sit on a row or two — scaled up by
   * standardizing — are over their λ1 by the last digits of r there, and scaling all of θ down by
   * that excess costs the gap as much: on 20,000 × 50,000 svmlight (4 nonzeros a row) at α 6.5e-4,
   * a β 1e-9 from the optimum had a residual's gap of 2.8e-4 of the objective and a repaired
   * point's of 1.6e-7, after ~15,000 projections.
   *
   * Only columns reaching at most MAX_REPAIR_REACH products are repaired. Returns the point (null
   * where none of them is over, or X has more than MAX_REPAIR_NONZEROS) and what it cost, in the
   * flops a pass's visits count (see `Tuning.visitFlops`).
   * Memory: each column's reach (4 bytes per column), and once some such column is over, X's rows
   * (`cscRows`: 8 bytes per nonzero and 4 per row); made on first use and kept.
   */
  repairedPoint(state: PenaltyState): { point: DualPoint | null; work: number } {
    const { lambda1, lambda2, positive } = state;
    const { excluded, colSq } = this.k;
    const { colPtr, rowIdx } = this.k.X;
    const { scaled, sumOverScale, shiftOverScale, theta, vv, p } = this;
    if (colPtr[p] > MAX_REPAIR_NONZEROS) return { point: null, work: p };
    const g = this.thetaGrad;
    g.set(this.gradient());
    // λ1 of the coordinates repaired (those of λ2 = 0), Infinity for the rest.
    const limit = (this.repairLimit ??= new Float64Array(p));
    const reach = this.reaches();
    for (let j = 0; j < p; j++) limit[j] = excluded[j] || !(lambda1[j] > 0) || lambda2[j] !== 0 || !(colSq[j] > 0) || reach[j] > MAX_REPAIR_REACH ? Infinity : lambda1[j];
    const queued = (this.repairQueued ??= new Uint8Array(p));
    const queue = (this.repairQueue ??= new Int32Array(p));
    let size = overLimit(g, limit, positive, queued, queue);
    if (size === 0) return { point: null, work: 2 * p };
    // Where the first sweep's worth of projections has not cleared REPAIR_CLEARED of the first
    // violators, the repair is given up (see REPAIR_CLEARED).
    const stalledAt = (1 - REPAIR_CLEARED) * size;
    const rows = (this.byRow ??= cscRows(this.k.X));
    theta.set(this.rs);
    let m = this.m;
    let vTheta = this.vr;
    // X̃ᵀθ = g + M·a/s − T·μ/s: the multiples of v the projections add reach every column, kept as two scalars.
    let M = 0;
    let T = 0;
    const sweepWork = colPtr[p] + p;
    let budget = REPAIR_WORK * sweepWork;
    let work = 2 * sweepWork;
    let judged = false;
    for (let round = 0; ; round++) {
      while (size > 0 && budget > 0) {
        if (round === 0 && !judged && budget <= (REPAIR_WORK - 1) * sweepWork) {
          judged = true;
          if (size > stalledAt) {
            for (let a = 0; a < size; a++) queued[queue[a]] = 0;
            return { point: null, work: work + UPDATE_COST * (REPAIR_WORK * sweepWork - budget) };
          }
        }
        const j = queue[--size];
        queued[j] = 0;
        const gj = g[j] + M * sumOverScale[j] - T * shiftOverScale[j];
        const e = (positive ? gj : Math.abs(gj)) - limit[j];
        if (!(e > 0)) continue;
        const c = (Math.sign(gj) * (e + REPAIR_MARGIN * limit[j])) / colSq[j];
        for (let t = colPtr[j]; t < colPtr[j + 1]; t++) {
          const i = rowIdx[t];
          const d = -c * scaled[t];
          theta[i] += d;
          const end = rows.start[i + 1];
          budget -= end - rows.start[i];
          for (let u = rows.start[i]; u < end; u++) {
            const k = rows.col[u];
            const gk = (g[k] += scaled[rows.at[u]] * d);
            if (queued[k]) continue;
            const now = gk + M * sumOverScale[k] - T * shiftOverScale[k];
            if (now > limit[k] || (!positive && -now > limit[k])) {
              queued[k] = 1;
              queue[size++] = k;
            }
          }
        }
        const dv = -c * sumOverScale[j];
        const dm = c * shiftOverScale[j];
        vTheta += dv;
        m += dm;
        M += dm;
        T += dv + dm * vv;
      }
      // θ as a vector (see `correctedCheck`), X̃ᵀθ afresh.
      this.addV(m, theta);
      m = M = T = 0;
      vTheta = this.dotV(theta);
      this.gradientInto(theta, 0, vTheta, g);
      work += sweepWork;
      for (let a = 0; a < size; a++) queued[queue[a]] = 0;
      size = 0;
      if (round + 1 >= REPAIR_ROUNDS || budget <= 0) break;
      size = overLimit(g, limit, positive, queued, queue);
      if (size === 0) break;
    }
    this.thetaFresh = true;
    const t = this.moments(theta, 0, vTheta);
    return { point: { grad: g, thetaSq: t.rss, yTheta: t.yTr }, work: work + UPDATE_COST * (REPAIR_WORK * sweepWork - budget) };
  }

  /** Each column's reach: the nonzeros of the rows it has (made on first use). */
  private reaches(): Int32Array {
    if (this.reach !== undefined) return this.reach;
    const { rows: n, cols: p, colPtr, rowIdx } = this.k.X;
    const perRow = new Int32Array(n);
    for (let t = 0; t < rowIdx.length; t++) perRow[rowIdx[t]]++;
    const reach = new Int32Array(p);
    for (let j = 0; j < p; j++) for (let t = colPtr[j]; t < colPtr[j + 1]; t++) reach[j] += perRow[rowIdx[t]];
    return (this.reach = reach);
  }

  rowsRank(U: readonly number[]): number | null {
    return this.onRows().rank(U);
  }

  private onRows(): RowsProjection {
    return (this.rows ??= new RowsProjection(sparseRows(this.k)));
  }

  /**
   * As the dense problem's: θ = r − X̃_S·δ and X̃ᵀθ in one sweep over the nonzeros. θ is made as
   * a vector (θ_s + m_θ·v), not kept in the residual's form: a δ far larger than β (an extrapolated
   * direction on a near-singular problem: entries 1.8e9 on 4 × 47) gives θ_s and m_θ·v of 4e8 that
   * cancel, and ‖θ‖² = ‖θ_s‖² + 2m_θ·vᵀθ_s + m_θ²·vv came out at −64 for a θ of norm² 2.3e-7 — a
   * gap of −32, reported as 0 at a point 70 % above the optimum. Made as a vector, ‖θ‖², yᵀθ and
   * X̃ᵀθ are those of the θ it holds (its entries off by rounding only).
   */
  protected correctedCheck(step: SupportStep): CheckedPoint {
    const { theta } = this;
    const { S, delta } = step;
    theta.set(this.rs);
    const mTheta = this.m + this.scatterList(S, delta, true, theta);
    this.addV(mTheta, theta);
    const vTheta = this.dotV(theta);
    const grad = this.thetaGrad;
    this.gradientInto(theta, 0, vTheta, grad);
    const t = this.moments(theta, 0, vTheta);
    return { grad, thetaSq: t.rss, yTheta: t.yTr, ...this.residualMoments() };
  }

  protected refresh(): void {
    this.vr = this.dotV(this.rs);
    this.gradientInto(this.rs, this.m, this.vr, this.grad);
    this.gradFresh = true;
  }

  /** X̃ᵀ(u + m·v) for every column, given vᵀu. */
  private gradientInto(u: Float64Array, m: number, vu: number, out: Float64Array): void {
    const { wasm } = this;
    if (wasm !== null && (u === this.rs || u === this.theta) && (out === this.grad || out === this.thetaGrad)) {
      // In WebAssembly (u, out and the constants are in its memory), the same arithmetic as columnGradient.
      wasm.gradient(u, out, m, vu, this.vv);
      for (const j of this.excludedList) out[j] = 0;
      return;
    }
    for (let j = 0; j < this.p; j++) out[j] = this.k.excluded[j] ? 0 : this.columnGradient(j, u, m, vu);
  }

  private columnGradient(j: number, u: Float64Array, m: number, vu: number): number {
    const { colPtr, rowIdx } = this.k.X;
    const s = gatherSum(this.scaled, rowIdx, u, colPtr[j], colPtr[j + 1]);
    return s + (m * this.sumOverScale[j] - this.shiftOverScale[j] * (vu + m * this.vv));
  }

  /** ‖u + m·v‖² and ỹᵀ(u + m·v), given vᵀu. */
  private moments(u: Float64Array, m: number, vu: number): { rss: number; yTr: number } {
    const { wasm } = this;
    const inMemory = wasm !== null && this.inMemory(u);
    const uu = inMemory ? wasm.dot(u, u) : laneDot(u, u, this.n);
    const yu = inMemory ? wasm.dot(wasm.views.y, u) : laneDot(this.k.y, u, this.n);
    return { rss: uu + 2 * m * vu + m * m * this.vv, yTr: yu + m * this.vy };
  }

  /**
   * out += Σ_a ±coef_a·(column list_a's scaled nonzeros: x̃'s nonzero part v ⊙ x / s), the sign −
   * with `negate`, zero coefficients skipped; returns −Σ_a (±coef_a·μ_a)/s_a, the multiple of v the
   * same combination of centred columns carries. In WebAssembly where `out` lies in its memory
   * (r_s, θ, the scratch vector), the same arithmetic in the same order.
   */
  private scatterList(list: readonly number[], coef: Float64Array, negate: boolean, out: Float64Array): number {
    const count = list.length;
    const { wasm } = this;
    if (wasm !== null && (out === this.rs || out === this.theta || out === this.scratch)) {
      const { set, coef: c } = wasm.views;
      this.setCopy = null;
      for (let a = 0; a < count; a++) {
        set[a] = list[a];
        c[a] = negate ? -coef[a] : coef[a];
      }
      return wasm.scatter(count, out);
    }
    const { colPtr, rowIdx } = this.k.X;
    const { scaled, shiftOverScale } = this;
    let sum = 0;
    for (let a = 0; a < count; a++) {
      const x = negate ? -coef[a] : coef[a];
      if (x === 0) continue;
      const j = list[a];
      for (let t = colPtr[j]; t < colPtr[j + 1]; t++) out[rowIdx[t]] += x * scaled[t];
      sum -= x * shiftOverScale[j];
    }
    return sum;
  }

  /**
   * vᵀu, summed in order. Not by the SIMD kernel as the moments are: vᵀθ cancels (θ's weighted
   * mean is ~0 with an intercept) and every column's gradient carries it, and with the kernel's
   * order (or a compensated sum) the repaired dual point came out only 2.9–8.8× tighter than the
   * residual's at two or three of ten α's of glmnet's stalling path, where in order it is ≥ 18× at
   * each of the nine it repairs (README: "Measurements behind the constants").
   */
  private dotV(u: Float64Array): number {
    const { sqrtW } = this.k;
    let s = 0;
    for (let i = 0; i < this.n; i++) s += sqrtW[i] * u[i];
    return s;
  }

  /** θ += m·v (the multiple of v a point carries made part of the vector), the same bits in WebAssembly or not. */
  private addV(m: number, theta: Float64Array): void {
    const { wasm } = this;
    if (wasm !== null && this.inMemory(theta)) wasm.axpy(m, wasm.views.sqrtW, theta);
    else {
      const { sqrtW } = this.k;
      for (let i = 0; i < this.n; i++) theta[i] += m * sqrtW[i];
    }
  }

  /** Whether u is one of the n-long vectors the kernels' memory holds (with them). */
  private inMemory(u: Float64Array): boolean {
    return u === this.rs || u === this.theta || u === this.scratch;
  }

  /**
   * x̃_aᵀx̃_b from Σ w̃ x_a x_b: a gather of one column's nonzeros from the other scattered densely
   * (w̃ ⊙ x). The scattered column is kept between calls — the factor asks for x_iᵀx_j over the
   * support for one new j, a Newton block row by row — and is the one the previous call shared.
   * Merging the two columns' nonzeros instead cost O(nnz_a + nnz_b) per entry: on Zipf columns
   * (10,000 × 100,000, the densest with 5,000 nonzeros) 0.26 s of a 2.5 s path.
   */
  private crossProduct(a: number, b: number): number {
    if (this.k.excluded[a] || this.k.excluded[b]) return 0;
    let gathered = a;
    let kept = b;
    if (a === this.scattered || (b !== this.scattered && (a === this.lastPair[0] || a === this.lastPair[1]))) {
      gathered = b;
      kept = a;
    }
    this.lastPair[0] = a;
    this.lastPair[1] = b;
    if (kept !== this.scattered) this.scatterWeighted(kept);
    return this.centred(a, b, this.weightedDot(gathered));
  }

  /** Σ_t x_jt · `weighted`[row t] over column j's nonzeros: Σ w̃ x_j x_scattered. */
  private weightedDot(j: number): number {
    const { colPtr, rowIdx, values } = this.k.X;
    const z = this.weighted;
    let s = 0;
    for (let t = colPtr[j]; t < colPtr[j + 1]; t++) s += values[t] * z[rowIdx[t]];
    return s;
  }

  /** `weighted` = w̃ ⊙ x_j (the last such column's entries cleared first). */
  private scatterWeighted(j: number): void {
    const { colPtr, rowIdx, values } = this.k.X;
    const { sqrtW } = this.k;
    const z = this.weighted;
    const old = this.scattered;
    if (old >= 0) for (let t = colPtr[old]; t < colPtr[old + 1]; t++) z[rowIdx[t]] = 0;
    for (let t = colPtr[j]; t < colPtr[j + 1]; t++) {
      const i = rowIdx[t];
      z[i] = sqrtW[i] * sqrtW[i] * values[t];
    }
    this.scattered = j;
  }

  /** (Σ w̃ x_a x_b − μ_a a_b − μ_b a_a + μ_a μ_b Σw̃) / (s_a s_b). */
  private centred(a: number, b: number, raw: number): number {
    const { shift, scale, wSum } = this.k;
    return (raw - shift[a] * wSum[b] - shift[b] * wSum[a] + shift[a] * shift[b] * this.vv) / (scale[a] * scale[b]);
  }
}

/**
 * The kernel's nonzeros v_i·x_ij/s_j into `scaled`, and a_j/s_j, μ_j/s_j per column. Once per
 * problem, so it runs as a fresh process's first, unoptimized code: arrays read into locals, plain
 * loops (with a property read per nonzero and `Float64Array.from` with a callback per column it
 * took ~140 ms of a first 20,000 × 50,000 path).
 */
function scaleColumns(kernel: SparseKernel, scaled: Float64Array, sumOverScale: Float64Array, shiftOverScale: Float64Array): void {
  const { colPtr, rowIdx, values, cols } = kernel.X;
  const { sqrtW, scale, wSum, shift } = kernel;
  for (let j = 0; j < cols; j++) {
    const s = scale[j];
    const end = colPtr[j + 1];
    for (let t = colPtr[j]; t < end; t++) scaled[t] = (sqrtW[rowIdx[t]] * values[t]) / s;
    sumOverScale[j] = wSum[j] / s;
    shiftOverScale[j] = shift[j] / s;
  }
}

/** The coordinates over their limit (|g_j| > limit_j, or g_j > limit_j with `positive`) flagged and stacked; returns how many. */
function overLimit(g: Float64Array, limit: Float64Array, positive: boolean, queued: Uint8Array, queue: Int32Array): number {
  let size = 0;
  for (let j = 0; j < g.length; j++) {
    const over = positive ? g[j] > limit[j] : Math.abs(g[j]) > limit[j];
    if (over) {
      queued[j] = 1;
      queue[size++] = j;
    }
  }
  return size;
}

/**
 * Σ_t value[t]·u[row[t]] over t in [from, to) as two sums, of the even and the odd nonzeros
 * (pairs from `from`; an odd last one goes to the first), added at the end — so that the adds do
 * not wait on each other. The WebAssembly pass and gradient sweep sum the same way.
 */
function gatherSum(value: Float64Array, row: Int32Array, u: Float64Array, from: number, to: number): number {
  let s0 = 0;
  let s1 = 0;
  const pair = to - ((to - from) & 1);
  let t = from;
  for (; t < pair; t += 2) {
    s0 += value[t] * u[row[t]];
    s1 += value[t + 1] * u[row[t + 1]];
  }
  if (t < to) s0 += value[t] * u[row[t]];
  return s0 + s1;
}
