import { choleskySolveFactored } from '../math/choleskySolve.js';
import { UpdatableCholesky } from '../math/UpdatableCholesky.js';
import { scratchMatrix } from '../wasm/Workspace.js';
import { sameList } from './AndersonHistory.js';
import type { CdProblem, SupportStep } from './CdProblem.js';
import type { PenaltyState } from './penaltyState.js';

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
 * Memory: O(|S|²) for the factor, |S| ≤ the problem's `maxCorrected`.
 */
/** Largest support on which the Elastic Net's Newton system (with its ridge term) is solved densely. */
const MAX_RIDGE_NEWTON = 300;

export class SupportFactor {
  private readonly factor: UpdatableCholesky;
  /** The set the factor was last brought to (sorted) and whether that succeeded. */
  private factorSet: number[] = [];
  private factorOk = true;
  /** The system's right-hand side and the dense ridge solve's δ, reused (a step is used before the next one is made). */
  private rhs = new Float64Array(0);
  private delta = new Float64Array(0);

  constructor(private readonly problem: CdProblem) {
    this.factor = new UpdatableCholesky((a, b) => problem.cross(a, b), 1e-8);
  }

  /**
   * The step at the current β, or null when it does not apply: no active coordinate, an active set
   * beyond `maxCorrected`, an ill-conditioned active Gram, or `hasUnpenalized` (unpenalized
   * coordinates need x_jᵀθ = 0 exactly, which this point does not enforce; the gap projects them
   * out instead). Cost: the factor update plus one solve, O(|S|²), and c_S from the problem.
   */
  step(state: PenaltyState, hasUnpenalized: boolean): SupportStep | null {
    const system = this.system(state, hasUnpenalized);
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
   * it is solved densely (O(|S|³/3); so only up to {@link MAX_RIDGE_NEWTON} coordinates — a larger
   * support falls back to {@link step}'s direction, `exact` false, which the line search still
   * makes safe, or to none where X_SᵀX_S has no factor). The ridge system has a factor also where
   * X_SᵀX_S has none (|S| ≥ n). Where the signs hold an exact step is the restricted problem's
   * solution.
   */
  newtonStep(state: PenaltyState, hasUnpenalized: boolean, entering: readonly number[] = []): (SupportStep & { readonly exact: boolean }) | null {
    const system = this.system(state, hasUnpenalized, entering, true);
    if (system === null) return null;
    const { S, rhs, factored, ridge } = system;
    const k = S.length;
    if (ridge && k <= MAX_RIDGE_NEWTON) {
      const { ws, A } = scratchMatrix(k);
      this.problem.crossBlock(S, A);
      for (let a = 0; a < k; a++) A[a * k + a] += state.lambda2[S[a]];
      if (ws.cholesky(A, k, 1e-14)) {
        this.delta = room(this.delta, k);
        const delta = choleskySolveFactored(A, rhs, k, this.delta);
        // ‖X_S·δ‖² = δᵀ·rhs − δᵀΛ2·δ where X_SᵀX_S itself has no factor (|S| ≥ n, or singular).
        let xdSq = 0;
        if (factored) xdSq = this.factor.quadraticForm(delta);
        else for (let a = 0; a < k; a++) xdSq += delta[a] * (rhs[a] - state.lambda2[S[a]] * delta[a]);
        return { S, delta, xdSq: Math.max(xdSq, 0), exact: true };
      }
    }
    if (!factored) return null;
    const { delta, xdSq } = this.solveFactored(S, rhs);
    return { S, delta, xdSq, exact: !ridge };
  }

  /**
   * S (factor order, the factor brought to it) and c_S − t_S; null when no step applies. Entering
   * coordinates (β_j = 0) join S with the sign their gradient gives them. With `unfactored`, a
   * support whose X_SᵀX_S has no factor (beyond `maxCorrected` — an Elastic Net can keep more than
   * n coordinates — or singular) still gets its system, in index order, where a dense ridge solve
   * applies (a ridge term, at most MAX_RIDGE_NEWTON coordinates).
   */
  private system(state: PenaltyState, hasUnpenalized: boolean, entering: readonly number[] = [], unfactored = false): { S: readonly number[]; rhs: Float64Array; factored: boolean; ridge: boolean } | null {
    if (hasUnpenalized) return null;
    const { p, excluded, penaltyFactor, maxCorrected } = this.problem;
    const { beta, lambda1, lambda2 } = state;
    // No system past `limit` coordinates (no factor, no dense ridge solve): the scan stops there
    // (on a one-hot path with supports of ~2,400 among 170,000 columns it ran to the end every check).
    const limit = unfactored ? Math.max(maxCorrected, MAX_RIDGE_NEWTON) : maxCorrected;
    const S: number[] = [];
    for (let j = 0; j < p; j++) {
      if (beta[j] !== 0 && !excluded[j] && penaltyFactor[j] > 0 && S.push(j) > limit) return null;
    }
    for (const j of entering) if (beta[j] === 0) S.push(j);
    if (entering.length > 0) S.sort((a, b) => a - b);
    const k = S.length;
    if (k === 0) return null;
    if (k <= maxCorrected && !sameList(S, this.factorSet)) {
      this.factorSet = S;
      this.factorOk = this.factor.setTo(S);
    }
    const factored = k <= maxCorrected && this.factorOk;
    const ridge = S.some((j) => lambda2[j] > 0);
    // (Without a factor only the dense ridge solve can use the system: no c_S for anything else.)
    if (!factored && !(unfactored && ridge && k <= MAX_RIDGE_NEWTON)) return null;
    const order = factored ? this.factor.order : S;
    this.rhs = room(this.rhs, k);
    const rhs = this.rhs.subarray(0, k);
    for (let a = 0; a < k; a++) {
      const j = order[a];
      const c = this.problem.coordinateGradient(j);
      rhs[a] = c - (lambda1[j] * Math.sign(beta[j] === 0 ? c : beta[j]) + lambda2[j] * beta[j]);
    }
    return { S: order, rhs, factored, ridge };
  }

  /** δᵀ(X_SᵀX_S)δ from the factor (‖Lᵀδ‖²), for ‖θ‖² at the corrected point. */
  quadraticForm(delta: Float64Array): number {
    return this.factor.quadraticForm(delta);
  }
}

/** `buffer`, or a larger one (at least doubled) when it holds fewer than k doubles. */
function room(buffer: Float64Array<ArrayBuffer>, k: number): Float64Array<ArrayBuffer> {
  return buffer.length >= k ? buffer : new Float64Array(Math.max(2 * buffer.length, k, 16));
}
