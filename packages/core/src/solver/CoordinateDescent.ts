import { choleskySolve } from '../math/choleskySolve.js';
import { UpdatableCholesky } from '../math/UpdatableCholesky.js';
import { axpy } from '../math/axpy.js';
import { andersonWeights } from './andersonWeights.js';
import { dualityGap } from './dualityGap.js';
import { PairProducts } from './PairProducts.js';
import { LazyGram } from './LazyGram.js';
import type { GramSource, KernelProblem } from './KernelProblem.js';
import { Workspace } from '../wasm/Workspace.js';

/** How the gradient c = Xᵀr is kept: from the residual (naive) or from Gram columns (covariance). */
export type UpdateMode = 'naive' | 'covariance';

export interface KernelOptions {
  /** Penalty level α ≥ 0. */
  readonly alpha: number;
  /** Mix between L1 (1) and L2 (0). */
  readonly l1Ratio: number;
  /** Converged when gap ≤ tol · primal objective (plus a rounding floor). */
  readonly tol: number;
  /** Cap on coordinate passes (full or active-set) for this α. */
  readonly maxIter: number;
  /**
   * α at which the current β was computed; enables the sequential strong rule.
   * Screened-out coordinates are checked against the KKT conditions before stopping.
   */
  readonly previousAlpha?: number;
  /** Turn screening off (every coordinate visited every pass); for tests and comparisons. */
  readonly screening?: boolean;
  /** Anderson extrapolation and Newton steps on the support (default true); off for comparisons. */
  readonly acceleration?: boolean;
}

export interface KernelResult {
  readonly dualGap: number;
  /** Kernel-form objective at the returned β. */
  readonly objective: number;
  /** Coordinate passes used (passes over the active set count as passes). */
  readonly nIter: number;
  readonly converged: boolean;
}

const EPS = 2.220446049250313e-16;
/** Iterates per Anderson extrapolation (celer and skglm use 5). */
const ANDERSON_K = 5;
/** Below this many multiples of ε·null objective the gap is rounding noise. */
const GAP_FLOOR = 1e2 * EPS;
/** Largest active set the corrected dual point is built for (its Gram is factored densely). */
const MAX_CORRECTED = 2000;
/**
 * Naive mode carries the inner threshold that sufficed over to the next α (relaxed by RELAX,
 * floored at RATIO_MIN), since there a failed check costs a sweep over X — as much as ~p/|S|
 * active-set passes. In covariance mode checks are cheap and the threshold restarts at tol.
 */
const RATIO_MIN = 1e-6;
const RELAX = 2;
/** Gram columns come in pairs once X has this many cells (≈ 8 MB: beyond the caches). */
const PAIR_MIN_CELLS = 1 << 20;
/** Newton steps on the support per α (each followed by a check). */
const MAX_NEWTON = 3;

/** δ on the active set S (factor order) and ‖X_S·δ‖² (see `supportStep`). */
interface SupportStep {
  readonly S: readonly number[];
  readonly delta: Float64Array;
  readonly xdSq: number;
}

/** A dual point θ₀ before rescaling, given by Xᵀθ₀, ‖θ₀‖² and yᵀθ₀. */
interface DualPoint {
  readonly grad: Float64Array;
  readonly thetaSq: number;
  readonly yTheta: number;
}

/**
 * Exact cyclic coordinate descent for the Elastic Net in kernel form (see {@link KernelProblem}),
 * in place on its own β. Warm starts are the default: each `solve` starts where the last one
 * ended, which is what a path wants.
 *
 * Per α: the sequential strong rule (Tibshirani et al. 2012) picks a working set; passes
 * alternate between the working set and its nonzero (active) part until the largest
 * weighted coordinate change is small; then every screened-out coordinate is checked
 * against the KKT conditions (violators join the working set) and the duality gap decides,
 * at a dual point corrected on the active set S (see {@link activeCorrectedPoint}).
 * Accelerations (each checked against its absence by the property tests): Anderson
 * extrapolation of the active iterates, and a Newton step on S — the correction's δ, the exact
 * restricted solution when signs hold — after each working-set pass (covariance mode) and after
 * a failed check; both line-searched, so never worse. A failed check otherwise tightens the inner
 * threshold (tenfold; in naive mode aimed at the target, and carried to the next α).
 *
 * Cost per pass: O(n·|working set|) naive, O(p·changed coordinates) covariance; each
 * KKT/gap check one O(n·p) sweep naive, O(p·|active|) covariance; O(|S|²) per change of S for
 * the factor of X_SᵀX_S. Gram columns are computed only for coordinates that ever become nonzero
 * (O(n·p) each; in pairs when X is out of cache). Vectors live in the problem's workspace, so
 * the kernels run as WebAssembly SIMD where available.
 *
 * @example
 * const cd = new CoordinateDescent(problem, 'naive');
 * const res = cd.solve({ alpha: 0.1, l1Ratio: 1, tol: 1e-6, maxIter: 10_000 });
 * res.converged; cd.beta;
 */
