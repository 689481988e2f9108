import { UpdatableCholesky } from '../math/UpdatableCholesky.js';
import { factorArena } from './factorArena.js';
import { room } from '../math/room.js';
import { sameList } from './AndersonHistory.js';
import type { CdProblem, SupportStep } from './CdProblem.js';
import type { PenaltyState } from './penaltyState.js';
import { RidgeSystem } from './RidgeSystem.js';
import { WideRidgeSystem } from './WideRidgeSystem.js';

/**
 * The support step: δ on the active set S with (X_SᵀX_S)·δ = c_S − t_S, where
 * t_j = λ1_j·sign(β_j) + λ2_j·β_j. It is the correction that makes the dual point sharp
 * (θ = r − X_S·δ satisfies x_jᵀθ = t_j exactly on S) and, for the Lasso with unchanged signs, the
 * exact step to the solution restricted to S — a Newton step, which the loop line-searches.
 *
 * The Cholesky factor of X_SᵀX_S follows S as it changes a few coordinates at a time (append
 * O(|S|²), remove by a rank-one update), not refactored. Only a well-conditioned active Gram is
 * used: with a (near-)singular one δ is huge and ‖θ‖², computed as ‖r‖² − 2δᵀc + δᵀMδ, would cancel
 * catastrophically — the plain dual point is used instead.
 *
 * Memory: O(|S|²) for the factor, |S| ≤ the problem's `maxCorrected`; as much for the Elastic
 * Net's ridge system where it is used.
 */
/**
 * Supports whose Newton step with a ridge term comes from the ridge system (see `newtonStep`): up
 * to MAX_RIDGE_NEWTON coordinates, and beyond `maxCorrected` (where X_SᵀX_S has no factor) up to
 * MAX_RIDGE and 1.5 × `maxCorrected` — a residual problem caches pair products for at least
 * 2 × `maxCorrected` columns up to 2000, which both factors share — or, where `maxCorrected` passes
 * MAX_RIDGE (n > 2000: no n×n form), up to it, once bought — without, Elastic Net paths whose
 * supports passed 2000 on n > 2000 took over ten times as long (k² doubles, 134 MB at 4096)
 * (README: "Measurements behind the constants").
 */
const MAX_RIDGE_NEWTON = 300;
/** The Lasso's damped step's μ, relative to the mean diagonal of X_SᵀX_S (see `dampedStep`). */
const DAMPING = 1e-6;
const MAX_RIDGE = 2000;

export class SupportFactor {
  private readonly factor: UpdatableCholesky;
  /** The set the factor was last brought to (sorted) and whether that succeeded. */
  private factorSet: number[] = [];
  private factorOk = true;
  /** The system's right-hand side, reused (a step is used before the next one is made). */
  private rhs = new Float64Array(0);
  /** `supportSet`'s scratch: its list as scanned, and flags for the entering coordinates (all 0 between calls). */
  private readonly scan: number[] = [];
  private readonly enters: Uint8Array;
  /** μ on every coordinate, for the Lasso's damped steps (see `dampedStep`). */
  private damping = new Float64Array(0);
  /** The Elastic Net's Newton systems (X_SᵀX_S + Λ2_S), made on first use, and their largest |S|. */
  private ridgeSystem: RidgeSystem | null = null;
  private readonly maxRidge: number;
  /** Supports up to this take the Lasso's damped step in k×k form (see the constructor); ≥ maxRidge. */
  private readonly dampedReach: number;
  /** Supports past `maxRidge`, on a problem that holds X: their ridge systems in n×n form (null without X). */
  private readonly wide: WideRidgeSystem | null;
  /**
   * Flops (estimated) spent bringing the factor of X_SᵀX_S to a new S under an allowance since the
   * caller last set this to 0.
   */
  paid = 0;

  constructor(private readonly problem: CdProblem) {
    this.factor = new UpdatableCholesky((a, b) => problem.cross(a, b), 1e-8, problem.crossRow?.bind(problem), factorArena(problem), problem.crossPair?.bind(problem));
    this.enters = new Uint8Array(problem.p);
    // Past MAX_RIDGE where X_SᵀX_S's factor reaches past it too (n > 2000, no n×n form): up to it.
    // Either way maxRidge ≥ maxCorrected, which newtonStep and ridgeReach rely on.
    this.maxRidge = problem.maxCorrected > MAX_RIDGE ? problem.maxCorrected : Math.min(MAX_RIDGE, Math.floor(1.5 * problem.maxCorrected));
    this.wide = problem.wideColumns === undefined ? null : new WideRidgeSystem(problem.wideColumns);
    // The Lasso's damped steps keep the k×k system (which follows S) up to 1.5·n where the n×n form
    // exists, whatever maxRidge: past it each step made the n×n form afresh — a sparse problem's
    // maxRidge is 600, and a bag of words' supports near n = 2,000 took its damped steps at ~0.7 s
    // each (2.1× the path's time on the same passes).
    const n = problem.wideColumns?.n ?? 0;
    this.dampedReach = Math.max(this.maxRidge, Math.min(MAX_RIDGE, Math.floor(1.5 * n)));
  }

