import { UpdatableCholesky } from '../math/UpdatableCholesky.js';
import { PAD, Workspace } from '../wasm/Workspace.js';
import type { CdProblem, CheckedPoint, DualPoint, SetSolveRun, SetSolveSettings, SupportStep, Tuning } from './CdProblem.js';
import { cyclicPass } from './coordinateMinimizer.js';
import { denseRows, RowsProjection, type DesignRows } from './DesignRows.js';
import { dualityGap } from './dualityGap.js';
import { kernelXty, type GramSource, type KernelProblem } from './KernelProblem.js';
import { GROUP, LazyGram } from './LazyGram.js';
import { ListedColumns } from './ListedColumns.js';
import { PassPack } from './PassPack.js';
import type { PenaltyState } from './penaltyState.js';

/**
 * Largest active set the corrected dual point and the Lasso's Newton steps are built for (X_SᵀX_S
 * factored densely: up to 4096² doubles, 134 MB, beside a Gram of p² already). Only statistics give
 * a Gram problem more than 2000 columns (X's paths keep a Gram up to `maxGramFeatures`). At 2000,
 * paths from statistics whose supports passed it crawled on passes alone, some α's to maxIter
 * (README: "Measurements behind the constants").
 */
const MAX_CORRECTED = 4096;
/**
 * Gram columns come in pairs once X has this many cells (512 KB): there a sweep over X is dear
 * enough that a likely next column (`likelyNextColumns`, from outside the working set too) is
 * worth making beside the one asked for; below it, where X stays in the closest caches, pairs
 * gained nothing or lost (README: "Measurements behind the constants").
 */
const PAIR_MIN_CELLS = 1 << 16;
/**
 * From this many cells (8 MB) in groups of up to LazyGram's GROUP: reading X from memory bounds a
 * sweep there, and one sweep serves the whole group; below it, where X stays in cache, groups of
 * eight only add columns never asked for (README: "Measurements behind the constants").
 */
const GROUP_MIN_CELLS = 1 << 20;
const NO_PARTNERS: readonly number[] = [];
/** Above this many ‖y‖, Σ_k |β_k|·‖x_k‖ says a fit cancels: its Gram-made ‖r‖² rounds at 1e6·ε·‖y‖² and beyond. */
const CANCELLING_FIT = 1e3;

/** Columns of XᵀX (row-major p×p; column j valid once `ready[j]`), made ready on request. */
export interface GramColumns {
  readonly G: Float64Array;
  readonly ready: Uint8Array;
  /** Makes column j ready (and those of `partners` in the same sweep, where that is cheaper). */
  ensure(j: number, partners: readonly number[]): void;
}

/** What a Gram problem is made of: no X, only its products. */
export interface GramData {
  readonly p: number;
  /** ‖x_j‖² (the Gram's diagonal). */
  readonly colSq: Float64Array;
  readonly penaltyFactor: Float64Array;
  readonly excluded: Uint8Array;
  readonly positive: boolean;
  readonly yty: number;
  /** Xᵀy, 0 on excluded columns. */
  readonly xty: Float64Array;
  /** The Gram's columns, or how to make them on first use (p² doubles are not spent on a path that stays empty). */
  readonly gram: GramColumns | (() => GramColumns);
  /**
   * Most columns made in one sweep over X (1, 2 or LazyGram's GROUP): where computing a column is
   * memory-bound, likely next columns ride along.
   */
  readonly sweepColumns: number;
  readonly workspace?: Workspace;
  /** A bound on X's rank (see `CdProblem.rankBound`); default none. */
  readonly rankBound?: number;
  /** X's rows, made on first use, where the Gram was made from them (see `projectOnRows`); absent from statistics alone. */
  readonly rows?: () => DesignRows;
  /** Given, what the problem's `release` does (a workspace of its own back to the pool). */
  readonly release?: () => void;
}