export class CoordinateDescent {
  readonly problem: KernelProblem;
  readonly mode: UpdateMode;
  /** Current coefficients (kernel scale). */
  readonly beta: Float64Array;
  /** ½‖y‖²: the objective at β = 0. */
  readonly nullObjective: number;

  private readonly resid: Float64Array;
  private readonly grad: Float64Array;
  private readonly lambda1: Float64Array;
  private readonly lambda2: Float64Array;
  private readonly strong: Uint8Array;
  private readonly everActive: Uint8Array;
  private readonly xty: Float64Array;
  private readonly yty: number;
  /** Covariance mode's Gram: computed lazily from X, or filled from the problem's GramSource. */
  private gram: { readonly G: Float64Array; readonly ready: Uint8Array } | null = null;
  private lastObjective: number;
  private gradFresh = false;
  private readonly scratchResid: Float64Array;
  /** Cholesky factor of the active Gram X_SᵀX_S for the corrected dual point, following S. */
  private readonly factor: UpdatableCholesky;
  private readonly maxCorrected: number;
  /** The set the factor was last brought to (sorted) and whether that succeeded. */
  private factorSet: number[] = [];
  private factorOk = true;
  private scratchProjected = new Float64Array(0);
  /** Naive mode: θ and Xᵀθ at the last check; the strong rule reads Xᵀθ while β is unchanged. */
  private readonly scratchTheta: Float64Array;
  private readonly thetaGrad: Float64Array;
  private thetaScreening = false;
  /** Whether some coordinate has λ1 = λ2 = 0 at this α (the corrected dual point does not apply). */
  private hasUnpenalized = false;
  /** Inner stopping threshold relative to tol·objective that sufficed at the last α. */
  private innerRatio = 1;
  /** Naive mode: cached x_aᵀx_b for active sets (the corrected point's Gram). */
  private readonly pairs: PairProducts;
  /** Kernels and memory (see Workspace). */
  private readonly ws: Workspace;

  constructor(problem: KernelProblem, mode: UpdateMode) {
    const { n, p, X, y } = problem;
    this.problem = problem;
    this.mode = mode;
    // Vectors the kernels read live in the problem's workspace (WebAssembly memory with SIMD).
    const ws = (this.ws = problem.workspace ?? Workspace.plain());
    this.beta = new Float64Array(p);
    this.resid = ws.alloc(mode === 'naive' ? n : 0);
    this.resid.set(mode === 'naive' ? y : []);
    this.grad = ws.alloc(p);
    this.lambda1 = new Float64Array(p);
    this.lambda2 = new Float64Array(p);
    this.strong = new Uint8Array(p);
    this.everActive = new Uint8Array(p);
    this.scratchResid = ws.alloc(mode === 'naive' ? n : 0);
    this.scratchTheta = ws.alloc(mode === 'naive' ? n : 0);
    this.thetaGrad = ws.alloc(mode === 'naive' ? p : 0);
    // Naive mode is for p ≫ n, where an active Gram larger than n is singular anyway.
    this.maxCorrected = mode === 'naive' ? Math.min(n, MAX_CORRECTED) : MAX_CORRECTED;
    this.pairs = new PairProducts(problem, ws, mode === 'naive' ? 2 * this.maxCorrected : 0);
    this.factor = new UpdatableCholesky(
      mode === 'naive' ? (a, b) => this.pairs.get(a, b) : (a, b) => this.gramColumnsFor(a)[a * p + b],
      1e-8,
    );
    this.yty = this.ws.dot(y, 0, y, 0, n);
    this.nullObjective = 0.5 * this.yty;
    this.lastObjective = this.nullObjective;
    this.xty = ws.alloc(p);
    ws.gemvT(X, y, this.xty, n, p);
    for (let j = 0; j < p; j++) if (problem.excluded[j]) this.xty[j] = 0;
    this.grad.set(this.xty);
    this.gradFresh = true;
  }

  /** Workspace room (float64 values) one solver takes for its vectors: see the constructor. */
  static workspaceDoubles(n: number, p: number, mode: UpdateMode): number {
    const pad = 2; // 16-byte alignment per array
    return mode === 'naive' ? 3 * (n + pad) + 3 * (p + pad) : 2 * (p + pad) + LazyGram.workspaceDoubles(p);
  }

