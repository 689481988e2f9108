import { ANDERSON_K, AndersonHistory } from './AndersonHistory.js';
import { cyclicPass } from './coordinateMinimizer.js';
import type { CdProblem, DualPoint, SupportStep } from './CdProblem.js';
import { feasibleDualPoint, gapAt, UnpenalizedColumns } from './dualPoints.js';
import type { GapResult } from './dualityGap.js';
import { GramProblem } from './GramProblem.js';
import type { KernelProblem } from './KernelProblem.js';
import { room } from '../math/room.js';
import { kinkedAtZero, stepAlong } from './lineSearch.js';
import type { PenaltyState } from './penaltyState.js';
import { ResidualProblem } from './ResidualProblem.js';
import { addKktViolators, chooseWorkingSet } from './screening.js';
import { SupportFactor } from './SupportFactor.js';

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
  /** Whole α's by the problem's `solveOnSet` where it pays (default true; see `setSolve`); off for comparisons. */
  readonly alphaKernel?: boolean;
}

export interface KernelResult {
  readonly dualGap: number;
  /** Kernel-form objective at the returned β. */
  readonly objective: number;
  /** Coordinate passes used (passes over the active set count as passes). */
  readonly nIter: number;
  readonly converged: boolean;
  /**
   * Set where the solve stopped before maxIter because its Gram cannot resolve β (unpenalized
   * columns whose sines to one another its rounding hides; see the loop): the rows may.
   */
  readonly unresolvable?: boolean;
}

const EPS = 2.220446049250313e-16;
/** Settings of λ1, λ2 made by any solver: each `solve` takes the next number (see `passOver`). */
let penaltySettings = 0;
/** Below this many multiples of ε·null objective the gap is rounding noise. */
const GAP_FLOOR = 1e2 * EPS;
/** Floor and relaxation of the inner threshold carried between α values (see Tuning). */
const RATIO_MIN = 1e-6;
const RELAX = 2;
/** Newton steps on the support per α (each followed by a check). */
const MAX_NEWTON = 3;
/**
 * Newton steps (or chains) after failed checks per α; past it only once the passes since the last
 * step have cost a fresh system (see `solve`). Where the systems are dear each is a single
 * line-searched step, and on correlated designs passes after the third crept to the target.
 */
const MAX_CHECK_NEWTON = 30;
/** Sweeps' worth of visits (of p) after which passes reach a check however large their changes (see `crawled` in `solve`). */
const CRAWL_SWEEPS = 8;
/** Passes after which an α crawls, for the price of its passes (see `ridgeSystemPays`). */
const CRAWL_PASSES = 300;
/** Passes' work a ridge Newton system may cost to be taken freely (see `newtonSystemPays`). */
const NEWTON_PASSES = 2;
/**
 * The same bound for the step after one that stopped at a kink: passes would bring that coordinate
 * back while the rest is off its optimum, and take it out again, several times over.
 */
const KINK_PASSES = 8;
/**
 * Working-set coordinates this close to their KKT bound enter a Newton step with the violators, at
 * most MAX_NEAR of them (with all of them, large Gram-mode Lasso paths took over 1.5× as long)
 * (README: "Measurements behind the constants").
 */
const ENTER_FRACTION = 0.9;
const MAX_NEAR = 2;
/**
 * What a whole α by plain passes in one call may spend (see `setSolve`), in multiply-adds: the
 * passes' set size × (p + SET_SOLVE_VISIT, a visit's own cost) each, against SET_SOLVE_WORK plus
 * SET_SOLVE_SUPPORT_WORK × k² for a support of k — about what this loop's α costs besides its
 * passes, its Newton systems growing with the support. Fewer than MIN_SET_PASSES: not tried.
 * Against the loop alone, uncorrelated and Toeplitz n > p paths take much less time and correlated
 * ones about the same; a larger budget without the support term let correlated paths' slowly
 * converging passes run where the loop's Newton steps were cheaper (README: "Measurements behind
 * the constants").
 */
const SET_SOLVE_WORK = 1 << 15;
const SET_SOLVE_SUPPORT_WORK = 8;
const SET_SOLVE_VISIT = 16;
const MIN_SET_PASSES = 2;
const MAX_SET_SOLVE_SKIPS = 64;
/** `setSolve`'s answer where it did nothing (one object, not one per α). */
const NO_SET_SOLVE: { readonly result: null; readonly passes: number } = { result: null, passes: 0 };
/** At or below this tol, each α ends with exact Newton steps on the support (at most MAX_POLISH). */
export const POLISH_TOL = 1e-10;
const MAX_POLISH = 3;
/**
 * Passes' worth of work the Lasso's support factor may spend on an update beyond the rent (see
 * `factorAllowance`): an exact Newton step replaces an α's passes. With 16, wide Lasso paths took
 * less time than with the factor always bought, or the same (README: "Measurements behind the
 * constants").
 */
const LASSO_FREE_PASSES = 16;

/**
 * The problem a kernel problem becomes for a mode: a residual problem (X and r) for 'naive', a
 * Gram problem (XᵀX, Xᵀy, yᵀy) for 'covariance'.
 */
export function problemFor(kernel: KernelProblem, mode: UpdateMode): CdProblem {
  return mode === 'naive' ? new ResidualProblem(kernel) : GramProblem.fromKernel(kernel);
}

/** Workspace room (float64 values) the problem of one solver takes: see the problem types. */
export function solverWorkspaceDoubles(n: number, p: number, mode: UpdateMode): number {
  return mode === 'naive' ? ResidualProblem.workspaceDoubles(n, p) : GramProblem.workspaceDoubles(p);
}

/**
 * Exact cyclic coordinate descent for the Elastic Net in kernel form (see {@link KernelProblem}),
 * in place on its own β, over any {@link CdProblem} — the residual problem (X held) or the Gram
 * problem (only XᵀX, Xᵀy, yᵀy). Warm starts are the default: each `solve` starts where the last
 * one ended, which is what a path wants.
 *
 * Per α: the sequential strong rule picks a working set (`screening`); where the problem can do a
 * whole α in one call (the Gram problem in WebAssembly, for small p) and that costs less than this
 * loop's own work per α, plain passes and checks there first (`setSolve`). Then passes alternate
 * between the working set and its nonzero (active) part until the largest weighted coordinate
 * change is small; then every screened-out coordinate is checked against the KKT conditions
 * (violators join the working set) and the duality gap decides, at a dual point corrected on the
 * active set S (`dualPoints`, and the problem's `checkPoint`/`correctedPoint`). Accelerations, each
 * checked against its absence by the property tests: Anderson extrapolation of the active iterates
 * (`AndersonHistory`), and Newton steps on S — the correction's δ, the exact restricted solution
 * when signs hold — at the start of a warm start, after a failed check and, where the problem's
 * tuning says so, after each working-set pass; all line-searched (`lineSearch`), so never worse.
 * Newton steps run as an active-set method: one that would cross a sign stops where the coordinate
 * leaves S and the next solves the smaller S; an exact one goes straight to the check, whose KKT
 * violators enter S by the next step. A failed check otherwise tightens the inner threshold.
 *
 * Cost per pass: O(n·|working set|) residual, O(p·changed coordinates) Gram; each KKT/gap check
 * one O(n·p) sweep (residual) or O(p·|active|) (Gram); O(|S|²) per change of S for the factor of
 * X_SᵀX_S.
 *
 * @example
 * const cd = new CoordinateDescent(problem, 'naive');
 * const res = cd.solve({ alpha: 0.1, l1Ratio: 1, tol: 1e-6, maxIter: 10_000 });
 * res.converged; cd.beta;
 */
