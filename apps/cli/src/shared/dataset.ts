import { buildDesign, buildNumericDesign, designFolds, designWeights, parseTable, readMatrixMarket, readSvmlight, readTarget, withFix, type Design, type DesignFolds, type FixWords, type RecipeReport, type Table } from '@lassokit/data';
import type { CscMatrix, DenseMatrix } from '@lassokit/core';
import { UsageError } from './errors.js';
import { MAX_TEXT_BYTES, readInput } from './io.js';
import { refuseDecimalComma, type ModelFlags } from './flags.js';
import { note, num } from './output.js';
import { isParquet } from '@lassokit/sql';
import { parquetTable } from './parquetTable.js';

/** A training design read from a CSV file (or stdin) as the flags describe, with its weights. */
export interface LoadedDesign {
  readonly design: Design<DenseMatrix | CscMatrix>;
  readonly weights: Float64Array | undefined;
  /** The CV folds of the kept rows, from `--fold-column`. */
  readonly folds?: DesignFolds;
  readonly source: string;
}

/**
 * Reads and prepares a training CSV; prints the recipe's report (drops, imputations, warnings) to
 * stderr. All-numeric files take the memory-lean path (one Float64Array per column, the same
 * design); anything else, and every error report, goes through the general table.
 */
export async function loadDesign(file: string, flags: ModelFlags & { readonly foldColumn?: string }): Promise<LoadedDesign> {
  try {
    return await readDesign(file, flags);
  } catch (e) {
    throw withFix(e, flags, flagWords(flags));
  }
}

async function readDesign(file: string, flags: ModelFlags & { readonly foldColumn?: string }): Promise<LoadedDesign> {
  requireTarget(flags);
  if (flags.targetFile !== undefined) throw new UsageError(`--target-file is for Matrix Market (.mtx) designs; ${file} is a CSV: name its target column with --target`);
  if (flags.zeroBased) throw new UsageError(`--zero-based is for svmlight files; ${file} is a CSV`);
  // A Parquet file read in memory (--engine memory, or what only rows allow: intervals, relax,
  // stability) comes as the table a CSV of its rows would give.
  if (isParquet(file)) {
    refuseDecimalComma(flags.decimal, `${file}, a Parquet file,`);
    return designOf(await parquetTable(file), flags);
  }
  const { text, source } = readInput(file, (bytes) => {
    // A sample of the rows that fits (by their share of the bytes, with room to spare).
    const percent = Math.max(1, Math.floor((90 * MAX_TEXT_BYTES) / Math.max(bytes, 1)));
    const sample = `COPY (SELECT * FROM '${file.replace(/'/g, "''")}' USING SAMPLE ${percent} PERCENT (bernoulli)) TO 'sample.csv'`;
    return `fit, cv and path read a file of any size from statistics (--engine duckdb); what needs the rows in memory (--relax, --intervals cv+, --loss mae, stability) can fit a sample of them (in DuckDB: ${sample})`;
  });
  const lean = !flags.categorical?.length && (flags.missing === 'error' || flags.missing === 'drop') && flags.weights === undefined && flags.na === undefined && flags.decimal !== ',' && flags.foldColumn === undefined;
  const fast = lean ? buildNumericDesign(text, { target: flags.target, features: flags.features, exclude: flags.exclude, missing: flags.missing as 'error' | 'drop', source }) : null;
  if (fast !== null) {
    printReport(fast.report);
    return { design: fast, weights: undefined, source };
  }
  return designOf(parseTable(text, { source }), flags);
}