  /** Replaces β (kernel scale), e.g. to warm-start from a stored solution; O(n·p). */
  setBeta(beta: ArrayLike<number>): void {
    const { p, excluded } = this.problem;
    for (let j = 0; j < p; j++) {
      this.beta[j] = excluded[j] ? 0 : beta[j];
      if (this.beta[j] !== 0) this.everActive[j] = 1;
    }
    if (this.mode === 'naive') this.recomputeResidual();
    this.thetaScreening = false;
    this.refreshGradient();
    this.lastObjective = this.nullObjective;
  }

  /** The gradient c = Xᵀ(y − Xβ) at the current β (fresh after every `solve`). */
  gradient(): Float64Array {
    if (!this.gradFresh) this.refreshGradient();
    return this.grad;
  }

  solve(opts: KernelOptions): KernelResult {
    const { p, penaltyFactor, excluded } = this.problem;
    const { alpha, l1Ratio, tol, maxIter } = opts;
    this.hasUnpenalized = false;
    for (let j = 0; j < p; j++) {
      this.lambda1[j] = alpha * l1Ratio * penaltyFactor[j];
      this.lambda2[j] = alpha * (1 - l1Ratio) * penaltyFactor[j];
      if (!excluded[j] && this.lambda1[j] === 0 && this.lambda2[j] === 0) this.hasUnpenalized = true;
    }
    this.chooseWorkingSet(opts);
    const floor = GAP_FLOOR * this.nullObjective;
    let innerTol = Math.max(tol * this.lastObjective * this.innerRatio, floor);
    let nIter = 0;
    let gap = Infinity;
    let objective = this.lastObjective;
    let converged = false;
    let newtonSteps = 0;
    const working: number[] = [];
    const active: number[] = [];
    const accelerate = opts.acceleration !== false;
    // Iterates on an unchanged support come from one affine map (whichever set the pass
    // visited), so the Anderson history survives working-set passes until the support moves.
    const anderson = { history: new Float64Array(0), stored: 0, support: [] as number[] };
    const record = () => {
      if (!accelerate) return;
      this.listActive(working, active);
      const m = active.length;
      if (m === 0) return;
      if (!sameList(active, anderson.support)) {
        anderson.support = active.slice();
        anderson.stored = 0;
        if (anderson.history.length < (ANDERSON_K + 1) * m) anderson.history = new Float64Array((ANDERSON_K + 1) * m);
      }
      for (let i = 0; i < m; i++) anderson.history[anderson.stored * m + i] = this.beta[active[i]];
      if (++anderson.stored === ANDERSON_K + 1) {
        this.extrapolate(active, anderson.history);
        anderson.stored = 0;
      }
    };
    for (;;) {
      listSet(this.strong, excluded, working);
      while (nIter < maxIter) {
        let change = this.pass(working);
        nIter++;
        record();
        if (change <= innerTol) break;
        // Jump to the solution on the support the pass found (exact when its signs hold).
        if (accelerate && nIter < maxIter && this.supportNewton()) nIter++;
        this.listActive(working, active);
        while (nIter < maxIter) {
          change = this.pass(active);
          nIter++;
          if (change <= innerTol) break;
          record();
        }
      }
      // The check. Naive mode: one sweep Xᵀθ at the corrected dual point serves both the KKT check
      // and the gap (Xᵀr is not needed when θ certifies); otherwise the exact gradient.
      if (this.mode === 'covariance') this.refreshGradient();
      const step = this.supportStep();
      const point = this.mode === 'naive' && step !== null ? this.naiveCorrectedPoint(step) : null;
      if (this.mode === 'naive' && point === null) this.refreshGradient();
      if (this.addKktViolators(point === null ? this.grad : point.grad) > 0 && nIter < maxIter) continue;
      const g = point === null ? this.gap(step) : this.gapAt(point, point.rss);
      gap = g.gap;
      objective = g.primal;
      const target = tol * objective + floor;
      if (gap <= target) {
        converged = true;
        // Start the next α's passes where this one's succeeded (a little looser, to stay adaptive).
        if (this.mode === 'naive') this.innerRatio = Math.min(1, Math.max(RATIO_MIN, (RELAX * innerTol) / (tol * objective)));
        break;
      }
      if (nIter >= maxIter) break;
      // A failed check on a settled support: step to the support's exact solution (line-searched,
      // so never worse) and check again before tightening the passes.
      if (accelerate && newtonSteps < MAX_NEWTON && step !== null && this.stepAlong(step.S, step.delta, true, step.xdSq) > 0) {
        newtonSteps++;
        nIter++;
        continue;
      }
      // The largest coordinate change and the gap shrink together: in naive mode aim just below the
      // target in one step.
      const shrink = this.mode === 'naive' ? Math.min(0.3, Math.max(1e-3, (0.3 * target) / gap)) : 0.1;
      innerTol = Math.max(innerTol * shrink, floor * 1e-3);
    }
    this.lastObjective = objective;
    return { dualGap: Math.max(gap, 0), objective, nIter, converged };
  }

