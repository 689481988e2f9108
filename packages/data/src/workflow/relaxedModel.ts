import { LassoKitError, type FitResult, type ModelJSON, type RelaxedCVResult } from '@lassokit/core';

/** The relaxed Lasso's own refusals: it chooses α (and γ) by cross-validation, and refits a Lasso's support. */
export function checkRelax(alpha: number | undefined, l1Ratio: number): void {
  if (alpha !== undefined) throw new LassoKitError('INVALID_PARAMETER', 'relax chooses α and γ by cross-validation: leave alpha out', { parameter: 'relax' });
  if (l1Ratio !== 1) throw new LassoKitError('INVALID_PARAMETER', `relax refits the Lasso's support: it needs l1Ratio 1; got ${l1Ratio}`, { parameter: 'relax' });
}

/** `maxRefitFeatures` bounds the relaxed Lasso's refits: without `relax` it would be silently ignored. */
export function checkRefitBound(relax: boolean | undefined, maxRefitFeatures: number | undefined): void {
  if (relax !== true && maxRefitFeatures !== undefined) {
    throw new LassoKitError('INVALID_PARAMETER', 'maxRefitFeatures bounds the relaxed Lasso\'s least-squares refits: it needs relax', { parameter: 'maxRefitFeatures' });
  }
}

/**
 * The fit a relaxed CV chose, as the model file records fits: its coefficients, and the solver's
 * diagnostics of the Lasso solve at the chosen α (the refit is an exact least-squares solve).
 */
export function relaxedFit(relaxed: RelaxedCVResult): FitResult {
  const m = relaxed.model;
  const k = relaxed.alphas.indexOf(m.alpha);
  return { coef: m.coef, intercept: m.intercept, alpha: m.alpha, l1Ratio: 1, dualGap: relaxed.path.dualGap[k], nIter: relaxed.path.nIter[k], converged: relaxed.path.converged[k] };
}

/** A packed model file marked as the relaxed Lasso's (schema 2), with the chosen γ. */
export function asRelaxedModel(model: ModelJSON, relaxed: RelaxedCVResult): ModelJSON {
  const bound = Number.isFinite(relaxed.maxRefitFeatures) ? { maxRefitFeatures: relaxed.maxRefitFeatures } : {};
  return { ...model, schemaVersion: 2, kind: 'relaxedLasso', training: { ...model.training, gamma: relaxed.model.gamma, ...bound } };
}