export class CoordinateDescent {
  readonly problem: CdProblem;
  /** Current coefficients (kernel scale). */
  readonly beta: Float64Array;
  /** ½‖y‖²: the objective at β = 0. */
  readonly nullObjective: number;

  private readonly state: PenaltyState & { readonly lambda1: Float64Array; readonly lambda2: Float64Array; uniform: boolean };
  private readonly strong: Uint8Array;
  private readonly everActive: Uint8Array;
  private lastObjective: number;
  /** The support step (corrected dual point, Newton direction) with its factor following S. */
  private readonly support: SupportFactor;
  /** Anderson's iterates, reset per solve (its buffers are kept). */
  private readonly anderson = new AndersonHistory();
  /**
   * The iterates of every pass on the whole working set, for the extrapolated dual point (see
   * `extrapolatedGap`) — on large supports the active set changes nearly every pass, and `anderson`
   * seldom holds K + 1 iterates of one. Kept where the problem's tuning asks for it.
   */
  private readonly dualHistory = new AndersonHistory();
  private readonly scratch: Float64Array;
  /** X_UᵀX of the unpenalized columns U, kept for the projections of `feasible`. */
  private readonly unpenalizedColumns = new UnpenalizedColumns();
  /** Whether some coordinate has λ1 = λ2 = 0 at this α (dual points are then projected off such columns: `feasible`). */
  private hasUnpenalized = false;
  /** Whether some coordinate has λ2 > 0 at this α (Newton systems then carry a ridge term). */
  private hasRidge = false;
  /**
   * Whether this α's Newton steps may come from the system bought once passes proved slow (see
   * `SupportFactor.newtonStep`): with a ridge term, the ridge system even where the factor of
   * X_SᵀX_S gives a direction (`buyRidgeSystem`, or MAX_NEWTON steps after failed checks); for the
   * Lasso, the damped system where X_SᵀX_S gives none (`buyDamping`).
   */
  private systemBought = false;
  /** Inner stopping threshold relative to tol·objective that sufficed at the last α. */
  private innerRatio = 1;
  /**
   * Flops of every pass so far, never reset. What the passes cost since a mark is this less the
   * mark: the factor's rent since the support's factor was last brought to a new support
   * (`rentFrom`, see `factorAllowance`; problems whose tuning rents the factor), and the repaired
   * dual point's since the last one (`repairFrom`, see `repairedGap`).
   */
  private passFlops = 0;
  private rentFrom = 0;
  /** The working set's size when last listed (one pass's visits). */
  private workingCount = 0;
  /** Coordinate visits by passes since the problem's state was last made from β afresh, and whether this α may do so again (see `gap`). */
  private visitsSinceExact = 0;
  private mayRefresh = true;
  /**
   * Where the passes' flops stood at the last repaired dual point (see `passFlops`), and what they
   * must cost since before the next: that point's cost, doubled after each that did not certify
   * (−1 before the first: REPAIR_FIRST_SWEEPS sweeps' worth). Kept along a path.
   */
  private repairFrom = 0;
  private repairPrice = -1;
  /**
   * The extrapolated dual point's tries still to skip, and how many the next failure skips (see
   * `backOffDual`). Kept along a path.
   */
  private dualSkip = 0;
  private dualBackoff = 1;
  /** The last solve's α and l1Ratio, and β at the solve before it (for `predict`). */
  private solved: { alpha: number; l1Ratio: number } | null = null;
  private readonly older: { beta: Float64Array; alpha: number; l1Ratio: number };
  private predictDir = new Float64Array(0);
  /** `predict`'s moving coordinates, kept between solves (see `working`). */
  private readonly predictList: number[] = [];
  /**
   * `solve`'s lists, kept between solves (each solve's own grew by pushes, three allocations each:
   * 200 × 50, 100 α, ~140 of a path's 770 KB allocated): the working set, its nonzero coordinates,
   * and the gap at each failed check that led to a Newton step (`newtonGaps[i]` before step i).
   */
  private readonly working: number[] = [];
  private readonly active: number[] = [];
  /**
   * Whether Anderson's last iterate was stored on `active` as it is now: set by `extrapolate`,
   * cleared by `listActive` (which may change it) and at each solve (see `extrapolate`).
   */
  private storedOnActive = false;
  /** The list of the last pass while it has not been written since (see `CdProblem.passOver`'s `unchanged`). */
  private passedList: readonly number[] | null = null;
  private readonly newtonGaps: number[] = [];
  /** c_j of the coordinates entering a Newton step (see `supportNewtonKind`); other entries stale. */
  private readonly enteringGradient: Float64Array;
  /** Which setting of λ1, λ2 is current (unique across solvers), for problems that keep copies of them. */
  private penaltyVersion = 0;
  /**
   * Whether λ1 and λ2 are the same for every coordinate at the current penalty (see `setPenalty`):
   * every penalty factor 1, and every ridge factor 1 too unless l1Ratio is 1. And whether some coordinate is not excluded.
   */
  private uniformPenalty = false;
  /** Whether every penalty factor is 1, and every ridge factor (see `CdProblem.ridgeFactor`). */
  private readonly unitFactors: boolean;
  private readonly unitRidgeFactors: boolean;
  private readonly included: boolean;
  /** Whether no coordinate is excluded (with `uniformPenalty`, the state is `uniform`). */
  private readonly noneExcluded: boolean;
  /** α's left before `setSolve` is tried again, and how many the next failure skips. */
  private setSolveSkips = 0;
  private setSolveBackoff = 1;

  /** A solver over a problem, or over a kernel problem in the given mode (see {@link problemFor}). */
  constructor(problem: CdProblem | KernelProblem, mode: UpdateMode = 'covariance') {
    const cd = 'coordinateGradient' in problem ? problem : problemFor(problem, mode);
    const { p } = cd;
    this.problem = cd;
    this.beta = cd.storage?.beta ?? new Float64Array(p);
    this.unitFactors = p > 0 && cd.penaltyFactor.every((f) => f === 1);
    this.unitRidgeFactors = cd.ridgeFactor?.every((f) => f === 1) ?? true;
    this.included = cd.excluded.some((e) => !e);
    this.noneExcluded = cd.excluded.every((e) => !e);
    this.state = { beta: this.beta, lambda1: new Float64Array(p), lambda2: new Float64Array(p), positive: cd.positive, excluded: cd.excluded, uniform: false };
    this.strong = new Uint8Array(p);
    this.everActive = cd.storage?.everActive ?? new Uint8Array(p);
    this.scratch = new Float64Array(p);
    this.enteringGradient = new Float64Array(p);
    this.older = { beta: new Float64Array(p), alpha: NaN, l1Ratio: NaN };
    cd.watchWorkingSet(this.strong);
    this.support = new SupportFactor(cd);
    this.nullObjective = 0.5 * cd.yty;
    this.lastObjective = this.nullObjective;
  }

  /**
   * Ends the solver: its factors' memories, then the problem's (`CdProblem.release`), back to the
   * pools for the next solver. Nothing may read the problem, the solver or a step of it afterwards.
   */
  release(): void {
    this.support.release();
    this.problem.release?.();
  }

  /** Replaces β (kernel scale), e.g. to warm-start from a stored solution; O(n·p). */
  setBeta(beta: ArrayLike<number>): void {
    const { p, excluded } = this.problem;
    for (let j = 0; j < p; j++) {
      this.beta[j] = excluded[j] ? 0 : beta[j];
      if (this.beta[j] !== 0) this.everActive[j] = 1;
    }
    this.problem.reset(this.beta);
    this.visitsSinceExact = 0;
    this.lastObjective = this.nullObjective;
    this.solved = null;
  }