  private chooseWorkingSet(opts: KernelOptions): void {
    const { p, penaltyFactor, excluded, positive } = this.problem;
    const { strong, everActive, beta, lambda1 } = this;
    // Xᵀθ at the last check equals the gradient at the optimum: either serves the (heuristic) rule.
    const screen = opts.screening !== false && opts.previousAlpha !== undefined && (this.gradFresh || this.thetaScreening);
    const c = this.gradFresh ? this.grad : this.thetaGrad;
    for (let j = 0; j < p; j++) {
      if (excluded[j]) {
        strong[j] = 0;
        continue;
      }
      if (!screen || penaltyFactor[j] === 0 || beta[j] !== 0 || everActive[j]) {
        strong[j] = 1;
        continue;
      }
      const prev = (opts.previousAlpha as number) * opts.l1Ratio * penaltyFactor[j];
      const u = positive ? c[j] : Math.abs(c[j]);
      strong[j] = u >= 2 * lambda1[j] - prev ? 1 : 0;
    }
  }

  /**
   * KKT for screened-out coordinates (β_j = 0): |x_jᵀθ| ≤ λ1_j, with θ the residual or the corrected
   * dual point (equal at the optimum). Returns how many joined.
   */
  private addKktViolators(grad: Float64Array): number {
    const { p, excluded, positive } = this.problem;
    let added = 0;
    for (let j = 0; j < p; j++) {
      if (this.strong[j] || excluded[j]) continue;
      const u = positive ? grad[j] : Math.abs(grad[j]);
      if (u > this.lambda1[j]) {
        this.strong[j] = 1;
        added++;
      }
    }
    return added;
  }

  /**
   * Moves β on the active set toward the Anderson extrapolation of the stored iterates, with a
   * line search: along β + t·d the objective is ½‖r − t·Xd‖² plus a piecewise-linear penalty, so
   * after one product X·d each trial t costs O(m). The best t that lowers the objective wins;
   * none does, β stays. A safeguarded step, so it can only help.
   */
  private extrapolate(active: readonly number[], history: Float64Array): void {
    const m = active.length;
    const weights = andersonWeights(history, m, ANDERSON_K);
    if (weights === null) return;
    const { beta } = this;
    const dir = new Float64Array(m);
    let moves = false;
    for (let i = 0; i < m; i++) {
      let v = 0;
      for (let k = 0; k < ANDERSON_K; k++) v += weights[k] * history[(k + 1) * m + i];
      dir[i] = v - beta[active[i]];
      if (dir[i] !== 0) moves = true;
    }
    if (!moves) return;
    this.stepAlong(active, dir, false);
  }

  /**
   * Line search along β_S + t·d (d over the coordinates S, β elsewhere fixed): along it the
   * objective is ½‖r − t·Xd‖² plus a piecewise-linear penalty, so after one product X·d each trial
   * t costs O(|S|). Trials: 1, the minimizer of the smooth part, 0.5, 0.25, 0.1 and, with
   * `toKink`, the step at which the first coordinate reaches 0. The best t that lowers the
   * objective is taken; returns it (0: none did, β unchanged).
   */
  private stepAlong(active: readonly number[], dir: Float64Array, toKink: boolean, knownXdSq?: number): number {
    const m = active.length;
    const { n, p, X } = this.problem;
    const { beta } = this;
    // rᵀXd = Σ d_i c_i and ‖Xd‖² (naive: through Xd; covariance: through the Gram block).
    let rXd = 0;
    let xdSq = 0;
    if (this.mode === 'naive') {
      const xd = this.scratchResid;
      xd.fill(0);
      for (let i = 0; i < m; i++) if (dir[i] !== 0) this.ws.axpy(dir[i], X, active[i] * n, xd, 0, n);
      rXd = this.ws.dot(this.resid, 0, xd, 0, n);
      xdSq = this.ws.dot(xd, 0, xd, 0, n);
    } else {
      for (let i = 0; i < m; i++) rXd += dir[i] * this.grad[active[i]];
      if (knownXdSq !== undefined) xdSq = knownXdSq;
      else {
        for (let i = 0; i < m; i++) {
          if (dir[i] === 0) continue;
          const G = this.gramColumnsFor(active[i]);
          const off = active[i] * p;
          let v = 0;
          for (let k = 0; k < m; k++) v += dir[k] * G[off + active[k]];
          xdSq += dir[i] * v;
        }
      }
    }
    const objectiveChange = (t: number): number => {
      let change = -t * rXd + 0.5 * t * t * xdSq;
      for (let i = 0; i < m; i++) change += this.penaltyDelta(active[i], beta[active[i]] + t * dir[i]);
      return change;
    };
    const smooth = xdSq > 0 ? rXd / xdSq : 1;
    let kink = Infinity;
    if (toKink) {
      for (let i = 0; i < m; i++) {
        const b = beta[active[i]];
        if (b !== 0 && b * dir[i] < 0) kink = Math.min(kink, -b / dir[i]);
      }
    }
    let bestT = 0;
    let best = 0;
    for (const t of [1, smooth, 0.5, 0.25, 0.1, kink < 1 ? kink : 0]) {
      if (!(t > 0) || !Number.isFinite(t)) continue;
      const change = objectiveChange(t);
      if (change < best) {
        best = change;
        bestT = t;
      }
    }
    if (bestT === 0) return 0;
    for (let i = 0; i < m; i++) {
      const j = active[i];
      const old = beta[j];
      let b = old + bestT * dir[i];
      // The coordinate that set the kink step lands on 0 up to rounding: put it there.
      if (bestT === kink && Math.abs(b) <= 1e-12 * Math.abs(old)) b = 0;
      if (this.problem.positive && b < 0) b = 0;
      const step = b - old;
      if (step === 0) continue;
      beta[j] = b;
      if (this.mode === 'naive') this.ws.axpy(-step, X, j * n, this.resid, 0, n);
      else axpy(-step, this.gramColumnsFor(j), j * p, this.grad, 0, p);
    }
    if (this.mode === 'naive') this.gradFresh = false;
    this.thetaScreening = false;
    return bestT;
  }