/**
 * A problem seen only through XᵀX, Xᵀy and yᵀy (see {@link CdProblem}): it keeps the gradient
 * c = Xᵀy − XᵀXβ, so each coordinate's gradient is read, not computed, and an update is one axpy
 * with a Gram column, O(p). The gradient is always current, so the support's Newton step is
 * cheap after every working-set pass and checks cost O(p·|active|). Gram columns are made ready
 * only for coordinates that move (lazily from X, from a cross-validation fold's shared Gram, or
 * all at once from sufficient statistics).
 *
 * Memory: two p-vectors in the workspace plus the Gram (p² doubles).
 */
export class GramProblem implements CdProblem {
  readonly p: number;
  readonly colSq: Float64Array;
  readonly penaltyFactor: Float64Array;
  readonly excluded: Uint8Array;
  readonly positive: boolean;
  readonly rankBound: number | undefined;
  readonly yty: number;
  readonly xty: Float64Array;
  readonly maxCorrected = MAX_CORRECTED;
  readonly tuning: Tuning;

  private readonly grad: Float64Array;
  private gram: GramColumns | null;
  private readonly makeGram: () => GramColumns;
  private readonly sweepColumns: number;
  private strong: Uint8Array | null = null;
  /** likelyNextColumns' list and the |c| of each, reused. */
  private readonly partners: number[] = [];
  private readonly partnerSize = new Float64Array(GROUP);
  /** correctedPoint's Xᵀθ, reused. */
  private readonly correctedGrad: Float64Array;
  /** −G[:, S]·d for the last `directionProducts` (S, d) once made (`dirMade`): `moveAlong` applies it. */
  private readonly dirGrad: Float64Array;
  private dirMade = false;
  /** c is Xᵀy − G·β as `refresh` computes it at the current β (no update since): a check need not recompute it. */
  private exact = false;
  /** The Gram columns `subtract` takes into a vector, listed for one kernel call. */
  private readonly listed: ListedColumns;
  /** What kernelPass copies the set, β and constants into for the kernel. */
  private readonly pack: PassPack;
  /** Where grad and Xᵀθ live, and whose axpy updates them (WebAssembly where G is in it too). */
  private readonly ws: Workspace;
  /** What `solveOnSet`'s kernel reports (gap, primal, passes). */
  private readonly solveOut: Float64Array;
  readonly release?: () => void;
  /** X's rows where the Gram was made from them (see `GramData.rows`), and their projection once made. */
  private readonly makeRows: (() => DesignRows) | undefined;
  private rows: RowsProjection | undefined;
  /** r = y − Xβ made on the rows (`rowsResidual`), on first use. */
  private rowsR: Float64Array | undefined;

  constructor(data: GramData) {
    const ws = data.workspace ?? Workspace.plain();
    this.p = data.p;
    this.tuning = { adaptiveInnerThreshold: false, newtonAfterPassFrom: 0, visitFlops: 1, moveFlops: 2 * data.p, crossFlops: 1, rentedFactor: false, dualExtrapolation: false, lassoPredictor: false, correctedPointApart: true };
    this.colSq = data.colSq;
    this.penaltyFactor = data.penaltyFactor;
    this.excluded = data.excluded;
    this.positive = data.positive;
    this.yty = data.yty;
    // The α kernel reads Xᵀy beside G and c: a copy in the workspace where it is not there already
    // (sufficient statistics give it as an ordinary array, and had left their paths to the kernel's
    // TypeScript twin).
    this.xty = ws.holds(data.xty) ? data.xty : ws.allocForOverwrite(data.p);
    if (this.xty !== data.xty) this.xty.set(data.xty);
    const { gram } = data;
    this.gram = typeof gram === 'function' ? null : gram;
    this.makeGram = typeof gram === 'function' ? gram : () => gram;
    this.sweepColumns = data.sweepColumns;
    this.rankBound = data.rankBound;
    this.makeRows = data.rows;
    this.ws = ws;
    this.release = data.release;
    this.grad = ws.alloc(data.p);
    this.grad.set(data.xty);
    this.correctedGrad = ws.alloc(data.p);
    this.dirGrad = ws.alloc(data.p);
    this.solveOut = ws.alloc(4);
    this.pack = new PassPack(ws, data.p);
    this.listed = new ListedColumns(ws, data.p);
  }