  /**
   * The current β's gap at this α, without a pass: for the path's start at α ≥ alphaMax, whose β
   * (penalized coordinates 0, the unpenalized ones fitted alone) is the solution there. Measured at
   * α, not carried over from the start's solve: with an unpenalized fit to tol the projected
   * residual need not be feasible at alphaMax, and the start's own gap fell short of the
   * suboptimality by 0.3 % (4e-12) on a 61 × 116 fit. Not converged, the caller solves as usual.
   */
  checkAt(alpha: number, l1Ratio: number, tol: number): KernelResult {
    this.setPenalty(alpha, l1Ratio);
    const { problem, beta } = this;
    problem.beginCheck(beta);
    const g = this.gap(problem.gradient(beta), null);
    const converged = g.gap <= tol * g.primal + GAP_FLOOR * this.nullObjective;
    if (converged) {
      this.lastObjective = g.primal;
      this.solved = { alpha, l1Ratio };
    }
    return { dualGap: Math.max(g.gap, 0), objective: g.primal, nIter: 0, converged };
  }

  /** The gradient c = Xᵀ(y − Xβ) at the current β (fresh after every `solve`). */
  gradient(): Float64Array {
    return this.problem.gradient(this.beta);
  }

  solve(opts: KernelOptions): KernelResult {
    const { problem, beta, state } = this;
    const { tuning } = problem;
    const { alpha, l1Ratio, tol, maxIter } = opts;
    this.setPenalty(alpha, l1Ratio);
    this.mayRefresh = true;
    chooseWorkingSet(problem, this.strong, this.everActive, beta, state.lambda1, problem.screeningGradient(), opts.previousAlpha, l1Ratio, opts.screening !== false, state.uniform);
    const accelerate = opts.acceleration !== false;
    const floor = GAP_FLOOR * this.nullObjective;
    // The first inner threshold: where checks are cheap, as loose as a cold start's (a threshold
    // from the previous α's smaller objective made warm starts pass more than cold ones); where
    // checks cost a sweep, the ratio that sufficed at the last α, relative to its objective.
    const base = tuning.adaptiveInnerThreshold ? this.lastObjective : this.nullObjective;
    let innerTol = Math.max(tol * base * this.innerRatio, floor);
    // The inner threshold's floor. Passes whose largest change is below it still move β (by
    // rounding-size steps along a flat valley: a support of 91 on 90 rows, objective falling 1e-16
    // a pass, gap 5e-8 against a target of 1e-8), so once the threshold is down to it a check
    // waits until the passes since the last one visited p coordinates: a check per pass cost
    // 100 × 10,000 CV folds ~0.3 ms a pass, 10,000 passes at each of 11 α's (35 s of a 10-fold CV
    // whose full-data path took 0.3 s).
    const innerFloor = floor * 1e-3;
    // First, where the problem can, the whole α by plain passes in one call (see `setSolve`).
    const quick = this.setSolve(opts, innerTol, innerFloor, floor);
    if (quick.result !== null) return quick.result;
    if (quick.passes > 0) this.solved = null;
    if (accelerate && (l1Ratio < 1 || tuning.lassoPredictor)) this.predict(alpha, l1Ratio, opts.previousAlpha);
    else this.solved = null;
    let nIter = quick.passes;
    let gap = Infinity;
    let objective = this.lastObjective;
    let converged = false;
    let unresolvable = false;
    let newtonSteps = 0;
    let lastStepAt = 0;
    this.systemBought = false;
    const { newtonGaps, working, active } = this;
    newtonGaps.length = 0;
    let polishes = 0;
    const { anderson, dualHistory } = this;
    anderson.reset();
    this.storedOnActive = false;
    dualHistory.reset();
    const dual = accelerate && tuning.dualExtrapolation;
    // Coordinates the passes since the last check visited (see the extrapolated dual point).
    let roundVisits = 0;
    const checkDue = () => innerTol > innerFloor || roundVisits >= problem.p;
    // Passes that crawl (each change above the threshold, none converging: a support in the flat
    // valley near |S| = n) still reach a check once they have cost CRAWL_SWEEPS sweeps of p — where
    // a Newton or damped step can end them (100 × 1,000 ρ 0.9 Lasso: 4,469 and 6,761 passes at two
    // α's before a check, then one step each). At most 1/CRAWL_SWEEPS more work where they converge.
    const crawled = () => roundVisits >= CRAWL_SWEEPS * problem.p;
    let checkOnly = false;
    // Set when the check follows an exact Newton step instead of passes (`shortcut`): a failed one
    // then lets coordinates enter (at most MAX_NEWTON times), else asks for passes, not for a
    // tighter threshold.
    let shortcut = false;
    let entries = 0;
    // A warm start first solves the last α's support at this α — exact while the support and its
    // signs hold, which along a path they mostly do — and checks. Coordinates that then violate
    // their KKT conditions enter by Newton steps too: an active-set (homotopy) step per change,
    // where passes from the old β would converge to it linearly.
    if (accelerate && anyNonzero(beta) && this.newtonSystemPays()) {
      const moved = this.newtonChain(maxIter - nIter);
      nIter += moved.steps;
      checkOnly = shortcut = moved.exact;
    }
    for (;;) {
      this.listWorking();
      this.workingCount = working.length;
      while (!checkOnly && nIter < maxIter) {
        let change = this.pass(working);
        nIter++;
        roundVisits += working.length;
        if (dual && this.dualSkip === 0 && this.storesIterates(roundVisits, working.length)) dualHistory.store(working, beta);
        if (accelerate) this.extrapolate(working, active, anderson);
        if ((change <= innerTol && checkDue()) || crawled()) break;
        // Jump to the solution on the support the pass found (exact when its signs hold): then
        // the check decides, not more passes.
        // (With a ridge term each system is solved afresh: only where it costs less than passes.)
        if (accelerate && active.length >= tuning.newtonAfterPassFrom && nIter < maxIter && this.newtonSystemPays()) {
          const moved = this.newtonChain(maxIter - nIter, [], 'try');
          nIter += moved.steps;
          if (moved.exact) {
            shortcut = true;
            break;
          }
        }
        this.listActive(working, active);
        let previous = change;
        while (nIter < maxIter) {
          change = this.pass(active);
          nIter++;
          roundVisits += active.length;
          if (dual && this.dualSkip === 0 && this.storesIterates(roundVisits, working.length)) dualHistory.store(working, beta);
          // Slow linear convergence on the active set (ill-conditioned X_S): jump to the support's solution.
          if (accelerate && active.length >= tuning.newtonAfterPassFrom && change > innerTol && change > 0.5 * previous && nIter < maxIter && this.supportNewton(nIter)) {
            nIter++;
            this.listActive(working, active);
          }
          previous = change;
          if ((change <= innerTol && checkDue()) || crawled()) break;
          // Only `active` moved since it was listed from `working`: its nonzeros are working's.
          if (accelerate) this.extrapolate(active, active, anderson);
        }
      }
      checkOnly = false;
      const afterShortcut = shortcut;
      shortcut = false;
      // The check: KKT conditions for the screened-out coordinates, then the gap.
      problem.beginCheck(beta);
      // After an exact Newton step β solves the problem restricted to its support, so the support
      // step would be 0 up to rounding: the plain dual point is the corrected one, without the
      // factor update and solve (Gram-mode Lasso paths took 25–30 % less time without them).
      // Where the corrected point is made apart from the check (Gram), only once the plain one has
      // not certified the gap (below).
      const correctLater = !afterShortcut && tuning.correctedPointApart;
      let step = afterShortcut || correctLater ? null : this.supportStep();
      const { grad, point } = problem.checkPoint(beta, step, this.boundsAt());
      // After an exact step, coordinates whose KKT conditions fail enter the support in the next
      // Newton step (with their gradient's sign), as a homotopy step would, rather than by passes.
      if (afterShortcut && nIter < maxIter && entries < MAX_NEWTON) {
        const entering = entrants(problem, state, grad, this.strong);
        if (entering.length > 0) {
          entries++;
          for (const j of entering) this.strong[j] = 1;
          const moved = this.newtonChain(maxIter - nIter, entering);
          nIter += moved.steps;
          checkOnly = shortcut = moved.exact;
          continue;
        }
      }
      if (addKktViolators(problem, this.strong, state.lambda1, grad, state.uniform) > 0 && nIter < maxIter) continue;
      let g = point === null ? this.gap(grad, step) : gapAt(this.feasible(point), point.rss, state);
      // The corrected point's arithmetic failed (see `credible`): the residual's gap instead.
      if (!credible(g.gap, floor)) g = this.gap(problem.gradient(beta), null);
      if (correctLater && g.gap > tol * g.primal + floor) {
        step = this.supportStep();
        if (step !== null) g = this.gap(grad, step);
      }
      gap = g.gap;
      objective = g.primal;
      const target = tol * objective + floor;
      converged = gap <= target;
      // A second dual point where its sweep (every column: about p/2 visits' work) costs at most
      // what the passes since the last check did, which another round would repeat.
      // Skipped after tries that did not beat the residual's point (see `dualSkip`).
      if (!converged && dual && 2 * roundVisits >= problem.p) {
        if (this.dualSkip > 0) this.dualSkip--;
        else {
          const plain = gap;
          gap = Math.min(gap, this.extrapolatedGap(state, floor));
          converged = gap <= target;
          this.backOffDual(gap < plain);
        }
      }
      // A third where the residual is near the optimum's but over a few coordinates' λ1 (CD crawling
      // on a support near |S| = n): that point repaired there, where the gap is within
      // REPAIR_WITHIN targets and the passes since have paid for it (see `repairedGap`).
      if (!converged && accelerate && !this.hasRidge && problem.repairedPoint !== undefined && gap <= REPAIR_WITHIN * target && this.repairPaid()) {
        const { rss, yTr } = problem.residualMoments(beta);
        if (unscaledGap(objective, rss, yTr) <= REPAIR_SHARE * target) {
          gap = Math.min(gap, this.repairedGap(state, floor, target, rss));
          converged = gap <= target;
        }
      }
      roundVisits = 0;
      if (converged) {
        // A tight tol asks for the coefficients, not only the objective: the gap cannot go below
        // the rounding floor, and coefficients are only as accurate as its square root along flat
        // directions. Finish on the support with exact Newton steps (with the ridge term; taken only
        // when they lower the objective) until none moves β.
        if (accelerate && tol <= POLISH_TOL && polishes < MAX_POLISH && nIter < maxIter && this.supportNewton(nIter)) {
          polishes++;
          nIter++;
          checkOnly = true;
          continue;
        }
        // Start the next α's passes where this one's succeeded (a little looser, to stay adaptive).
        if (tuning.adaptiveInnerThreshold) this.innerRatio = Math.min(1, Math.max(RATIO_MIN, (RELAX * innerTol) / (tol * objective)));
        break;
      }
      if (nIter >= maxIter) break;
      // No gap at all from a Gram: its arithmetic cannot resolve this β (see `gap`), and more passes
      // on it went astray — unpenalized columns of −50 with bumps of 1e-7, standardized, reached
      // coefficients of 1e30 where the rows' route stays at the optimum. Stopped, unconverged.
      // Likewise where only the rows resolved the unpenalized columns: passes on the Gram went on
      // to objectives of 1e17 (from 3.0 at β = 0).
      if ((gap === Infinity || g.rowsOnly === true) && this.problem instanceof GramProblem) {
        unresolvable = true;
        break;
      }
      // The support an exact Newton step solved is not the whole story: back to passes as they were.
      if (afterShortcut) continue;
      // A failed check on a settled support: step to the support's exact solution — to where a
      // coordinate leaves it first, then on the smaller support — and check again before
      // tightening the passes. (A line search past that point let the coordinate leave and the
      // next pass bring it back, step after step.)
      // After MAX_NEWTON such steps the passes have shown they converge slowly, and chains are
      // taken in full however dear their systems (ski rental: they cost what the passes already did).
      // Past 2·MAX_NEWTON, only while the gap keeps halving every MAX_NEWTON steps (far from the
      // solution, on a wrong support, steps that barely moved the gap crowded out the passes).
      // Or once the passes since the last step have cost a fresh system (ski rental again): without
      // it, an α whose damped steps stopped halving the gap crawled on passes alone to maxIter (a
      // 9 × 118 positive Lasso, columns of 1000 ± 0.5 or 0: 20,000 passes, gap 270; now 736).
      newtonGaps[newtonSteps] = gap;
      const rentPaid = newtonSteps >= 2 * MAX_NEWTON && this.ridgeSystemPays(nIter - lastStepAt);
      const progressing = newtonSteps < 2 * MAX_NEWTON || gap <= 0.5 * newtonGaps[newtonSteps - MAX_NEWTON] || rentPaid;
      if (newtonSteps >= MAX_NEWTON && this.hasRidge && !this.systemBought) this.systemBought = this.ridgeSystemPays(nIter);
      // The Lasso without a step from X_SᵀX_S (its support in the flat valley near |S| = n): damped
      // steps, once the passes have paid for one.
      if (accelerate && step === null) this.buyDamping(nIter);
      // Past MAX_CHECK_NEWTON too, on the same rent (damped steps converging linearly ran out at it
      // on a 30 × 81 positive Lasso, and its passes crawled to maxIter: now 776 passes).
      if (accelerate && (newtonSteps < MAX_CHECK_NEWTON || rentPaid) && progressing && (step !== null || this.hasRidge || this.systemBought)) {
        let moved = this.newtonChain(maxIter - nIter, [], 'stop', newtonSteps >= MAX_NEWTON || this.newtonSystemPays());
        // No step from X_SᵀX_S (singular or too ill-conditioned near |S| = n): the ridge system
        // once the passes have paid for it, else none would ever be taken (see `supportNewton`).
        if (moved.steps === 0 && this.buyRidgeSystem(nIter)) moved = this.newtonChain(maxIter - nIter, [], 'stop', true);
        if (moved.steps > 0) {
          lastStepAt = nIter;
          newtonSteps++;
          nIter += moved.steps;
          checkOnly = shortcut = moved.exact;
          continue;
        }
      }
      // The largest coordinate change and the gap shrink together: where checks are costly, aim
      // just below the target in one step; else tenfold.
      const shrink = tuning.adaptiveInnerThreshold ? Math.min(0.3, Math.max(1e-3, (0.3 * target) / gap)) : 0.1;
      innerTol = Math.max(innerTol * shrink, innerFloor);
    }
    this.lastObjective = objective;
    this.solved = { alpha, l1Ratio };
    return { dualGap: Math.max(gap, 0), objective, nIter, converged, ...(unresolvable ? { unresolvable } : {}) };
  }