  /**
   * Newton step on the current support S (the restricted problem's exact solution when signs hold),
   * line-searched, taken after each working-set pass that moved β. Covariance mode only: there the
   * gradient on S is current and the step costs O(|S|²) plus O(p·|S|) (passes 617 → 438 on 1000×100).
   * True when β moved.
   */
  private supportNewton(): boolean {
    // Naive mode measured slower with it (100×10000: more passes, each step O(n·|S|) twice).
    if (this.mode !== 'covariance') return false;
    const step = this.supportStep();
    return step !== null && this.stepAlong(step.S, step.delta, true, step.xdSq) > 0;
  }

  /**
   * δ on the active set S with (X_SᵀX_S)·δ = c_S − t_S, t_j = λ1_j·sign(β_j) + λ2_j·β_j: the
   * correction that makes the dual point sharp (see {@link activeCorrectedPoint}) and, for the Lasso
   * with unchanged signs, the exact step to the solution on S (a Newton step). c_S comes from the
   * maintained gradient (covariance) or is computed (naive, O(n·|S|)). Null when the correction
   * does not apply (see {@link correctable}).
   */
  private supportStep(): SupportStep | null {
    const c = this.correctable();
    if (c === null) return null;
    const { S, target } = c;
    const { n, X } = this.problem;
    const naive = this.mode === 'naive';
    const rhs = new Float64Array(S.length);
    for (let a = 0; a < S.length; a++) rhs[a] = (naive ? this.ws.dot(X, S[a] * n, this.resid, 0, n) : this.grad[S[a]]) - target[a];
    const delta = this.factor.solve(rhs);
    // M·δ = rhs, so ‖X_S·δ‖² = δᵀ·rhs: a line search along δ needs no Gram block.
    let xdSq = 0;
    for (let a = 0; a < S.length; a++) xdSq += delta[a] * rhs[a];
    return { S, delta, xdSq: Math.max(xdSq, 0) };
  }

  /** Penalty change of coordinate j moving from β_j to b (Infinity if b breaks `positive`). */
  private penaltyDelta(j: number, b: number): number {
    if (this.problem.positive && b < 0) return Infinity;
    const old = this.beta[j];
    return this.lambda1[j] * (Math.abs(b) - Math.abs(old)) + 0.5 * this.lambda2[j] * (b * b - old * old);
  }

  private listActive(working: number[], active: number[]): void {
    active.length = 0;
    for (const j of working) if (this.beta[j] !== 0) active.push(j);
  }