  /**
   * The loop's pass in WebAssembly (kernels.wat's gramPass: the generic pass's operations with this
   * problem's axpy, so the same β bit for bit) where the Gram, c and the pack are in WebAssembly
   * memory — one kernel call per pass (and per column made on the way) instead of a JS-to-Wasm
   * call per coordinate; a first call in a process then runs the pass compiled, not interpreted.
   * Absent otherwise (before the Gram is made, p beyond its room in the workspace, a Gram given whole).
   */
  get passOver(): CdProblem['passOver'] {
    // Not before the Gram is made (by the first coordinate that moves): p² doubles are not spent
    // on a path that stays empty. The generic pass moves β as the kernel does.
    const { ws, gram } = this;
    if (gram === null) return undefined;
    return ws.holds(gram.G) && ws.holds(this.grad) && this.pack.heldBy(ws) && gram.ready.buffer === this.grad.buffer ? this.kernelPass : undefined;
  }

  private readonly kernelPass = (set: readonly number[], state: PenaltyState, everActive: Uint8Array, penalty: number): number => {
    const { pack, p, ws } = this;
    const gram = this.gram as GramColumns;
    pack.load(set, state, this.colSq, penalty);
    let max = 0;
    let start = 0;
    for (;;) {
      const run = ws.gramPass(gram.G, p, pack.set, start, set.length, pack.beta, pack.cst, this.grad, gram.ready, state.positive, max) as { max: number; stoppedAt: number };
      max = run.max;
      if (run.stoppedAt < 0) break;
      // A coordinate about to move needs its column (made as `update` makes it); then on from there.
      start = run.stoppedAt;
      this.column(set[start]);
    }
    if (pack.store(set, state, everActive)) this.exact = false;
    return max;
  };

  /**
   * A whole α by plain passes and checks in one call (see `CdProblem.solveOnSet`): in WebAssembly
   * where the pass kernel is (alphaKernels.wat's gramSolve), else {@link plainSolve}, the same
   * arithmetic in TypeScript — so the paths with and without SIMD agree. The set's columns are
   * made first. Undefined before the Gram is made (by the first coordinate that moves: a path that
   * stays empty makes none).
   */
  solveOnSet(set: readonly number[], state: PenaltyState, everActive: Uint8Array, penalty: number, settings: SetSolveSettings): SetSolveRun | undefined {
    const { gram, ws, pack, p } = this;
    if (gram === null) return undefined;
    for (let a = 0; a < set.length; a++) if (!gram.ready[set[a]]) this.column(set[a]);
    if (this.passOver !== undefined) {
      pack.load(set, state, this.colSq, penalty);
      const status = ws.gramSolve(gram.G, p, pack, set.length, this.grad, gram.ready, this.xty, this, settings, this.solveOut);
      if (status !== null) {
        if (pack.store(set, state, everActive)) this.exact = false;
        const [gap, primal, passes] = this.solveOut;
        return { outcome: status === 1 ? 'converged' : status === 2 ? 'violator' : 'passes', passes, gap, primal };
      }
    }
    return this.plainSolve(set, state, everActive, settings);
  }

