import type { CscMatrix, DenseMatrix } from '@lassokit/core';
import type { Table } from '../csv/Table.js';
import { DataError } from '../errors.js';
import { checkDesignFinite } from '../table/checkDesignFinite.js';
import { frameFromTable } from './frames.js';
import { targetWarning } from './inputs.js';
import type { Recipe, RecipeReport } from './Recipe.js';
import { runRecipe } from './runRecipe.js';
import { toCsc, toDense } from './toDense.js';

/**
 * A design matrix ready for `@lassokit/core`, and how it was made. `M`: dense (the default, what
 * `fitRecipe` builds unless asked), or `DenseMatrix | CscMatrix` for `buildDesign`, which builds
 * mostly-zero designs (wide one-hot columns) sparse.
 */
export interface Design<M extends DenseMatrix | CscMatrix = DenseMatrix> {
  /** Column-major n × p, or CSC. */
  readonly X: M;
  readonly y: Float64Array;
  readonly featureNames: readonly string[];
  /** The fitted recipe: store it with the model. */
  readonly recipe: Recipe;
  readonly report: RecipeReport;
  /** Source line of every kept row. */
  readonly lines: readonly number[];
}

/**
 * Fits a recipe on a table: learns its parameters from these rows and returns the design matrix,
 * the target and the fitted recipe. Every dropped or imputed row is counted in `report`.
 *
 * Cost: O(n·p + n log n per quantile or level set).
 *
 * @example
 * const { X, y, featureNames, recipe } = fitRecipe(autoMpgRecipe, loadAutoMpg({ raw: true }));
 */
export function fitRecipe(recipe: Recipe, table: Table): Design;
export function fitRecipe(recipe: Recipe, table: Table, opts: { readonly sparse?: boolean }): Design<DenseMatrix | CscMatrix>;
export function fitRecipe(recipe: Recipe, table: Table, opts: { readonly sparse?: boolean } = {}): Design<DenseMatrix | CscMatrix> {
  if (recipe.target === null) throw new DataError('INVALID_SPEC', 'the recipe has no target column; set target to fit it');
  const frame = frameFromTable(table);
  const { recipe: fitted, features, report } = runRecipe(recipe, frame, 'fit');
  if (frame.n === 0) throw new DataError('MISSING_VALUE', 'no rows left after dropping rows with missing values', { source: table.source });
  const X = opts.sparse === true ? toCsc(frame, features) : toDense(frame, features);
  const target = frame.columns.get(recipe.target) as (number | null)[];
  const y = new Float64Array(frame.n);
  for (let i = 0; i < frame.n; i++) {
    const v = target[i];
    if (v === null) throw new DataError('MISSING_VALUE', 'target value is missing', { ...frame.locate(i), column: recipe.target });
    y[i] = v;
  }
  checkDesignFinite(X, y, features, recipe.target, table.source);
  const lines = Array.from({ length: frame.n }, (_, i) => frame.locate(i).line ?? i);
  const constant = targetWarning(recipe.target, y);
  return { X, y, featureNames: features, recipe: fitted, report: constant === null ? report : { ...report, warnings: [...report.warnings, constant] }, lines };
}
