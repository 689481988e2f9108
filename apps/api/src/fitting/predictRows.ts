import { LassoKitError, predict, predictInterval, type ModelJSON } from '@lassokit/core';
import { ApiError } from '../errors.js';
import { DataError, allRowsDropped, applyRecipe, checkRecipe, compileRecipe, pointUnderDecimalComma, readSvmlightForModel, type Applied, type CompiledRecipe } from '@lassokit/data';
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
 * transform; anything it declines gets applyRecipe's located errors or warnings. With
 * `skipMissing`, rows a 'drop' model cannot use get null (listed in `skipped`) instead of a 422.
 * Used inline for small requests and in the workers for large ones, so both answer alike.
 *
 * Cost: O(rows · features).
 */
export function predictRows(model: ModelJSON, input: PredictInput, opts: { interval?: number; skipMissing?: boolean } = {}): Predictions {
  const { interval, skipMissing = false } = opts;
  const sparse = model.preprocessing.recipe === null;
  if ('svmlight' in input || sparse) {
    if (!('svmlight' in input)) throw new ApiError(422, 'SPARSE_MODEL', `this model was fitted on svmlight data (no recipe for named columns): send its rows as "svmlight" text with up to ${model.featureNames.length} features`);
    if (!sparse) throw new ApiError(422, 'TABLE_MODEL', 'this model takes named columns through its recipe: send "rows", not "svmlight"');
    const X = readSvmlightForModel(input.svmlight, 'svmlight', model.featureNames).X;
    return withIntervals(model, X, { predictions: Array.from(predict(model, X)) }, interval);
  }
  const rows = input;
  const fastX = compiled(model)(rows);
  if (fastX !== null) return withIntervals(model, fastX, { predictions: Array.from(predict(model, fastX)) }, interval);
  const recipe = model.preprocessing.recipe;
  checkRecipe(recipe, model.featureNames);
  let applied;
  try {
    applied = applyRecipe(recipe, rows, { skipMissing });
  } catch (e) {
    // Every row skipped: all null, not an error (a batch answers row by row).
    const allDropped = allRowsDropped(e);
    if (skipMissing && allDropped !== undefined) {
      if (interval !== undefined) requireIntervals(model);
      return spread({ predictions: [], ...(interval === undefined ? {} : { lower: [], upper: [] }) }, [], rows.length, allDropped);
    }
    if (!skipMissing && e instanceof DataError && e.code === 'MISSING_VALUE' && recipe.steps.some((step) => step.op === 'dropMissing')) e.message += '; or send "skipMissing": true to predict the other rows';
    // A string with a point, where the model was trained on decimal commas: say how to send it.
    const pointed = pointUnderDecimalComma(e, recipe);
    if (pointed !== undefined) (e as Error).message += `; the model reads text values with a decimal comma, as it was trained: send ${JSON.stringify(pointed.replace('.', ','))} or the JSON number ${pointed}`;
    throw e;
  }
  const { X, warnings, rows: kept, dropped } = applied;
  const out = withIntervals(model, X, { predictions: Array.from(predict(model, X)) }, interval);
  if (warnings.length > 0) out.warnings = [...warnings];
  return kept.length === rows.length ? out : spread(out, kept, rows.length, dropped);
}

/** The kept rows' predictions placed at their indices among all `total` rows, null at the skipped ones. */
function spread(out: Predictions, kept: readonly number[], total: number, reasons: Applied['dropped']): Predictions {
  const place = (values: readonly (number | null)[]) => {
    const all: (number | null)[] = new Array(total).fill(null);
    kept.forEach((row, i) => (all[row] = values[i]));
    return all;
  };
  const isKept = new Uint8Array(total);
  for (const row of kept) isKept[row] = 1;
  const rows = Array.from({ length: total }, (_, i) => i).filter((i) => !isKept[i]);
  return {
    ...out,
    predictions: place(out.predictions),
    ...(out.lower && out.upper ? { lower: place(out.lower), upper: place(out.upper) } : {}),
    skipped: { rows, reasons },
  };
}

interface Predictions {
  predictions: (number | null)[];
  lower?: (number | null)[];
  upper?: (number | null)[];
  interval?: { level: number; method: 'split' | 'cv+' };
  warnings?: string[];
  skipped?: { rows: number[]; reasons: Applied['dropped'] };
}

/** Adds the intervals asked for; a model without interval data, or with too few rows for the level, is a 422 that says what to do. */
function withIntervals(model: ModelJSON, X: Parameters<typeof predict>[1], out: Predictions, level: number | undefined): Predictions {
  if (level === undefined) return out;
  requireIntervals(model);
  try {
    const iv = predictInterval(model, X, { level });
    return { predictions: out.predictions, lower: Array.from(iv.lower), upper: Array.from(iv.upper), interval: { level, method: iv.method }, ...(out.warnings ? { warnings: out.warnings } : {}) };
  } catch (e) {
    if (e instanceof LassoKitError && e.details?.minimumRows !== undefined) throw new ApiError(422, 'TOO_FEW_ROWS', e.message, { minimumRows: e.details.minimumRows });
    throw e;
  }
}

/** A 422 that says what to do when intervals are asked of a model without interval data. */
function requireIntervals(model: ModelJSON): void {
  if (model.intervals === undefined) {
    throw new ApiError(422, 'NO_INTERVALS', 'this model has no interval data; refit it with "intervals": "cv+" (or "split") in POST /v1/models to predict intervals');
  }
}
