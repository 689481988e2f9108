/** The penalty at the current α, with β: what line searches, screening and dual points read. */
export interface PenaltyState {
  /** Coefficients (kernel scale), updated in place by the loop and its steps. */
  readonly beta: Float64Array;
  /** λ1_j = α·l1Ratio·pf_j and λ2_j = α·(1 − l1Ratio)·pf_j. */
  readonly lambda1: Float64Array;
  readonly lambda2: Float64Array;
  readonly positive: boolean;
  readonly excluded: Uint8Array;
}

/**
 * Penalty change of coordinate j moving from β_j to b (Infinity if b breaks `positive`).
 *
 * @example
 * penaltyDelta({ beta: [1], lambda1: [0.5], lambda2: [0], positive: false, excluded: [0] }, 0, 0); // -0.5
 */
export function penaltyDelta(s: PenaltyState, j: number, b: number): number {
  if (s.positive && b < 0) return Infinity;
  const old = s.beta[j];
  return s.lambda1[j] * (Math.abs(b) - Math.abs(old)) + 0.5 * s.lambda2[j] * (b * b - old * old);
}
