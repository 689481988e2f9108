import type { DenseMatrix } from '@lassokit/core';
import { DataError } from '../errors.js';
import type { Table } from '../csv/Table.js';
import { frameFromRecords, frameFromTable } from './frames.js';
import type { Recipe } from './Recipe.js';
import { runRecipe } from './runRecipe.js';
import { toDense } from './toDense.js';

export interface Applied {
  /** Column-major, in the recipe's feature order — ready for `predict(model, X)`. */
  readonly X: DenseMatrix;
  readonly featureNames: readonly string[];
  /** Located notes on unknown levels and values outside the training range. */
  readonly warnings: readonly string[];
}

/**
 * Transforms predict-time raw rows exactly as the fitted recipe transformed the training rows.
 * Rows are records ({ cylinders: 4, weight: 2500, … }) or a parsed table. Missing input columns,
 * missing values and non-numbers are errors naming row and column; unknown categorical levels
 * (all indicators 0) and values outside the training range (kept, or clipped when the recipe
 * clips that column) are warnings. Extra columns, such as the target, are ignored.
 *
 * Cost: O(n·p).
 *
 * @example
 * applyRecipe(model.preprocessing.recipe, [{ cylinders: 4, displacement: 120, horsepower: 90,
 *   weight: 2500, acceleration: 16, model_year: 78 }]).X;
 */
export function applyRecipe(recipe: Recipe, rows: readonly Readonly<Record<string, unknown>>[] | Table): Applied {
  checkRecipe(recipe);
  const frame = Array.isArray(rows) ? frameFromRecords(rows) : frameFromTable(rows as Table);
  if (frame.n === 0) throw new DataError('EMPTY_INPUT', 'no rows to transform');
  const { features, report } = runRecipe(recipe, frame, 'apply');
  return { X: toDense(frame, features), featureNames: features, warnings: report.warnings };
}

/** Shape check of a recipe read from a model file. */
export function checkRecipe(recipe: unknown): asserts recipe is Recipe {
  const r = recipe as Partial<Recipe> | null;
  if (typeof r !== 'object' || r === null || r.kind !== 'lassokit-recipe') {
    throw new DataError('INVALID_RECIPE', 'the model has no lassokit recipe (preprocessing.recipe); it needs transformed feature columns instead of raw ones');
  }
  if (r.version !== 1) throw new DataError('INVALID_RECIPE', `recipe version ${String(r.version)} is not supported (this library reads version 1)`);
  if (!Array.isArray(r.inputs) || !Array.isArray(r.steps) || !Array.isArray(r.features)) {
    throw new DataError('INVALID_RECIPE', 'recipe must have inputs, steps and features arrays');
  }
}
