import type { KernelProblem } from '../solver/KernelProblem.js';

/**
 * The smallest α at which every penalized coefficient is 0, from the gradient
 * c = Xᵀr at the solution of the unpenalized part (r = y when all coordinates are penalized):
 *
 *     alphaMax = max_j |c_j| / (l1Ratio · pf_j)      over penalized, non-excluded j
 *
 * (c_j⁺ instead of |c_j| with `positive`). Honors weights and standardization because c is
 * computed on the prepared problem. Returns 0 when y is already fitted exactly (e.g. constant y).
 *
 * Cost: O(p).
 *
 * @example
 * alphaMaxFromGradient(problem, cd.gradient(), 1);
 */
export function alphaMaxFromGradient(problem: Pick<KernelProblem, 'p' | 'penaltyFactor' | 'excluded' | 'positive'>, grad: ArrayLike<number>, l1Ratio: number): number {
  const { p, penaltyFactor, excluded, positive } = problem;
  let max = 0;
  for (let j = 0; j < p; j++) {
    if (excluded[j] || penaltyFactor[j] === 0) continue;
    const u = positive ? grad[j] : Math.abs(grad[j]);
    const a = u / (l1Ratio * penaltyFactor[j]);
    if (a > max) max = a;
  }
  return max;
}