  /** One cyclic pass over `set`; returns max_j (‖x_j‖² + λ2_j)·Δβ_j². */
  private pass(set: readonly number[]): number {
    const { n, p, X, colSq, positive } = this.problem;
    const { beta, lambda1, lambda2, resid, grad } = this;
    const naive = this.mode === 'naive';
    let maxChange = 0;
    for (let k = 0; k < set.length; k++) {
      const j = set[k];
      const d2 = colSq[j] + lambda2[j];
      if (d2 === 0) continue;
      const old = beta[j];
      const cj = naive ? this.ws.dot(X, j * n, resid, 0, n) : grad[j];
      const z = cj + colSq[j] * old;
      const l1 = lambda1[j];
      let b = 0;
      if (z > l1) b = (z - l1) / d2;
      else if (!positive && z < -l1) b = (z + l1) / d2;
      const delta = b - old;
      if (delta === 0) continue;
      beta[j] = b;
      if (b !== 0) this.everActive[j] = 1;
      if (naive) {
        this.ws.axpy(-delta, X, j * n, resid, 0, n);
      } else {
        const G = this.gramColumnsFor(j);
        axpy(-delta, G, j * p, grad, 0, p);
      }
      const change = d2 * delta * delta;
      if (change > maxChange) maxChange = change;
    }
    if (maxChange > 0) {
      this.gradFresh = !naive;
      this.thetaScreening = false;
    }
    return maxChange;
  }

  /** Ensures Gram column j (Xᵀx_j) is computed; returns the Gram buffer (row-major p×p). */
  private gramColumnsFor(j: number): Float64Array {
    const { n, p, gram: source } = this.problem;
    const gram = this.gram ?? (this.gram = source === undefined ? new LazyGram(this.problem, this.ws) : { G: new Float64Array(p * p), ready: new Uint8Array(p) });
    if (!gram.ready[j]) {
      // With X out of cache a Gram column is bound by reading X, so the next likely column (the
      // not-yet-ready working-set coordinate with the largest |c|) is computed in the same sweep.
      const partner = n * p >= PAIR_MIN_CELLS ? this.likelyNextColumn(j, gram.ready) : -1;
      if (gram instanceof LazyGram) gram.ensure(j, partner);
      else {
        (source as GramSource).column(j, gram.G, j * p, partner);
        gram.ready[j] = 1;
      }
    }
    return gram.G;
  }

  /** The working-set coordinate without a Gram column whose |c_k| is largest (−1: none). */
  private likelyNextColumn(j: number, ready: Uint8Array): number {
    const { p, excluded } = this.problem;
    let best = -1;
    let bestU = -1;
    for (let k = 0; k < p; k++) {
      if (k === j || !this.strong[k] || excluded[k] || ready[k]) continue;
      const u = Math.abs(this.grad[k]);
      if (u > bestU) {
        bestU = u;
        best = k;
      }
    }
    return best;
  }

  private recomputeResidual(): void {
    const { n, p, X, y } = this.problem;
    this.resid.set(y);
    for (let j = 0; j < p; j++) if (this.beta[j] !== 0) this.ws.axpy(-this.beta[j], X, j * n, this.resid, 0, n);
  }

  /** Exact gradient: naive O(n·p) from the residual; covariance O(p·|active|) from Gram columns. */
  private refreshGradient(): void {
    const { n, p, X, excluded } = this.problem;
    const c = this.grad;
    if (this.mode === 'naive') {
      this.ws.gemvT(X, this.resid, c, n, p);
      for (let j = 0; j < p; j++) if (excluded[j]) c[j] = 0;
    } else {
      c.set(this.xty);
      for (let j = 0; j < p; j++) {
        if (this.beta[j] !== 0) axpy(-this.beta[j], this.gramColumnsFor(j), j * p, c, 0, p);
      }
    }
    this.gradFresh = true;
  }

  /**
   * Duality gap at the current β. Unpenalized coordinates U (λ1 = λ2 = 0) constrain the dual
   * to X_Uᵀθ = 0, so the residual is first projected off span(X_U):
   * θ₀ = r − X_U·δ with (X_UᵀX_U)·δ = X_Uᵀr. That keeps the gap a true bound on suboptimality.
   * With the active-set `step` (covariance mode) the corrected point is tried too.
   */
  private gap(step: SupportStep | null) {
    const { n, p, y } = this.problem;
    let rss: number;
    let yTr: number;
    if (this.mode === 'naive') {
      rss = this.ws.dot(this.resid, 0, this.resid, 0, n);
      yTr = this.ws.dot(y, 0, this.resid, 0, n);
    } else {
      // r = y − Xβ  ⇒  yᵀr = yᵀy − βᵀXᵀy and ‖r‖² = yᵀr − βᵀc.
      let bXty = 0;
      let bc = 0;
      for (let j = 0; j < p; j++) {
        const b = this.beta[j];
        if (b !== 0) {
          bXty += b * this.xty[j];
          bc += b * this.grad[j];
        }
      }
      yTr = this.yty - bXty;
      rss = Math.max(yTr - bc, 0);
    }
    let grad: Float64Array = this.grad;
    let thetaSq = rss;
    let yTheta = yTr;
    const unpenalized = this.unpenalizedSet();
    while (unpenalized.length > 0) {
      const projected = this.projectOffUnpenalized(unpenalized, rss, yTr);
      // With `positive`, a coordinate held at 0 needs only x_jᵀθ ≤ 0; one that the projection
      // pushed positive joins the projected set (x_jᵀθ = 0 is feasible too).
      const before = unpenalized.length;
      this.addInfeasibleBounded(unpenalized, projected.grad);
      if (unpenalized.length === before) {
        grad = projected.grad;
        thetaSq = projected.thetaSq;
        yTheta = projected.yTheta;
        break;
      }
    }
    const plain = this.gapAt({ grad, thetaSq, yTheta }, rss);
    // Any feasible dual point bounds the suboptimality: keep the better of the two.
    const corrected = this.mode === 'covariance' && step !== null ? this.activeCorrectedPoint(rss, yTr, step) : null;
    if (corrected === null) return plain;
    const better = this.gapAt(corrected, rss);
    return better.gap < plain.gap ? better : plain;
  }

