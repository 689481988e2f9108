import { LassoKitError, addShiftedSums, statsFromSums, type FoldedStats, type ShiftedSums, type SufficientStats } from '@lassokit/core';
import { DataError, DEFAULT_MAX_LEVELS, checkDesignSpec, dropReason, rangeWarning, recipeFromSpec, recipeToSql, sortLevels, type Recipe, type RecipeReport, type RecipeStep } from '@lassokit/data';
import type { Dialect } from './dialects.js';
import type { Runner } from './runners.js';
import { toNumber } from './runners.js';
import { statsQuery } from './statsQuery.js';

/** Rows whose means shift every column before products are summed. */
const PILOT_ROWS = 1024;

/** How rows are assigned to cross-validation folds in the engine. */
export type FoldSpec =
  /** A column the user names; its distinct values (at least 2) are the folds, in sorted order. */
  | { readonly column: string }
  /** K folds from a hash of the used columns (deterministic; differs between engines). */
  | { readonly hash: number };

/** What to model from a source: the design spec `buildDesign` takes, for the features engines support. */
export interface SourceSpec {
  readonly target: string;
  readonly features?: readonly string[];
  readonly categorical?: readonly string[];
  /** Missing values: an error (default; counted and named) or drop the rows (counted). */
  readonly missing?: 'error' | 'drop';
  readonly maxLevels?: number;
  readonly fold?: FoldSpec;
}

/** Statistics of a source, the fitted recipe that produced its design, and the query that ran. */
export interface SourceStats {
  readonly stats: SufficientStats | FoldedStats;
  readonly recipe: Recipe;
  readonly featureNames: readonly string[];
  readonly report: RecipeReport;
  /** The statistics query, as run. */
  readonly sql: string;
  /** The pilot means the query shifts by. */
  readonly shiftX: readonly number[];
  readonly shiftY: number;
  /** Categorical columns that hold numbers (their levels compare as numbers in SQL). */
  readonly numericCategorical: ReadonlySet<string>;
  /** How rows were assigned to folds (undefined: no folds). */
  readonly fold: FoldSpec | undefined;
}

/**
 * The statistics query of a fitted recipe over a source in any dialect, with a given pilot shift:
 * what `statsFromSource` runs, and what `lassokit sql` prints for other engines.
 *
 * Cost: O(p²) text.
 */
export function sourceStatsQuery(
  recipe: Recipe,
  categorical: ReadonlySet<string>,
  numericLevels: ReadonlySet<string>,
  d: Dialect,
  from: string,
  fold: FoldSpec | undefined,
  shiftX: readonly number[],
  shiftY: number,
): string {
  const design = designSql(recipe, d, categorical, numericLevels);
  const used = [recipe.target as string, ...recipe.inputs.map((i) => i.name)];
  const foldExpr = fold === undefined ? undefined : 'column' in fold ? d.ident(fold.column) : d.hashFold(used.map((c) => d.ident(c)), fold.hash);
  return statsQuery({ from, features: design.features, target: design.target as string, where: design.where, fold: foldExpr, shiftX, shiftY }, d);
}

/** The recipe's features as SQL in a dialect. */
function designSql(recipe: Recipe, d: Dialect, categorical: ReadonlySet<string>, numericLevels: ReadonlySet<string>) {
  return recipeToSql(recipe, d, (c) => rawColumn(d, categorical, c), numericLevels, (x) => d.isNotNull(x));
}

/** A raw input column as SQL: categorical as it is, numeric cast to DOUBLE (before any product). */
function rawColumn(d: Dialect, categorical: ReadonlySet<string>, c: string): string {
  return categorical.has(c) ? d.ident(c) : d.double(d.ident(c));
}

/** How rows were assigned to folds, in words (for notes and the model file). */
export function describeFolds(fold: FoldSpec | undefined): string {
  if (fold === undefined) return 'no folds';
  return 'column' in fold ? `folds from column ${JSON.stringify(fold.column)}` : `${fold.hash} folds by a hash of the used columns`;
}

