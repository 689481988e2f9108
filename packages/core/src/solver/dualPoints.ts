import { axpy } from '../math/axpy.js';
import { choleskySolve } from '../math/choleskySolve.js';
import type { CdProblem, DualPoint } from './CdProblem.js';
import { dualityGap } from './dualityGap.js';
import type { PenaltyState } from './penaltyState.js';

/**
 * The duality gap at dual point θ₀ (given by Xᵀθ₀, ‖θ₀‖², yᵀθ₀), rescaled into feasibility by
 * {@link dualityGap}. Any feasible point bounds the suboptimality; sharper points bound it tighter.
 *
 * Cost: O(p).
 */
export function gapAt(point: DualPoint, rss: number, state: PenaltyState) {
  return dualityGap({
    beta: state.beta,
    grad: point.grad,
    rss,
    yTr: point.yTheta,
    thetaSq: point.thetaSq,
    lambda1: state.lambda1,
    lambda2: state.lambda2,
    positive: state.positive,
    excluded: state.excluded,
  });
}

/**
 * The residual as a dual point, made feasible for unpenalized coordinates U (λ1 = λ2 = 0), whose
 * dual constraint is X_Uᵀθ = 0: θ₀ = r − X_U·δ with (X_UᵀX_U)·δ = X_Uᵀr. With `positive`, a
 * coordinate held at its bound 0 only needs x_jᵀθ ≤ 0, so it is projected only when the
 * projection pushed it positive. That keeps the gap a true bound on suboptimality.
 * `grad` is the exact gradient Xᵀr; `scratch` a p-vector the result may live in.
 *
 * Cost: O(p) without unpenalized coordinates; else O(p·|U| + |U|³) per round (Gram columns of U
 * from the problem).
 *
 * @example
 * const point = residualDualPoint(problem, state, problem.gradient(beta), rss, yTr, scratch);
 */
export function residualDualPoint(problem: CdProblem, state: PenaltyState, grad: Float64Array, rss: number, yTr: number, scratch: Float64Array): DualPoint {
  const unpenalized = unpenalizedSet(problem, state);
  while (unpenalized.length > 0) {
    const projected = projectOffUnpenalized(problem, unpenalized, grad, rss, yTr, scratch);
    const before = unpenalized.length;
    addInfeasibleBounded(problem, state, unpenalized, projected.grad);
    if (unpenalized.length === before) return projected;
  }
  return { grad, thetaSq: rss, yTheta: yTr };
}

/** Unpenalized coordinates whose dual constraint is an equality (not those held at a `positive` bound). */
function unpenalizedSet(problem: CdProblem, { beta, lambda1, lambda2, positive }: PenaltyState): number[] {
  const out: number[] = [];
  for (let j = 0; j < problem.p; j++) {
    if (lambda1[j] !== 0 || lambda2[j] !== 0 || problem.excluded[j]) continue;
    if (positive && beta[j] === 0) continue;
    out.push(j);
  }
  return out;
}

function addInfeasibleBounded(problem: CdProblem, { beta, lambda1, lambda2, positive }: PenaltyState, U: number[], projectedGrad: Float64Array): void {
  if (!positive) return;
  for (let j = 0; j < problem.p; j++) {
    if (problem.excluded[j] || lambda1[j] !== 0 || lambda2[j] !== 0 || beta[j] !== 0) continue;
    if (projectedGrad[j] > 0 && !U.includes(j)) U.push(j);
  }
}

function projectOffUnpenalized(problem: CdProblem, U: readonly number[], c: Float64Array, rss: number, yTr: number, grad: Float64Array): DualPoint {
  const { p, xty } = problem;
  const u = U.length;
  const cross = new Float64Array(p * u);
  for (let a = 0; a < u; a++) problem.crossColumn(U[a], cross, a * p);
  const M = new Float64Array(u * u);
  const rhs = new Float64Array(u);
  let trace = 0;
  for (let a = 0; a < u; a++) {
    for (let b = 0; b < u; b++) M[a * u + b] = cross[a * p + U[b]];
    rhs[a] = c[U[a]];
    trace += M[a * u + a];
  }
  const delta = choleskySolve(M, rhs, u, 0, 1e-14) ?? choleskySolve(M, rhs, u, 1e-13 * trace, 1e-14) ?? new Float64Array(u);
  grad.set(c);
  let dc = 0;
  let dGd = 0;
  let dXty = 0;
  for (let a = 0; a < u; a++) {
    const d = delta[a];
    if (d === 0) continue;
    axpy(-d, cross, a * p, grad, 0, p);
    dc += d * c[U[a]];
    dXty += d * xty[U[a]];
    for (let b = 0; b < u; b++) dGd += d * M[a * u + b] * delta[b];
  }
  return { grad, thetaSq: Math.max(rss - 2 * dc + dGd, 0), yTheta: yTr - dXty };
}