  /** The gap at dual point θ₀ (given by Xᵀθ₀, ‖θ₀‖², yᵀθ₀), rescaled into feasibility by `dualityGap`. */
  private gapAt(point: DualPoint, rss: number) {
    return dualityGap({
      beta: this.beta,
      grad: point.grad,
      rss,
      yTr: point.yTheta,
      thetaSq: point.thetaSq,
      lambda1: this.lambda1,
      lambda2: this.lambda2,
      positive: this.problem.positive,
      excluded: this.problem.excluded,
    });
  }

  /**
   * The active set S on which the residual can be corrected (see {@link activeCorrectedPoint}),
   * with the factor of X_SᵀX_S; null when the correction does not apply.
   */
  private correctable(): { S: readonly number[]; target: Float64Array } | null {
    // Unpenalized coordinates need x_jᵀθ = 0 (or ≤ 0 at a `positive` bound) exactly, which this
    // point does not enforce; `gap` handles them with its exact projection, so the sharper point is
    // for fully penalized problems only — including unpenalized coordinates held at 0.
    const { p, excluded, penaltyFactor } = this.problem;
    if (this.hasUnpenalized) return null;
    const S: number[] = [];
    for (let j = 0; j < p; j++) if (!excluded[j] && penaltyFactor[j] > 0 && this.beta[j] !== 0) S.push(j);
    const k = S.length;
    if (k === 0 || k > this.maxCorrected) return null;
    // Active sets change a few coordinates at a time: the factor is updated, not rebuilt. Only a
    // well-conditioned active Gram: with a (near-)singular one δ is huge and ‖θ‖², computed as
    // ‖r‖² − 2δᵀc + δᵀMδ, would cancel catastrophically — the plain point is used instead.
    if (!sameList(S, this.factorSet)) {
      this.factorSet = S;
      this.factorOk = this.factor.setTo(S);
    }
    if (!this.factorOk) return null;
    const order = this.factor.order;
    const target = new Float64Array(k);
    for (let a = 0; a < k; a++) {
      const j = order[a];
      const b = this.beta[j];
      target[a] = this.lambda1[j] * Math.sign(b) + this.lambda2[j] * b;
    }
    return { S: order, target };
  }

  /**
   * A sharper dual point than the rescaled residual. Near the optimum each active gradient
   * c_j drifts slightly past λ1_j·sign(β_j) + λ2_j·β_j, and rescaling the whole residual to
   * undo the worst drift costs (1 − s)·λ·‖β‖₁ of dual value — most of the gap at small α.
   * Instead correct r within the span of the active columns S:
   * θ = r − X_S·δ with (X_SᵀX_S)·δ = c_S − t_S, so x_jᵀθ = t_j exactly on S; `dualityGap`
   * still rescales for any remaining violation, so the bound stays valid.
   * Covariance mode, from Gram columns, given δ ({@link supportStep}): O(p·|S|) plus O(|S|²).
   */
  private activeCorrectedPoint(rss: number, yTr: number, step: SupportStep): DualPoint {
    const { p } = this.problem;
    const { S, delta } = step;
    const k = S.length;
    const grad = Float64Array.from(this.grad);
    let dc = 0;
    let dXty = 0;
    for (let a = 0; a < k; a++) {
      const d = delta[a];
      if (d === 0) continue;
      axpy(-d, this.gramColumnsFor(S[a]), S[a] * p, grad, 0, p);
      dc += d * this.grad[S[a]];
      dXty += d * this.xty[S[a]];
    }
    // ‖θ‖² from the factor (‖Lᵀδ‖², not δᵀrhs) so the bound does not lean on the solve's residual.
    return { grad, thetaSq: Math.max(rss - 2 * dc + this.factor.quadraticForm(delta), 0), yTheta: yTr - dXty };
  }

