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
