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
