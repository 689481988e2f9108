import { LassoKitError, addShiftedSums, statsFromSums, type FoldedStats, type ShiftedSums, type SufficientStats } from '@lassokit/core';
import { CALIBRATION_FRACTION, DataError, DEFAULT_MAX_LEVELS, quote, POLICY_ASKED, checkDesignSpec, dropReason, featureSources, fittedReference, idColumnWarning, isIdName, leftOutWarning, levelOf, MAX_FOLDS, nearUniqueWarning, numberParser, outputNames, parseNumber, rangeWarning, recipeFromSpec, recipeToSql, sortLevels, thousands, tokensOf, unnamedColumns, type DecimalMark, type DesignSpec, type Recipe, type RecipeReport, type RecipeStep } from '@lassokit/data';
import { distinctPerColumn, duckdbAllNumbers, inner, type Dialect } from './dialects.js';
import type { Runner } from './runners.js';
import { csvDecimal, csvHeaderQuery, csvNulls, csvWithNulls, csvWithTypes, toNumber } from './runners.js';
import { profileAggregates, readProfile, type Profile, type ProfileColumns } from './profile.js';
import { statsQuery, type StatsQuerySpec } from './statsQuery.js';
import { pickStrategy, sumsByBlocks, sumsByQuery, sumsByStream, type GroupSums, type OneHotGroup, type StreamedRanges, type SumsStrategy, type WeightCounts } from './sums.js';

/** Profile entries per scan (each up to three aggregates): ≤ 1,500 select items, under PostgreSQL's 1,664. */
const PROFILE_ENTRIES = 500;
/** Rows whose means shift every column before products are summed. */
const PILOT_ROWS = 1024;

/** How rows are assigned to cross-validation folds in the engine. */
export type FoldSpec =
  /** A column the user names; its distinct values (at least 2) are the folds, in sorted order. */
  | { readonly column: string }
  /** K folds from a hash of the used columns (deterministic; differs between engines). */
  | { readonly hash: number };

/**
 * What to model from a source: the design spec `buildDesign` takes (target, features, categorical,
 * reference levels, missing-value policy, log, clip, maxLevels, maxFeatures — the statistics hold
 * (folds + 1)·p² doubles, so more features are refused with `DESIGN_TOO_LARGE` before the sums),
 * fitted where the data are; rows are not counted against a cell limit.
 */
export interface SourceSpec extends Omit<DesignSpec, 'maxCells'> {
  /**
   * A file's own missing marks (e.g. `{ horsepower: ['?'] }`), recorded in the recipe's inputs so
   * that predict reads them alike. Only for a CSV that `fileSource(path, tokens)` reads with those
   * marks as NULL; any other source turns them into NULL in its query (`NULLIF(column, '?')`).
   * `na` gives marks for every used column (the target and the features), with the same rule.
   */
  readonly missingTokens?: DesignSpec['missingTokens'];
  /**
   * Quantiles (clip bounds, median imputation): 'exact' (default; the engine keeps the column's
   * values — DuckDB's `quantile_cont`, ClickHouse's `quantilesExact` read at the two ranks around
   * each quantile) or 'approximate' (bounded memory: DuckDB's t-digest `approx_quantile`,
   * ClickHouse's sampled `quantiles`).
   */
  readonly quantiles?: 'exact' | 'approximate';
  readonly fold?: FoldSpec;
  /**
   * A column of sample weights (numeric, finite, ≥ 0, not missing in the rows kept; not a feature):
   * every sum is weighted, as `sufficientStats(X, y, { weights })` weighs rows in memory. The
   * recipe's own values (imputed means and medians, clip quantiles) stay unweighted, as
   * `buildDesign` fits them. Checked by one scan of the column before the statistics.
   */
  readonly weights?: string;
  /** How the sums are computed (see `SumsStrategy`); 'auto' (default) picks by the number of features. */
  readonly strategy?: 'auto' | SumsStrategy;
  /**
   * Hold back a quarter of the rows (data's CALIBRATION_FRACTION, as in-memory split intervals
   * do) for split-conformal calibration, chosen by a second hash of the used columns
   * (`Dialect.splitHash`, independent of hash folds): the statistics are then summed per fold and
   * side in the same scan, and `SourceStats.calibration` holds those of the rows left to fit.
   */
  readonly calibrate?: boolean;
}

/** The rows a source holds back for split-conformal calibration (`SourceSpec.calibrate`). */
export interface SourceCalibration {
  /** Statistics of the rows left to fit: their own, and per fold (each fold without its held-back rows) when `stats` has folds. */
  readonly stats: SufficientStats | FoldedStats;
  /** Rows held back (kept by the recipe, whatever their weight). */
  readonly rows: number;
  /** The held-back rows' design, for their residuals (see `calibrationResidualsQuery`). */
  readonly design: {
    readonly from: string;
    readonly where: readonly string[];
    readonly features: readonly string[];
    readonly target: string;
    /** `Dialect.splitHash` of the used columns: a row is held back where it is 0 modulo `buckets`. */
    readonly hash: string;
    readonly buckets: number;
    readonly weight?: string;
  };
}

/** Statistics of a source, the fitted recipe that produced its design, and the queries that ran. */
export interface SourceStats {
  readonly stats: SufficientStats | FoldedStats;
  readonly recipe: Recipe;
  readonly featureNames: readonly string[];
  readonly report: RecipeReport;
  /** The statistics queries, as run (one, or one per Gram block, or the streamed SELECT). */
  readonly sql: string;
  /** How the sums were computed. */
  readonly strategy: SumsStrategy;
  /** The pilot means the query shifts by. */
  readonly shiftX: readonly number[];
  readonly shiftY: number;
  /** Categorical columns that hold numbers (their levels compare as numbers in SQL). */
  readonly numericCategorical: ReadonlySet<string>;
  /** How text categorical columns' cells are read as their levels (see `levelColumn`). */
  readonly levelReading: LevelReading;
  /** How rows were assigned to folds (undefined: no folds). */
  readonly fold: FoldSpec | undefined;
  /** The weights column the sums are weighted by (undefined: unweighted). */
  readonly weights: string | undefined;
  /** With `calibrate`: the rows held back for calibration, and the statistics of the others. */
  readonly calibration?: SourceCalibration;
}

/**
 * How the cells of text categorical columns are read as the levels an in-memory fit gives them
 * (data's `levelOf`: a number is its canonical form, text is trimmed), so that a model fitted in an
 * engine meets its own rows when it predicts (see `levelColumn`).
 */
export interface LevelReading {
  /** Columns stored as text whose every value is a number: compared cast to DOUBLE. */
  readonly textNumbers: ReadonlySet<string>;
  /**
   * Other text columns with cells spelled otherwise than their level — numbers beside words
   * ("010" → 10, "4.0" → 4), padded text (" M" → M) — and each such spelling's level.
   */
  readonly respelled: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Text columns with blank cells (spaces only, missing in memory, as an empty cell) — those cells, read as NULL. */
  readonly blanks: ReadonlyMap<string, readonly string[]>;
}

const AS_STORED: LevelReading = { textNumbers: new Set(), respelled: new Map(), blanks: new Map() };

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
  weights?: string,
  reading: LevelReading = AS_STORED,
): string {
  const design = designSql(recipe, d, categorical, numericLevels, reading);
  const used = [recipe.target as string, ...recipe.inputs.map((i) => i.name)];
  const foldExpr = fold === undefined ? undefined : 'column' in fold ? d.ident(fold.column) : d.hashFold(used.map((c) => d.ident(c)), fold.hash);
  return statsQuery({ from, features: design.features, target: design.target as string, where: design.where, fold: foldExpr, weight: weights === undefined ? undefined : d.double(d.ident(weights)), shiftX, shiftY }, d);
}

/** The recipe's features as SQL in a dialect. */
function designSql(recipe: Recipe, d: Dialect, categorical: ReadonlySet<string>, numericLevels: ReadonlySet<string>, reading: LevelReading) {
  if (reading.respelled.size === 0) return recipeToSql(recipe, d, (c) => rawColumn(d, categorical, c, reading), numericLevels, (x) => d.isNotNull(x));
  // A respelled column's indicator is the sum of its level's spellings' own (at most one is 1):
  // the query's text grows with the spellings, where levelColumn's CASE in every indicator would
  // grow with levels × spellings. Its input is its cells (blank ones NULL).
  const inputs = new Map<string, string>();
  const spellingsOf = new Map<string, Map<string, string[]>>();
  for (const [c, respelled] of reading.respelled) {
    const byLevel = new Map<string, string[]>();
    for (const [spelling, level] of respelled) byLevel.set(level, [...(byLevel.get(level) ?? [level]), spelling]);
    const input = cellOf(d, c, reading);
    inputs.set(c, input);
    spellingsOf.set(input, byLevel);
  }
  const indicator: Dialect['indicator'] = (x, level, numeric) => {
    const spellings = spellingsOf.get(x)?.get(level);
    return spellings === undefined ? d.indicator(x, level, numeric) : `(${spellings.map((s) => d.indicator(x, s, false)).join(' + ')})`;
  };
  return recipeToSql(recipe, { ...d, indicator }, (c) => inputs.get(c) ?? rawColumn(d, categorical, c, reading), numericLevels, (x) => d.isNotNull(x));
}