  /**
   * Naive mode's check point: the corrected residual θ (as in {@link activeCorrectedPoint}) with
   * x_jᵀθ for every j from a single sweep over X — the KKT check and the gap both read it, so
   * a check costs one O(n·p) sweep instead of two (Xᵀr is never needed when θ certifies).
   * δ comes from {@link supportStep} (c_S = X_Sᵀr computed exactly; X_SᵀX_S from cached pair products).
   */
  private naiveCorrectedPoint(step: SupportStep): DualPoint & { rss: number; yTr: number } {
    const { n, p, X, y, excluded } = this.problem;
    const { S, delta } = step;
    const k = S.length;
    const { resid } = this;
    const theta = this.scratchTheta;
    theta.set(resid);
    for (let a = 0; a < k; a++) if (delta[a] !== 0) this.ws.axpy(-delta[a], X, S[a] * n, theta, 0, n);
    const grad = this.thetaGrad;
    this.ws.gemvT(X, theta, grad, n, p);
    for (let j = 0; j < p; j++) if (excluded[j]) grad[j] = 0;
    this.thetaScreening = true;
    return {
      grad,
      thetaSq: this.ws.dot(theta, 0, theta, 0, n),
      yTheta: this.ws.dot(y, 0, theta, 0, n),
      rss: this.ws.dot(resid, 0, resid, 0, n),
      yTr: this.ws.dot(y, 0, resid, 0, n),
    };
  }

  /**
   * Unpenalized coordinates whose dual constraint is an equality. With `positive`, one held at
   * its bound 0 only needs x_jᵀθ ≤ 0, so it is not projected out (unless it must be).
   */
  private unpenalizedSet(): number[] {
    const { p, excluded, positive } = this.problem;
    const out: number[] = [];
    for (let j = 0; j < p; j++) {
      if (excluded[j] || this.lambda1[j] !== 0 || this.lambda2[j] !== 0) continue;
      if (positive && this.beta[j] === 0) continue;
      out.push(j);
    }
    return out;
  }

  private addInfeasibleBounded(U: number[], projectedGrad: Float64Array): void {
    const { p, excluded, positive } = this.problem;
    if (!positive) return;
    for (let j = 0; j < p; j++) {
      if (excluded[j] || this.lambda1[j] !== 0 || this.lambda2[j] !== 0 || this.beta[j] !== 0) continue;
      if (projectedGrad[j] > 0 && !U.includes(j)) U.push(j);
    }
  }

  private projectOffUnpenalized(U: readonly number[], rss: number, yTr: number) {
    const { n, p, X, excluded } = this.problem;
    const u = U.length;
    // Columns X_jᵀx_k for k ∈ U, from the Gram cache when there is one.
    const cross = new Float64Array(p * u);
    for (let a = 0; a < u; a++) {
      const k = U[a];
      if (this.mode === 'covariance') cross.set(this.gramColumnsFor(k).subarray(k * p, k * p + p), a * p);
      else for (let j = 0; j < p; j++) cross[a * p + j] = excluded[j] ? 0 : this.ws.dot(X, j * n, X, k * n, n);
    }
    const M = new Float64Array(u * u);
    const rhs = new Float64Array(u);
    let trace = 0;
    for (let a = 0; a < u; a++) {
      for (let b = 0; b < u; b++) M[a * u + b] = cross[a * p + U[b]];
      rhs[a] = this.grad[U[a]];
      trace += M[a * u + a];
    }
    const delta = choleskySolve(M, rhs, u, 0, 1e-14) ?? choleskySolve(M, rhs, u, 1e-13 * trace, 1e-14) ?? new Float64Array(u);
    if (this.scratchProjected.length !== p) this.scratchProjected = new Float64Array(p);
    const grad = this.scratchProjected;
    grad.set(this.grad);
    let dc = 0;
    let dGd = 0;
    let dXty = 0;
    for (let a = 0; a < u; a++) {
      const d = delta[a];
      if (d === 0) continue;
      axpy(-d, cross, a * p, grad, 0, p);
      dc += d * this.grad[U[a]];
      dXty += d * this.xty[U[a]];
      for (let b = 0; b < u; b++) dGd += d * M[a * u + b] * delta[b];
    }
    return { grad, thetaSq: Math.max(rss - 2 * dc + dGd, 0), yTheta: yTr - dXty };
  }
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function listSet(flags: Uint8Array, excluded: Uint8Array, out: number[]): void {
  out.length = 0;
  for (let j = 0; j < flags.length; j++) if (flags[j] && !excluded[j]) out.push(j);
}