  /** Hands the factors' own memories back (see `UpdatableCholesky.release`); the solver's, at its path's end. */
  release(): void {
    this.factor.release();
    this.ridgeSystem?.release();
    this.factorSet = [];
    this.factorOk = true;
  }

  private get ridge(): RidgeSystem {
    return (this.ridgeSystem ??= new RidgeSystem(this.problem));
  }

  /**
   * The step at the current β, or null when it does not apply: no active coordinate, an active set
   * beyond `maxCorrected`, or an ill-conditioned active Gram. Unpenalized coordinates in S get
   * x_jᵀθ = 0 only up to rounding (and those at 0 not at all): the caller projects the point off
   * them before its gap (see `feasibleDualPoint`). Cost: the factor update plus one solve,
   * O(|S|²), and c_S from the problem. Null too where bringing the factor to S would cost more
   * flops than `allowance` (the factor is left as it is).
   */
  step(state: PenaltyState, allowance = Infinity): SupportStep | null {
    const S = this.supportSet(state.beta, this.problem.maxCorrected);
    const system = S === null ? null : this.factored(S, state, allowance);
    return system === null ? null : this.solveFactored(system.S, system.rhs);
  }

  /** δ from the factor of X_SᵀX_S; ‖X_S·δ‖² = δᵀ·rhs, so a line search along δ needs no Gram block. */
  private solveFactored(S: readonly number[], rhs: Float64Array): SupportStep {
    const delta = this.factor.solve(rhs);
    let xdSq = 0;
    for (let a = 0; a < S.length; a++) xdSq += delta[a] * rhs[a];
    return { S, delta, xdSq: Math.max(xdSq, 0) };
  }

  /**
   * The exact Newton step of the objective restricted to S with the signs of β fixed:
   * (X_SᵀX_S + Λ2_S)·δ = c_S − t_S. For the Lasso (Λ2 = 0) it is {@link step}; with a ridge term
   * it comes from the ridge system's factor, which follows S as X_SᵀX_S's does (see
   * {@link RidgeSystem}), on supports up to `maxRidge` coordinates — also where X_SᵀX_S has no
   * factor (|S| ≥ n). A larger support, or one whose system has no safe factor, falls back to
   * {@link step}'s direction, `exact` false, which the line search still makes safe (or to none
   * where X_SᵀX_S has no factor either, or bringing it to S would cost more flops than
   * `allowance`). Where the signs hold an exact step is the restricted problem's solution.
   * `bought` (the caller's passes proved slow, the system paid for): with a ridge term, the ridge
   * system even where X_SᵀX_S gives a direction (its n×n form past `maxRidge`); where neither the
   * ridge system nor X_SᵀX_S gives a step, the damped one ({@link dampedStep}).
   * Unpenalized coordinates (λ1 = λ2 = 0) are in S like the rest, with t_j = 0: the step is the
   * restricted problem's as well (in the n×n form through its complement; see WideRidgeSystem).
   */
  newtonStep(state: PenaltyState, entering: readonly number[] = [], bought = false, allowance = Infinity): (SupportStep & { readonly exact: boolean }) | null {
    const wide = bought ? this.wide : null;
    // maxRidge ≥ maxCorrected (see the constructor): a support past maxRidge has no factor of X_SᵀX_S either.
    const S = this.supportSet(state.beta, wide !== null ? this.problem.p : this.maxRidge, entering);
    if (S === null) return null;
    const ridge = hasRidgeOn(S, state);
    const k = S.length;
    // Past maxRidge (so past n too), once bought: the n×n form, which takes a few unpenalized
    // coordinates (λ2 = 0) through its complement and refuses the Lasso's (every λ2 0).
    if (k > this.maxRidge) {
      if (wide === null) return null;
      const solved = ridge ? wide.solve(S, state.lambda2, this.rightHandSide(S, state)) : null;
      return solved !== null ? { S, ...solved, exact: true } : this.dampedStep(S, state);
    }
    if (ridge && (bought || k <= MAX_RIDGE_NEWTON || k > this.problem.maxCorrected)) {
      const order = this.ridge.prepare(S, state.lambda2);
      if (order !== null) {
        const solved = this.ridge.solve(this.rightHandSide(order, state), order);
        return { S: order, ...solved };
      }
    }
    // Bought (the α's passes have paid for a system of S's size), a factor refused by its allowance
    // alone is brought to S after all — an exact step, not the damped one (a fresh factor for a
    // direction that is not exact). Without an allowance `factored` is null again where S is past
    // its reach or the factor failed. Wide Lasso paths whose supports grow to ~1,000 and more took
    // about a tenth less time with fewer passes; smaller ones did not change (README: "Measurements
    // behind the constants").
    const system = this.factored(S, state, allowance) ?? (bought ? this.factored(S, state, Infinity) : null);
    if (system === null) return bought ? this.dampedStep(S, state) : null;
    return { ...this.solveFactored(system.S, system.rhs), exact: !ridge };
  }