/**
 * The one-hot indicators of each categorical column as one streamed index column (its level's
 * position among the indicators' levels), which the stream sums by level (core's
 * `OneHotStatsAccumulator`).
 */
function oneHotGroups(recipe: Recipe, d: Dialect, numericLevels: ReadonlySet<string>, reading: LevelReading): OneHotGroup[] {
  const byColumn = new Map<string, { levels: string[]; features: number[] }>();
  [...featureSources(recipe).values()].forEach((source, j) => {
    if (source.level === undefined || source.steps.length !== 1) return;
    const group = byColumn.get(source.column) ?? { levels: [], features: [] };
    group.levels.push(source.level);
    group.features.push(j);
    byColumn.set(source.column, group);
  });
  return [...byColumn].map(([column, g]) => ({ index: d.levelIndex(levelColumn(d, column, reading), g.levels, numericLevels.has(column)), features: g.features, column }));
}

/** A raw input column as SQL: categorical as it is, numeric cast to DOUBLE (before any product). */
function rawColumn(d: Dialect, categorical: ReadonlySet<string>, c: string, reading: LevelReading): string {
  return categorical.has(c) ? levelColumn(d, c, reading) : d.double(d.ident(c));
}

/**
 * A categorical column as its levels are compared: as it is; text whose every value is a number
 * (`textNumbers`: zip codes such as 02134, codes written 4.0) cast to DOUBLE; other text with
 * cells spelled otherwise than their level (`respelled`: "010" beside "M", " M") through a CASE
 * naming each such spelling's level. In memory each number in a categorical column is its number
 * ("02134" → level 2134) and text is trimmed, and a model's rows are read so when it predicts:
 * levels kept as the text of the file named none of them (all-zero indicators).
 */
function levelColumn(d: Dialect, c: string, reading: LevelReading): string {
  const cell = cellOf(d, c, reading);
  if (reading.textNumbers.has(c)) return d.double(cell);
  const respelled = reading.respelled.get(c);
  if (respelled === undefined) return cell;
  const text = d.asText(cell);
  return `CASE ${text}${[...respelled].map(([spelling, level]) => ` WHEN ${d.text(spelling)} THEN ${d.text(level)}`).join('')} ELSE ${text} END`;
}

/** A categorical column's cells, its blank ones (spaces only) NULL as in memory. */
function cellOf(d: Dialect, c: string, reading: LevelReading): string {
  const blanks = reading.blanks.get(c);
  return blanks === undefined ? d.ident(c) : `CASE WHEN ${d.asText(d.ident(c))} IN (${blanks.map((b) => d.text(b)).join(', ')}) THEN NULL ELSE ${d.ident(c)} END`;
}

/** A text cell's level as in memory (data's `levelOf`), noted in `spellings` where it differs from the cell. */
function respell(cell: string, spellings: Map<string, string>): string {
  const level = levelOf(cell);
  if (level !== cell) spellings.set(cell, level);
  return level;
}

/** Text types: DuckDB's VARCHAR, ClickHouse's String (Nullable, LowCardinality), PostgreSQL's text and character varying. */
const TEXT_TYPE = /char|text|string/i;
/** Rows an error's example cell is looked for in: a bounded scan, whatever the source's size. */
const EXAMPLE_ROWS = 100_000;

/** A `fileSource` CSV's header line as written (an empty name null); null for any other source. */
async function csvHeader(runner: Runner, from: string): Promise<(string | null)[] | null> {
  const query = csvHeaderQuery(from);
  if (query === null) return null;
  return Object.values((await runner.query(query))[0] ?? {}).map((v) => (v === null ? null : String(v)));
}

/**
 * Refuses a CSV header that names a column twice, as memory does (DuckDB reads the second "a" as
 * "a_1") — or twice but for case: DuckDB's names ignore case (it reads "A" beside "a" as "A_1"),
 * and a model fitted with that name would find no such column in the file at predict time.
 */
function refuseDuplicateNames(header: readonly (string | null)[], names: readonly string[]): void {
  // By the name in lower case: a duplicate is the same name, or one differing only in case.
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === null) return;
    const first = seen.get(name.toLowerCase());
    if (first === undefined) return void seen.set(name.toLowerCase(), i);
    const earlier = header[first] as string;
    if (earlier === name) throw new DataError('DUPLICATE_COLUMN', `column name ${quote(name)} appears twice (columns ${first + 1} and ${i + 1})`, { source: 'source', line: 1 });
    const renamed = names[i] === undefined || names[i] === name ? '' : ` (it reads the second as ${quote(names[i])})`;
    throw new DataError('DUPLICATE_COLUMN', `column names ${quote(earlier)} and ${quote(name)} (columns ${first + 1} and ${i + 1}) differ only in case, and DuckDB's names ignore case${renamed}: rename one, or fit in memory`, { source: 'source', line: 1 });
  });
}

/** One value of a column (null: it has none). */
async function firstValue(runner: Runner, from: string, column: string): Promise<string | null> {
  const c = runner.dialect.ident(column);
  const rows = await runner.query(`SELECT ${c} AS v FROM ${from} WHERE ${c} IS NOT NULL LIMIT 1`);
  return rows.length === 0 ? null : String(rows[0].v);
}

/** The blank cells (spaces only, at most 16 spellings) of a CSV's text columns in its first rows. */
async function blankCells(runner: Runner, from: string, columns: readonly string[]): Promise<string[]> {
  if (columns.length === 0) return [];
  const d = runner.dialect;
  return blankSpellings(runner, columns.map((c) => d.asText(d.ident(c))), `(SELECT * FROM ${from} LIMIT ${EXAMPLE_ROWS}) AS head`);
}

/** The distinct blank values (spaces only; at most 16) among the text `cells` of the rows `rows` (a FROM clause, DuckDB). */
async function blankSpellings(runner: Runner, cells: readonly string[], rows: string): Promise<string[]> {
  const v = runner.dialect.ident('v');
  const found = await runner.query(`SELECT DISTINCT ${v} FROM (SELECT unnest(list_filter([${cells.join(', ')}], x -> regexp_full_match(x, '\\s+'))) AS ${v} FROM ${rows}) AS cells LIMIT 16`);
  return found.map((r) => String(r.v));
}

/** A cell of a text column that does not read as a number, among its first rows; undefined if none there. */
async function notNumberExample(runner: Runner, from: string, column: string, decimal: DecimalMark): Promise<string | undefined> {
  const d = runner.dialect;
  const v = d.ident('v');
  const rows = await runner.query(`SELECT ${v} FROM (SELECT ${d.ident(column)} AS ${v} FROM ${from} LIMIT ${EXAMPLE_ROWS}) AS head WHERE ${v} IS NOT NULL AND ${d.notNumber(v, decimal)} LIMIT 1`);
  return rows.length === 0 ? undefined : String(rows[0].v);
}

/**
 * Throws NOT_A_NUMBER for a cell of a `fileSource` CSV's numeric `columns` that is not a number as
 * memory reads one (data's parseNumber: a decimal, no 0x, no digit separators, no inf or nan) yet
 * that DuckDB reads as one, and returns the spellings of their blank cells (spaces only: missing).
 * One aggregate scan of the columns read as text (126 MB, 2M rows × 7 columns: 0.6 s; a fit
 * reading it as numbers 0.9 s), and one more over the rows that are not all numbers where there
 * are any (blank spellings; every row of 120 MB × 200 columns: 1.5 s). A cell DuckDB cannot read
 * is left to its reader, which refuses it naming its line. Nothing for any other source (typed
 * columns). A number too large for a double passes here and is refused with the infinite values
 * (refuseUnusable).
 */
