import type { CdProblem } from './CdProblem.js';
import type { PenaltyState } from './penaltyState.js';

/**
 * The exact minimizer of the Elastic Net objective along one coordinate: soft-thresholding of
 * z = x_jᵀr + ‖x_j‖²·β_j by λ1, divided by d2 = ‖x_j‖² + λ2 (0 below the threshold; never negative
 * with `positive`). The one update rule every pass uses — the loop's own and a problem's
 * `passOver` — so they move β alike, bit for bit.
 *
 * @example
 * coordinateMinimizer(3, 1, 2, false); // 1
 */
export function coordinateMinimizer(z: number, l1: number, d2: number, positive: boolean): number {
  if (z > l1) return (z - l1) / d2;
  if (!positive && z < -l1) return (z + l1) / d2;
  return 0;
}

/**
 * One cyclic pass over `set` by that rule, through the problem's `coordinateGradient` and
 * `update`: the solver loop's pass where the problem has no `passOver`, and the Gram problem's
 * TypeScript twin of its α kernel. Flags coordinates that become nonzero in `everActive`; returns
 * max_j (‖x_j‖² + λ2_j)·Δβ_j². The caller tells the problem it `moved`. Cost: |set| visits plus
 * each move's update.
 */
export function cyclicPass(problem: CdProblem, set: readonly number[], state: PenaltyState, everActive: Uint8Array): number {
  const { colSq, positive } = problem;
  const { beta, lambda1, lambda2 } = state;
  let maxChange = 0;
  for (let k = 0; k < set.length; k++) {
    const j = set[k];
    const d2 = colSq[j] + lambda2[j];
    if (d2 === 0) continue;
    const old = beta[j];
    const b = coordinateMinimizer(problem.coordinateGradient(j) + colSq[j] * old, lambda1[j], d2, positive);
    const delta = b - old;
    if (delta === 0) continue;
    beta[j] = b;
    if (b !== 0) everActive[j] = 1;
    problem.update(j, delta);
    const change = d2 * delta * delta;
    if (change > maxChange) maxChange = change;
  }
  return maxChange;
}
