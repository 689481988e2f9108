import type { StabilityResult } from './stabilitySelection.js';

/** A stability result as plain JSON with features by name: what the API, the CLI and the web show. */
export interface StabilityReport {
  readonly featureNames: readonly string[];
  /** The stable features' names. */
  readonly stable: string[];
  /** Selection probability (among the first q to enter) by feature name. */
  readonly selection: Record<string, number>;
  readonly threshold: number;
  readonly q: number;
  readonly errorBound: number;
  readonly meanSelected: number;
  readonly subsamples: number;
  readonly subsampleSize: number;
  readonly alphas: number[];
  /** Selection probability per α (rows) and feature (columns). */
  readonly probabilities: number[][];
}

/**
 * {@link StabilityResult} with names instead of column indices and plain arrays (JSON-ready).
 * `Object.fromEntries` defines own properties, so a feature named `__proto__` is an ordinary key.
 *
 * Cost: O(nAlphas·p).
 */
export function stabilityReport(s: StabilityResult, featureNames: readonly string[]): StabilityReport {
  return {
    featureNames,
    stable: s.stable.map((j) => featureNames[j]),
    selection: Object.fromEntries(featureNames.map((f, j) => [f, s.selection[j]])),
    threshold: s.threshold,
    q: s.q,
    errorBound: s.errorBound,
    meanSelected: s.meanSelected,
    subsamples: s.nSubsamples,
    subsampleSize: s.subsampleSize,
    alphas: Array.from(s.alphas),
    probabilities: s.probabilities.map((row) => Array.from(row)),
  };
}