async function looseNumbers(runner: Runner, csv: string, columns: readonly string[], decimal: DecimalMark): Promise<string[]> {
  const asText = columns.length === 0 ? null : csvWithTypes(csv, new Map(columns.map((c) => [c, 'VARCHAR'])));
  if (asText === null) return [];
  const d = runner.dialect;
  const cells = columns.map((c) => d.ident(c));
  const notAllNumbers = `NOT ${duckdbAllNumbers(cells, decimal)}`;
  // An aggregate, not a LIMIT: DuckDB keeps a LIMIT's rows in file order, which halved its speed.
  // (The least of the rows by their cells, so that the same file always names the same cell.)
  const [found] = await runner.query(`SELECT count(*) AS ${d.ident('failing')}, min(list_value(${cells.join(', ')})) FILTER (WHERE NOT ${duckdbAllNumbers(cells, decimal, true)}) AS ${d.ident('row')} FROM ${asText} WHERE ${notAllNumbers}`);
  if (found === undefined || toNumber(found.failing, 'failing') === 0) return [];
  const row = Array.isArray(found.row) ? (found.row as unknown[]) : [];
  const parse = numberParser(decimal);
  const j = row.findIndex((v) => typeof v === 'string' && v.trim() !== '' && Number.isNaN(parse(v.trim())));
  if (j >= 0) {
    const value = row[j] as string;
    const [read] = await runner.query(`SELECT TRY_CAST(${d.text(decimal === ',' ? value.replace(',', '.') : value)} AS DOUBLE) IS NOT NULL OR TRY_CAST(${d.text(value)} AS BIGINT) IS NOT NULL AS ${d.ident('read')}`);
    if (read?.read === true) throw new DataError('NOT_A_NUMBER', `${quote(value)} is not a number`, { source: 'source', column: columns[j], value });
  }
  return blankSpellings(runner, cells, `${asText} WHERE ${notAllNumbers}`);
}

/** Rows kept without a fold (a missing or blank label) are refused, counted — before a stream would meet one. */
function refuseFoldless(profile: Profile, foldColumn: string | undefined): void {
  if (foldColumn !== undefined && profile.foldPresent < profile.n) {
    const missing = profile.n - profile.foldPresent;
    throw new DataError('MISSING_VALUE', `${missing} row${missing === 1 ? ' has' : 's have'} no fold`, { source: 'source', column: foldColumn });
  }
}

/** A source without rows, or without rows the missing-value policy keeps: refused in memory's words. */
function refuseNoRows(profile: Profile): void {
  if (profile.n === 0) throw new DataError('EMPTY_INPUT', 'has no data rows', { source: 'source' });
  if (profile.kept === 0) throw new DataError('MISSING_VALUE', 'no rows left after dropping rows with missing values', { source: 'source' });
}

/** How rows were assigned to folds, in words (for notes and the model file). */
export function describeFolds(fold: FoldSpec | undefined): string {
  if (fold === undefined) return 'no folds';
  return 'column' in fold ? `folds from column ${JSON.stringify(fold.column)}` : `${fold.hash} folds by a hash of the used columns`;
}

/**
 * Sufficient statistics of a recipe's design over a source the engine reads (a table, files, a
 * query), without bringing rows to JS. The recipe is fitted with cheap queries — column types,
 * the levels of categorical columns (distinct values of all of them in one scan, bounded by `maxLevels`), a profile of missing
 * values, ranges and means, quantiles for clips and medians — then a pilot of 1,024 rows gives
 * the shift, and the shifted sums per fold are computed by one aggregate query, by blocks of
 * queries, or by streaming rows into core's `StatsAccumulator` (see `SumsStrategy`). The fitted
 * recipe is the one `buildDesign` would fit on the same rows, so a model from these statistics
 * predicts through `applyRecipe` like any other.
 *
 * Scans: one for the levels of all categorical columns, the pilot (1,024 rows), and the statistics —
 * which also profile the rows when nothing else needs the profile first (no imputation, clip or
 * log, one aggregate query); otherwise a profiling scan, and one per quantile fitted (medians,
 * then clip bounds), come first.
 *
 * @example
 * const { stats, recipe } = await statsFromSource(await duckdbRunner(), fileSource('cars.parquet'), { target: 'mpg', fold: { hash: 10 } });
 */