  /**
   * The whole α by plain cyclic passes over the working set in one call of the problem's
   * `solveOnSet` (the Gram problem's WebAssembly kernel), where that is cheaper than this loop:
   * a uniform penalty with no unpenalized coordinate, a tol above POLISH_TOL (a tight one wants
   * the Newton polish), and as many passes as SET_SOLVE_WORK allows over the set — plain passes
   * converge in a few on most α's, and each α of this loop costs tens of microseconds of
   * TypeScript besides its passes (and a first call in a process runs it interpreted). Converged,
   * its result is this α's; otherwise the loop goes on from the β it reached (its passes counted),
   * violators and all. The path's predictor is off across such an α (its line is of two solves).
   */
  private setSolve(opts: KernelOptions, innerTol: number, innerFloor: number, floor: number): { result: KernelResult | null; passes: number } {
    const { problem, state, working } = this;
    if (opts.alphaKernel === false || problem.solveOnSet === undefined || !this.uniformPenalty || this.hasUnpenalized || opts.tol <= POLISH_TOL) return NO_SET_SOLVE;
    if (this.setSolveSkips > 0) {
      this.setSolveSkips--;
      return NO_SET_SOLVE;
    }
    this.listWorking();
    let k = 0;
    for (let a = 0; a < working.length; a++) if (this.beta[working[a]] !== 0) k++;
    // Not from β = 0 (its nonzeros are all in the working set): a path's first α's and a single fit
    // are the loop's, wherever the Gram comes from — made lazily from rows, or given whole by
    // statistics (DuckDB's, ClickHouse's) — so both make the same model (a lazy Gram is made by the
    // first coordinate that moves, and the kernel only takes a made Gram).
    if (k === 0) return NO_SET_SOLVE;
    const maxPasses = Math.min(opts.maxIter, Math.floor((SET_SOLVE_WORK + SET_SOLVE_SUPPORT_WORK * k * k) / (working.length * (problem.p + SET_SOLVE_VISIT))));
    if (maxPasses < MIN_SET_PASSES) return NO_SET_SOLVE;
    const run = problem.solveOnSet(working, state, this.everActive, this.penaltyVersion, {
      l1: state.lambda1[0],
      l2: state.lambda2[0],
      innerTol,
      innerFloor,
      tol: opts.tol,
      floor,
      maxPasses,
    });
    if (run === undefined) return NO_SET_SOLVE;
    this.passFlops += run.passes * working.length * problem.tuning.visitFlops;
    // Out of passes, the loop's α's were the cheaper: skip the next few, twice as many each time.
    if (run.outcome === 'passes') {
      this.setSolveSkips = this.setSolveBackoff;
      this.setSolveBackoff = Math.min(2 * this.setSolveBackoff, MAX_SET_SOLVE_SKIPS);
    } else if (run.outcome === 'converged') this.setSolveBackoff = 1;
    if (run.outcome !== 'converged') return { result: null, passes: run.passes };
    this.lastObjective = run.primal;
    this.solved = { alpha: opts.alpha, l1Ratio: opts.l1Ratio };
    this.older.alpha = NaN;
    return { result: { dualGap: Math.max(run.gap, 0), objective: run.primal, nIter: run.passes, converged: true }, passes: run.passes };
  }

