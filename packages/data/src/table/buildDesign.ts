import type { CscMatrix, DenseMatrix } from '@lassokit/core';
import type { Table } from '../csv/Table.js';
import { DataError, quote } from '../errors.js';
import { fitRecipe, type Design } from '../recipe/fitRecipe.js';
import { leftOutWarning, nearUniqueWarning } from '../recipe/inputs.js';
import type { Recipe, RecipeStep } from '../recipe/Recipe.js';
import { DEFAULT_MAX_LEVELS } from '../recipe/steps/oneHot.js';
import type { DecimalMark } from '../recipe/parseNumber.js';
import { checkDesignSpec, featureColumns } from './checkDesignSpec.js';
import { unnamedColumns, unnamedOf } from './unnamedColumns.js';
import { estimateDesign, type DesignLimits } from './estimateDesign.js';

/** How to turn a user's table into a design matrix. */
export interface DesignSpec extends DesignLimits {
  /** Numeric target column. */
  readonly target: string;
  /** Feature columns (default: every column but the target, the weights and `exclude`). */
  readonly features?: readonly string[];
  /**
   * Columns left out of the default features, e.g. `['car_name']` for "every column but the car's
   * name"; refused together with `features`, and where a name is not a column.
   */
  readonly exclude?: readonly string[];
  /**
   * A column of sample weights, checked here (known, not the target, not a feature) and left out
   * of the default features; read with `designWeights` for the rows the design keeps.
   */
  readonly weights?: string;
  /** Columns to one-hot encode (others must be numeric). */
  readonly categorical?: readonly string[];
  /**
   * Reference level per categorical column; its indicator is dropped (default: keep all levels —
   * but a column of exactly two levels gets one indicator, the second level's: see `fittedReference`).
   */
  readonly reference?: Readonly<Record<string, string>>;
  /**
   * Missing values: 'error' (default — stop at the first one, located), 'drop' the row, or
   * impute the training 'mean' / 'median'. Rows with a missing target are dropped under every
   * policy but 'error'. Counts are in `report`.
   */
  readonly missing?: 'error' | 'drop' | 'mean' | 'median';
  /** Numeric columns to replace by their natural log (feature renamed `log_<name>`). */
  readonly log?: readonly string[];
  /** Numeric columns to clip to training quantiles, e.g. { horsepower: [0.01, 0.99] }. */
  readonly clip?: Readonly<Record<string, readonly [number, number]>>;
  /**
   * Per column, cell values that mean "missing" beyond the parser's defaults, e.g.
   * `{ horsepower: ['?'] }`: read as missing there only (a `?` elsewhere stays a value), then
   * handled by the missing-value policy, and recorded in the recipe's inputs so predict-time rows
   * are read alike.
   */
  readonly missingTokens?: Readonly<Record<string, readonly string[]>>;
  /**
   * Cell values that mean "missing" in every used column — the target and the features (by
   * default every column but the target and the weights) — as a CLI's `--na ?` reads them; added
   * to `missingTokens` and recorded alike.
   */
  readonly na?: readonly string[];
  /**
   * The decimal mark of the numbers (numeric features, the target): ',' reads `18,5` as 18.5 and
   * refuses a cell with a point (`3.504` may be 3504); recorded in the recipe, so predict reads
   * its rows alike. Default '.'. Categorical levels are kept as written.
   */
  readonly decimal?: DecimalMark;
}

/**
 * Builds a serializable recipe from a spec and fits it on the table, returning
 * `{ X, y, featureNames, recipe, report }`. Columns that are entirely missing are left out with
 * a warning; constant columns are kept with a warning (the solver gives them coefficient 0).
 *
 * Before anything is built, the size of the design after one-hot encoding is estimated (distinct
 * levels per categorical column) and checked against `maxLevels`, `maxFeatures` and `maxCells`,
 * so a small table that would expand into a huge matrix is refused with the columns named.
 *
 * Cost: O(n·p) for the checks and estimate (column lookups are hashed, so linear in the number of
 * columns too), then O(n·p') to build the p'-column design.
 *
 * @example
 * buildDesign(parseTable(csv), { target: 'price', categorical: ['city'], missing: 'drop' });
 */
export function buildDesign(given: Table, spec: DesignSpec): Design<DenseMatrix | CscMatrix> {
  const tokens = tokensOf(spec, given.columns);
  const table = withMissingTokens(given, tokens);
  const { source } = table;
  // Without a feature list, a column the header left unnamed is left out if empty, else refused.
  const unnamed = spec.features === undefined ? unnamedOf(table, [spec.target, spec.weights, ...(spec.exclude ?? [])]) : [];
  const warnings = unnamedColumns(unnamed, source);
  const leftOut = new Set(unnamed.map((c) => c.name));
  // (unnamedOf skipped the excluded ones: no name twice, and a name the user gave twice still refused.)
  const named = leftOut.size === 0 ? spec : { ...spec, exclude: [...(spec.exclude ?? []), ...leftOut] };
  const { index, features: requested } = checkDesignSpec(table.columns, named, source);
  const categorical = new Set(spec.categorical ?? []);
  const features = requested.filter((c) => {
    const j = index.get(c) as number;
    const empty = table.rows.every((r) => r[j] === null);
    if (empty) warnings.push(leftOutWarning(c));
    return !empty;
  });
  if (features.length === 0) throw new DataError('INVALID_SPEC', 'every feature column is entirely missing', { source });
  const { sparse } = estimateDesign(table, index, features, categorical, spec);

  const recipe = recipeFromSpec({ ...spec, missingTokens: tokens }, features);
  const design = fitRecipe(recipe, table, { sparse });
  // Levels as the recipe learned them, over the rows it kept (as the engines count them).
  for (const step of design.recipe.steps) {
    const warning = step.op === 'oneHot' ? nearUniqueWarning(step.column, step.levels?.length ?? 0, design.report.rowsOut) : null;
    if (warning !== null) warnings.push(warning);
  }
  return { ...design, report: { ...design.report, warnings: [...warnings, ...design.report.warnings] } };
}