export async function statsFromSource(runner: Runner, source: string, spec: SourceSpec): Promise<SourceStats> {
  const d = runner.dialect;
  let from = source;
  // Engines have NULLs: a file's own mark is NULL only where the source reads it so (fileSource's
  // missing, for a CSV); anywhere else it belongs in the query (NULLIF(col, '?')), not the spec.
  const nulls = csvNulls(from);
  const unread = [...new Set([...Object.values(spec.missingTokens ?? {}).flat(), ...(spec.na ?? [])])].filter((t) => !nulls.has(t));
  if (unread.length > 0) throw new DataError('INVALID_SPEC', `missing tokens (${unread.map((t) => JSON.stringify(t)).join(', ')}) are for a CSV read with them as NULL (fileSource's missing); otherwise turn them into NULL in the query (NULLIF(column, '?'))`, { source: 'source' });
  // A decimal comma is how a CSV is read (fileSource's decimal); the recipe records it for predict.
  const decimal = csvDecimal(from);
  if (spec.decimal !== undefined && spec.decimal !== decimal) throw new DataError('INVALID_SPEC', spec.decimal === ',' ? "a decimal comma is for a CSV read with one (fileSource's decimal ','); an engine's typed columns have no decimal mark" : "the source is read with a decimal comma (fileSource's decimal ','), not a point", { source: 'source' });
  let columns = await runner.describe(from);
  const header = await csvHeader(runner, from);
  if (header !== null) refuseDuplicateNames(header, columns.map((c) => c.name));
  // A CSV's blank cells (spaces only) are missing in memory, as empty ones are; DuckDB reads them as
  // text (a numeric column with one becomes VARCHAR). Those of its first rows join its null strings.
  const blank = header === null ? [] : await blankCells(runner, from, columns.filter((c) => TEXT_TYPE.test(c.type)).map((c) => c.name));
  const withBlanks = blank.length > 0 ? csvWithNulls(from, blank) : null;
  if (withBlanks !== null) {
    from = withBlanks;
    columns = await runner.describe(from);
  }
  // ClickHouse reads a name as an alias of the same SELECT before a column: the queries' own names are reserved there.
  const reserved = d.name === 'clickhouse' ? columns.find((c) => c.name.startsWith(inner(''))) : undefined;
  if (reserved !== undefined) throw new DataError('INVALID_SPEC', `column names starting with ${quote(inner(''))} are the names lassokit's queries give their own values, which ClickHouse would read in place of the column: rename it in a query`, { source: 'source', column: reserved.name });
  const csvBase = from;
  const types = new Map(columns.map((c) => [c.name, c]));
  const foldColumn = spec.fold !== undefined && 'column' in spec.fold ? spec.fold.column : undefined;
  const weights = spec.weights;
  // Without a feature list, a column a CSV's header leaves unnamed is left out if empty, else refused (as in memory).
  const excluded = new Set(spec.exclude);
  const unnamed = spec.features === undefined ? columns.map((c) => c.name).filter((_, j) => header !== null && header[j] === null).filter((c) => c !== spec.target && c !== weights && c !== foldColumn && !excluded.has(c)) : [];
  const leftOut = new Set(unnamed);
  const unnamedWarnings = unnamedColumns(await Promise.all(unnamed.map(async (name) => ({ name, example: await firstValue(runner, from, name) }))), 'source');
  // Without a feature list, every column but the target, the fold column, the weights and the
  // excluded ones (which checkDesignSpec leaves out, after checking they name columns).
  const { features: named } = checkDesignSpec(
    columns.map((c) => c.name).filter((c) => (spec.features !== undefined || c !== foldColumn) && !leftOut.has(c)),
    spec.exclude === undefined ? spec : { ...spec, exclude: spec.exclude.filter((c) => c !== foldColumn) },
    'source',
  );
  const categorical = new Set(spec.categorical ?? []);
  // A CSV's categorical columns are read as text, as in memory, whatever DuckDB's sniffer typed
  // them: their levels are then the in-memory ones (see levelColumn) — 04/10/2021 as written, not
  // DuckDB's 2021-04-10; 0x10 a word, not 16; Infinity a word, not a double SQL cannot write.
  // So is a fold column that is no feature, whose labels are then read as memory reads them (see foldIndexSql).
  const foldLabels = foldColumn !== undefined && foldColumn !== spec.target && !named.includes(foldColumn) && header !== null ? [foldColumn] : [];
  const typed = [...categorical, ...foldLabels].filter((c) => types.has(c) && !TEXT_TYPE.test(types.get(c)?.type ?? ''));
  // Columns a CSV is read with other types than the sniffer's (text here, numbers below).
  const retyped = new Map<string, 'VARCHAR' | 'DOUBLE'>(typed.map((c) => [c, 'VARCHAR']));
  const asText = typed.length > 0 ? csvWithTypes(csvBase, retyped) : null;
  // A retyped column the sniffer had typed as numbers is hashed for folds as those numbers (TRY_CAST
  // back), so a CSV's hash folds stay those of the same rows in Parquet, and of earlier fits.
  const hashedAs = new Map<string, string>();
  if (asText !== null) {
    from = asText;
    for (const c of typed) {
      const column = types.get(c) as (typeof columns)[number];
      if (column.numeric) hashedAs.set(c, `TRY_CAST(${d.ident(c)} AS ${column.type})`);
      types.set(c, { ...column, type: 'VARCHAR', numeric: false });
    }
  }
  // Another source's categorical columns typed as dates, times or booleans are compared and listed
  // as text. (Their values had come back as JS Dates, levels such as "Sat Apr 10 2021 00:00:00
  // GMT+0000 …" that no row's text matched: all-zero indicators.)
  const typedText = new Set([...categorical].filter((c) => types.has(c) && !types.get(c)?.numeric && !TEXT_TYPE.test(types.get(c)?.type ?? '')));
  const text = [spec.target, ...named].filter((c) => !categorical.has(c) && !types.get(c)?.numeric);
  const empty = text.length === 0 ? [] : await entirelyMissing(runner, from, text);
  if (empty.includes(spec.target)) throw new DataError('INVALID_SPEC', 'has no values at all; it cannot be the target', { source: 'source', column: spec.target });
  // Left out with a warning, as the in-memory reader does.
  const features = named.filter((c) => !empty.includes(c));
  if (features.length === 0) throw new DataError('INVALID_SPEC', 'every feature column is entirely missing', { source: 'source' });
  // The weights too ("+2" is a weight in memory), with their own words when they are no numbers.
  for (const c of [spec.target, ...features, ...(weights === undefined ? [] : [weights])]) {
    if (!categorical.has(c) && !types.get(c)?.numeric) {
      const engineType = types.get(c)?.type ?? '';
      // A text column shows one of its cells that is no number (so the error reads, and is fixed, as in memory).
      const text = TEXT_TYPE.test(engineType);
      const value = text ? await notNumberExample(runner, from, c, decimal) : undefined;
      // Text whose first rows all read as numbers by a cast (DuckDB's CSV reader takes "+4" or " 2.5 " as text; a column empty in the rows it sniffed).
      const numbersAsText = text && value === undefined;
      // A CSV's such column is read as numbers, as memory reads it (a cell past those rows that is
      // none is then DuckDB's conversion error, naming its line); another source needs a cast.
      const asNumbers = numbersAsText ? csvWithTypes(csvBase, retyped.set(c, 'DOUBLE')) : null;
      if (asNumbers !== null) {
        from = asNumbers;
        types.set(c, { ...(types.get(c) as (typeof columns)[number]), type: 'DOUBLE', numeric: true });
        continue;
      }
      retyped.delete(c);
      const example = value !== undefined ? `, such as ${quote(value)}` : numbersAsText ? `, though its first ${thousands(EXAMPLE_ROWS)} rows read as numbers` : '';
      const cast = numbersAsText ? ` (cast it in the source: ${d.double(d.ident(c))})` : c === weights ? ' (weights must be numbers ≥ 0)' : text ? ' (cast it in the source if it holds numbers)' : '';
      throw new DataError('NOT_A_NUMBER', `is ${engineType} in the engine's type inference, not a number${example}${cast}`, { source: 'source', column: c, value }, { engineType, ...(numbersAsText ? { numbersAsText } : {}) });
    }
  }
  const used = [spec.target, ...features];
  const numericUsed = used.filter((c) => !categorical.has(c));
  const numbersRead = weights === undefined ? numericUsed : [...numericUsed, weights];
  // A CSV's integer columns are read as doubles, as memory reads every number: read as BIGINT, a
  // 1.5 past the sniffer's rows was 2, and 99999999999999999999 a conversion error. Hashed for
  // folds as the integers they were typed (as the categorical columns read as text above).
  const integers = numbersRead.filter((c) => types.get(c)?.type === 'BIGINT');
  const asDoubles = integers.length > 0 ? csvWithTypes(csvBase, new Map([...retyped, ...integers.map((c) => [c, 'DOUBLE'] as const)])) : null;
  if (asDoubles !== null) {
    from = asDoubles;
    for (const c of integers) hashedAs.set(c, `TRY_CAST(${d.ident(c)} AS BIGINT)`);
  }
  // DuckDB's CSV reader takes more cells for numbers than memory does (0x10 is 16 in an integer
  // column; 1_000, +-5, -nan and inf are numbers in a DOUBLE one): every cell of the numeric
  // columns is checked as written, so a cell memory refuses is refused here too, not read silently.
  // Their blank cells are missing, as in memory (those of the first rows were found above).
  const blankNumbers = await looseNumbers(runner, csvBase, numbersRead, decimal);
  if (blankNumbers.length > 0) from = csvWithNulls(from, blankNumbers) ?? from;
  for (const c of [...(spec.log ?? []), ...Object.keys(spec.clip ?? {})]) {
    if (!features.includes(c) || categorical.has(c)) throw new DataError('INVALID_SPEC', `log and clip apply to numeric features; "${c}" is ${categorical.has(c) ? 'categorical' : 'not a feature'}`, { source: 'source', column: c });
  }
  if (foldColumn !== undefined && !types.has(foldColumn)) throw new DataError('UNKNOWN_COLUMN', `unknown fold column "${foldColumn}"`, { source: 'source' });
  const policy = spec.missing ?? 'error';
  const maxLevels = spec.maxLevels ?? DEFAULT_MAX_LEVELS;
  const numericLevels = new Set([...categorical].filter((c) => types.get(c)?.numeric));
  const textNumbers = new Set<string>();
  const respelled = new Map<string, ReadonlyMap<string, string>>();
  const blanks = new Map<string, string[]>();
  const reading: LevelReading = { textNumbers, respelled, blanks };
  const raw = (c: string) => rawColumn(d, categorical, c, reading);
  const unfitted = recipeFromSpec({ target: spec.target, features, categorical: spec.categorical, reference: spec.reference, missing: policy, log: spec.log, clip: spec.clip, maxLevels, missingTokens: tokensOf({ ...spec, features }, used), decimal }, features);
  // The rows the missing-value policy keeps (null: all; a missing value is then an error).
  const keepColumns = policy === 'error' ? [] : policy === 'drop' ? used : [spec.target];
  const keepOf = () => (keepColumns.length === 0 ? null : keepColumns.map((c) => d.isNotNull(categorical.has(c) ? cellOf(d, c, reading) : d.ident(c))).join(' AND '));
  let keep = keepOf();

  // Levels of categorical columns, bounded: more than maxLevels is refused before anything is built.
  const levels = new Map<string, string[]>();
  // A Parquet source is read by column: one bounded DISTINCT per column costs less than grouping sets.
  const distinctOf = /^read_parquet\(/.test(from) ? distinctPerColumn : d.distinctValues;
  const readLevels = async () => {
    const distinct = distinctOf(from, [...categorical].map((c) => (typedText.has(c) ? d.asText(cellOf(d, c, reading)) : cellOf(d, c, reading))), keep, maxLevels + 1);
    const results: Record<string, unknown>[][] = [];
    for (const q of categorical.size === 0 ? [] : distinct.queries) results.push(await runner.query(q));
    return categorical.size === 0 ? [] : distinct.read(results);
  };
  let found = await readLevels();
  // Blank cells (spaces only) are missing, as in memory: read as NULL from now on — and where the
  // policy keeps rows by their categorical columns, the levels are read again without their rows.
  for (const [i, c] of [...categorical].entries()) {
    const blank = found[i].filter((v): v is string => typeof v === 'string' && v.trim() === '');
    if (blank.length > 0) blanks.set(c, blank);
  }
  if (blanks.size > 0) {
    keep = keepOf();
    if (keepColumns.some((c) => blanks.has(c))) found = await readLevels();
  }
  const whereKeep = keep === null ? '' : ` WHERE ${keep}`;
  for (const [i, c] of [...categorical].entries()) {
    const cells = found[i].filter((v) => !(typeof v === 'string' && v.trim() === ''));
    // Text whose every value reads as a number is read as numbers, as in memory (see levelColumn).
    if (!numericLevels.has(c) && cells.length > 0 && cells.every((v) => typeof v === 'string' && Number.isFinite(parseNumber(v)))) {
      numericLevels.add(c);
      textNumbers.add(c);
    }
    // Other text: each cell's level as in memory, its spellings mapped where they differ (see levelColumn).
    const spellings = new Map<string, string>();
    const values = textNumbers.has(c) || numericLevels.has(c) ? cells.map((v) => (textNumbers.has(c) ? String(parseNumber(v as string)) : String(toNumber(v, c)))) : [...new Set(cells.map((v) => respell(String(v), spellings)))];
    if (spellings.size > 0) respelled.set(c, spellings);
    // The raw count decides: values past the limit were not fetched, so their levels are unknown.
    if (found[i].length > maxLevels) throw new DataError('TOO_MANY_LEVELS', `has more than ${maxLevels} distinct values; one-hot encoding allows at most ${maxLevels} (is it really categorical?)`, { source: 'source', column: c });
    const sorted = sortLevels(values);
    const reference = spec.reference?.[c];
    if (reference !== undefined && !sorted.includes(reference)) throw new DataError('INVALID_SPEC', `reference level "${reference}" does not occur (levels: ${sorted.slice(0, 10).join(', ')})`, { source: 'source', column: c });
    levels.set(c, sorted);
  }
  // The one-hot steps fitted with the levels found (and their reference: a given one, or a
  // two-level column's first, as an in-memory fit does), whose indicators name the features.
  const fittedOneHot = new Map<string, Extract<RecipeStep, { op: 'oneHot' }>>();
  for (const s of unfitted.steps) if (s.op === 'oneHot') fittedOneHot.set(s.column, { ...s, levels: levels.get(s.column) as string[], reference: fittedReference(s, levels.get(s.column) as string[]) });
  const featureNames = unfitted.features.flatMap((f) => (categorical.has(f) ? outputNames(fittedOneHot.get(f) as Extract<RecipeStep, { op: 'oneHot' }>) : [f]));
  const p = featureNames.length;
  if (spec.maxFeatures !== undefined && p > spec.maxFeatures) {
    const wide = [...levels].sort((a, b) => b[1].length - a[1].length).slice(0, 3).map(([c, l]) => `${c} (${l.length} levels)`);
    throw new DataError('DESIGN_TOO_LARGE', `the design would have ${p} features after one-hot encoding; the limit is ${spec.maxFeatures}${wide.length > 0 ? ` (largest categorical columns: ${wide.join(', ')})` : ''}`, { source: 'source' }, { columns: p });
  }
  const strategy = spec.strategy === undefined || spec.strategy === 'auto' ? pickStrategy(p, runner, from, (await runner.remote?.(from)) === true) : spec.strategy;
  const profileCols: ProfileColumns = { used: used.map(raw), numeric: used.map((c, i) => (i > 0 && !categorical.has(c) ? i : -1)).filter((i) => i >= 0), foldColumn: foldColumn !== undefined, imputing: policy === 'mean' || policy === 'median' };
  // The profile rides along the statistics scan when nothing has to be fitted from it first: in the
  // query's aggregates, or — when every used column is streamed as it is (numeric, nothing dropped
  // or imputed, folds by hash) — as the stream's row counts and ranges.
  const nothingToFit = !unfitted.steps.some((s) => s.op === 'impute' || s.op === 'clip' || s.op === 'log');
  const fused = strategy === 'query' && nothingToFit;
  const streamProfiled = strategy === 'stream' && nothingToFit && policy === 'error' && foldColumn === undefined;
  // A fold column's labels as fold indices (one scan of its distinct values, bounded): a row has a fold where that is not NULL.
  const foldIndex = foldColumn !== undefined ? await foldIndexSql(runner, from, foldColumn, types.get(foldColumn)?.numeric === true, whereKeep) : undefined;
  const profiling = profileAggregates(profileCols, keep, (i) => profileCols.used[i], foldIndex?.asIs ?? foldIndex?.sql);
  // PostgreSQL raises an error where a double's arithmetic overflows (SQLSTATE 22003), and a stream's
  // accumulator refuses sums that are not finite, where the other engines' sums carry ±Infinity on:
  // either way the column is named (see refuseUnusable).
  const namingOverflow = <T>(work: Promise<T>): Promise<T> =>
    work.catch(async (e: unknown) => {
      if (e instanceof LassoKitError && (e.details?.sqlstate === '22003' || e.code === 'NON_FINITE')) await refuseUnusable(runner, from, numericUsed);
      throw e;
    });
  const profileScan = async (): Promise<Profile> => readProfile([await namingOverflow(aggregateRow(runner, from, profiling))], profileCols);
  let profile: Profile | undefined;
  if (!fused && !streamProfiled) profile = await profileScan();
  // The weights are checked by aggregates riding along the statistics scan (or, streamed, on the way), not by a scan of their own.
  const weight = weights === undefined ? undefined : d.double(d.ident(weights));
  const weightExtra = weights === undefined ? [] : WEIGHT_CHECKS;

  let imputed = new Map<string, number>();
  let bounds = new Map<string, readonly [number, number]>();
  if (profile !== undefined) {
    checkMissing(profile, used, categorical, policy);
    // Nothing left to fit values from (a quantile of no rows was an engine's error, "Quantile level is out of range").
    refuseNoRows(profile);
    refuseFoldless(profile, foldColumn);
    // An infinite value would be written into the queries that follow (a mean, a bound): named first.
    if (profile.sawNaN || profile.lo.some((v) => v === -Infinity) || profile.hi.some((v) => v === Infinity)) await refuseUnusable(runner, from, numericUsed);
    const imputes = unfitted.steps.flatMap((s) => (s.op === 'impute' ? [s.column] : []));
    ({ imputed, bounds } = await fitStepValues(runner, from, whereKeep, profile, { used, imputes, raw, policy, clip: spec.clip, log: spec.log, approximate: spec.quantiles === 'approximate' }));
  }
  const steps = unfitted.steps.map((s): RecipeStep => {
    if (s.op === 'oneHot') return fittedOneHot.get(s.column) as RecipeStep;
    if (s.op === 'impute') return { ...s, value: imputed.get(s.column) };
    if (s.op === 'clip') return { ...s, bounds: bounds.get(s.column) };
    return s;
  });
  let recipe: Recipe = { ...unfitted, steps, features: featureNames, fitted: true };
  const design = designSql(recipe, d, categorical, numericLevels, reading);

  // Pilot means, then the shifted sums per fold.
  // (Under the 'error' policy missing values are only counted by the statistics scan: skip them here.)
  const pilotWhere = policy === 'error' ? used.map((c) => d.isNotNull(d.ident(c))) : design.where;
  const pilotRows = await runner.query(`SELECT ${design.features.map((f, j) => `${f} AS ${inner(`x${j}`)}`).join(', ')}, ${design.target} AS ${inner('y')} FROM ${from} WHERE ${pilotWhere.join(' AND ')} LIMIT ${PILOT_ROWS}`);
  const shiftX = design.features.map((_, j) => mean(pilotRows.map((r) => toNumber(r[inner(`x${j}`)], 'pilot'))));
  const shiftY = mean(pilotRows.map((r) => toNumber(r[inner('y')], 'pilot')));
  if (!shiftX.every(Number.isFinite) || !Number.isFinite(shiftY)) await refuseUnusable(runner, from, numericUsed);
  const fold = spec.fold;
  const foldExpr = fold === undefined ? undefined : foldIndex !== undefined ? (strategy === 'stream' ? foldIndex.sql : (foldIndex.asIs ?? foldIndex.sql)) : d.hashFold(used.map((c) => hashedAs.get(c) ?? d.ident(c)), (fold as { hash: number }).hash);
  // Held back for calibration: rows grouped by fold and side in one scan — a second group key, or
  // for a stream (one group index) 2·fold + held back. (A second key keeps a partitioned table's
  // GROUP BY on its fold column, which PostgreSQL pushes down to the shards.)
  const buckets = Math.round(1 / CALIBRATION_FRACTION);
  const splitHash = spec.calibrate === true ? d.splitHash(used.map((c) => ({ expr: hashedAs.get(c) ?? d.ident(c), numeric: types.get(c)?.numeric === true }))) : undefined;
  const heldBack = splitHash === undefined ? undefined : `CASE WHEN ${splitHash} % ${buckets} = 0 THEN 1 ELSE 0 END`;
  const composite = heldBack !== undefined && strategy === 'stream';
  // (The stream's fold is an index 0 … K − 1: foldIndex.sql for a fold column, the hash's otherwise.)
  const sideFold = !composite ? foldExpr : foldExpr === undefined ? heldBack : `(${foldExpr}) * 2 + ${heldBack}`;
  const groupCount = (fold === undefined ? 1 : (foldIndex?.count ?? (fold as { hash: number }).hash)) * (composite ? 2 : 1);
  const query: StatsQuerySpec = { from, features: design.features, target: design.target as string, where: design.where, fold: sideFold, held: composite ? undefined : heldBack, weight, shiftX, shiftY };
  let groups: GroupSums;
  if (strategy === 'query' && fused) {
    const extra = profileAggregates(profileCols, keep === null ? null : `${inner('kept')} = 1`, (i) => inner(`u${i}`), foldColumn === undefined ? undefined : inner('fold'));
    groups = await namingOverflow(sumsByQuery(runner, { ...query, keep: keep ?? undefined, raw: profileCols.used, extra: [...extra, ...weightExtra] }));
    profile = readProfile(groups.rows, profileCols);
    checkMissing(profile, used, categorical, policy);
    if (keep !== null) {
      const kept = groups.rows.map((r, g) => ({ r, s: groups.sums[g] })).filter(({ r }) => toNumber(r.kept, 'kept') === 1);
      groups = { sums: kept.map((k) => k.s), rows: kept.map((k) => k.r), sql: groups.sql };
    }
  } else if (strategy === 'query') groups = await namingOverflow(sumsByQuery(runner, { ...query, extra: weightExtra }));
  else if (strategy === 'blocks') groups = await namingOverflow(sumsByBlocks(runner, { ...query, extra: weightExtra }));
  else {
    const oneHot = oneHotGroups(recipe, d, numericLevels, reading);
    const streaming = sumsByStream(runner, query, groupCount, { ranges: streamProfiled, oneHot });
    const streamed = await namingOverflow(streaming).catch(async (e: unknown) => {
      // A NULL stops the stream: counted for the error by the profiling scan (a used column) or the weights' own check.
      if (e instanceof LassoKitError && e.details?.nullIn === 'w' && weights !== undefined) await checkWeights(runner, from, weights, whereKeep);
      else if (streamProfiled && e instanceof LassoKitError && e.details?.nullIn !== undefined) checkMissing(await profileScan(), used, categorical, policy);
      throw e;
    });
    groups = streamed;
    if (streamProfiled) profile = profileFromStream(streamed, used.map((c) => (categorical.has(c) ? -1 : featureNames.indexOf(c))));
  }
  if (weights !== undefined) refuseWeights(groups.weightCounts ?? weightCounts(groups.rows), weights);
  const pr = profile as Profile;
  refuseFoldless(pr, foldColumn);

  const warnings = [...unnamedWarnings, ...empty.map(leftOutWarning)];
  for (const [c, found] of levels) {
    const warning = nearUniqueWarning(c, found.length, pr.kept);
    if (warning !== null) warnings.push(warning);
  }
  // Each numeric input's warning: its range's, else for a column named as an id its count's (one
  // more scan, for such columns only, to warn as in memory) — where its range has room for a
  // distinct whole number per row, over at most MAX_ID_CHECK_ROWS rows (an exact DISTINCT holds
  // every value: beyond, no warning).
  const inputWarnings = new Map<string, string | null>();
  for (const input of recipe.inputs) {
    if (input.type !== 'numeric') continue;
    const i = used.indexOf(input.name);
    const countable = isIdName(input.name) && pr.hi[i] - pr.lo[i] + 1 >= pr.inKept[i] && pr.kept <= MAX_ID_CHECK_ROWS;
    inputWarnings.set(input.name, rangeWarning(input.name, pr.lo[i], pr.hi[i]) ?? (countable ? await idCheck(runner, from, input.name, whereKeep) : null));
  }
  recipe = {
    ...recipe,
    inputs: recipe.inputs.map((input) => {
      if (input.type !== 'numeric') return input;
      const i = used.indexOf(input.name);
      const warning = inputWarnings.get(input.name) ?? null;
      if (warning !== null) warnings.push(warning);
      return { ...input, range: [pr.lo[i], pr.hi[i]] as const };
    }),
  };
  const report: RecipeReport = {
    rowsIn: pr.n,
    rowsOut: pr.kept,
    dropped: keepColumns.map((c) => ({ column: c, count: pr.n - pr.all[used.indexOf(c)], reason: dropReason(c) })).filter((m) => m.count > 0),
    imputed: [...imputed].map(([c, value]) => ({ column: c, count: pr.kept - pr.inKept[used.indexOf(c)], value })).filter((m) => m.count > 0),
    warnings,
  };
  refuseNoRows(pr);
  const sql = groups.sql.join(';\n\n');
  const base = { recipe, featureNames, report, sql, strategy, shiftX, shiftY, numericCategorical: numericLevels, levelReading: reading, fold, weights };
  // Each group's fold and side (a stream's index is 2·fold + held back when calibrating).
  const sides = groups.rows.map((r) => {
    // (Rows without a fold were refused for a fold column; a hash has one for every row.)
    if (fold !== undefined && (r.fold === null || r.fold === undefined)) throw new LassoKitError('ENGINE_ERROR', 'the engine gave rows no fold', { parameter: 'fold' });
    const key = toNumber(r.fold ?? 0, 'fold');
    return composite ? { fold: Math.floor(key / 2), held: key % 2 === 1 } : { fold: key, held: r.held !== undefined && toNumber(r.held, 'held') === 1 };
  });
  const total = statsFromSums(addShiftedSums(groups.sums));
  if (!finiteStats(total)) await refuseUnusable(runner, from, numericUsed);
  // Each fold's statistics from its chosen groups (both sides of a fold added when rows were held back).
  const foldStats = (chosen: (g: number) => boolean) => {
    const byFold = new Map<number, ShiftedSums[]>();
    groups.sums.forEach((s, g) => {
      if (!chosen(g)) return;
      const part = byFold.get(sides[g].fold);
      if (part === undefined) byFold.set(sides[g].fold, [s]);
      else part.push(s);
    });
    return [...byFold.values()].map((part) => statsFromSums(part.length === 1 ? part[0] : addShiftedSums(part)));
  };
  const folds = fold === undefined ? [] : foldStats(() => true);
  if (fold !== undefined) {
    if (folds.length < 2) throw new DataError('INVALID_SPEC', `the fold ${foldColumn !== undefined ? `column "${foldColumn}"` : 'hash'} gives ${folds.length} distinct value${folds.length === 1 ? '' : 's'}; cross-validation needs at least 2`, { source: 'source' });
    // Hash folds with no rows (fewer rows than folds, or an unlucky few) are left out: say so, as
    // the CV then has fewer folds than asked for.
    if ('hash' in fold && folds.length < fold.hash) {
      warnings.push(`only ${folds.length} of the ${fold.hash} hash folds have rows (${pr.kept} rows); cross-validation uses those ${folds.length}`);
    }
  }
  const stats = fold === undefined ? total : { ...total, folds };
  if (splitHash === undefined) return { stats, ...base };
  const fitting = groups.sums.filter((_, g) => !sides[g].held);
  const rows = groups.sums.reduce((a, s, g) => a + (sides[g].held ? s.n : 0), 0);
  if (fitting.length === 0) throw new DataError('INVALID_SPEC', `split intervals hold back about a quarter of the rows for calibration, by a hash of each row; all ${thousands(rows)} rows kept fell there, none is left to fit — use more rows, or 'cv+' intervals in memory`, { source: 'source' });
  const fitTotal = statsFromSums(addShiftedSums(fitting));
  const calibration: SourceCalibration = {
    stats: fold === undefined ? fitTotal : { ...fitTotal, folds: foldStats((g) => !sides[g].held) },
    rows,
    design: { from, where: design.where, features: design.features, target: design.target as string, hash: splitHash, buckets, ...(weight === undefined ? {} : { weight }) },
  };
  return { stats, ...base, calibration };
}

/**
 * The absolute residuals |y − ŷ| of a model on the rows a source held back (`calibrate`), computed
 * by the engine from the recipe's SQL — only the features the model uses enter ŷ — over rows of
 * positive weight, at most `limit` of them: those first in the order of their split hash (a
 * sample that does not look at the residuals; the hash's ties by the residual).
 *
 * Cost: one scan of the source, and the engine's top-`limit` of the held-back rows.
 */
export function calibrationResidualsQuery(cal: SourceCalibration, model: { readonly coef: ArrayLike<number>; readonly intercept: number }, limit: number, d: Dialect): string {
  const { design } = cal;
  const terms = Array.from(model.coef, (b, j) => (b === 0 ? null : `${d.number(b)} * (${design.features[j]})`)).filter((t) => t !== null);
  const fitted = [d.number(model.intercept), ...terms].join(' + ');
  const where = [...design.where, `${design.hash} % ${design.buckets} = 0`, ...(design.weight === undefined ? [] : [`${design.weight} > 0`])];
  const [r, h] = [inner('r'), inner('h')];
  return `SELECT ${r} AS r FROM (\n  SELECT abs((${design.target}) - (${fitted})) AS ${r}, ${design.hash} AS ${h}\n  FROM ${design.from}\n  WHERE ${where.join('\n    AND ')}\n) AS calibration\nORDER BY ${h}, ${r}\nLIMIT ${limit}`;
}

/**
 * The one row of aggregates over a source, `entries` (select items, up to three aggregates each)
 * split over several scans when a wide design has many: PostgreSQL allows 1,664 select items.
 */
async function aggregateRow(runner: Runner, from: string, entries: readonly string[]): Promise<Record<string, unknown>> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < entries.length; i += PROFILE_ENTRIES) Object.assign(row, (await runner.query(`SELECT ${entries.slice(i, i + PROFILE_ENTRIES).join(', ')} FROM ${from}`))[0]);
  return row;
}