/** The design, weights and folds of a table as the flags describe (the general path: categorical columns, tokens, weights, folds). */
function designOf(table: Table, flags: ModelFlags & { readonly foldColumn?: string }): LoadedDesign {
  const { foldColumn } = flags;
  if (foldColumn !== undefined && !table.columns.includes(foldColumn)) designFolds(table, [], foldColumn); // refuses the unknown column
  // The fold column is not a feature unless --features lists it (as in the engines): without
  // --features it joins --exclude's columns (buildDesign leaves out unnamed ones itself).
  const foldLeftOut = flags.features === undefined && foldColumn !== undefined && foldColumn !== flags.target;
  const exclude = foldLeftOut && !flags.exclude?.includes(foldColumn) ? [...(flags.exclude ?? []), foldColumn] : flags.exclude;
  // --na applies to the used columns: the target and the features (by default every column but the target, the weights and the excluded ones).
  const design = buildDesign(table, { target: flags.target, features: flags.features, exclude, weights: flags.weights, categorical: flags.categorical, missing: flags.missing, na: flags.na, decimal: flags.decimal });
  printReport(design.report);
  const weights = flags.weights === undefined ? undefined : designWeights(table, design, flags.weights);
  const folds = foldColumn === undefined ? undefined : designFolds(table, design.lines, foldColumn);
  if (folds !== undefined) {
    const shown = folds.values.slice(0, 10).join(', ');
    note(`note: ${folds.values.length} folds from column ${JSON.stringify(foldColumn)} (${shown}${folds.values.length > 10 ? `, and ${folds.values.length - 10} more` : ''})`);
  }
  return { design, weights, folds, source: table.source };
}

