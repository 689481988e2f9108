import { LassoKitError, isCsc, relaxedLassoCV, elasticNetCV, minimumIntervalRows, predict, predictInterval, stabilitySelection, stabilityReport, type CVResult, type StabilityReport, type CscMatrix, type DenseMatrix, type ElasticNetCVOptions, type ErrorCode, type StabilityOptions, type StabilityResult } from '@lassokit/core';
import { buildDesign, dataFix, formattedNumber, isDateCell, isIdName, numberParser, parseDecimalComma, parseNumber, parseTable, trainModel, unnamedOf, withFix, type DecimalMark, type Design, type FixWords, type Table } from '@lassokit/data';

/** Files above this size are refused with the size named (parsing happens in a worker below it). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

export interface Inspection {
  readonly columns: readonly string[];
  readonly preview: readonly (readonly (string | null)[])[];
  readonly rows: number;
  /** Columns whose every present value is a number. */
  readonly numeric: readonly string[];
  /**
   * Text columns that look like identifiers — nearly every value distinct, or more than
   * {@link MAX_PRESELECTED_LEVELS} levels — with their distinct counts. The page does not pre-select
   * them (one-hot encoding would add a column per row) and says why.
   */
  readonly identifierLike: readonly { readonly column: string; readonly distinct: number }[];
  /**
   * Text columns whose every value is a date or a time (2023-08-09, 10-Apr-2021, 12:30): not
   * numbers and not categories. Not ticked; the page says how to use one (a number made from it).
   */
  readonly dates: readonly string[];
  /**
   * Columns of numbers written for people ("$2,198", "6.54%", "1.234,5"; data's `formattedNumber`),
   * beside plain numbers: not categories, and not read as numbers (a comma may be a thousands
   * separator or a decimal one), with the first such cell, how it reads plainly, and what to take
   * out. Not ticked; the page says how to use one (write it plainly).
   */
  readonly formatted: readonly { readonly column: string; readonly example: string; readonly plain: string; readonly marks: string }[];
  /**
   * Numeric columns that number the rows rather than describe them: 1, 2, 3, … or 0, 1, 2, … down
   * the file (over at least {@link MIN_COUNTING_ROWS} rows; a run of years is data, a trend), or
   * named as an id (data's `isIdName`: id, customer_id, userId) with every value a distinct whole
   * number. Neither target nor ticked.
   */
  readonly numericIds: readonly string[];
  /**
   * Columns the header leaves unnamed (named `column` and their position, as the CLI and DuckDB
   * name them), and whether they hold no value: a spreadsheet's trailing empty columns, the row
   * index pandas' `to_csv` writes first. Neither target nor ticked: the page says why.
   */
  readonly unnamed: readonly { readonly column: string; readonly empty: boolean }[];
  /** The delimiter the file was read with (detected from the header line unless chosen). */
  readonly delimiter: Exclude<Delimiter, 'auto'>;
  /** The decimal mark numbers were read with (detected unless chosen: see {@link detectDecimal}). */
  readonly decimal: DecimalMark;
  /**
   * Odd tokens read as missing in columns that are otherwise numbers (e.g. '?' in the UCI
   * Auto-MPG horsepower), with where and how often: such a column is numeric, not categorical.
   */
  readonly missingTokens: readonly { readonly token: string; readonly columns: readonly string[]; readonly count: number }[];
}

/**
 * Column names that say "this is what to predict", most telling first: the generic names, then what
 * well-known regression tables predict (house prices, insurance charges, Boston's medv, Auto-MPG's
 * mpg). Compared in any case without spaces, '_', '-' or '.' (SalePrice, sale_price, Sale Price).
 */
const TARGET_NAMES = [['y', 'target', 'label', 'outcome', 'response'], ['price', 'saleprice', 'sales', 'salary', 'charges', 'revenue', 'income', 'cost', 'medv', 'mpg', 'quality']];
const nameKey = (c: string) => c.toLowerCase().replace(/[\s_.-]+/g, '');

/**
 * The target the page starts with: a named numeric column called as targets conventionally are
 * ({@link TARGET_NAMES}, the generic names first), else the first named numeric column, else the
 * first column. Unnamed columns (a pandas index) and row numbers or ids are never guessed.
 */
