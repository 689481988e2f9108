import type { StoredModel } from '../../store/ModelStore.js';

/** A stored model as the API returns it: the model file plus id, name and coefficients by name. */
export function presentModel(stored: StoredModel) {
  const { model } = stored;
  const { metrics } = model.training;
  // Object.fromEntries defines own properties, so a feature named "__proto__" is an ordinary key.
  const coefficients = Object.fromEntries(model.featureNames.map((f, j) => [f, model.coef[j]]));
  return {
    ...model,
    featureNames: [...model.featureNames],
    coef: [...model.coef],
    id: stored.id,
    name: stored.name,
    createdAt: stored.createdAt,
    builtin: stored.builtin,
    coefficients,
    ...(metrics ? { metrics } : {}),
  };
}