/** A value as a shell word a user can paste: as it is when plain, else in single quotes ("car name" → 'car name'). */
export function shellWord(value: string): string {
  return /^[\w.:/@%+=-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A name as an item of a list flag a user can paste: CSV-quoted where it holds a comma or a quote, then a {@link shellWord}. */
export function listWord(value: string): string {
  return shellWord(/[",]/.test(value) || value.trim() !== value ? `"${value.replaceAll('"', '""')}"` : value);
}

/** How a column is left out of the features: out of the --features list where one was given, else with --exclude. */
function leaveOut(column: string, flags: Pick<ModelFlags, 'features'>): string {
  return flags.features === undefined ? `leave it out with --exclude ${listWord(column)}` : 'leave it out of --features';
}

/** Each fix of a training file's data error in the CLI's words, for the flags given: the flag that does it. */
export function flagWords(flags: Pick<ModelFlags, 'features'>): FixWords {
  return {
    categorical: (column) => `if ${JSON.stringify(column)} is text (a category, a name), one-hot encode it with --categorical ${listWord(column)} or ${leaveOut(column, flags)}`,
    missingMark: (mark) => `if ${JSON.stringify(mark)} marks a missing value, give --na ${listWord(mark)} (and --missing drop, mean or median)`,
    missingPolicy: '(choose a policy: --missing drop, mean or median)',
    dropMissingTarget: 'give --missing drop (rows without a target cannot be used)',
    numericTarget: (column) => `${JSON.stringify(column)} is the target and must be numbers: give --target a numeric column`,
    date: (column) => `if ${JSON.stringify(column)} holds dates or times, ${leaveOut(column, flags)} (a date is not a number: to use it, add a numeric column made from it, such as the year or the days since a start)`,
    formattedNumber: (plain, marks) => `${marks} in a number: write it plainly in the file (${plain})`,
    decimalComma: (plain) => `if the file writes numbers with a decimal comma (${plain}), give --decimal ,`,
    zeroBased: '(indices start at 1; give --zero-based if the file counts from 0)',
  };
}

/** What reading the data found (rows dropped or imputed, warnings), on stderr: one wording for files read in memory and by an engine. */
export function printReport(report: RecipeReport): void {
  for (const d of report.dropped) note(`note: dropped ${d.count} row${d.count === 1 ? '' : 's'} with ${d.reason}`);
  // Six significant digits for people; the model file keeps the exact value.
  for (const i of report.imputed) note(`note: imputed ${i.count} missing ${i.column} value${i.count === 1 ? '' : 's'} with ${num(i.value, 6)}`);
  for (const w of report.warnings) note(`warning: ${w}`);
}

/** Files read as sparse designs (CSC, never densified): svmlight / libsvm and Matrix Market. */
export const SPARSE_FILE = /\.(svm|svmlight|libsvm|mtx)$/i;

/** A sparse design read from an svmlight or Matrix Market file. */
export interface LoadedSparse {
  readonly X: CscMatrix;
  readonly y: Float64Array;
  readonly featureNames: readonly string[];
  readonly source: string;
}

/** `--target` is required for CSV and engine sources (it is optional only for sparse files); --features and --exclude exclude each other. */
export function requireTarget(flags: Pick<ModelFlags, 'target' | 'features' | 'exclude'>): void {
  if (flags.target === undefined) throw new UsageError("required option '--target <column>' not specified");
  if (flags.features !== undefined && flags.exclude !== undefined) throw new UsageError('--exclude leaves columns out of the default features (every other column); with --features, list only the columns to use');
}

/**
 * Reads an svmlight (.svm, .svmlight, .libsvm: labels are the target) or Matrix Market (.mtx, with
 * --target-file) file into a CSC design. CSV-only flags are refused rather than ignored.
 */
export function loadSparse(file: string, flags: ModelFlags): LoadedSparse {
  const mtx = /\.mtx$/i.test(file);
  // A sparse file has no missing values (an absent entry is 0): a policy for them would do nothing.
  const csvOnly = [...(['features', 'exclude', 'categorical', 'weights', 'na', 'decimal'] as const).filter((k) => flags[k] !== undefined), ...(flags.missing !== 'error' ? ['missing'] : [])];
  if (csvOnly.length > 0) throw new UsageError(`--${csvOnly[0]} applies to CSV files; ${file} is a sparse ${mtx ? 'Matrix Market' : 'svmlight'} file${csvOnly[0] === 'missing' ? ' (an entry it leaves out is 0, not missing)' : ''}`);
  if (flags.target !== undefined) throw new UsageError(mtx ? `${file} is a Matrix Market file: give its target with --target-file, not --target` : `${file} is an svmlight file: its first field is the target; drop --target`);
  if (!mtx && flags.targetFile !== undefined) throw new UsageError('--target-file is for Matrix Market (.mtx) designs; svmlight files carry their labels');
  if (mtx && flags.zeroBased) throw new UsageError('--zero-based is for svmlight files; Matrix Market indices are 1-based by the format');
  const { text, source } = readInput(file);
  if (!mtx) {
    try {
      const r = readSvmlight(text, { source, zeroBased: flags.zeroBased ?? false });
      return { X: r.X, y: r.y, featureNames: r.featureNames, source };
    } catch (e) {
      throw withFix(e, flags, flagWords(flags));
    }
  }
  if (flags.targetFile === undefined) throw new UsageError(`${file} is a Matrix Market file: give its target with --target-file`);
  const r = readMatrixMarket(text, { source });
  const target = readInput(flags.targetFile);
  return { X: r.X, y: readTarget(target.text, r.X.rows, target.source), featureNames: r.featureNames, source };
}

/** The rows a fitting command works on, from a CSV (its recipe's design) or a sparse file. */
export interface LoadedRows {
  readonly X: DenseMatrix | CscMatrix;
  readonly y: Float64Array;
  readonly featureNames: readonly string[];
  readonly weights: Float64Array | undefined;
  readonly source: string;
  /** The CSV design (with its recipe); absent for sparse files. */
  readonly design?: Design<DenseMatrix | CscMatrix>;
  /** The CV folds from `--fold-column` (CSV designs only). */
  readonly folds?: DesignFolds;
}

/** {@link loadDesign} or {@link loadSparse}, by the file's extension. */
export async function loadRows(file: string, flags: ModelFlags & { readonly foldColumn?: string }): Promise<LoadedRows> {
  if (SPARSE_FILE.test(file)) {
    if (flags.foldColumn !== undefined) throw new UsageError(`--fold-column names a column of a CSV or an engine's table; ${file} is a sparse file (give its folds as a column of a CSV, or --folds k)`);
    const s = loadSparse(file, flags);
    note(`note: ${s.source}: ${s.X.rows} rows × ${s.X.cols} features, ${s.X.values.length} nonzeros (sparse)`);
    return { ...s, weights: undefined };
  }
  const { design, weights, folds, source } = await loadDesign(file, flags);
  return { X: design.X, y: design.y, featureNames: design.featureNames, weights, source, design, folds };
}