export function guessTarget(inspection: Pick<Inspection, 'columns' | 'numeric' | 'unnamed' | 'numericIds'>): string {
  const skipped = new Set([...inspection.unnamed.map((d) => d.column), ...inspection.numericIds]);
  const candidates = inspection.numeric.filter((c) => !skipped.has(c));
  for (const names of TARGET_NAMES) {
    const named = candidates.find((c) => names.includes(nameKey(c)));
    if (named !== undefined) return named;
  }
  return candidates[0] ?? inspection.numeric[0] ?? inspection.columns[0];
}

/** Fewest rows over which a column counting 1, 2, 3, … is taken for a row number (a short table's may be data). */
export const MIN_COUNTING_ROWS = 10;

/**
 * Whether a numeric column numbers the rows (see {@link Inspection.numericIds}): every row present,
 * every value a whole number, and either counting the rows from 0 or 1 or, under an id's name, none
 * repeated.
 */
function isNumericId(name: string, values: readonly (string | null)[], parseCell: (v: string) => number): boolean {
  const xs: number[] = [];
  for (const v of values) {
    const x = v === null ? NaN : parseCell(v);
    if (!Number.isInteger(x)) return false;
    xs.push(x);
  }
  if (xs.length >= MIN_COUNTING_ROWS && (xs[0] === 0 || xs[0] === 1) && xs.every((x, i) => x === xs[0] + i)) return true;
  return isIdName(name) && new Set(xs).size === xs.length;
}

/** Field delimiters the page offers; 'auto' detects from the header line. */
export type Delimiter = 'auto' | ',' | ';' | '\t';

/** Decimal marks the page offers; 'auto' detects from the cells (see {@link detectDecimal}). */
export type Decimal = 'auto' | DecimalMark;

/** Text columns with more levels than this are not pre-selected as categorical features. */
export const MAX_PRESELECTED_LEVELS = 50;

export interface FitSpec {
  /** The delimiter the file was inspected with (default: detected again). */
  readonly delimiter?: Delimiter;
  /** The decimal mark the file was inspected with (default: a point); recorded in the model's recipe. */
  readonly decimal?: DecimalMark;
  /** Per column, extra tokens read as missing (the inspection's, by {@link tokensByColumn}); recorded in the model's recipe. */
  readonly missingTokens?: Readonly<Record<string, readonly string[]>>;
  readonly target: string;
  readonly features: readonly string[];
  readonly categorical: readonly string[];
  readonly missing: 'error' | 'drop' | 'mean' | 'median';
}

export interface FitOutcome {
  readonly featureNames: readonly string[];
  readonly alphas: readonly number[];
  readonly coef: readonly (readonly number[])[];
  readonly df: readonly number[];
  readonly cvMean: readonly number[];
  readonly cvSe: readonly number[];
  readonly indexMin: number;
  readonly index1se: number;
  /** The model refit at alphaMin, as the model file CLI and API read. */
  readonly model: unknown;
  /** Typed arrays, so the worker can transfer them instead of copying 10⁵ numbers. */
  readonly actual: Float64Array;
  readonly predicted: Float64Array;
  /**
   * 90 % CV+ prediction intervals of the rows (the model file keeps what other levels need); null
   * when the rows are too few for a finite 90 % interval (fewer than {@link INTERVAL_MIN_ROWS}).
   */
  readonly lower: Float64Array | null;
  readonly upper: Float64Array | null;
  readonly rowsUsed: number;
  readonly notes: readonly string[];
  /**
   * The relaxed Lasso on the same folds: its (α, γ) and minimum CV error beside the Lasso's. Absent
   * for sparse designs (its least-squares refits need dense columns).
   */
  readonly relaxed?: { readonly alpha: number; readonly gamma: number; readonly cvError: number; readonly lassoCvError: number };
}

/** A problem with the user's file, phrased as what is wrong and how to fix it. */
export class FileProblem extends Error {
  override readonly name = 'FileProblem';
}

/** Checks the file before reading it: empty, too large or not text. */
export function checkFile(name: string, size: number, head: Uint8Array): void {
  if (size === 0) throw new FileProblem(`${name} is empty. Choose a CSV file with a header row and at least two data rows.`);
  if (size > MAX_FILE_BYTES) {
    throw new FileProblem(`${name} is ${(size / 1048576).toFixed(0)} MB; this page fits files up to ${MAX_FILE_BYTES / 1048576} MB. For larger files (or Parquet) use the CLI: \`lassokit fit ${name} --target … --engine duckdb\` reads it out of core and fits from its statistics.`);
  }
  // Parquet begins with the magic bytes "PAR1".
  if (/\.parquet$/i.test(name) || (head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31)) {
    throw new FileProblem(`${name} is a Parquet file; this page reads CSV. Export the table as CSV, or fit the Parquet file with the CLI: \`lassokit fit ${name} --target …\` (DuckDB reads it).`);
  }
  if (head.includes(0)) throw new FileProblem(`${name} is not a text file (it contains binary data). Export your table as CSV and try again.`);
}