  /**
   * gramSolve in TypeScript, operation for operation: the loop's pass (`cyclicPass`), the same rate
   * test, then the KKT conditions off the set and `dualityGap` at the residual (`residualMoments`),
   * which sum as the kernel does. The set is the loop's working set listed (its `strong` flags).
   */
  private plainSolve(set: readonly number[], state: PenaltyState, everActive: Uint8Array, settings: SetSolveSettings): SetSolveRun {
    const { p, grad, positive, excluded } = this;
    const { l1, innerFloor, tol, floor, maxPasses } = settings;
    const strong = this.strong as Uint8Array;
    let innerTol = settings.innerTol;
    let passes = 0;
    let visits = 0;
    let last = Infinity;
    let gap = Infinity;
    let primal = 0;
    const run = (outcome: SetSolveRun['outcome']): SetSolveRun => ({ outcome, passes, gap, primal });
    for (;;) {
      if (passes >= maxPasses) return run('passes');
      const change = cyclicPass(this, set, state, everActive);
      passes++;
      visits += set.length;
      if (passes >= 3 && change > innerTol) {
        const ratio = change / last;
        if (ratio >= 1 || change * powi(ratio, maxPasses - passes) > innerTol) return run('passes');
      }
      last = change;
      if (change > innerTol || (innerTol <= innerFloor && visits < p)) continue;
      visits = 0;
      for (let j = 0; j < p; j++) if (!strong[j] && !excluded[j] && (positive ? grad[j] : Math.abs(grad[j])) > l1) return run('violator');
      const { rss, yTr } = this.residualMoments(state.beta);
      ({ gap, primal } = dualityGap({ beta: state.beta, grad, rss, yTr, lambda1: state.lambda1, lambda2: state.lambda2, positive, excluded, uniform: state.uniform }));
      if (gap <= tol * primal + floor) return run('converged');
      innerTol = Math.max(innerTol * 0.1, innerFloor);
    }
  }

  /**
   * The Gram problem of a prepared kernel problem: Xᵀy (unless the problem has it) and yᵀy
   * computed once from X, Gram columns lazily from X or from the problem's GramSource
   * (cross-validation folds). O(n·p).
   */
  static fromKernel(problem: KernelProblem): GramProblem {
    const { n, p, y } = problem;
    const ws = problem.workspace ?? Workspace.plain();
    const xty = kernelXty(problem, ws);
    return new GramProblem({
      p,
      colSq: problem.colSq,
      penaltyFactor: problem.penaltyFactor,
      excluded: problem.excluded,
      positive: problem.positive,
      yty: ws.dot(y, 0, y, 0, n),
      xty,
      gram: () => (problem.gram === undefined ? new LazyGram(problem, ws) : fromSource(problem.gram as GramSource, p, ws)),
      sweepColumns: n * p >= GROUP_MIN_CELLS ? GROUP : n * p >= PAIR_MIN_CELLS ? 2 : 1,
      workspace: ws,
      rankBound: problem.centred ? n - 1 : n,
      rows: () => denseRows(problem.X, y, n, p, problem.excluded, ws),
    });
  }

  /** The workspace its vectors live in (where the solver's factors take their room; see `CdProblem.workspace`). */
  get workspace(): Workspace {
    return this.ws;
  }

  /** Workspace room (float64 values) one Gram problem over X takes. */
  static workspaceDoubles(p: number): number {
    return 4 * (p + PAD) + 4 + PAD + PassPack.workspaceDoubles(p) + ListedColumns.workspaceDoubles(p) + LazyGram.workspaceDoubles(p) + 2 * UpdatableCholesky.arenaDoubles(p);
  }

  watchWorkingSet(strong: Uint8Array): void {
    this.strong = strong;
  }

  reset(beta: Float64Array): void {
    this.refresh(beta);
  }

  coordinateGradient(j: number): number {
    return this.grad[j];
  }

  update(j: number, delta: number): void {
    this.exact = false;
    this.ws.axpy(-delta, this.column(j), j * this.p, this.grad, 0, this.p);
  }

  /** The gradient is kept current by every update. */
  moved(): void {}

  gradient(): Float64Array {
    return this.grad;
  }

  screeningGradient(): Float64Array {
    return this.grad;
  }

  /**
   * rᵀX_S·d from the gradient; ‖X_S·d‖², where not known, as dᵀ(G[:, S]·d)_S from the combination
   * of S's Gram columns that `moveAlong` then applies to the gradient — one SIMD axpy per moving
   * coordinate, where the quadratic form alone had been an |S|² loop in JS (README: "Measurements
   * behind the constants").
   */
  directionProducts(S: readonly number[], d: Float64Array, knownXdSq?: number): { rXd: number; xdSq: number } {
    const m = S.length;
    let rXd = 0;
    for (let i = 0; i < m; i++) rXd += d[i] * this.grad[S[i]];
    this.dirMade = false;
    if (knownXdSq !== undefined) return { rXd, xdSq: knownXdSq };
    const dirGrad = this.combined(S, d, m);
    let xdSq = 0;
    for (let i = 0; i < m; i++) xdSq -= d[i] * dirGrad[S[i]];
    return { rXd, xdSq: Math.max(xdSq, 0) };
  }

