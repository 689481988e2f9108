import type { StoredModel } from '../../store/ModelStore.js';

/** A stored model as the API returns it: the model file plus id, name and coefficients by name. */
export function presentModel(stored: StoredModel) {
  const { model } = stored;
  const metrics = (model.training.metrics ?? undefined) as Record<string, number> | undefined;
  return {
    ...model,
    featureNames: [...model.featureNames],
    coef: [...model.coef],
    id: stored.id,
    name: stored.name,
    createdAt: stored.createdAt,
    builtin: stored.builtin,
    coefficients: Object.fromEntries(model.featureNames.map((f, j) => [f, model.coef[j]])),
    ...(metrics ? { metrics } : {}),
  };
}

/** The short form used by the list. */
export function summarizeModel(stored: StoredModel) {
  const { model } = stored;
  return {
    id: stored.id,
    name: stored.name,
    createdAt: stored.createdAt,
    builtin: stored.builtin,
    kind: model.kind,
    target: (model.training.target as string | undefined) ?? null,
    alpha: model.alpha,
    nFeatures: model.featureNames.length,
    nonzero: model.coef.filter((b) => b !== 0).length,
  };
}