/** Whether statistics hold only finite numbers (an infinite value, or sums that overflow, make them not). */
function finiteStats(s: SufficientStats): boolean {
  if (!Number.isFinite(s.yMean) || !Number.isFinite(s.yty)) return false;
  for (let j = 0; j < s.p; j++) if (!Number.isFinite(s.xMean[j]) || !Number.isFinite(s.xtx[j * s.p + j])) return false;
  return true;
}

/** Beyond this magnitude a value's square overflows a double (as in memory, where such feature values are refused). */
const OVERFLOWS = 1e154;

/**
 * Refuses the first of `columns` (numeric, used) holding a value no fit can use, named: an
 * infinite one — DuckDB reads "inf" or "Infinity" in a CSV as a number, where the in-memory reader
 * refuses the cell — or one whose square overflows a double. One scan (more for a wide design),
 * run only when the profile, the pilot or the statistics came out non-finite.
 */
async function refuseUnusable(runner: Runner, from: string, columns: readonly string[]): Promise<never> {
  const d = runner.dialect;
  const flag = (c: string, bound: string) => `max(CASE WHEN abs(${d.double(d.ident(c))}) > ${bound} THEN 1 ELSE 0 END)`;
  const nan = (c: string) => `max(CASE WHEN ${d.isNaN(d.double(d.ident(c)))} THEN 1 ELSE 0 END)`;
  const row = await aggregateRow(runner, from, columns.map((c, i) => `${nan(c)} AS ${inner(`nan${i}`)}, ${flag(c, '1.7976931348623157e308')} AS ${inner(`inf${i}`)}, ${flag(c, String(OVERFLOWS))} AS ${inner(`big${i}`)}`));
  const found = (kind: string) => columns.findIndex((_, i) => toNumber(row[inner(`${kind}${i}`)], kind) === 1);
  // NaN first: DuckDB and PostgreSQL order it above every number, so it is "beyond" any bound too.
  const notANumber = found('nan');
  if (notANumber >= 0) throw new DataError('NOT_A_NUMBER', 'holds NaN (a value that is not a number), not a usable number', { source: 'source', column: columns[notANumber] });
  const infinite = found('inf');
  if (infinite >= 0) throw new DataError('NOT_A_NUMBER', 'holds an infinite value ("inf", "Infinity" or a number beyond ±1.8e308), not a usable number', { source: 'source', column: columns[infinite] });
  const big = found('big');
  if (big >= 0) throw new DataError('NOT_A_NUMBER', `holds values beyond ±${OVERFLOWS.toExponential()} whose squares overflow a double; rescale the column`, { source: 'source', column: columns[big] });
  throw new DataError('NOT_A_NUMBER', 'the sums of the statistics overflow a double; rescale the largest columns', { source: 'source' });
}

