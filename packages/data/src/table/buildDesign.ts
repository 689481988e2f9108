import type { Table } from '../csv/Table.js';
import { DataError } from '../errors.js';
import { fitRecipe, type Design } from '../recipe/fitRecipe.js';
import type { Recipe, RecipeStep } from '../recipe/Recipe.js';

/** How to turn a user's table into a design matrix. */
export interface DesignSpec {
  /** Numeric target column. */
  readonly target: string;
  /** Feature columns (default: every column but the target). */
  readonly features?: readonly string[];
  /** Columns to one-hot encode (others must be numeric). */
  readonly categorical?: readonly string[];
  /** Reference level per categorical column; its indicator is dropped (default: keep all levels). */
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
  /** Refuse categorical columns with more levels than this (default 5000). */
  readonly maxLevels?: number;
}

/**
 * Builds a serializable recipe from a spec and fits it on the table, returning
 * `{ X, y, featureNames, recipe, report }`. Columns that are entirely missing are left out with
 * a warning; constant columns are kept with a warning (the solver gives them coefficient 0).
 *
 * Cost: O(n·p).
 *
 * @example
 * buildDesign(parseTable(csv), { target: 'price', categorical: ['city'], missing: 'drop' });
 */
export function buildDesign(table: Table, spec: DesignSpec): Design {
  const { columns, source } = table;
  const has = (c: string) => columns.includes(c);
  if (!has(spec.target)) {
    throw new DataError('UNKNOWN_COLUMN', `unknown target column ${JSON.stringify(spec.target)} (columns: ${columns.join(', ')})`, { source });
  }
  const requested = spec.features ?? columns.filter((c) => c !== spec.target);
  for (const c of [...requested, ...(spec.categorical ?? []), ...(spec.log ?? []), ...Object.keys(spec.clip ?? {})]) {
    if (!has(c)) throw new DataError('UNKNOWN_COLUMN', `unknown feature column ${JSON.stringify(c)} (columns: ${columns.join(', ')})`, { source });
  }
  if (requested.includes(spec.target)) throw new DataError('INVALID_SPEC', `the target ${JSON.stringify(spec.target)} cannot also be a feature`, { source });
  if (requested.length === 0) throw new DataError('INVALID_SPEC', 'no feature columns', { source });
  const categorical = new Set(spec.categorical ?? []);
  const warnings: string[] = [];
  const features = requested.filter((c) => {
    const j = columns.indexOf(c);
    const empty = table.rows.every((r) => r[j] === null);
    if (empty) warnings.push(`column ${JSON.stringify(c)} is entirely missing; left out`);
    return !empty;
  });
  if (features.length === 0) throw new DataError('INVALID_SPEC', 'every feature column is entirely missing', { source });

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
    steps.push({ op: 'oneHot', column: c, reference: spec.reference?.[c] ?? null, maxLevels: spec.maxLevels });
  }
  const recipe: Recipe = {
    kind: 'lassokit-recipe',
    version: 1,
    inputs: features.map((name) => ({ name, type: categorical.has(name) ? 'categorical' : 'numeric' })),
    target: spec.target,
    steps,
    features: features.map((c) => (logged.has(c) ? `log_${c}` : c)),
    fitted: false,
  };
  const design = fitRecipe(recipe, table);
  return { ...design, report: { ...design.report, warnings: [...warnings, ...design.report.warnings] } };
}
