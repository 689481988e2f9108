import { LassoKitError, predict, predictInterval, type ModelJSON } from '@lassokit/core';
import { ApiError } from '../errors.js';
import { applyRecipe, checkRecipe, compileRecipe, readSvmlight, type CompiledRecipe } from '@lassokit/data';
import type { PredictInput } from './jobs.js';

const compiledRecipes = new WeakMap<ModelJSON, CompiledRecipe>();

/** The model's recipe compiled once (models are cached, so this is once per model). */
function compiled(model: ModelJSON): CompiledRecipe {
  let transform = compiledRecipes.get(model);
  if (transform === undefined) {
    const recipe = model.preprocessing.recipe;
    checkRecipe(recipe, model.featureNames);
    transform = compileRecipe(recipe);
    compiledRecipes.set(model, transform);
  }
  return transform;
}

/**
 * Predictions for raw records through the model's recipe: clean rows take the compiled
 * transform; anything it declines gets applyRecipe's located errors or warnings. Used inline
 * for small requests and in the workers for large ones, so both answer alike.
 *
 * Cost: O(rows · features).
 */
export function predictRows(model: ModelJSON, input: PredictInput, interval?: number): Predictions {
  const sparse = model.preprocessing.recipe === null;
  if ('svmlight' in input || sparse) {
    if (!('svmlight' in input)) throw new ApiError(422, 'SPARSE_MODEL', `this model was fitted on svmlight data (no recipe for named columns): send its rows as "svmlight" text with up to ${model.featureNames.length} features`);
    if (!sparse) throw new ApiError(422, 'TABLE_MODEL', 'this model takes named columns through its recipe: send "rows", not "svmlight"');
    const X = readSvmlight(input.svmlight, { source: 'svmlight', nFeatures: model.featureNames.length, zeroBased: model.featureNames[0] === 'x0' }).X;
    return withIntervals(model, X, { predictions: Array.from(predict(model, X)) }, interval);
  }
  const rows = input;
  const fastX = compiled(model)(rows);
  if (fastX !== null) return withIntervals(model, fastX, { predictions: Array.from(predict(model, fastX)) }, interval);
  const recipe = model.preprocessing.recipe;
  checkRecipe(recipe, model.featureNames);
  const { X, warnings } = applyRecipe(recipe, rows);
  const predictions = Array.from(predict(model, X));
  return withIntervals(model, X, warnings.length > 0 ? { predictions, warnings: [...warnings] } : { predictions }, interval);
}

interface Predictions {
  predictions: number[];
  lower?: number[];
  upper?: number[];
  interval?: { level: number; method: 'split' | 'cv+' };
  warnings?: string[];
}

/** Adds the intervals asked for; a model without interval data, or with too few rows for the level, is a 422 that says what to do. */
function withIntervals(model: ModelJSON, X: Parameters<typeof predict>[1], out: Predictions, level: number | undefined): Predictions {
  if (level === undefined) return out;
  if (model.intervals === undefined) {
    throw new ApiError(422, 'NO_INTERVALS', 'this model has no interval data; refit it with "intervals": "cv+" (or "split") in POST /v1/models to predict intervals');
  }
  try {
    const iv = predictInterval(model, X, { level });
    return { predictions: out.predictions, lower: Array.from(iv.lower), upper: Array.from(iv.upper), interval: { level, method: iv.method }, ...(out.warnings ? { warnings: out.warnings } : {}) };
  } catch (e) {
    if (e instanceof LassoKitError && e.details?.minimumRows !== undefined) throw new ApiError(422, 'TOO_FEW_ROWS', e.message, { minimumRows: e.details.minimumRows });
    throw e;
  }
}