  /**
   * c −= G[:, S]·(t·d + rest): t times the last direction's columns, then the cut steps' own. Where
   * the direction's columns are not made yet and β has no more nonzeros than the step moves
   * coordinates (a Newton step on the support), c is recomputed from β instead, in the same
   * columns' work — and the check that mostly follows such a step then need not recompute it: a
   * Gram-mode Lasso path took two sweeps of the support's columns per step, one to move c and one
   * to refresh it (10,000 × 1,000 from sufficient statistics: 73 → ~37 M multiply-adds a path).
   */
  moveAlong(S: readonly number[], d: Float64Array, t: number, rest: Float64Array, beta: Float64Array): void {
    const m = S.length;
    if (!this.dirMade && nonzeros(beta, this.p) <= moving(d, rest, m)) {
      this.refresh(beta);
      return;
    }
    this.exact = false;
    this.ws.axpy(t, this.dirMade ? this.dirGrad : this.combined(S, d, m), 0, this.grad, 0, this.p);
    this.subtract(S, rest, m, this.grad);
  }

  /** −G[:, S]·d into `dirGrad`. */
  private combined(S: readonly number[], d: Float64Array, m: number): Float64Array {
    this.dirGrad.fill(0);
    this.subtract(S, d, m, this.dirGrad);
    this.dirMade = true;
    return this.dirGrad;
  }

  /** y −= Σ_i coef[i]·G[:, S_i] over i < m (S null: i itself), the columns taken made ready first. */
  private subtract(S: ArrayLike<number> | null, coef: ArrayLike<number>, m: number, y: Float64Array): void {
    // The Gram is made by the first column taken: none where every coefficient is 0 (an empty β).
    const count = this.listed.list(S, coef, m, 1, this.makeReady);
    if (count > 0) this.listed.take((this.gram as GramColumns).G, this.p, count, y);
  }

  /** Makes column j ready (see {@link column}); bound once, for `subtract`. */
  private readonly makeReady = (j: number): void => {
    this.column(j);
  };

  /**
   * r = y − Xβ ⇒ yᵀr = yᵀy − βᵀXᵀy and ‖r‖² = yᵀr − βᵀc — which round at ε·(‖y‖ + Σ|β_k|·‖x_k‖)².
   * Where the fit cancels (Σ|β_k|·‖x_k‖ > CANCELLING_FIT·‖y‖) and the rows are at hand, from r made
   * on them instead (O(n·|β|₀)): a 5.6e5-fold cancelling Elastic Net fit's gap fell 9e-6 (5e-5 of
   * its objective) below its suboptimality with the Gram's.
   */
  residualMoments(beta: Float64Array): { rss: number; yTr: number } {
    const onRows = this.makeRows !== undefined && this.fitScale(beta) > CANCELLING_FIT * Math.sqrt(this.yty) ? this.onRows() : null;
    if (onRows !== null) {
      const r = this.rowsResidual(onRows.rows, beta);
      let rss = 0;
      let yTr = 0;
      for (let i = 0; i < r.length; i++) {
        rss += r[i] * r[i];
        yTr += onRows.rows.y[i] * r[i];
      }
      return { rss, yTr };
    }
    let bXty = 0;
    let bc = 0;
    for (let j = 0; j < this.p; j++) {
      const b = beta[j];
      if (b !== 0) {
        bXty += b * this.xty[j];
        bc += b * this.grad[j];
      }
    }
    const yTr = this.yty - bXty;
    return { rss: Math.max(yTr - bc, 0), yTr };
  }