/** Most distinct odd tokens a numeric column may have for them to be read as missing markers. */
const MAX_MISSING_TOKENS = 3;
/** Longest such token ('?', '-', 'n/a', 'missing'). */
const MAX_MISSING_TOKEN_LENGTH = 8;

/**
 * Parses the text and summarizes it for the column pickers. A column of numbers with a few rows
 * holding one short odd token ('?', '-', 'x') reads that token as missing (as pandas' `na_values`
 * would be told to), so it stays numeric — the missing-value policy then applies — rather than
 * becoming a categorical column with a level per number. A token with a digit ("5+", "<1") is a
 * value, not a marker: its column stays text.
 */
export function inspectCsv(text: string, source: string, delimiter: Delimiter = 'auto', decimalChoice: Decimal = 'auto'): Inspection {
  const table = parse(text, source, delimiter);
  const decimal = decimalChoice === 'auto' ? detectDecimal(table) : decimalChoice;
  const parseCell = numberParser(decimal);
  const tokens = oddTokens(table, parseCell);
  const byColumn = tokensByColumn(tokens);
  // One parse: a column's own tokens are missing values, not text.
  const isPresent = (name: string) => (v: string | null): v is string => v !== null && !(byColumn[name]?.includes(v) ?? false);
  const unnamed = unnamedOf(table, []).map((c) => ({ column: c.name, empty: c.example === null }));
  const unnamedNames = new Set(unnamed.map((d) => d.column));
  const numeric: string[] = [];
  const numericIds: string[] = [];
  const dates: string[] = [];
  const formatted: Inspection['formatted'][number][] = [];
  const identifierLike: { column: string; distinct: number }[] = [];
  // Each column's present cells once, then what they are: numbers (and among those, row numbers
  // or ids), dates, or text that looks like an identifier.
  table.columns.forEach((name, j) => {
    const cells = table.rows.map((r) => r[j]);
    const present = cells.filter(isPresent(name));
    if (present.length > 0 && present.every((v) => Number.isFinite(parseCell(v)))) {
      numeric.push(name);
      if (!unnamedNames.has(name) && isNumericId(name, cells, parseCell)) numericIds.push(name);
    } else if (present.length > 0 && present.every(isDateCell)) {
      dates.push(name);
    } else if (present.length > 0 && present.every((v) => Number.isFinite(parseCell(v)) || formattedNumber(v.trim()) !== undefined)) {
      const example = present.find((v) => !Number.isFinite(parseCell(v)))!.trim();
      formatted.push({ column: name, example, ...formattedNumber(example)! });
    } else {
      const distinct = new Set(present).size;
      if (distinct > MAX_PRESELECTED_LEVELS || (present.length >= 10 && distinct >= 0.9 * present.length)) identifierLike.push({ column: name, distinct });
    }
  });
  return { columns: table.columns, preview: table.rows.slice(0, 8), rows: table.rows.length, numeric, identifierLike, dates, formatted, numericIds, unnamed, delimiter: (table.delimiter ?? ',') as Exclude<Delimiter, 'auto'>, decimal, missingTokens: tokens };
}

/** Characters of a preview cell shown whole (the table's cells are this wide). */
export const PREVIEW_CELL_CHARS = 18;

/**
 * A preview cell as the table shows it. A number too long for the cell is rewritten with nine
 * significant digits, keeping its exponent: cut with "…", 1.34364244112401e-171 read as
 * "1.34364244112401…", a number that looks like 1.34. Text, and numbers that fit, are shown as
 * written (the whole cell is in its tooltip).
 */
export function previewCell(raw: string, numeric: boolean, decimal: DecimalMark): string {
  if (!numeric || raw.length <= PREVIEW_CELL_CHARS) return raw;
  const x = numberParser(decimal)(raw);
  if (!Number.isFinite(x)) return raw; // a missing-value token
  const short = x.toPrecision(9).replace(/(\.\d*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1');
  return decimal === ',' ? short.replace('.', ',') : short;
}

/** The inspection's missing tokens per column (what a fit's `missingTokens` takes). */
export function tokensByColumn(tokens: Inspection['missingTokens']): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const t of tokens) for (const c of t.columns) (out[c] ??= []).push(t.token);
  return out;
}