/**
 * The values the steps learn from the kept rows, in the recipe's order: imputation (the mean from
 * the profile, the median by a quantile query), then clip bounds (quantiles of the imputed
 * values), then the log's domain checked from what the profile, imputation and clip imply.
 *
 * Cost: one scan per kind of quantile asked for (none when there is nothing to fit).
 */
async function fitStepValues(
  runner: Runner,
  from: string,
  whereKeep: string,
  pr: Profile,
  ctx: { used: readonly string[]; imputes: readonly string[]; raw: (c: string) => string; policy: NonNullable<SourceSpec['missing']>; clip: SourceSpec['clip']; log: SourceSpec['log']; approximate: boolean },
): Promise<{ imputed: Map<string, number>; bounds: Map<string, readonly [number, number]> }> {
  const { used, raw, policy, approximate } = ctx;
  const imputed = new Map<string, number>();
  const bounds = new Map<string, readonly [number, number]>();
  const { imputes } = ctx;
  const medians = policy === 'median' ? imputes : [];
  const medianValues = await quantileQuery(runner, from, whereKeep, medians.map((c) => ({ expr: raw(c), qs: [0.5], n: pr.inKept[used.indexOf(c)] })), approximate);
  imputes.forEach((c) => {
    const i = used.indexOf(c);
    if (pr.inKept[i] === 0) throw new DataError('MISSING_VALUE', 'every value is missing; nothing to impute from', { source: 'source', column: c });
    imputed.set(c, policy === 'median' ? medianValues[medians.indexOf(c)][0] : pr.mean[i]);
  });
  const clips = Object.entries(ctx.clip ?? {});
  const imputedExpr = (c: string) => (imputed.has(c) ? runner.dialect.coalesce(raw(c), imputed.get(c) as number) : raw(c));
  const clipValues = await quantileQuery(runner, from, whereKeep, clips.map(([c, q]) => ({ expr: imputedExpr(c), qs: q, n: imputed.has(c) ? pr.kept : pr.inKept[used.indexOf(c)] })), approximate);
  clips.forEach(([c], t) => bounds.set(c, [clipValues[t][0], clipValues[t][1]]));
  for (const c of ctx.log ?? []) checkLogDomain(c, pr, used.indexOf(c), imputed.get(c), bounds.get(c));
  return { imputed, bounds };
}