  /**
   * A path's predictor step: along a path the Lasso's β(α) is linear in α while its support and
   * signs hold (and nearly so with a ridge term), so the last two solutions give a line to the next
   * — β_{k−1} + (β_{k−1} − β_{k−2})·(α_k − α_{k−1})/(α_{k−1} − α_{k−2}) — which the line search
   * takes only as far as it lowers the objective at α_k (a kink tried too: coordinates whose line
   * crosses 0). Applies when this solve continues a path (`previousAlpha` is the last solve's α,
   * the same l1Ratio) after two solves; records β_{k−1} for the next. One sweep of products over
   * the moving coordinates, which saves passes on wide and sparse paths (README: "Measurements
   * behind the constants").
   */
  private predict(alpha: number, l1Ratio: number, previousAlpha: number | undefined): void {
    const { older, solved, beta } = this;
    const S = this.predictList;
    let m = 0;
    if (solved !== null && previousAlpha === solved.alpha && solved.l1Ratio === l1Ratio && older.l1Ratio === l1Ratio && older.alpha > solved.alpha) {
      const ratio = (alpha - solved.alpha) / (solved.alpha - older.alpha);
      const { excluded } = this.problem;
      const dir = (this.predictDir = room(this.predictDir, beta.length));
      for (let j = 0; j < beta.length; j++) {
        if (excluded[j] || beta[j] === older.beta[j]) continue;
        dir[m] = (beta[j] - older.beta[j]) * ratio;
        S[m++] = j;
      }
    }
    older.beta.set(beta);
    older.alpha = solved?.alpha ?? NaN;
    older.l1Ratio = solved?.l1Ratio ?? NaN;
    if (m === 0) return;
    // Cut to length only where used: at length 0 V8 would drop the list's storage.
    S.length = m;
    stepAlong(this.problem, this.state, S, this.predictDir.subarray(0, m), 'try');
  }

  /**
   * λ1, λ2 per coordinate for this α. Its own method: as a p-long loop at the top of `solve` it was
   * compiled on-stack on the first call, before the rest of `solve` had run, and later calls
   * entering that code bailed out just after the loop for want of type feedback (53 times on a
   * 100-α path with p = 20,000; `--trace-deopt`). Wall time did not change measurably.
   */
  private setPenalty(alpha: number, l1Ratio: number): void {
    const { p, penaltyFactor, excluded } = this.problem;
    const ridgeFactor = this.problem.ridgeFactor ?? penaltyFactor;
    const { lambda1, lambda2 } = this.state;
    this.hasUnpenalized = false;
    this.hasRidge = false;
    this.penaltyVersion = ++penaltySettings;
    this.uniformPenalty = this.unitFactors && (this.unitRidgeFactors || l1Ratio === 1);
    this.state.uniform = this.uniformPenalty && this.noneExcluded;
    // Every factor 1 (the default): two fills, not a loop of p (5–10 ms of a 100-α path at p = 10,000).
    if (this.uniformPenalty) {
      lambda1.fill(alpha * l1Ratio);
      lambda2.fill(alpha * (1 - l1Ratio));
      this.hasUnpenalized = this.included && lambda1[0] === 0 && lambda2[0] === 0;
      this.hasRidge = lambda2[0] > 0;
      return;
    }
    for (let j = 0; j < p; j++) {
      lambda1[j] = alpha * l1Ratio * penaltyFactor[j];
      lambda2[j] = alpha * (1 - l1Ratio) * ridgeFactor[j];
      if (!excluded[j] && lambda1[j] === 0 && lambda2[j] === 0) this.hasUnpenalized = true;
      if (lambda2[j] > 0) this.hasRidge = true;
    }
  }

  /**
   * Records the active iterates and steps along Anderson's extrapolation when it has one
   * (line-searched, so never worse). A method, not a closure made per `solve` call (the optimized
   * `solve` bailed out at the call of a fresh closure).
   */
  private extrapolate(working: readonly number[], active: number[], anderson: AndersonHistory): void {
    // After a pass over `active` itself that left no coordinate of it at 0, where the history's
    // last iterate was stored on `active` as it still is, the pass's own copy of β on it is the
    // iterate (see `CdProblem.passed`): no listing, no gather.
    const passed = working === active && this.storedOnActive ? (this.problem.passed?.(active) ?? null) : null;
    let dir: Float64Array | null;
    if (passed !== null && passed.zeros === 0) dir = anderson.recordPassed(active, passed.values, this.beta);
    else {
      this.listActive(working, active);
      dir = anderson.record(active, this.beta);
    }
    this.storedOnActive = true;
    if (dir !== null) stepAlong(this.problem, this.state, active, dir, 'ignore');
  }

  /**
   * One Newton step on the current support S (the restricted problem's exact solution when signs
   * hold), line-searched with kinks among the trials: taken when it would move β by more than
   * rounding (relative 1e-13) and lowers the objective. True when β moved. For slow convergence on
   * the active set and the polishing steps at a tight tol.
   */
  private supportNewton(nIter: number): boolean {
    if (this.supportNewtonKind([], 'try') !== 'none') return true;
    return (this.buyRidgeSystem(nIter) || this.buyDamping(nIter)) && this.supportNewtonKind([], 'try') !== 'none';
  }

