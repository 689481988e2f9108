/**
 * Duality gap of the kernel-form Elastic Net
 *
 *     P(β) = ½‖r‖² + Σ_j λ1_j |β_j| + ½ Σ_j λ2_j β_j²,   r = y − Xβ
 *
 * using the Fenchel dual D(θ) = yᵀθ − ½‖θ‖² − Σ_j g_j*(x_jᵀθ), with
 * g_j*(u) = (|u| − λ1_j)₊² / (2 λ2_j) for λ2_j > 0 and the indicator of |u| ≤ λ1_j
 * for λ2_j = 0 (with `positive`, u instead of |u|). The dual point is θ = s·r, with
 * s ≤ 1 the largest scale that keeps the pure-L1 coordinates feasible. Unlike the
 * augmented-lasso gap of scikit-learn, this stays informative as l1Ratio → 0.
 *
 * Unpenalized coordinates (λ1_j = λ2_j = 0) and excluded (constant) columns are left
 * out of the scaling: coordinate descent solves them exactly at every update.
 *
 * Cost: O(p) given the gradient c = Xᵀr, ‖r‖² and yᵀr.
 *
 * @example
 * // one feature, at the optimum of ½(1 − β)² + 0.5|β| (β = 0.5, r = 0.5, c = 0.5)
 * dualityGap({ beta: [0.5], grad: [0.5], rss: 0.25, yTr: 0.5, lambda1: [0.5], lambda2: [0], positive: false }).gap; // 0
 */
export interface GapInput {
  readonly beta: ArrayLike<number>;
  /** x_jᵀθ₀ for every coordinate, θ₀ the unscaled dual point (r, or r projected off X_U). */
  readonly grad: ArrayLike<number>;
  /** ‖r‖² at β (primal). */
  readonly rss: number;
  /** yᵀθ₀. */
  readonly yTr: number;
  /** ‖θ₀‖² when θ₀ ≠ r (default: rss). */
  readonly thetaSq?: number;
  readonly lambda1: ArrayLike<number>;
  readonly lambda2: ArrayLike<number>;
  readonly positive: boolean;
  /** Coordinates to leave out (constant columns); optional. */
  readonly excluded?: ArrayLike<number>;
}

export interface GapResult {
  readonly gap: number;
  readonly primal: number;
  readonly dual: number;
}

export function dualityGap(input: GapInput): GapResult {
  const { beta, grad, rss, yTr, lambda1, lambda2, positive, excluded } = input;
  const thetaSq = input.thetaSq ?? rss;
  const p = beta.length;
  let penalty = 0;
  let scale = 1;
  let ridge = false;
  for (let j = 0; j < p; j++) {
    if (excluded !== undefined && excluded[j]) continue;
    const b = beta[j];
    penalty += lambda1[j] * Math.abs(b) + 0.5 * lambda2[j] * b * b;
    if (lambda2[j] === 0) {
      if (lambda1[j] > 0) {
        const u = positive ? grad[j] : Math.abs(grad[j]);
        if (u * scale > lambda1[j]) scale = lambda1[j] / u;
      }
    } else ridge = true;
  }
  let conj = 0;
  // Only coordinates with λ2 > 0 add to the conjugate: without any (the Lasso), no second sweep.
  for (let j = 0; ridge && j < p; j++) {
    if (excluded !== undefined && excluded[j]) continue;
    const l2 = lambda2[j];
    if (l2 > 0) {
      const u = (positive ? grad[j] : Math.abs(grad[j])) * scale - lambda1[j];
      if (u > 0) conj += (u * u) / (2 * l2);
    }
  }
  const primal = 0.5 * rss + penalty;
  const dual = scale * yTr - 0.5 * scale * scale * thetaSq - conj;
  return { gap: primal - dual, primal, dual };
}
