import { UpdatableCholesky } from '../math/UpdatableCholesky.js';
import { PAD, Workspace } from '../wasm/Workspace.js';
import type { CdProblem, CheckedPoint, DualPoint, KernelColumns, SupportStep, Tuning } from './CdProblem.js';
import { denseRows, RowsProjection } from './DesignRows.js';
import type { PenaltyState } from './penaltyState.js';
import { ResidualGradient } from './ResidualGradient.js';
import { kernelXty, type KernelProblem } from './KernelProblem.js';
import { ListedColumns } from './ListedColumns.js';
import { PairProducts } from './PairProducts.js';
import { PassPack } from './PassPack.js';
import { MAX_WIDE_N } from './WideRidgeSystem.js';

/**
 * Largest active set the corrected dual point and the Lasso's Newton steps are built for (X_SᵀX_S
 * factored densely: up to 4096² doubles, 134 MB). At 2000, paths whose supports passed it crawled
 * by plain passes from there (README: "Measurements behind the constants").
 */
const MAX_CORRECTED = 4096;
/**
 * Columns whose pair products are cached: twice the largest support up to 2000; past it, that
 * support and 1024 more, at least 4000 (the pairs of 4096 + 1024 columns are 210 MB; of twice 4096, 537 MB).
 */
function pairCapacity(maxCorrected: number): number {
  return maxCorrected <= 2000 ? 2 * maxCorrected : Math.max(4000, maxCorrected + 1024);
}
/**
 * Active coordinates from which a Newton step follows a working-set pass: there the step (c_S, a
 * solve with the factor, X_S·δ) costs about one pass, and passes over a support nearing n crawl
 * (there the steps halve a path's time). Below it a system's fixed costs outweighed what it saved
 * (README: "Measurements behind the constants").
 */
const NEWTON_AFTER_PASS_FROM = 256;
/**
 * A bounded check (see `sweep`) computes the products of the coordinates it cannot prove below
 * their λ1 while they are at most this share of the columns; past it, one sweep of X computes
 * them all and becomes the new reference.
 */
const BOUNDED_SHARE = 0.5;
/** 2⁻⁵², twice the unit roundoff: (n + 16)·ROUNDING·‖x‖·‖v‖ bounds the rounding of a product xᵀv of length n. */
const ROUNDING = 2 ** -52;

/**
 * A problem that holds X and keeps the residual r = y − Xβ (see {@link CdProblem}): each
 * coordinate's gradient is x_jᵀr, O(n); an update is one axpy on r. A check sweeps X once, at the
 * dual point corrected on the active set — or only the columns it cannot bound below their λ1
 * from the last full sweep (`sweep`): the KKT check and the gap both read that Xᵀθ, and the
 * strong rule at the next α reads it too while β is unchanged. Active Gram entries come from cached
 * pair products. For p ≫ n.
 *
 * Memory: four n-vectors and four p-vectors in the workspace, plus the pair cache and the
 * reference's products and column norms (two p-vectors).
 */
export class ResidualProblem extends ResidualGradient implements CdProblem {
  readonly p: number;
  readonly colSq: Float64Array;
  readonly penaltyFactor: Float64Array;
  readonly excluded: Uint8Array;
  readonly positive: boolean;
  readonly yty: number;
  readonly xty: Float64Array;
  readonly maxCorrected: number;
  readonly tuning: Tuning;
  /** X's columns for the ridge system's n×n form, up to n = MAX_WIDE_N. */
  readonly wideColumns: KernelColumns | undefined;

  private readonly n: number;
  private readonly X: Float64Array;
  private readonly y: Float64Array;
  private readonly ws: Workspace;
  private readonly resid: Float64Array;
  /** X·d for line searches, and θ at the last check. */
  private readonly scratch: Float64Array;
  private readonly theta: Float64Array;
  /** X's rows for `projectOnRows`, made on first use. */
  private rows: RowsProjection | undefined;
  private readonly pairs: PairProducts;
  /** Column lists and their products for the batched kernels (`crossRow`, `supportGradient`, `sweep`), p long. */
  private readonly listCols: Int32Array;
  private readonly listValues: Float64Array;
  /** The columns of X that `reset`, `directionProducts`, `moveAlong` and a check take into a vector, listed for one kernel call. */
  private readonly listed: ListedColumns;
  /** The vector v₀ of the last full sweep, its products Xᵀv₀ and ‖v₀‖, and the column norms: what bounds a check's products. */
  private readonly reference: { readonly v: Float64Array; readonly grad: Float64Array; readonly colNorm: Float64Array; norm: number };