  /**
   * Where the Lasso's X_SᵀX_S gave no step, whether to take damped ones for the rest of the α (sets
   * `systemBought`; see `SupportFactor.dampedStep`): once this α's `passes` have cost as much as
   * such a system (ski rental, as `buyRidgeSystem`). Correlated wide Lasso paths whose supports
   * reach n, where passes crawl to maxIter, then converge in a small fraction of the passes, with
   * checks that crawling passes reach (see `crawled` in `solve`) (README: "Measurements behind the
   * constants").
   */
  private buyDamping(passes: number): boolean {
    if (this.hasRidge || this.systemBought || !this.ridgeSystemPays(passes)) return false;
    return (this.systemBought = true);
  }

  /**
   * Where a support step with a ridge term found no step, whether to solve the ridge system for the
   * rest of the α (sets `systemBought`, which otherwise only MAX_NEWTON steps from X_SᵀX_S's factor
   * earn — steps such an α never takes). Bought once this α's `passes` have cost as much as the
   * system (ski rental), and only where X_SᵀX_S gives nothing: no factor (|S| ≥ n on a residual
   * problem, or its factor failed) or a factor at S whose direction did not move β (ill-conditioned
   * near |S| = n). Not where the factor was not brought to S for its cost: there passes converge at
   * a fair rate, and bought systems slowed them. Supports past the k×k system's reach (1.5·n) get
   * its n×n form on a problem that holds X (`WideRidgeSystem`), bought alike at its own cost
   * (k·n²/2 + n³/3). Correlated wide Elastic Net paths whose passes had crawled to maxIter at some
   * α's now converge in a tenth of the passes or less (README: "Measurements behind the
   * constants").
   */
  private buyRidgeSystem(passes: number): boolean {
    if (!this.hasRidge || this.systemBought) return false;
    const reach = this.support.ridgeReach(this.beta);
    if ((reach !== 'ridge only' && reach !== 'factor at S') || !this.ridgeSystemPays(passes)) return false;
    return (this.systemBought = true);
  }

  /**
   * Whether Newton systems on the support are cheap next to passes, so that the loop may take them
   * freely (a warm start's first step, chains of steps, entering coordinates): always for the
   * Lasso, whose factor follows the support (O(k²) per change); with a ridge term each system is
   * solved afresh (k²/2 entries x_aᵀx_b and k³/3), worth it up to about two passes' work over the
   * working set. Otherwise the loop takes single line-searched steps where it always did. (Without
   * that bound the Elastic Net's paths took up to 1.8× as long with half the passes.)
   */
  private newtonSystemPays(passes = NEWTON_PASSES): boolean {
    // The Lasso's answer needs no count (a scan of p per call, several calls per α). With a ridge
    // term every penalized coordinate carries it, and Newton systems hold penalized ones only.
    if (!this.hasRidge) return true;
    const { k, working } = this.supportCounts();
    const { visitFlops, moveFlops, crossFlops } = this.problem.tuning;
    // Once this α's ridge factor is made, a system on a support near it costs updates and solves.
    const system = this.support.ridgeCurrent(this.state.lambda2) ? 4 * k * k : (k * k * k) / 3 + ((k * k) / 2) * crossFlops;
    return system <= passes * (working * visitFlops + k * moveFlops);
  }

  /**
   * Whether the passes of this α (`passes` so far) have cost more than factoring the support's
   * ridge system afresh (k³/3): the rent paid, buy (ski rental). Where passes converge at a fair
   * rate that never happens — on 2000 × 5000 the ridge systems of ~1,900 coordinates doubled the
   * path's time — and where they crawl (500 × 20,000, supports near n) it comes within the α.
   */
  private ridgeSystemPays(passes: number): boolean {
    const { k, working } = this.supportCounts();
    const { visitFlops, moveFlops, crawlFlopCost = 1 } = this.problem.tuning;
    // Passes priced as what they cost in time (`crawlFlopCost`), once they crawl: priced so from
    // the first pass, systems were bought that did not end them (1–4 % more passes on sparse
    // designs; README: "Measurements behind the constants").
    const cost = passes >= CRAWL_PASSES ? crawlFlopCost : 1;
    return this.support.ridgeFlops(k, this.hasRidge) <= cost * passes * (working * visitFlops + k * moveFlops);
  }

  /** The support's size (β ≠ 0) and the working set's. O(p). */
  private supportCounts(): { k: number; working: number } {
    const { beta, strong, problem } = this;
    let k = 0;
    let working = 0;
    for (let j = 0; j < problem.p; j++) {
      if (beta[j] !== 0) k++;
      if (strong[j]) working++;
    }
    return { k, working };
  }

  /**
   * Newton steps on the support until one is exact or none applies: a step cut short where a
   * coordinate reached 0 (`kinks: 'stop'`) leaves a smaller support, solved by the next step rather
   * than by passes converging linearly. Each step counts as a pass. `entering` coordinates join the
   * first step's support (see `supportNewtonKind`).
   */
  private newtonChain(budget: number, entering: readonly number[] = [], kinks: 'try' | 'stop' = 'stop', free = this.newtonSystemPays()): { steps: number; exact: boolean } {
    // Where the systems are dear, one line-searched step (no entering coordinates); after one that
    // stopped at a kink, one more on the smaller support where that costs at most KINK_PASSES
    // passes' work — else the next pass would bring the coordinate back while the rest is off its
    // optimum, step after step.
    const limit = Math.min(budget, free ? MAX_NEWTON : 2);
    let steps = 0;
    while (steps < limit) {
      if (!free && steps > 0 && !this.newtonSystemPays(KINK_PASSES)) break;
      const moved = this.supportNewtonKind(free && steps === 0 ? entering : [], free ? kinks : 'try');
      if (moved === 'none') break;
      steps++;
      if (moved === 'exact') return { steps, exact: true };
      if (moved === 'partial') break;
    }
    return { steps, exact: false };
  }

  /**
   * A support Newton step, line-searched: 'exact' when the full step was taken with every sign
   * kept (β is then the restricted problem's solution), 'kink' when it stopped where a coordinate
   * reached 0, 'partial' for any other step, 'none' when β did not move.
   */
  private supportNewtonKind(entrants: readonly number[], kinks: 'try' | 'stop'): 'none' | 'exact' | 'kink' | 'partial' {
    const { beta, problem } = this;
    // An entering coordinate's sign is its gradient's (read once: O(n) each on a residual problem),
    // kept in a p-long array: a Map of them made per step was most of this method's allocations.
    const gradient = this.enteringGradient;
    for (const j of entrants) gradient[j] = problem.coordinateGradient(j);
    let entering = entrants;
    let step = this.support.newtonStep(this.state, entering, this.systemBought, this.factorAllowance());
    // An entering coordinate the step would move against its gradient does not enter after all:
    // solve again without it (a new direction, not a pass over the data). Of several, the weakest
    // (smallest |c_j|) leaves first: the others' signs depend on it.
    while (step !== null && entering.length > 0) {
      const { S, delta } = step;
      const wrong = entering.filter((j) => !(delta[S.indexOf(j)] * gradient[j] > 0));
      if (wrong.length === 0) break;
      const weakest = wrong.reduce((a, j) => (Math.abs(gradient[j]) < Math.abs(gradient[a]) ? j : a));
      entering = entering.filter((j) => j !== weakest);
      step = this.support.newtonStep(this.state, entering, this.systemBought, this.factorAllowance());
    }
    if (step === null || !this.movesBeta(step)) return 'none';
    let keepsSigns = true;
    const { lambda1, positive } = this.state;
    for (let a = 0; a < step.S.length; a++) {
      const j = step.S[a];
      if (!kinkedAtZero(lambda1[j], positive)) continue;
      // β_j = 0 on S: an entering coordinate, whose gradient was read above.
      const sign = beta[j] === 0 ? gradient[j] : beta[j];
      if (sign * (beta[j] + step.delta[a]) <= 0) keepsSigns = false;
    }
    const t = stepAlong(this.problem, this.state, step.S, step.delta, step.exact ? kinks : 'try', step.xdSq);
    if (t === 0) return 'none';
    if (t === 1 && keepsSigns && step.exact) return 'exact';
    for (let a = 0; a < step.S.length; a++) if (beta[step.S[a]] === 0) return 'kink';
    return 'partial';
  }