/**
 * The profile of a stream of the raw numeric columns under the 'error' policy: every row is kept
 * and complete, and the feature ranges are the streamed ones (used order: the target, then the features).
 */
function profileFromStream(streamed: GroupSums & { ranges?: StreamedRanges }, featureOf: readonly number[]): Profile {
  const { lo, hi } = streamed.ranges as StreamedRanges;
  const n = streamed.sums.reduce((a, s) => a + s.n, 0);
  const used = featureOf.length;
  // Ranges are kept for the numeric features only, as the profiling scan does (the target's and a
  // categorical column's are NaN); a used column's feature is its streamed column (−1: none).
  // (A NaN value stops the stream: its accumulator refuses sums that are not finite.)
  const order = (v: Float64Array) => featureOf.map((j, i) => (i === 0 || j < 0 ? NaN : v[j]));
  return { n, kept: n, all: Array<number>(used).fill(n), inKept: Array<number>(used).fill(n), lo: order(lo), hi: order(hi), mean: Array<number>(used).fill(NaN), foldPresent: 0, sawNaN: false };
}

/** Missing values against the policy: an error naming the column (and what to do), or fine. */
function checkMissing(profile: Profile, used: readonly string[], categorical: ReadonlySet<string>, policy: SourceSpec['missing']): void {
  used.forEach((c, i) => {
    const count = policy === 'error' ? profile.n - profile.all[i] : profile.kept - profile.inKept[i];
    if (count === 0 || (policy !== 'error' && policy !== 'drop' && !categorical.has(c))) return;
    const hint = policy === 'error' && !categorical.has(c) ? POLICY_ASKED : "(a categorical column needs the 'drop' missing-value policy)";
    throw new DataError('MISSING_VALUE', `${count} value${count === 1 ? ' is' : 's are'} missing ${hint}`, { source: 'source', column: c });
  });
}

/** log needs values > 0: the smallest value it sees follows from the profile, the imputed value and the clip bounds. */
function checkLogDomain(c: string, profile: Profile, i: number, imputed: number | undefined, bounds: readonly [number, number] | undefined): void {
  let lowest = profile.lo[i];
  if (imputed !== undefined && profile.inKept[i] < profile.kept) lowest = Math.min(lowest, imputed);
  if (bounds !== undefined) lowest = Math.min(bounds[1], Math.max(bounds[0], lowest));
  if (!(lowest > 0)) throw new DataError('OUT_OF_DOMAIN', `log needs values > 0; the smallest is ${lowest}`, { source: 'source', column: c, value: String(lowest) });
}

