import { UpdatableCholesky } from '../math/UpdatableCholesky.js';
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
export class SupportFactor {
  private readonly factor: UpdatableCholesky;
  /** The set the factor was last brought to (sorted) and whether that succeeded. */
  private factorSet: number[] = [];
  private factorOk = true;

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
    if (hasUnpenalized) return null;
    const { p, excluded, penaltyFactor, maxCorrected } = this.problem;
    const { beta, lambda1, lambda2 } = state;
    const S: number[] = [];
    for (let j = 0; j < p; j++) if (!excluded[j] && penaltyFactor[j] > 0 && beta[j] !== 0) S.push(j);
    const k = S.length;
    if (k === 0 || k > maxCorrected) return null;
    if (!sameList(S, this.factorSet)) {
      this.factorSet = S;
      this.factorOk = this.factor.setTo(S);
    }
    if (!this.factorOk) return null;
    const order = this.factor.order;
    const rhs = new Float64Array(k);
    for (let a = 0; a < k; a++) {
      const j = order[a];
      rhs[a] = this.problem.coordinateGradient(j) - (lambda1[j] * Math.sign(beta[j]) + lambda2[j] * beta[j]);
    }
    const delta = this.factor.solve(rhs);
    // M·δ = rhs, so ‖X_S·δ‖² = δᵀ·rhs: a line search along δ needs no Gram block.
    let xdSq = 0;
    for (let a = 0; a < k; a++) xdSq += delta[a] * rhs[a];
    return { S: order, delta, xdSq: Math.max(xdSq, 0) };
  }

  /** δᵀ(X_SᵀX_S)δ from the factor (‖Lᵀδ‖²), for ‖θ‖² at the corrected point. */
  quadraticForm(delta: Float64Array): number {
    return this.factor.quadraticForm(delta);
  }
}