  /**
   * Where the Gram was made from X's rows, the residual's point projected there (see
   * `CdProblem.projectOnRows`), θ = y − Xβ made from the rows: where the Gram cannot tell the
   * unpenalized columns apart (sines its rounding hides), the rows can. O(n·p) — only for the
   * checks where the Gram's own projection is unsure. Null for another point, or without rows.
   */
  projectOnRows(U: readonly number[], point: DualPoint, grad: Float64Array, beta: Float64Array): DualPoint | null {
    const onRows = this.onRows();
    if (onRows === null || point.grad !== this.grad) return null;
    return onRows.point(U, this.rowsResidual(onRows.rows, beta), true, grad);
  }

  rowsRank(U: readonly number[]): number | null {
    return this.onRows()?.rank(U) ?? null;
  }

  private onRows(): RowsProjection | null {
    if (this.makeRows === undefined) return null;
    return (this.rows ??= new RowsProjection(this.makeRows()));
  }

  /** r = y − Xβ on the rows, in one buffer kept across calls. O(n·|β|₀). */
  private rowsResidual(rows: DesignRows, beta: Float64Array): Float64Array {
    const r = (this.rowsR ??= new Float64Array(rows.n));
    rows.residual(beta, r);
    return r;
  }

  fitScale(beta: Float64Array): number {
    let s = 0;
    for (let j = 0; j < this.p; j++) if (beta[j] !== 0) s += Math.abs(beta[j]) * Math.sqrt(this.colSq[j]);
    return s;
  }

  cross(a: number, b: number): number {
    return this.column(a)[a * this.p + b];
  }

  /** out[i] = G[list[i]][j], read along row j (the Gram is symmetric): one column made ready, not one per entry. */
  crossRow(list: readonly number[], j: number, out: Float64Array): void {
    const G = this.column(j);
    const row = j * this.p;
    for (let i = 0; i < list.length; i++) out[i] = G[row + list[i]];
  }

  crossBlock(S: readonly number[], out: Float64Array): void {
    const k = S.length;
    for (const j of S) this.column(j);
    const G = (this.gram as GramColumns).G;
    for (let a = 0; a < k; a++) {
      const row = S[a] * this.p;
      for (let b = 0; b <= a; b++) out[a * k + b] = G[row + S[b]];
    }
  }

  crossColumn(k: number, out: Float64Array, offset: number): void {
    const { p } = this;
    out.set(this.column(k).subarray(k * p, k * p + p), offset);
  }

  beginCheck(beta: Float64Array): void {
    if (!this.exact) this.refresh(beta);
  }

  checkPoint(): { grad: Float64Array; point: CheckedPoint | null } {
    return { grad: this.grad, point: null };
  }

  /**
   * θ = r − X_S·δ from Gram columns: Xᵀθ = c − Σ δ_a G_{S_a}, yᵀθ = yᵀr − δᵀ(Xᵀy)_S, and ‖θ‖² from
   * the factor's quadratic form δᵀ(X_SᵀX_S)δ (given), so the bound does not lean on the solve's
   * residual. O(p·|S|).
   */
  correctedPoint(step: SupportStep, rss: number, yTr: number, quadratic: number): DualPoint {
    const { S, delta } = step;
    // Reused, as the residual problems reuse theirs: a dual point is read before the next is made.
    const grad = this.correctedGrad;
    grad.set(this.grad);
    let dc = 0;
    let dXty = 0;
    for (let a = 0; a < S.length; a++) {
      const d = delta[a];
      if (d === 0) continue;
      dc += d * this.grad[S[a]];
      dXty += d * this.xty[S[a]];
    }
    this.subtract(S, delta, S.length, grad);
    return { grad, thetaSq: Math.max(rss - 2 * dc + quadratic, 0), yTheta: yTr - dXty };
  }

  /** Exact gradient from Gram columns, O(p·|active|). */
  private refresh(beta: Float64Array): void {
    this.grad.set(this.xty);
    this.subtract(null, beta, this.p, this.grad);
    this.exact = true;
  }