/** Quantiles of several expressions over the kept rows in one scan (none asked: no scan). */
async function quantileQuery(runner: Runner, from: string, where: string, asks: readonly { expr: string; qs: readonly number[]; n: number }[], approximate: boolean): Promise<number[][]> {
  if (asks.length === 0) return [];
  const items = asks.map((a) => runner.dialect.quantiles(a.expr, a.qs, a.n, approximate));
  const row = await one(runner, `SELECT ${items.map((q, t) => `${q.sql} AS ${inner(`q${t}`)}`).join(', ')} FROM ${from}${where}`);
  return items.map((q, t) => q.read(row[inner(`q${t}`)]));
}

/**
 * A fold column's labels as fold indices 0 … K − 1 (a CASE over its distinct values, at most
 * MAX_FOLDS), as memory's designFolds numbers them: a cell is its label as a level (data's
 * `levelOf`: trimmed, a number in its canonical form — "1" and "1.0" one fold, "0x1" another),
 * labels in sortLevels' order; a blank cell has no fold (NULL, as a missing one).
 */
async function foldIndexSql(runner: Runner, from: string, column: string, numeric: boolean, where: string): Promise<{ sql: string; count: number; asIs: string | null }> {
  const d = runner.dialect;
  const cell = numeric ? d.double(d.ident(column)) : d.asText(d.ident(column));
  const rows = await runner.query(`SELECT DISTINCT ${cell} AS ${inner('v')} FROM ${from}${where} LIMIT ${MAX_FOLDS + 1}`);
  // Each value as written in SQL, with its label (a blank cell has none).
  const values = rows.flatMap(({ [inner('v')]: v }) => {
    if (v === null || v === undefined) return [];
    const label = numeric ? String(toNumber(v, column)) : levelOf(String(v));
    return label === '' ? [] : [{ literal: numeric ? d.number(toNumber(v, column)) : d.text(String(v)), label }];
  });
  const labels = sortLevels(values.map((x) => x.label));
  if (labels.length > MAX_FOLDS) throw new DataError('INVALID_SPEC', `the fold column has more than ${MAX_FOLDS} distinct values; is it really a fold?`, { source: 'source', column });
  const index = new Map(labels.map((l, k) => [l, k]));
  const whens = values.map(({ literal, label }) => `WHEN ${cell} = ${literal} THEN ${index.get(label)}`);
  // Numbers: grouping by the column itself gives the same folds in the same order — and lets a
  // partitioned table's shards each sum their own (postgres_fdw pushes GROUP BY "fold" down, not a CASE).
  const asIs = numeric ? d.ident(column) : null;
  return { sql: whens.length === 0 ? 'CAST(NULL AS INTEGER)' : `CASE ${whens.join(' ')} END`, count: labels.length, asIs };
}

/**
 * Aggregates over the weights (`inner('w')` in the statistics query's rows) that tell whether they are usable:
 * missing, negative or not finite (NaN fails both comparisons: engines order it above every number
 * or compare it false), and positive.
 */
const WEIGHT_CHECKS = ((w) => [
  `sum(CASE WHEN ${w} IS NULL THEN 1 ELSE 0 END) AS w_missing`,
  `sum(CASE WHEN ${w} IS NOT NULL AND NOT (${w} >= 0 AND ${w} <= 1e308) THEN 1 ELSE 0 END) AS w_bad`,
  `sum(CASE WHEN ${w} > 0 AND ${w} <= 1e308 THEN 1 ELSE 0 END) AS w_positive`,
])(inner('w'));

/** The weights' counts of {@link WEIGHT_CHECKS} over the groups (folds) of the rows kept. */
function weightCounts(rows: readonly Record<string, unknown>[]): WeightCounts {
  const total = (key: string) => rows.reduce((a, r) => a + (r[key] === null || r[key] === undefined ? 0 : toNumber(r[key], key)), 0);
  return { missing: total('w_missing'), bad: total('w_bad'), positive: total('w_positive') };
}

/** Weights over the rows the policy keeps: every value present, finite and ≥ 0, and not all zero — else a DataError naming the column and the count. */
function refuseWeights({ missing, bad, positive }: WeightCounts, column: string): void {
  if (missing > 0) throw new DataError('MISSING_VALUE', `${missing} weight${missing === 1 ? ' is' : 's are'} missing in the rows kept (every row needs a weight ≥ 0)`, { source: 'source', column });
  if (bad > 0) throw new DataError('NOT_A_NUMBER', `${bad} weight${bad === 1 ? ' is' : 's are'} negative or not finite (weights must be finite numbers ≥ 0)`, { source: 'source', column });
  if (positive === 0) throw new DataError('INVALID_SPEC', 'every weight is 0 in the rows kept; nothing to fit', { source: 'source', column });
}

/**
 * The weights column checked by a scan of its own (a stream stopped by a missing weight: the
 * count for the message). Throws as {@link refuseWeights} does.
 *
 * Cost: one scan of the column.
 */
async function checkWeights(runner: Runner, from: string, column: string, whereKeep: string): Promise<void> {
  const d = runner.dialect;
  const rows = await runner.query(`SELECT ${WEIGHT_CHECKS.join(', ')} FROM (SELECT ${d.double(d.ident(column))} AS ${inner('w')} FROM ${from}${whereKeep}) AS weights`);
  refuseWeights(weightCounts(rows), column);
}

/** Most rows whose id-named columns an engine counts for the id warning (its DISTINCT holds them all: ~16 MB). */
const MAX_ID_CHECK_ROWS = 1_000_000;

/**
 * The id warning (data's `idWarning`) for a numeric column named as an id, from the engine's
 * counts over the kept rows: every present value a whole number and none repeated, in 3 rows or more.
 */
async function idCheck(runner: Runner, from: string, column: string, whereKeep: string): Promise<string | null> {
  const d = runner.dialect;
  const x = inner('x');
  const r = await one(runner, `SELECT count(${x}) AS c, count(DISTINCT ${x}) AS u, sum(CASE WHEN ${x} <> floor(${x}) THEN 1 ELSE 0 END) AS f FROM (SELECT ${d.double(d.ident(column))} AS ${x} FROM ${from}${whereKeep}) AS ids`);
  const [c, u, f] = [Number(r.c), Number(r.u), Number(r.f ?? 0)];
  return c >= 3 && u === c && f === 0 ? idColumnWarning(column, c) : null;
}

async function one(runner: Runner, sql: string): Promise<Record<string, unknown>> {
  const rows = await runner.query(sql);
  if (rows.length !== 1) throw new LassoKitError('ENGINE_ERROR', `expected one row from the engine; got ${rows.length}`, { sql });
  return rows[0];
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, v) => a + v, 0) / values.length;
}

/** Rows DuckDB's CSV sniffer reads to infer types (a column empty in all of them is inferred as text). */
const SNIFF_ROWS = 20_480;

/**
 * Which of these columns, inferred as text where numbers are needed, hold no value at all. A CSV
 * with a header and no rows (every column then text) is refused as empty. The sniffed rows are
 * looked at first: a column with a value among them is text indeed (no full scan before that
 * error); only a column empty there is counted over the whole source.
 */
async function entirelyMissing(runner: Runner, from: string, columns: readonly string[]): Promise<string[]> {
  const d = runner.dialect;
  const empty = ([row]: Record<string, unknown>[]) => columns.filter((_, i) => toNumber(row[inner(`n${i}`)], 'count') === 0);
  const counting = columns.map((c, i) => `count(${d.ident(c)}) AS ${inner(`n${i}`)}`).join(', ');
  const sampled = await runner.query(`SELECT count(*) AS ${inner('n')}, ${counting} FROM (SELECT * FROM ${from} LIMIT ${SNIFF_ROWS}) AS sniffed`);
  const rows = toNumber(sampled[0][inner('n')], 'count');
  if (rows === 0) throw new DataError('EMPTY_INPUT', 'has no data rows', { source: 'source' });
  const candidates = empty(sampled);
  if (candidates.length === 0 || rows < SNIFF_ROWS) return candidates;
  // Counted over the whole source only where the sample left a doubt (all the text columns at once: the scan costs the same).
  const emptyInWhole = empty(await runner.query(`SELECT ${counting} FROM ${from}`));
  return candidates.filter((c) => emptyInWhole.includes(c));
}