  /**
   * Whether a support step moves β by more than rounding (relative 1e-13). One that would only
   * reshuffle the last bits is not taken: it would cost a pass's count for nothing (after a pass
   * over a single active coordinate, say, that pass already solved the support exactly).
   */
  private movesBeta(step: SupportStep): boolean {
    // A loop, not S.forEach with a closure: a first call in a process runs this interpreted, and
    // the closure's doubles were boxed one by one (9 ms of a 70 ms first 200 × 50 path).
    const { S, delta } = step;
    const { beta } = this;
    let move = 0;
    let size = 0;
    for (let a = 0; a < S.length; a++) {
      move = Math.max(move, Math.abs(delta[a]));
      size = Math.max(size, Math.abs(beta[S[a]]));
    }
    return move > 1e-13 * size;
  }

  /**
   * Whether a pass's iterate goes to the dual history: once the round's visits are within K + 1
   * working-set passes of what lets a check try the extrapolated point (2·visits ≥ p), so that it
   * then holds K + 1 iterates — earlier ones would be overwritten unread (copying the working set's
   * β after every pass was 0.3 s of a one-hot path's 4.7 s).
   */
  private storesIterates(roundVisits: number, workingCount: number): boolean {
    return 2 * (roundVisits + (ANDERSON_K + 1) * workingCount) >= this.problem.p;
  }

  /**
   * The gap at a second dual point, where the problem's check makes points from residuals: the
   * residual at Anderson's extrapolation of the working set's last iterates (see
   * `AndersonHistory.extrapolated`), made like a support step's corrected point — one more scatter
   * and sweep. On linearly converging passes it bounds the suboptimality far more sharply than the
   * residual (20,000 × 50,000 sparse, the last α: 2.7e-7 against 4.0e-6 relative). Infinity
   * without one.
   */
  private extrapolatedGap(state: PenaltyState, floor: number): number {
    const ext = this.dualHistory.extrapolated(this.beta);
    if (ext === null) return Infinity;
    const { point } = this.problem.checkPoint(this.beta, { S: ext.support, delta: ext.dir, xdSq: 0 }, this.boundsAt());
    // Projected off the unpenalized columns (see `feasible`): unprojected, at a check before those
    // coordinates settled (one that crawling passes reach), a sparse n = 5 path stopped 8.7e-5
    // above the optimum claiming a gap of 0.
    if (point === null) return Infinity;
    const { gap } = gapAt(this.feasible(point), point.rss, state);
    return credible(gap, floor) ? gap : Infinity;
  }

  /**
   * After a try of the extrapolated dual point: one that did not beat the residual's point has the
   * next `dualBackoff` due tries skipped (and their iterates not stored), doubling with each such
   * failure; one that beat it resets the count. Its sweep and the stores for it cost passes' worth
   * where it rarely helps (wide one-hot designs), while where passes crawl (tall svmlight designs)
   * its lower gaps let the repaired point in (README: "Measurements behind the constants").
   */
  private backOffDual(beat: boolean): void {
    if (beat) this.dualBackoff = 1;
    else {
      this.dualSkip = this.dualBackoff;
      this.dualBackoff *= 2;
    }
  }

  /** Whether the passes since the last repaired dual point have paid for the next (see `repairPrice`). */
  private repairPaid(): boolean {
    const price = this.repairPrice < 0 ? REPAIR_FIRST_SWEEPS * this.problem.p * this.problem.tuning.visitFlops : this.repairPrice;
    return this.passFlops - this.repairFrom >= price;
  }

  /**
   * The gap at the problem's repaired dual point (see `CdProblem.repairedPoint`); Infinity without
   * one. Sets the price of the next (see `repairPrice`): tried at every failed check, repairs that
   * could not certify yet (β still far) cost far more than the passes; priced at their cost,
   * doubling, they cost less than they save (README: "Measurements behind the constants"). `rss` is
   * ‖r‖² at β (the repair moves θ, not r).
   */
  private repairedGap(state: PenaltyState, floor: number, target: number, rss: number): number {
    const repaired = this.problem.repairedPoint?.(state);
    if (repaired === undefined) return Infinity;
    this.repairFrom = this.passFlops;
    const { point, work } = repaired;
    const price = () => {
      this.repairPrice = Math.max(work, REPAIR_RENT * this.repairPrice);
    };
    if (point === null) {
      price();
      return Infinity;
    }
    let { gap } = gapAt(this.feasible(point), rss, state);
    if (!credible(gap, floor)) gap = Infinity;
    if (gap <= target) this.repairPrice = work;
    else price();
    return gap;
  }

  /**
   * λ1 for a check to bound products against (see `CdProblem.checkPoint`), or undefined where
   * some coordinate is unpenalized: its dual point's projection reads every product.
   */
  private boundsAt(): Float64Array | undefined {
    return this.hasUnpenalized ? undefined : this.state.lambda1;
  }

  /** The support step at the current β (see {@link SupportFactor}). */
  private supportStep(): SupportStep | null {
    return this.support.step(this.state, this.factorAllowance());
  }

  /**
   * Flops the support's factor may spend on its next update, where the problem's tuning rents it
   * (ski rental): what the passes since its last update cost, and one more pass's worth. Settles
   * the last update first: paid, the rent starts over.
   */
  private factorAllowance(): number {
    const { tuning } = this.problem;
    // The Lasso's factor gives exact Newton steps (the α's solution where signs hold): it gets
    // LASSO_FREE_PASSES passes' worth on top (with 1, 500 × 20,000 paths took 8× the passes). The
    // Elastic Net's gives a line-searched direction beyond the ridge system's supports, and the
    // corrected dual point.
    if (!tuning.rentedFactor) return Infinity;
    if (this.support.paid > 0) {
      this.rentFrom = this.passFlops;
      this.support.paid = 0;
    }
    return this.passFlops - this.rentFrom + (this.hasRidge ? 1 : LASSO_FREE_PASSES) * this.workingCount * tuning.visitFlops;
  }

  /** The working set (the strong flags less the excluded) into `working`. */
  private listWorking(): void {
    listSet(this.strong, this.noneExcluded ? null : this.problem.excluded, this.working);
    if (this.working === this.passedList) this.passedList = null;
  }

  /** The nonzero coordinates of `working` into `active`, in place (see {@link listSet}). */
  private listActive(working: readonly number[], active: number[]): void {
    this.storedOnActive = false;
    if (active === this.passedList) this.passedList = null;
    let k = 0;
    // In place when `working` is `active` itself: each write lands at or behind the read.
    for (let a = 0; a < working.length; a++) {
      const j = working[a];
      if (this.beta[j] !== 0) active[k++] = j;
    }
    active.length = k;
  }

