import type { DenseMatrix } from '@lassokit/core';
import { DataError } from '../errors.js';
import type { Table } from '../csv/Table.js';
import { frameFromRecords, frameFromTable } from './frames.js';
import type { Tally } from './tally.js';
import type { Recipe, RecipeReport } from './Recipe.js';
import { runRecipe } from './runRecipe.js';
import { STEPS } from './steps/registry.js';
import { firstProblem, isName, isRange, isStrings } from './steps/StepDefinition.js';
import { toDense } from './toDense.js';

export interface Applied {
  /** Column-major, in the recipe's feature order — ready for `predict(model, X)`. */
  readonly X: DenseMatrix;
  readonly featureNames: readonly string[];
  /** Located notes on unknown levels, values clipped and values outside the training range (per kind and column, its first few and a count of the rest). */
  readonly warnings: readonly string[];
  /** The per-row warnings by kind and column — outside a range, clipped, unknown levels — whose lines lead `warnings` (see `mergeApplied` to join pieces). */
  readonly tallies: readonly Tally[];
  /** The warnings that are not tallied, uncapped (see `mergeApplied`). */
  readonly others: readonly string[];
  /** The input rows X holds, by 0-based index: all of them unless `skipMissing` dropped some. */
  readonly rows: readonly number[];
  /** Rows `skipMissing` dropped, counted by the first column found missing (as in training). */
  readonly dropped: RecipeReport['dropped'];
}

export interface ApplyOptions {
  /**
   * Drop the rows a model fitted with the 'drop' missing-value policy dropped in training (a
   * missing value in one of its columns, the target included where the rows have it) instead of
   * refusing them; `rows` says which rows are left.
   */
  readonly skipMissing?: boolean;
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
export function applyRecipe(recipe: Recipe, rows: readonly Readonly<Record<string, unknown>>[] | Table, opts: ApplyOptions = {}): Applied {
  checkRecipe(recipe);
  const frame = Array.isArray(rows) ? frameFromRecords(rows) : frameFromTable(rows as Table);
  if (frame.n === 0) throw new DataError('EMPTY_INPUT', 'no rows to transform');
  const { features, report, tallies, others } = runRecipe(recipe, frame, 'apply', opts);
  // (Its details carry the drops, so a caller that answers row by row can say why each went.)
  if (frame.n === 0) throw new DataError('MISSING_VALUE', 'no rows left after dropping rows with missing values', Array.isArray(rows) ? {} : { source: (rows as Table).source }, { dropped: report.dropped });
  return { X: toDense(frame, features), featureNames: features, warnings: report.warnings, tallies, others, rows: Array.from({ length: frame.n }, (_, i) => frame.rowIndex(i)), dropped: report.dropped };
}

/**
 * The drops behind applyRecipe's "no rows left" error — every row skipped under `skipMissing` —
 * or undefined for any other error: a caller that answers row by row (predict) then answers each
 * row empty, saying why.
 */
export function allRowsDropped(e: unknown): Applied['dropped'] | undefined {
  return e instanceof DataError ? (e.details as { dropped?: Applied['dropped'] } | undefined)?.dropped : undefined;
}

/**
 * Checks a recipe read from a model file (any JSON) before it runs: its kind and version, every
 * input, every step (a known op, its fields, columns that exist by then) and its features — and,
 * given the model's `featureNames`, that a fitted recipe makes exactly those columns in that
 * order. A damaged or hand-edited recipe is refused naming what is wrong (INVALID_RECIPE), never
 * run into a crash or into coefficients applied to the wrong columns.
 */
export function checkRecipe(recipe: unknown, featureNames?: readonly string[]): asserts recipe is Recipe {
  const r = recipe as Partial<Recipe> | null;
  if (typeof r !== 'object' || r === null || r.kind !== 'lassokit-recipe') {
    throw new DataError('INVALID_RECIPE', 'the model has no lassokit recipe (preprocessing.recipe); it needs transformed feature columns instead of raw ones');
  }
  if (r.version !== 1) throw new DataError('INVALID_RECIPE', `recipe version ${String(r.version)} is not supported (this library reads version 1)`);
  if (!Array.isArray(r.inputs) || !Array.isArray(r.steps) || !Array.isArray(r.features)) {
    throw new DataError('INVALID_RECIPE', 'recipe must have inputs, steps and features arrays');
  }
  const invalid = (problem: string) => new DataError('INVALID_RECIPE', `recipe ${problem}`);
  if (r.decimal !== undefined && (r.decimal as unknown) !== ',') throw invalid(`decimal must be "," when given (a decimal comma); got ${JSON.stringify(r.decimal)}`);
  r.inputs.forEach((input: unknown, i) => {
    const f = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
    const problem = firstProblem([
      [isName(f.name), 'name must be a column name'],
      [f.type === 'numeric' || f.type === 'categorical', "type must be 'numeric' or 'categorical'"],
      [f.range === undefined || isRange(f.range), 'range must be [lo, hi], two finite numbers in order'],
      [f.missing === undefined || isStrings(f.missing), 'missing must be a list of strings'],
    ]);
    if (problem !== undefined) throw invalid(`input ${i + 1}${isName(f.name) ? ` (${f.name})` : ''}: ${problem}`);
  });
  // Each step reads columns that an input (or the target) or an earlier step's output makes.
  const made = new Set<string>([...r.inputs.map((input) => input.name), ...(typeof r.target === 'string' ? [r.target] : [])]);
  r.steps.forEach((step: unknown, i) => {
    const fields = (typeof step === 'object' && step !== null ? step : {}) as Record<string, unknown>;
    const op = fields.op;
    if (typeof op !== 'string' || !Object.hasOwn(STEPS, op)) throw invalid(`step ${i + 1}: unknown op ${JSON.stringify(op) ?? 'undefined'} (the ops are ${Object.keys(STEPS).join(', ')})`);
    const problem = STEPS[op as keyof typeof STEPS].check(fields, r.fitted === true);
    if (problem !== undefined) throw invalid(`step ${i + 1} (${op}): ${problem}`);
    const reads = Array.isArray(fields.columns) ? (fields.columns as string[]) : [fields.column as string];
    const unknown = reads.find((c) => !made.has(c));
    if (unknown !== undefined) throw invalid(`step ${i + 1} (${op}): reads ${JSON.stringify(unknown)}, which no input or earlier step makes`);
    if (typeof fields.output === 'string') made.add(fields.output);
  });
  const feature = r.features.findIndex((f: unknown) => !isName(f));
  if (feature >= 0) throw invalid(`feature ${feature + 1}: must be a column name`);
  // A fitted recipe's features are the model's columns, in order: anything else would feed
  // coefficients the wrong values.
  if (featureNames !== undefined && r.fitted === true && (r.features.length !== featureNames.length || r.features.some((f, j) => f !== featureNames[j]))) {
    let j = 0;
    while (r.features[j] === featureNames[j]) j++;
    throw invalid(`features are not the model's: ${r.features.length} against ${featureNames.length} featureNames, first difference at ${j + 1} (${JSON.stringify(r.features[j] ?? null)} against ${JSON.stringify(featureNames[j] ?? null)})`);
  }
}