/** The table with each column's missing tokens (`DesignSpec.missingTokens`) read as missing; the same table when there are none. */
function withMissingTokens(table: Table, tokens: DesignSpec['missingTokens']): Table {
  for (const c of Object.keys(tokens ?? {})) if (!table.columns.includes(c)) throw new DataError('UNKNOWN_COLUMN', `missing tokens are given for ${quote(c)}, which is not a column`, { source: table.source });
  const marked = table.columns.flatMap((c, j) => {
    const own = columnTokens(tokens, c);
    return own === undefined ? [] : [{ j, tokens: new Set(own) }];
  });
  if (marked.length === 0) return table;
  // Only rows holding a token are copied (a copy of every row doubled the table's memory).
  const rows = table.rows.map((row) => {
    let out = row;
    for (const { j, tokens: set } of marked) {
      const v = row[j];
      if (v === null || !set.has(v)) continue;
      if (out === row) out = row.slice();
      (out as (string | null)[])[j] = null;
    }
    return out;
  });
  return { ...table, rows };
}

/**
 * A spec's missing tokens per column: its `missingTokens`, plus its `na` for each used column —
 * the target and the features (by default every column but the target, the weights and the
 * excluded ones) — of
 * those in `columns`. Shared by `buildDesign` and the engines (`@lassokit/sql`).
 *
 * @example
 * tokensOf({ target: 'mpg', na: ['?'] }, ['mpg', 'hp']); // { mpg: ['?'], hp: ['?'] }
 */
export function tokensOf(spec: Pick<DesignSpec, 'target' | 'features' | 'exclude' | 'weights' | 'missingTokens' | 'na'>, columns: readonly string[]): DesignSpec['missingTokens'] {
  const { na } = spec;
  if (na === undefined || na.length === 0) return spec.missingTokens;
  const known = new Set(columns);
  const used = [spec.target, ...featureColumns(columns, spec)].filter((c) => known.has(c));
  const tokens: Record<string, readonly string[]> = { ...spec.missingTokens };
  for (const c of used) tokens[c] = [...new Set([...(columnTokens(spec.missingTokens, c) ?? []), ...na])];
  return tokens;
}

/** A column's missing tokens, or undefined when it has none. */
function columnTokens(tokens: DesignSpec['missingTokens'], column: string): readonly string[] | undefined {
  return tokens !== undefined && Object.hasOwn(tokens, column) && tokens[column].length > 0 ? tokens[column] : undefined;
}

/**
 * The unfitted recipe a design spec describes, for the given feature columns: row drops or
 * imputation by the missing-value policy, clips, logs, one-hot steps (with `maxLevels`). Shared by
 * `buildDesign` and the engines that fit a recipe where the data are (`@lassokit/sql`).
 *
 * Cost: O(features).
 */
export function recipeFromSpec(spec: DesignSpec, features: readonly string[]): Recipe {
  if (spec.decimal !== undefined && spec.decimal !== '.' && spec.decimal !== ',') throw new DataError('INVALID_SPEC', `decimal must be "." or ","; got ${JSON.stringify(spec.decimal)}`);
  const categorical = new Set(spec.categorical ?? []);
  const policy = spec.missing ?? 'error';
  const steps: RecipeStep[] = [];
  if (policy === 'drop') steps.push({ op: 'dropMissing', columns: [spec.target, ...features] });
  else if (policy !== 'error') {
    steps.push({ op: 'dropMissing', columns: [spec.target] });
    for (const c of features) if (!categorical.has(c)) steps.push({ op: 'impute', column: c, strategy: policy });
  }
  for (const [c, q] of Object.entries(spec.clip ?? {})) steps.push({ op: 'clip', column: c, quantiles: [q[0], q[1]] });
  const logged = new Set(spec.log ?? []);
  for (const c of logged) steps.push({ op: 'log', column: c, output: `log_${c}` });
  for (const c of categorical) {
    const reference = spec.reference !== undefined && Object.hasOwn(spec.reference, c) ? spec.reference[c] : null;
    steps.push({ op: 'oneHot', column: c, reference, maxLevels: spec.maxLevels ?? DEFAULT_MAX_LEVELS, binaryAsOne: true });
  }
  return {
    kind: 'lassokit-recipe',
    version: 1,
    inputs: features.map((name) => {
      const missing = columnTokens(spec.missingTokens, name);
      return { name, type: categorical.has(name) ? 'categorical' : 'numeric', ...(missing !== undefined ? { missing: [...missing] } : {}) };
    }),
    target: spec.target,
    steps,
    features: features.map((c) => (logged.has(c) ? `log_${c}` : c)),
    fitted: false,
    ...(spec.decimal === ',' ? { decimal: ',' as const } : {}),
  };
}