  /**
   * The step where X_SᵀX_S gives none (|S| ≥ n, or a factor too ill-conditioned near it) and
   * neither does the ridge system (the Lasso's has none; an Elastic Net's whose λ2 is ~1e-12 of the
   * diagonal — l1Ratio within ~1e-9 of 1 — on repeated columns is singular too):
   * (X_SᵀX_S + μ·I)·δ = c_S − t_S, μ = DAMPING × the mean of X_SᵀX_S's diagonal — a
   * descent direction of the objective restricted to S (a positive definite matrix times minus its
   * gradient) that follows the flat valley such a support lies in towards where a coordinate leaves
   * it, which passes crawl along (100 × 1,000, ρ 0.9: 10,000 passes at an α without reaching the
   * gap). Never exact: the caller's line search takes it as far as it lowers the objective. Past
   * `dampedReach` in the n×n form (`WideRidgeSystem`; null on a problem that does not hold X), and
   * null where even the damped system has no safe factor.
   */
  private dampedStep(S: number[], state: PenaltyState): (SupportStep & { readonly exact: boolean }) | null {
    const { problem, wide } = this;
    const past = S.length > this.dampedReach;
    if (past && wide === null) return null;
    let diag = 0;
    for (const j of S) diag += problem.cross(j, j);
    const damping = (this.damping = room(this.damping, problem.p)).subarray(0, problem.p);
    damping.fill((DAMPING * diag) / S.length);
    // Past the k×k system's reach, the damped system in the n×n form (its D = μ·I > 0).
    if (past && wide !== null) {
      const solved = wide.solve(S, damping, this.rightHandSide(S, state));
      return solved === null ? null : { S, delta: solved.delta, xdSq: solved.xdSq, exact: false };
    }
    const order = this.ridge.prepare(S, damping);
    if (order === null) return null;
    const solved = this.ridge.solve(this.rightHandSide(order, state), order);
    return { S: order, delta: solved.delta, xdSq: solved.xdSq, exact: false };
  }

  /**
   * Where a Newton step with a ridge term on β's support can come from: 'ridge only' where X_SᵀX_S
   * has no factor (|S| past `maxCorrected`, i.e. |S| ≥ n on a residual problem; or its last factor
   * brought to S failed, singular or too ill-conditioned) while the ridge system takes S (|S| ≤
   * `maxRidge`, or any |S| in its n×n form where the problem holds X); 'factor at S' where
   * X_SᵀX_S's factor is at S (its direction may still fail to move β, ill-conditioned near
   * |S| = n); 'either' where it is not brought there (yet); 'neither' beyond the ridge system's
   * reach. O(p).
   */
  ridgeReach(beta: Float64Array): 'ridge only' | 'factor at S' | 'either' | 'neither' {
    const S = this.supportSet(beta, this.wide !== null ? this.problem.p : this.maxRidge);
    if (S === null) return 'neither';
    // maxRidge ≥ maxCorrected: past maxCorrected (up to 1.5·n where n ≤ 2000) the ridge system only.
    if (S.length > this.problem.maxCorrected) return 'ridge only';
    // Past MAX_RIDGE the Elastic Net's X_SᵀX_S is never factored (see `factored`).
    if (S.length > MAX_RIDGE) return 'ridge only';
    if (!sameList(S, this.factorSet)) return 'either';
    return this.factorOk ? 'factor at S' : 'ridge only';
  }