  constructor(problem: KernelProblem) {
    const { n, p, X, y } = problem;
    const ws = problem.workspace ?? Workspace.plain();
    super(ws.alloc(p), ws.alloc(p));
    this.ws = ws;
    this.n = n;
    this.p = p;
    this.tuning = { adaptiveInnerThreshold: true, newtonAfterPassFrom: NEWTON_AFTER_PASS_FROM, visitFlops: 2 * n, moveFlops: 2 * n, crossFlops: 2 * n, rentedFactor: true, dualExtrapolation: false, lassoPredictor: true, correctedPointApart: false };
    this.X = X;
    this.wideColumns = n <= MAX_WIDE_N ? { n, column: (j) => X.subarray(j * n, (j + 1) * n) } : undefined;
    this.y = y;
    this.colSq = problem.colSq;
    this.penaltyFactor = problem.penaltyFactor;
    this.excluded = problem.excluded;
    this.positive = problem.positive;
    this.resid = ws.alloc(n);
    this.resid.set(y);
    this.scratch = ws.alloc(n);
    this.theta = ws.alloc(n);
    // An active Gram larger than n is singular anyway.
    this.maxCorrected = Math.min(n, MAX_CORRECTED);
    this.listCols = ws.allocInt(p);
    this.listValues = ws.alloc(p);
    this.listed = new ListedColumns(ws, p);
    const values2 = ws.alloc(p);
    const many = {
      cols: this.listCols,
      values: this.listValues,
      values2,
      compute: (j: number, count: number) => ws.gatherDots(X, X, j * n, this.listCols, count, this.listValues, n),
      compute2: (j: number, j2: number, count: number) => ws.gatherDots2(X, X, j * n, X, j2 * n, this.listCols, count, this.listValues, values2, n),
    };
    this.pairs = new PairProducts(p, pairCapacity(this.maxCorrected), (a, b) => ws.dot(X, a * n, X, b * n, n), many);
    this.yty = ws.dot(y, 0, y, 0, n);
    this.xty = kernelXty(problem, ws);
    this.grad.set(this.xty);
    // The first reference is y, whose products the line above has.
    this.reference = { v: ws.alloc(n), grad: new Float64Array(this.xty), colNorm: this.colSq.map(Math.sqrt), norm: Math.sqrt(this.yty) };
    this.reference.v.set(y);
    this.pack = new PassPack(ws, p);
    const inMemory = ws.holds(X) && ws.holds(this.resid) && this.pack.heldBy(ws);
    this.passOver = inMemory ? (set, state, everActive, penalty) => this.kernelPass(set, state, everActive, penalty) : undefined;
  }

  private kernelPass(set: readonly number[], state: PenaltyState, everActive: Uint8Array, penalty: number): number {
    const { pack } = this;
    pack.load(set, state, this.colSq, penalty);
    const change = this.ws.densePass(this.X, this.n, pack.set, set.length, pack.beta, pack.cst, this.resid, state.positive) as number;
    pack.store(set, state, everActive);
    return change;
  }

  /** The workspace its vectors live in (where the solver's factors take their room; see `CdProblem.workspace`). */
  get workspace(): Workspace {
    return this.ws;
  }

  /** Workspace room (float64 values) one residual problem takes. */
  static workspaceDoubles(n: number, p: number): number {
    return 4 * (n + PAD) + 5 * (p + PAD) + Math.ceil(p / 2) + PAD + ListedColumns.workspaceDoubles(p) + PassPack.workspaceDoubles(p) + 2 * UpdatableCholesky.arenaDoubles(p);
  }

  /**
   * The loop's pass done in WebAssembly (see `CdProblem.passOver`): the set, its β and its λs
   * copied next to X and r, then one kernel call (kernels.wat's densePass: the generic pass's
   * operations with this problem's dot and axpy, so the same β bit for bit) instead of two
   * JS-to-Wasm calls per coordinate. Absent where X or r are not in WebAssembly memory.
   */
  readonly passOver?: CdProblem['passOver'];
  private readonly pack: PassPack;

  watchWorkingSet(): void {}

  reset(beta: Float64Array): void {
    const { n, p, X, y } = this;
    this.resid.set(y);
    this.listed.subtract(X, n, null, beta, p, this.resid);
    this.thetaFresh = false;
    this.refresh();
  }

  coordinateGradient(j: number): number {
    return this.ws.dot(this.X, j * this.n, this.resid, 0, this.n);
  }

  update(j: number, delta: number): void {
    this.ws.axpy(-delta, this.X, j * this.n, this.resid, 0, this.n);
  }

  directionProducts(S: readonly number[], d: Float64Array): { rXd: number; xdSq: number } {
    const { n, X } = this;
    const xd = this.scratch;
    xd.fill(0);
    this.listed.subtract(X, n, S, d, S.length, xd, -1);
    return { rXd: this.ws.dot(this.resid, 0, xd, 0, n), xdSq: this.ws.dot(xd, 0, xd, 0, n) };
  }

  /** r −= t·X_S·d from the X_S·d that `directionProducts` left in `scratch`, then the cut steps' rest. */
  moveAlong(S: readonly number[], d: Float64Array, t: number, rest: Float64Array): void {
    const { n, X } = this;
    this.ws.axpy(-t, this.scratch, 0, this.resid, 0, n);
    this.listed.subtract(X, n, S, rest, S.length, this.resid);
  }

  residualMoments(): { rss: number; yTr: number } {
    const { n } = this;
    return { rss: this.ws.dot(this.resid, 0, this.resid, 0, n), yTr: this.ws.dot(this.y, 0, this.resid, 0, n) };
  }