/**
 * Sufficient statistics of a recipe's design over a source the engine reads (a table, files, a
 * query), without bringing rows to JS: the recipe is fitted with a few cheap queries — column
 * types, missing counts and ranges, the levels of categorical columns (`DISTINCT`, bounded by
 * `maxLevels`) — then a pilot of 1,024 rows gives the shift, and one aggregate query per fold the
 * shifted sums (see `statsQuery`). The fitted recipe is the one `buildDesign` would fit on the same
 * rows, so a model from these statistics predicts through `applyRecipe` like any other.
 *
 * Cost: one profiling scan, one DISTINCT scan per categorical column, the pilot (1,024 rows), and
 * one scan for the statistics.
 *
 * @example
 * const { stats, recipe } = await statsFromSource(await duckdbRunner(), fileSource('cars.parquet'), { target: 'mpg', fold: { hash: 10 } });
 */
export async function statsFromSource(runner: Runner, from: string, spec: SourceSpec): Promise<SourceStats> {
  const d = runner.dialect;
  const columns = await runner.describe(from);
  const types = new Map(columns.map((c) => [c.name, c]));
  const { features } = checkDesignSpec(
    columns.map((c) => c.name),
    spec,
    'source',
  );
  const categorical = new Set(spec.categorical ?? []);
  for (const c of [spec.target, ...features]) {
    if (!categorical.has(c) && !types.get(c)?.numeric) {
      throw new DataError('NOT_A_NUMBER', `is ${types.get(c)?.type} in the engine's type inference, not a number (mark it categorical, or cast it in the source)`, { source: 'source', column: c });
    }
  }
  const foldColumn = spec.fold !== undefined && 'column' in spec.fold ? spec.fold.column : undefined;
  if (foldColumn !== undefined && !types.has(foldColumn)) throw new DataError('UNKNOWN_COLUMN', `unknown fold column "${foldColumn}"`, { source: 'source' });
  const used = [spec.target, ...features];
  const raw = (c: string) => rawColumn(d, categorical, c);

  // One profiling scan: missing values per used column, and numeric ranges over the rows kept.
  const policy = spec.missing ?? 'error';
  const keep = policy === 'drop' ? used.map((c) => d.isNotNull(d.ident(c))).join(' AND ') : null;
  const kept = (expr: string) => (keep === null ? expr : `CASE WHEN ${keep} THEN ${expr} END`);
  const numeric = features.filter((c) => !categorical.has(c));
  const profile = await one(
    runner,
    `SELECT count(*) AS n, ${keep === null ? 'count(*)' : `sum(CASE WHEN ${keep} THEN 1 ELSE 0 END)`} AS kept, ${used.map((c, i) => `count(${d.ident(c)}) AS c${i}`).join(', ')}${numeric
      .map((c, i) => `, min(${kept(raw(c))}) AS lo${i}, max(${kept(raw(c))}) AS hi${i}`)
      .join('')} FROM ${from}`,
  );
  const n = toNumber(profile.n, 'count');
  const missing = used.map((c, i) => ({ column: c, count: n - toNumber(profile[`c${i}`], 'count') })).filter((m) => m.count > 0);
  if (policy === 'error' && missing.length > 0) {
    const m = missing[0];
    throw new DataError('MISSING_VALUE', `${m.count} value${m.count === 1 ? ' is' : 's are'} missing (choose the 'drop' missing-value policy)`, { source: 'source', column: m.column });
  }
  const where = keep === null ? '' : ` WHERE ${keep}`;
  const rowsOut = toNumber(profile.kept, 'count');
  if (rowsOut === 0) throw new DataError('MISSING_VALUE', 'no rows left after dropping rows with missing values', { source: 'source' });
  const warnings: string[] = [];
  const ranges = new Map(
    numeric.map((c, i) => {
      const range = [toNumber(profile[`lo${i}`], 'min'), toNumber(profile[`hi${i}`], 'max')] as const;
      const warning = rangeWarning(c, range[0], range[1]);
      if (warning !== null) warnings.push(warning);
      return [c, range];
    }),
  );

  // Levels of categorical columns, bounded: more than maxLevels is refused before anything is built.
  const maxLevels = spec.maxLevels ?? DEFAULT_MAX_LEVELS;
  const numericLevels = new Set([...categorical].filter((c) => types.get(c)?.numeric));
  const levels = new Map<string, string[]>();
  for (const c of categorical) {
    const rows = await runner.query(`SELECT DISTINCT ${d.ident(c)} AS v FROM ${from}${where} LIMIT ${maxLevels + 1}`);
    const values = rows.map((r) => (numericLevels.has(c) ? String(toNumber(r.v, c)) : String(r.v)));
    if (values.length > maxLevels) throw new DataError('TOO_MANY_LEVELS', `has more than ${maxLevels} distinct values; one-hot encoding allows at most ${maxLevels} (is it really categorical?)`, { source: 'source', column: c });
    levels.set(c, sortLevels(values));
  }

  // The recipe buildDesign would fit on these rows.
  const unfitted = recipeFromSpec({ target: spec.target, features, categorical: spec.categorical, missing: policy, maxLevels }, features);
  const steps: RecipeStep[] = unfitted.steps.map((s) => (s.op === 'oneHot' ? { ...s, levels: levels.get(s.column) as string[] } : s));
  const featureNames = unfitted.features.flatMap((f) => (categorical.has(f) ? (levels.get(f) as string[]).map((l) => `${f}_${l}`) : [f]));
  const recipe: Recipe = {
    ...unfitted,
    inputs: unfitted.inputs.map((i) => (i.type === 'numeric' ? { ...i, range: ranges.get(i.name) } : i)),
    steps,
    features: featureNames,
    fitted: true,
  };
  const design = designSql(recipe, d, categorical, numericLevels);

  // Pilot means, then the shifted sums per fold.
  const pilotRows = await runner.query(`SELECT ${design.features.map((f, j) => `${f} AS x${j}`).join(', ')}, ${design.target} AS y FROM ${from}${where} LIMIT ${PILOT_ROWS}`);
  const shiftX = design.features.map((_, j) => mean(pilotRows.map((r) => toNumber(r[`x${j}`], 'pilot'))));
  const shiftY = mean(pilotRows.map((r) => toNumber(r.y, 'pilot')));
  const fold = spec.fold;
  const sql = sourceStatsQuery(recipe, categorical, numericLevels, d, from, spec.fold, shiftX, shiftY);
  const groups = await runner.query(sql);
  const p = featureNames.length;
  const sums = groups.map((r) => shiftedSums(r, p, shiftX, shiftY));
  const report: RecipeReport = { rowsIn: n, rowsOut, dropped: policy === 'drop' ? missing.map((m) => ({ column: m.column, count: m.count, reason: dropReason(m.column) })) : [], imputed: [], warnings };
  const total = statsFromSums(addShiftedSums(sums));
  if (fold === undefined) return { stats: total, recipe, featureNames, report, sql, shiftX, shiftY, numericCategorical: numericLevels, fold };
  if (groups.length < 2) throw new DataError('INVALID_SPEC', `the fold ${foldColumn !== undefined ? `column "${foldColumn}"` : 'hash'} gives ${groups.length} distinct value${groups.length === 1 ? '' : 's'}; cross-validation needs at least 2`, { source: 'source' });
  return { stats: { ...total, folds: sums.map(statsFromSums) }, recipe, featureNames, report, sql, shiftX, shiftY, numericCategorical: numericLevels, fold };
}

async function one(runner: Runner, sql: string): Promise<Record<string, unknown>> {
  const rows = await runner.query(sql);
  if (rows.length !== 1) throw new LassoKitError('ENGINE_ERROR', `expected one row from the engine; got ${rows.length}`, { sql });
  return rows[0];
}

function shiftedSums(r: Record<string, unknown>, p: number, shiftX: readonly number[], shiftY: number): ShiftedSums {
  const n = toNumber(r.n, 'count');
  const sumXX = new Float64Array(p * p);
  for (let j = 0; j < p; j++) for (let k = j; k < p; k++) sumXX[j * p + k] = toNumber(r[`q${j}_${k}`], `q${j}_${k}`);
  return {
    n,
    p,
    sumW: n,
    shiftX,
    shiftY,
    sumX: Float64Array.from({ length: p }, (_, j) => toNumber(r[`s${j}`], `s${j}`)),
    sumY: toNumber(r.sy, 'sy'),
    sumXX,
    sumXY: Float64Array.from({ length: p }, (_, j) => toNumber(r[`r${j}`], `r${j}`)),
    sumYY: toNumber(r.syy, 'syy'),
  };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, v) => a + v, 0) / values.length;
}