  /** One cyclic pass over `set`; returns max_j (‖x_j‖² + λ2_j)·Δβ_j². */
  private pass(set: readonly number[]): number {
    this.passFlops += set.length * this.problem.tuning.visitFlops;
    this.visitsSinceExact += set.length;
    // Read once: a Gram problem's is a getter (available once its Gram is in WebAssembly memory).
    const passOver = this.problem.passOver;
    if (passOver !== undefined) {
      const change = passOver.call(this.problem, set, this.state, this.everActive, this.penaltyVersion, set === this.passedList);
      this.passedList = set;
      if (change > 0) this.problem.moved();
      return change;
    }
    const maxChange = cyclicPass(this.problem, set, this.state, this.everActive);
    if (maxChange > 0) this.problem.moved();
    return maxChange;
  }

  /**
   * A dual point made feasible for the unpenalized coordinates (X_Uᵀθ = 0; see
   * `feasibleDualPoint`), or the point itself where there are none. The result may live in
   * `scratch`: read it (`gapAt`) before the next call.
   */
  private feasible(point: DualPoint): DualPoint {
    return this.hasUnpenalized ? feasibleDualPoint(this.problem, this.state, point, this.scratch, this.unpenalizedColumns) : point;
  }

  /**
   * Duality gap at the current β: the residual (made feasible for unpenalized coordinates) as
   * dual point, and the active-set-corrected point where the problem makes it here; the better
   * of the two bounds the suboptimality.
   */
  private gap(grad: Float64Array, step: SupportStep | null): GapResult & { readonly rowsOnly?: boolean } {
    const floor = GAP_FLOOR * this.nullObjective;
    let { rss, yTr, found } = this.residualGap(grad);
    // A residual kept by updates (r −= δ·x_j) carries their rounding, and over many passes drifts
    // from y − Xβ until its own point fails weak duality; then no later check had a gap and each α
    // ran to maxIter (a 19 × 26 Lasso without acceleration at tol 1e-10: 2 of 10 α's, 20,000 passes
    // each). Made from β afresh (`reset`) once the passes since have cost a sweep of X, and the gap
    // taken again. Where that fails too, the point's arithmetic is what failed (below), and this α
    // makes no more (near-parallel unpenalized columns: a sweep per check for nothing).
    if (!credible(found.gap, floor) && this.mayRefresh && this.visitsSinceExact >= this.problem.p) {
      this.visitsSinceExact = 0;
      this.problem.reset(this.beta);
      ({ rss, yTr, found } = this.residualGap(this.problem.gradient(this.beta)));
      this.mayRefresh = credible(found.gap, floor);
    }
    // The residual's own point failing weak duality (see `credible`) bounds nothing either: no gap.
    // Projected off nearly parallel unpenalized columns, its ‖θ₀‖² = ‖r‖² − 2δᵀc + δᵀMδ cancels
    // terms far above ‖θ‖²: on a 64 × 17 design (columns of −50 with bumps of 1e-5, standardized) a
    // fit 6.6 % above its optimum had a gap of −0.06, reported as 0 (see numericalEdges.test.ts).
    const plain = credible(found.gap, floor) ? found : { ...found, gap: Infinity };
    const corrected = step === null ? null : this.problem.correctedPoint(step, rss, yTr, this.support.quadraticForm(step.delta));
    if (corrected === null) return plain;
    const better = gapAt(this.feasible(corrected), rss, this.state);
    return better.gap < plain.gap && credible(better.gap, floor) ? better : plain;
  }

  /** The residual's own point at β (made feasible for unpenalized coordinates) and its gap, given the gradient Xᵀr. */
  private residualGap(grad: Float64Array): { rss: number; yTr: number; found: GapResult & { readonly rowsOnly?: boolean } } {
    const { rss, yTr } = this.problem.residualMoments(this.beta);
    return { rss, yTr, found: gapAt(this.feasible({ grad, thetaSq: rss, yTheta: yTr }), rss, this.state) };
  }
}

/**
 * When the repaired dual point is tried (see `repairedGap`): where the gap is within REPAIR_WITHIN
 * targets and the residual's unscaled gap within REPAIR_SHARE of it (else β is still far from the
 * optimum, which no repair of θ hides), once the passes have cost REPAIR_FIRST_SWEEPS sweeps of p
 * (then the last repair's cost, times REPAIR_RENT after each that did not certify): a wider gate
 * tried repairs that could not certify, a narrower one certified later, and without the price paths
 * whose passes certify alone paid for repairs they did not need (README: "Measurements behind the
 * constants").
 */
const REPAIR_WITHIN = 300;
const REPAIR_SHARE = 0.3;
const REPAIR_FIRST_SWEEPS = 25;
const REPAIR_RENT = 2;

/**
 * The residual's gap were it feasible, without the scaling: P(β) − (yᵀr − ‖r‖²/2). Above
 * REPAIR_SHARE of the target, β is still far from the optimum and no repair of θ can show less.
 */
function unscaledGap(objective: number, rss: number, yTr: number): number {
  return objective - (yTr - 0.5 * rss);
}

/**
 * Whether a gap can be a bound: every dual point's is ≥ 0 (weak duality), so one below −floor (the
 * rounding floor) shows that the point's arithmetic failed — a sparse problem's extrapolated point,
 * made from a direction of 1.8e9 in the residual's two-part form, once gave −32, reported as 0 at
 * a point 70 % above the optimum. Such a point is not used.
 */
function credible(gap: number, floor: number): boolean {
  return gap >= -floor;
}

/** Whether some β_j ≠ 0 (a loop: `beta.some` boxed each value on its way to the callback). */
function anyNonzero(beta: Float64Array): boolean {
  for (let j = 0; j < beta.length; j++) if (beta[j] !== 0) return true;
  return false;
}

/**
 * The flagged coordinates into `out`, overwritten in place and then cut to length: `out.length = 0`
 * and pushes released its storage and grew it again on every call (on a 5,000 × 20,000 sparse path
 * the lists of the working and active sets were 45 % of all the bytes allocated). `excluded` null
 * where no coordinate is.
 */
function listSet(flags: Uint8Array, excluded: Uint8Array | null, out: number[]): void {
  let k = 0;
  if (excluded === null) {
    for (let j = 0; j < flags.length; j++) if (flags[j]) out[k++] = j;
  } else {
    for (let j = 0; j < flags.length; j++) if (flags[j] && !excluded[j]) out[k++] = j;
  }
  out.length = k;
}

/**
 * Coordinates to enter the support by a Newton step, given the gradient `grad` after an exact one:
 * none unless some penalized coordinate at 0 violates its KKT condition (|c_j| > λ1_j); then the
 * violators and the working set's MAX_NEAR nearest near-violators (|c_j| > ENTER_FRACTION·λ1_j),
 * whose conditions the violators' entry may break — those that should stay out leave the step by
 * its signs, each at the price of a factor update and a solve.
 */
function entrants(problem: CdProblem, state: PenaltyState, grad: Float64Array, strong: Uint8Array): number[] {
  const { p, excluded, penaltyFactor, positive } = problem;
  const violators: number[] = [];
  const near: { j: number; ratio: number }[] = [];
  for (let j = 0; j < p; j++) {
    if (excluded[j] || penaltyFactor[j] === 0 || state.beta[j] !== 0) continue;
    const u = positive ? grad[j] : Math.abs(grad[j]);
    if (u > state.lambda1[j]) violators.push(j);
    else if (strong[j] && u > ENTER_FRACTION * state.lambda1[j]) near.push({ j, ratio: u / state.lambda1[j] });
  }
  if (violators.length === 0) return violators;
  near.sort((a, b) => b.ratio - a.ratio);
  // Pushed, not concatenated with a mapped slice: that list could be a holey array, and a Newton
  // step's code optimized for one kind of array was thrown away when the other came.
  for (let a = 0; a < near.length && a < MAX_NEAR; a++) violators.push(near[a].j);
  return violators;
}