  cross(a: number, b: number): number {
    return this.pairs.get(a, b);
  }

  override crossRow(list: readonly number[], j: number, out: Float64Array): void {
    this.pairs.row(list, j, out);
  }

  crossPair(list: readonly number[], j: number, j2: number): void {
    this.pairs.pair(list, j, j2);
  }

  supportGradient(S: readonly number[]): Float64Array {
    const { listCols: cols, listValues: out } = this;
    for (let a = 0; a < S.length; a++) cols[a] = S[a];
    this.ws.gatherDots(this.X, this.resid, 0, cols, S.length, out, this.n);
    return out.subarray(0, S.length);
  }

  crossColumn(k: number, out: Float64Array, offset: number): void {
    const { n, p, X, excluded } = this;
    for (let j = 0; j < p; j++) out[offset + j] = excluded[j] ? 0 : this.ws.dot(X, j * n, X, k * n, n);
  }

  /** The residual is exact: nothing to do. */
  beginCheck(): void {}

  projectOnRows(U: readonly number[], point: DualPoint, grad: Float64Array): DualPoint | null {
    const theta = point.grad === this.grad ? this.resid : point.grad === this.thetaGrad ? this.theta : null;
    if (theta === null) return null;
    return this.onRows().point(U, theta, theta === this.resid, grad);
  }

  rowsRank(U: readonly number[]): number | null {
    return this.onRows().rank(U);
  }

  private onRows(): RowsProjection {
    const { n, p, X, y, excluded, ws } = this;
    return (this.rows ??= new RowsProjection(denseRows(X, y, n, p, excluded, ws)));
  }

  /** θ = r − X_S·δ, then Xᵀθ: the check's one O(n·p) sweep (see `ResidualGradient.checkPoint`), or its bounded part. */
  protected correctedCheck(step: SupportStep, lambda1?: Float64Array): CheckedPoint {
    const { n, X, y } = this;
    const { S, delta } = step;
    const theta = this.theta;
    theta.set(this.resid);
    this.listed.subtract(X, n, S, delta, S.length, theta);
    const grad = this.thetaGrad;
    this.sweep(theta, grad, lambda1);
    return {
      grad,
      thetaSq: this.ws.dot(theta, 0, theta, 0, n),
      yTheta: this.ws.dot(y, 0, theta, 0, n),
      ...this.residualMoments(),
    };
  }

  /** The gradient from the residual, O(n·p): exact, or bounded given λ1 (see `sweep`). */
  protected refresh(lambda1?: Float64Array): void {
    this.gradBounded = !this.sweep(this.resid, this.grad, lambda1);
    this.gradFresh = true;
  }

  /**
   * out = Xᵀv for a check. Given λ1, first the coordinates provably below it: by Cauchy–Schwarz
   * |x_jᵀv| ≤ |x_jᵀv₀| + ‖x_j‖·‖v − v₀‖, v₀ the reference (the last full sweep's vector) — with
   * the rounding of x_jᵀv₀, ‖x_j‖ and ‖v − v₀‖ added. Those keep x_jᵀv₀ (below λ1_j as well; see
   * `CdProblem.checkPoint`), and only the others' products are computed, when they are at most
   * BOUNDED_SHARE of the columns. Early on a path, where few coordinates are active and r moves
   * little between checks, most of X is then not read. Otherwise (or without λ1) one sweep of X
   * computes every product and becomes the reference. Returns whether every product is exact.
   */
  private sweep(v: Float64Array, out: Float64Array, lambda1?: Float64Array): boolean {
    const { n, p, X, excluded, reference: ref } = this;
    if (lambda1 !== undefined) {
      let d2 = 0;
      for (let i = 0; i < n; i++) {
        const e = v[i] - ref.v[i];
        d2 += e * e;
      }
      const slack = 1 + (n + 16) * ROUNDING;
      const d = Math.sqrt(d2);
      const reach = (d + (n + 16) * ROUNDING * (2 * ref.norm + d)) * slack;
      const cols = this.listCols;
      let m = 0;
      let proved = 0;
      for (let j = 0; j < p; j++) {
        if (excluded[j]) {
          out[j] = 0;
          continue;
        }
        const g = ref.grad[j];
        if ((Math.abs(g) + ref.colNorm[j] * reach) * slack < lambda1[j]) {
          out[j] = g;
          proved++;
        } else cols[m++] = j;
      }
      if (m <= BOUNDED_SHARE * p) {
        const values = this.listValues;
        this.ws.gatherDots(X, v, 0, cols, m, values, n);
        for (let t = 0; t < m; t++) out[cols[t]] = values[t];
        return proved === 0;
      }
    }
    this.ws.gemvT(X, v, out, n, p);
    for (let j = 0; j < p; j++) if (excluded[j]) out[j] = 0;
    ref.v.set(v);
    ref.grad.set(out);
    ref.norm = Math.sqrt(this.ws.dot(v, 0, v, 0, n));
    return true;
  }
}