  /**
   * Flops of a ridge system made afresh for k coordinates: k³/3, or the n×n form's past its reach
   * (`maxRidge` with a ridge term; the Lasso's damped system, `dampedReach`).
   */
  ridgeFlops(k: number, ridge: boolean): number {
    return k > (ridge ? this.maxRidge : this.dampedReach) && this.wide !== null ? this.wide.flops(k) : (k * k * k) / 3;
  }

  /** Whether the ridge system's factor is made for this Λ2 (at this α), so that steps near its support are cheap. */
  ridgeCurrent(lambda2: Float64Array): boolean {
    return this.ridgeSystem !== null && this.ridgeSystem.madeFor(lambda2);
  }

  /**
   * The coordinates of β ≠ 0 (penalized, not excluded) and the `entering` ones, sorted; null when
   * there are none or more than `limit` (the scan stops there: on a one-hot path with supports of
   * ~2,400 among 170,000 columns it ran to the end every check). The factor's set itself where S
   * is that set (read-only, as every S is), else a fresh array of S's length: S grown by pushes
   * took three allocations, and sorting in the entering ones a fourth — 200 × 50, 100 α: 240 of a
   * path's 770 KB allocated.
   */
  private supportSet(beta: Float64Array, limit: number, entering: readonly number[] = []): number[] | null {
    const { p, excluded } = this.problem;
    const { enters } = this;
    for (const j of entering) enters[j] = 1;
    const scan = this.scan;
    let k = 0;
    for (let j = 0; j < p && k <= limit; j++) {
      if ((beta[j] !== 0 && !excluded[j]) || (enters[j] === 1 && beta[j] === 0)) scan[k++] = j;
    }
    for (const j of entering) enters[j] = 0;
    if (k === 0 || k > limit) return null;
    scan.length = k;
    return sameList(scan, this.factorSet) ? this.factorSet : scan.slice();
  }
  /**
   * S in the factor of X_SᵀX_S's order (the factor brought to it) and c_S − t_S; null without a
   * factor, or where bringing it to S would cost more flops than `allowance` (left as it is). With
   * a ridge term, none past MAX_RIDGE coordinates: there its passes converge well enough that a
   * factor cost more than it saved, while the Lasso's crawl without one (README: "Measurements
   * behind the constants").
   */
  private factored(S: number[], state: PenaltyState, allowance: number): { S: readonly number[]; rhs: Float64Array } | null {
    if (S.length > this.problem.maxCorrected || (S.length > MAX_RIDGE && hasRidgeOn(S, state))) return null;
    if (!sameList(S, this.factorSet)) {
      if (allowance < Infinity) {
        const cost = this.factor.changeCost(S, this.problem.tuning.crossFlops);
        if (cost > allowance) return null;
        this.paid += cost;
      }
      this.factorSet = S;
      this.factorOk = this.factor.setTo(S);
    }
    if (!this.factorOk) return null;
    return { S: this.factor.order, rhs: this.rightHandSide(this.factor.order, state) };
  }

  /**
   * c_S − t_S in the given order, t_j = λ1_j·sign(β_j) + λ2_j·β_j (an entering coordinate, β_j = 0,
   * takes its gradient's sign). A view of a buffer the next call reuses.
   */
  private rightHandSide(order: readonly number[], state: PenaltyState): Float64Array {
    const { beta, lambda1, lambda2 } = state;
    const k = order.length;
    this.rhs = room(this.rhs, k);
    const rhs = this.rhs.subarray(0, k);
    const batch = this.problem.supportGradient?.(order);
    for (let a = 0; a < k; a++) {
      const j = order[a];
      const c = batch !== undefined ? batch[a] : this.problem.coordinateGradient(j);
      rhs[a] = c - (lambda1[j] * Math.sign(beta[j] === 0 ? c : beta[j]) + lambda2[j] * beta[j]);
    }
    return rhs;
  }

  /** δᵀ(X_SᵀX_S)δ from the factor (‖Lᵀδ‖²), for ‖θ‖² at the corrected point. */
  quadraticForm(delta: Float64Array): number {
    return this.factor.quadraticForm(delta);
  }
}

/** Whether some coordinate of S carries a ridge term (λ2 > 0). O(|S|). */
function hasRidgeOn(S: readonly number[], state: PenaltyState): boolean {
  for (let a = 0; a < S.length; a++) if (state.lambda2[S[a]] > 0) return true;
  return false;
}