/** A decimal comma no thousands separator could be: not followed by exactly three digits (18,5 · 0,125 · 2,5e3), or after a lone 0. */
const UNAMBIGUOUS_COMMA = /,(\d{1,2}|\d{4,})([eE][-+]?\d+)?$|^[-+]?0,/;

/**
 * The decimal mark a table's numbers are written with: a comma when the fields are not split by
 * commas, some column is all numbers read with a decimal comma and has a comma no thousands
 * separator could be in one (18,5; a column of 1,234 alone may be either, so it is not read as 1.234), and
 * no column is all numbers read with a point and has a point in one (18.5) — a European
 * spreadsheet's export; otherwise a point.
 *
 * Cost: O(rows·columns).
 */
export function detectDecimal(table: Table): DecimalMark {
  if ((table.delimiter ?? ',') === ',') return '.';
  const writes = (j: number, mark: RegExp, parseCell: (v: string) => number) => {
    let marked = false;
    for (const row of table.rows) {
      const v = row[j];
      if (v === null) continue;
      if (!Number.isFinite(parseCell(v))) return false;
      marked ||= mark.test(v);
    }
    return marked;
  };
  const columns = table.columns.map((_, j) => j);
  return columns.some((j) => writes(j, UNAMBIGUOUS_COMMA, parseDecimalComma)) && !columns.some((j) => writes(j, /\./, parseNumber)) ? ',' : '.';
}