  /** Gram column j made ready; returns the row-major p×p buffer. */
  private column(j: number): Float64Array {
    const gram = this.gram ?? (this.gram = this.makeGram());
    // With X out of cache a Gram column is bound by reading X, so the next likely column (the
    // not-yet-ready working-set coordinate with the largest |c|) is computed in the same sweep.
    if (!gram.ready[j]) gram.ensure(j, this.sweepColumns > 1 ? this.likelyNextColumns(j, gram.ready) : NO_PARTNERS);
    return gram.G;
  }

  /**
   * The working-set coordinates without a Gram column whose |c_k| are largest, largest first (at
   * most sweepColumns − 1, j left out); where every one has its column, the same among all
   * coordinates — the sweep's partner costs little beside j's, and smaller α's want more columns
   * (README: "Measurements behind the constants"). The paths are the same bit for bit (an entry
   * does not depend on which sweep made it). O(p·sweepColumns).
   */
  private likelyNextColumns(j: number, ready: Uint8Array): readonly number[] {
    const found = this.largestUnready(j, ready, this.strong);
    return found.length > 0 || this.strong === null ? found : this.largestUnready(j, ready, null);
  }

  /** Up to sweepColumns − 1 coordinates of `within` (all where null) without a column, by |c_k|, largest first. */
  private largestUnready(j: number, ready: Uint8Array, within: Uint8Array | null): readonly number[] {
    const { p, excluded, partners, partnerSize } = this;
    const most = this.sweepColumns - 1;
    partners.length = 0;
    for (let k = 0; k < p; k++) {
      if (k === j || (within !== null && !within[k]) || excluded[k] || ready[k]) continue;
      const u = Math.abs(this.grad[k]);
      // Insertion into the short list kept sorted by |c|, largest first.
      let at = partners.length;
      while (at > 0 && partnerSize[at - 1] < u) at--;
      if (at >= most) continue;
      if (partners.length < most) partners.push(0);
      for (let t = partners.length - 1; t > at; t--) {
        partners[t] = partners[t - 1];
        partnerSize[t] = partnerSize[t - 1];
      }
      partners[at] = k;
      partnerSize[at] = u;
    }
    return partners;
  }
}

/** Gram columns from a GramSource (a fold's), filled into a p×p buffer of their own (see `LazyGram.buffer`). */
function fromSource(source: GramSource, p: number, ws: Workspace): GramColumns {
  const G = LazyGram.buffer(ws, p);
  const ready = LazyGram.flags(ws, p);
  const group: number[] = [];
  return {
    G,
    ready,
    ensure(j, partners) {
      group.length = 0;
      group.push(j);
      for (const k of partners) if (!ready[k] && k !== j && group.length < GROUP) group.push(k);
      source.columns(group, G);
      for (const k of group) ready[k] = 1;
    },
  };
}

/**
 * Gram columns that are all known (a Gram given whole, e.g. from sufficient statistics), written by
 * `fill` into a zeroed row-major p×p buffer in `ws` where it has room (up to LazyGram's bound on p),
 * so the pass kernel runs over them.
 */
export function completeGram(fill: (G: Float64Array) => void, p: number, ws: Workspace): GramColumns {
  const buffer = LazyGram.buffer(ws, p);
  fill(buffer);
  return { G: buffer, ready: LazyGram.flags(ws, p).fill(1), ensure: () => {} };
}

/** How many of v's first m entries are nonzero. */
function nonzeros(v: ArrayLike<number>, m: number): number {
  let count = 0;
  for (let i = 0; i < m; i++) if (v[i] !== 0) count++;
  return count;
}

/** How many of a step's m coordinates take a Gram column into c: d_i ≠ 0 or rest_i ≠ 0. */
function moving(d: Float64Array, rest: Float64Array, m: number): number {
  let count = 0;
  for (let i = 0; i < m; i++) if (d[i] !== 0 || rest[i] !== 0) count++;
  return count;
}

/** x^k for an integer k ≥ 0 by squaring, as alphaKernels.wat's $powi (so the two decide alike). */
function powi(x: number, k: number): number {
  let r = 1;
  for (let e = k; e > 0; e >>>= 1) {
    if (e & 1) r *= x;
    x *= x;
  }
  return r;
}
