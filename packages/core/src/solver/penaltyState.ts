/** The penalty at the current α, with β: what line searches, screening and dual points read. */
export interface PenaltyState {
  /** Coefficients (kernel scale), updated in place by the loop and its steps. */
  readonly beta: Float64Array;
  /** λ1_j = α·l1Ratio·pf_j and λ2_j = α·(1 − l1Ratio)·pf_j. */
  readonly lambda1: Float64Array;
  readonly lambda2: Float64Array;
  readonly positive: boolean;
  readonly excluded: Uint8Array;
  /**
   * Set where every λ1_j is λ1_0 and every λ2_j is λ2_0 and no coordinate is excluded (every
   * penalty factor 1, the default): the scans over all p coordinates (screening, KKT, the gap) then
   * read two scalars instead of four arrays. Absent: false.
   */
  readonly uniform?: boolean;
}