/** The odd tokens of columns that are ≥ 90 % numbers (see {@link inspectCsv}), merged over columns. */
function oddTokens(table: Table, parseCell: (v: string) => number): { token: string; columns: string[]; count: number }[] {
  const found = new Map<string, { token: string; columns: string[]; count: number }>();
  table.columns.forEach((name, j) => {
    const counts = new Map<string, number>();
    let present = 0;
    for (const row of table.rows) {
      const v = row[j];
      if (v === null) continue;
      present++;
      if (!Number.isFinite(parseCell(v))) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const odd = [...counts.values()].reduce((a, c) => a + c, 0);
    // A token with a digit is a value written otherwise ("5+" bedrooms, "<1"), never "no value".
    if (odd === 0 || odd > 0.1 * present || counts.size > MAX_MISSING_TOKENS || [...counts.keys()].some((t) => t.length > MAX_MISSING_TOKEN_LENGTH || /\d/.test(t))) return;
    for (const [token, count] of counts) {
      const entry = found.get(token) ?? { token, columns: [], count: 0 };
      entry.columns.push(name);
      entry.count += count;
      found.set(token, entry);
    }
  });
  return [...found.values()];
}

/** The prediction-interval level the page shows, and the fewest rows with a finite interval at it. */
export const INTERVAL_LEVEL = 0.9;
export const INTERVAL_MIN_ROWS = minimumIntervalRows(INTERVAL_LEVEL);

/** How the cross-validation runs: elasticNetCV in place, or (in the fit worker) folds in Web Workers. */
export type CvRunner = (X: DenseMatrix | CscMatrix, y: Float64Array, opts: ElasticNetCVOptions) => CVResult | Promise<CVResult>;

/** Fits the path and 10-fold CV (or fewer folds for few rows), refits at alphaMin and stores CV+ interval data. */
export async function fitCsv(
  text: string,
  source: string,
  spec: FitSpec,
  onProgress: (done: number, total: number) => void = () => {},
  runCv: CvRunner = elasticNetCV,
): Promise<FitOutcome> {
  const design = designOf(text, source, spec);
  const n = design.X.rows;
  const nFolds = Math.min(10, n);
  const cv = await runCv(design.X, design.y, { l1Ratios: [1], nFolds, seed: 0, onProgress });
  const { model, fit } = trainModel(design, { cv: { nFolds, seed: 0, select: 'min', result: cv }, source, intervals: 'cv+' });
  const notes = [...design.report.dropped.map((d) => `Dropped ${d.count} rows with ${d.reason}.`), ...design.report.imputed.map((i) => `Filled ${i.count} missing ${i.column} values with ${i.value.toPrecision(4)}.`), ...design.report.warnings];
  // With fewer rows no 90 % interval is finite: the fit stands without one (and says so).
  const iv = n >= INTERVAL_MIN_ROWS ? predictInterval({ ...fit, intervals: model.intervals }, design.X, { level: INTERVAL_LEVEL }) : null;
  return {
    featureNames: design.featureNames,
    alphas: Array.from(cv.alphas),
    coef: cv.path.coef.map((c) => Array.from(c)),
    df: Array.from(cv.path.df),
    cvMean: Array.from(cv.cvMean),
    cvSe: Array.from(cv.cvSe),
    indexMin: cv.indexMin,
    index1se: cv.index1se,
    model,
    actual: Float64Array.from(design.y),
    predicted: predict(fit, design.X),
    lower: iv?.lower ?? null,
    upper: iv?.upper ?? null,
    rowsUsed: n,
    notes,
    ...(isCsc(design.X) ? {} : relaxedSummary(design.X, design.y, cv, notes)),
  };
}

/**
 * The relaxed Lasso cross-validated on the Lasso's folds and grid, for the comparison line: its
 * refits bounded as glmnet bounds them (supports up to n − 3 features). A comparison the relaxed
 * Lasso refuses (its refits past their work bound, on wide near-duplicate columns) is left out
 * with a note: the Lasso's fit stands without it.
 */
function relaxedSummary(X: DenseMatrix, y: Float64Array, cv: CVResult, notes: string[]): Pick<FitOutcome, 'relaxed'> {
  try {
    const r = relaxedLassoCV(X, y, { foldIds: cv.foldIds, alphas: cv.alphas, maxRefitFeatures: Math.max(0, X.rows - 3) });
    const g = r.gammas.indexOf(r.gammaMin);
    return { relaxed: { alpha: r.alphaMin, gamma: r.gammaMin, cvError: r.cvMean[g][r.indexMin], lassoCvError: cv.cvMean[cv.indexMin] } };
  } catch (e) {
    if (!(e instanceof LassoKitError) || e.code !== 'DESIGN_TOO_LARGE') throw e;
    notes.push('The relaxed Lasso comparison is left out: its least-squares refits would take too long on this file (supports as wide as the rows, or columns that nearly repeat one another).');
    return {};
  }
}

/** What the stability view of an uploaded file shows. */
export type StabilityOutcome = StabilityReport;

/** How stability selection runs: in place, or (in the fit worker) half-samples in Web Workers. */
export type StabilityRunner = (X: DenseMatrix | CscMatrix, y: Float64Array, opts: StabilityOptions) => StabilityResult | Promise<StabilityResult>;

/** Stability selection of the file's design: 50 complementary pairs of half-samples (100 Lasso paths). */
export async function stabilityCsv(
  text: string,
  source: string,
  spec: FitSpec,
  onProgress: (done: number, total: number) => void = () => {},
  run: StabilityRunner = stabilitySelection,
): Promise<StabilityOutcome> {
  const design = designOf(text, source, spec);
  if (design.X.rows < 4) throw new FileProblem(`Only ${design.X.rows} usable rows: stability selection halves the data and needs at least 4.`);
  return stabilityReport(await run(design.X, design.y, { pairs: 50, seed: 0, nAlphas: 50, onProgress }), design.featureNames);
}

/** The design a spec asks for, with every problem phrased as what to do. */
function designOf(text: string, source: string, spec: FitSpec): Design<DenseMatrix | CscMatrix> {
  const table = parse(text, source, spec.delimiter);
  if (!table.columns.includes(spec.target)) throw new FileProblem(`Choose a target column: "${spec.target}" is not in the file.`);
  if (spec.features.length === 0) throw new FileProblem('Choose at least one feature column.');
  let design;
  try {
    // Only features can be categorical: a column ticked "categorical" but not used as a feature
    // must not be required by the model (the recipe would ask for it at predict time).
    const categorical = spec.categorical.filter((c) => spec.features.includes(c));
    design = buildDesign(table, { target: spec.target, features: spec.features, categorical, missing: spec.missing, missingTokens: spec.missingTokens, decimal: spec.decimal });
  } catch (e) {
    // A fix the data package knows (text in a numeric feature or in the target, a missing-value
    // mark, a missing value under 'stop with an error', a missing target) in this page's words;
    // else a hint by code.
    const roles = { target: spec.target };
    throw new FileProblem(dataFix(e, roles) === undefined ? hint(e as Error) : `${(withFix(e, roles, PAGE_WORDS) as Error).message}.`);
  }
  const n = design.X.rows;
  if (n < 3) throw new FileProblem(`Only ${n} usable row${n === 1 ? '' : 's'}: a model needs at least 3 rows (10 or more to cross-validate well).`);
  return design;
}

/** Charts on wide data show this many features unless the visitor asks for all. */
export const TOP_K = 20;

/**
 * The `k` features (column indices, in their original order) with the largest score: for a path,
 * the largest |value| anywhere along it; for one α, |value| there. Keeps a chart of thousands of
 * one-hot columns readable and fast; "show all" lifts it.
 *
 * Cost: O(rows·p + p log p).
 */
export function topFeatures(values: readonly (readonly number[])[], k: number): number[] {
  const p = values[0]?.length ?? 0;
  if (p <= k) return Array.from({ length: p }, (_, j) => j);
  const score = new Float64Array(p);
  for (const row of values) for (let j = 0; j < p; j++) score[j] = Math.max(score[j], Math.abs(row[j]));
  return Array.from({ length: p }, (_, j) => j)
    .sort((a, b) => score[b] - score[a] || a - b)
    .slice(0, k)
    .sort((a, b) => a - b);
}

/** Predictions as CSV text (actual, prediction and its 90 % interval, in row order of the rows used). */
export function predictionsCsv(outcome: Pick<FitOutcome, 'actual' | 'predicted' | 'lower' | 'upper'>): string {
  const { lower, upper } = outcome;
  if (lower === null || upper === null) return `actual,prediction\n${Array.from(outcome.actual, (a, i) => `${a},${outcome.predicted[i]}\n`).join('')}`;
  const lines = Array.from(outcome.actual, (a, i) => `${a},${outcome.predicted[i]},${lower[i]},${upper[i]}`);
  return `actual,prediction,lower90,upper90\n${lines.join('\n')}\n`;
}

function parse(text: string, source: string, delimiter: Delimiter = 'auto'): Table {
  try {
    return parseTable(text, { source, delimiter });
  } catch (e) {
    throw new FileProblem(hint(e as Error));
  }
}

/**
 * Each fix of a file's data error in this page's words: the control that does it (the CLI names
 * its flag, the API its field, from the same rules in the data package).
 */
export const PAGE_WORDS: FixWords = {
  categorical: (column) => `if "${column}" is text (a category, a name), tick "categorical" beside it or untick it as a feature`,
  missingMark: (mark) => `if "${mark}" marks a missing value, leave those cells empty in the file (this page reads a mark as missing only where it is rare in its column) or untick the column`,
  missingPolicy: '(choose drop or a fill under Missing values)',
  dropMissingTarget: 'choose "drop those rows" under Missing values (rows without a target cannot be used)',
  numericTarget: (column) => `"${column}" is the target and must be numbers: choose a numeric column to predict`,
  date: (column) => `if "${column}" holds dates or times, untick it as a feature (a date is not a number: to use it, add a numeric column made from it to the file, such as the year)`,
  formattedNumber: (plain, marks) => `${marks} in a number: save the file with it written plainly (${plain})`,
  decimalComma: (plain) => `if the file writes numbers with a decimal comma (${plain}), choose "comma" as the decimal mark above`,
};

/** A data error rephrased with what to do about it. */
function hint(e: Error): string {
  const code = e instanceof LassoKitError ? e.code : undefined;
  const fixes: Partial<Record<ErrorCode, string>> = {
    EMPTY_INPUT: 'Choose a CSV file with a header row and data rows.',
    NOT_TEXT: 'Choose a text file with comma- or tab-separated values.',
    RAGGED_ROWS: 'Every row needs as many values as the header has columns; check for stray commas or quotes.',
    DUPLICATE_COLUMN: 'Rename one of the columns so every header is unique.',
    NOT_A_NUMBER: 'Mark that column as categorical, leave it out, or fix the value.',
    MISSING_VALUE: 'Choose how to handle missing values: drop those rows, or fill them with the mean or median.',
    TOO_MANY_LEVELS: 'That column is probably an identifier; leave it out of the features.',
    UNKNOWN_COLUMN: 'Pick columns from the file.',
    OUT_OF_DOMAIN: 'Leave that column out or fix the value.',
    NON_FINITE: 'Rescale that column (its values are too large to square).',
  };
  // A message that already says to rescale (a column too large or too small to square) gets no
  // second remedy: it had read "…; rescale the column. Rescale that column (…)".
  if (/\brescale\b/i.test(e.message)) return `${e.message}.`;
  // A value out of range by magnitude (details.maxAbs: a column too small to square) is fixed by
  // rescaling, not by leaving a value out.
  const tooSmall = code === 'OUT_OF_DOMAIN' && (e as LassoKitError).details?.maxAbs !== undefined;
  const fix = tooSmall ? 'Rescale that column (its values are too small to square).' : code !== undefined ? fixes[code] : undefined;
  return `${e.message}. ${fix ?? ''}`.trim();
}
