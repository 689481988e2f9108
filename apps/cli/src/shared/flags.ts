import { DEFAULTS } from '@lassokit/core';
import { foldsShortfall } from '@lassokit/data';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { csvParseRows } from 'd3-dsv';
import { CLICKHOUSE_PASSWORD_ENV } from './engine.js';
import { CliError, UsageError } from './errors.js';

/** Parses a number flag, naming the flag when it is not one (`open`: the bounds themselves are refused). */
export function numberFlag(name: string, range?: { min?: number; max?: number; integer?: boolean; open?: boolean }) {
  return (value: string): number => {
    const v = Number(value);
    const { min, max, integer, open } = range ?? {};
    const aboveMin = min === undefined || (open ? v > min : v >= min);
    const belowMax = max === undefined || (open ? v < max : v <= max);
    const ok = value.trim() !== '' && Number.isFinite(v) && (!integer || Number.isInteger(v)) && aboveMin && belowMax;
    if (!ok) {
      const kind = integer ? 'an integer' : 'a number';
      const [lo, hi] = open ? ['(', ')'] : ['[', ']'];
      const bounds = min !== undefined && max !== undefined ? ` in ${lo}${min}, ${max}${hi}` : min !== undefined ? ` ${open ? '>' : '≥'} ${min}` : '';
      throw new InvalidArgumentError(`${name} must be ${kind}${bounds}; got ${JSON.stringify(value)}`);
    }
    return v;
  };
}

/**
 * Refuses k-fold cross-validation on fewer rows than folds, saying which flags fix it (the
 * library's own error names its parameter, `nFolds`, which a CLI user never typed). `fix(max)`:
 * what to do, given the most folds the rows allow.
 */
export function checkFolds(rows: number, folds: number, fix: (maxFolds: number) => string): void {
  const message = foldsShortfall(rows, folds, fix);
  if (message !== null) throw new CliError(message);
}

/**
 * Parses a comma-separated list flag as one CSV record — an item holding a comma is quoted, as in
 * the file: --features '"price, usd",weight' — and adds it to the items of earlier uses of the
 * flag (--features a --features b). Empty items refused.
 */
export function listFlag(name: string, names = true) {
  return (value: string, previous?: string[]): string[] => {
    const items = (csvParseRows(value)[0] ?? []).map((s) => s.trim());
    if (items.length === 0 || items.some((s) => s === '')) {
      const quoting = names ? ` (quote a name that holds a comma: '"a, b",c')` : '';
      throw new InvalidArgumentError(`${name} must be a comma-separated list without empty items${quoting}; got ${JSON.stringify(value)}`);
    }
    return [...(previous ?? []), ...items];
  };
}

/** Parses a comma-separated list of numbers (as {@link listFlag}: a flag given twice adds to the list). */
export function numberListFlag(name: string, range?: { min?: number; max?: number }) {
  const one = numberFlag(name, range);
  return (value: string, previous?: number[]): number[] => [...(previous ?? []), ...listFlag(name, false)(value).map(one)];
}

/** Flags shared by every command that reads a training CSV. */
export interface ModelFlags {
  /** Required for CSV and engine sources; svmlight files carry their target, Matrix Market ones take --target-file. */
  target: string;
  targetFile?: string;
  /** svmlight files whose feature indices start at 0. */
  zeroBased?: boolean;
  features?: string[];
  /** Columns left out of the default features (every other column); not with --features. */
  exclude?: string[];
  categorical?: string[];
  missing: 'error' | 'drop' | 'mean' | 'median';
  /** Cell values read as missing in the used columns beyond the defaults (e.g. '?'). */
  na?: string[];
  /** The decimal mark of the numbers in a CSV: ',' reads 18,5 as 18.5. */
  decimal?: '.' | ',';
  weights?: string;
  standardize: boolean;
  intercept: boolean;
  positive: boolean;
  l1Ratio: number;
  tol: number;
  maxIter: number;
  json?: boolean;
  debug?: boolean;
}

/** The solver options the shared model flags set (one place, so every command passes the same). */
export function solverFlags(flags: ModelFlags) {
  return { l1Ratio: flags.l1Ratio, fitIntercept: flags.intercept, standardize: flags.standardize, positive: flags.positive, tol: flags.tol, maxIter: flags.maxIter };
}

/** Why ridge needs its alphas given (scikit-learn refuses an automatic ridge grid too). */
export const RIDGE_HAS_NO_GRID = '--l1-ratio 0 (ridge) has no alphaMax to start an automatic alpha grid from';

/** Refuses, before any data are read, a grid the flags cannot make: ridge without --alphas. */
export function checkGrid(flags: GridFlags, l1Ratios: readonly number[]): void {
  if (flags.alphas === undefined && l1Ratios.includes(0)) throw new UsageError(`${RIDGE_HAS_NO_GRID}: give the alphas with --alphas a,b,…`);
}

/** The grid options of the α-grid flags. */
export function gridFlags(flags: GridFlags) {
  return { nAlphas: flags.nAlphas, eps: flags.eps, alphas: flags.alphas };
}

/** Flags of the α grid (path and cv). */
export interface GridFlags {
  nAlphas: number;
  eps?: number;
  alphas?: number[];
}

/** Adds the flags of the engine that reads the data (DuckDB for Parquet, globs and large CSVs; ClickHouse when named). */
export function addEngineFlags(cmd: Command): Command {
  return cmd
    .addOption(new Option('--engine <engine>', 'read the data in memory, with embedded DuckDB, or on ClickHouse or PostgreSQL (default: DuckDB for .parquet, globs, --sql and CSVs over 256 MiB)').choices(['memory', 'duckdb', 'clickhouse', 'postgres']))
    .option('--memory-limit <size>', "DuckDB's memory limit, e.g. 1GB (it spills to disk beyond it)")
    .option('--fold-column <column>', 'the column whose values are the CV folds, one fold per distinct value (not a feature unless --features lists it; default: random folds in memory, a hash of the used columns in an engine)')
    .option('--sql <query>', 'read the rows of this SELECT instead of a file (DuckDB, or the server of --clickhouse-url / --postgres-url)')
    .option('--clickhouse-url <url>', `fit from ClickHouse over HTTP, e.g. http://localhost:8123 (password from $${CLICKHOUSE_PASSWORD_ENV})`)
    .option('--clickhouse-user <name>', 'ClickHouse user (default: default)')
    .option('--clickhouse-database <name>', 'ClickHouse database (default: default)')
    .option('--postgres-url <url>', 'fit from PostgreSQL, e.g. postgres://user@host:5432/db (password from $PGPASSWORD rather than the URL)')
    .option('--table <name>', 'with --clickhouse-url or --postgres-url: the table (a Distributed table, a table partitioned over postgres_fdw shards, …) to fit from')
    .option('--query-timeout <seconds>', 'per-query time limit of the engine (default: 300 on ClickHouse and PostgreSQL, whose servers stop a query past it; none for DuckDB)', numberFlag('--query-timeout', { min: 0, open: true }));
}

/**
 * Most alphas --n-alphas takes: neighbours of a geometric grid of 10^5 differ by < 0.01 %, and a
 * typo's 10^9 was minutes of solving before anything printed.
 */
const MAX_N_ALPHAS = 100_000;

/** Adds the α-grid flags (path and cv; defaults from core's DEFAULTS). */
export function addGridFlags(cmd: Command): Command {
  return cmd
    .option('--n-alphas <n>', `number of alphas, up to ${MAX_N_ALPHAS} (scikit-learn n_alphas, glmnet nlambda)`, numberFlag('--n-alphas', { integer: true, min: 1, max: MAX_N_ALPHAS }), DEFAULTS.nAlphas)
    .option('--eps <e>', `smallest alpha as a fraction of alphaMax (scikit-learn eps, glmnet lambda.min.ratio; default ${DEFAULTS.epsWhenTall} if n > p, else ${DEFAULTS.epsWhenWide})`, numberFlag('--eps', { min: 0, max: 1, open: true }))
    .option('--alphas <a,b,…>', 'explicit alphas (overrides --n-alphas and --eps)', numberListFlag('--alphas', { min: 0 }));
}

/** `--decimal`, the decimal mark of a CSV's numbers (fit and its kin; predict and evaluate override the model's with it). */
export const DECIMAL_OPTION = (what = "decimal mark of the numbers in a CSV: ',' reads 18,5 as 18.5 (a number with a point is then refused, as 3.504 may mean 3504); kept in the model, so predict reads them alike") =>
  new Option('--decimal <mark>', what).choices(['.', ',']);

/** Refuses `--decimal ,` for a source whose numbers are typed (`what`: "x.parquet, a Parquet file,", "ClickHouse"). */
export function refuseDecimalComma(decimal: '.' | ',' | undefined, what: string): void {
  if (decimal === ',') throw new UsageError(`--decimal is for CSV files; ${what} has typed numbers`);
}

/** Adds the shared data and model flags to a command (one place, so every command reads alike). */
export function addModelFlags(cmd: Command, defaultL1Ratio = 1): Command {
  return cmd
    .option('--target <column>', 'numeric column to predict (svmlight files carry their labels; Matrix Market files take --target-file)')
    .option('--target-file <file>', 'Matrix Market (.mtx) designs: the target, one number per line')
    .option('--zero-based', 'svmlight files: feature indices start at 0 (default: at 1, as the format says)')
    .option('--features <a,b,c>', 'feature columns (default: every other column)', listFlag('--features'))
    .option('--exclude <a,b>', 'columns to leave out of the default features (every other column but these), e.g. a name or an id', listFlag('--exclude'))
    .option('--categorical <c1,c2>', "columns to one-hot encode (an indicator per level; a column of two levels, such as yes/no, gets one: the second level's)", listFlag('--categorical'))
    .addOption(new Option('--missing <policy>', 'rows with missing values').choices(['error', 'drop', 'mean', 'median']).default('error'))
    .option('--na <tokens>', 'cell values that mean missing in the used columns besides empty, NA, NaN, null (e.g. --na "?"); kept in the model, so predict reads them alike', listFlag('--na'))
    .addOption(DECIMAL_OPTION())
    .option('--weights <column>', 'column of sample weights (not a feature)')
    .option('--l1-ratio <r>', 'L1 share of the penalty: 1 = Lasso, 0 = ridge', numberFlag('--l1-ratio', { min: 0, max: 1 }), defaultL1Ratio)
    .option('--no-standardize', 'do not scale columns to unit variance before fitting')
    .option('--no-intercept', 'fit without an intercept')
    .option('--positive', 'constrain coefficients to be ≥ 0', false)
    .option('--tol <t>', 'stop when the duality gap ≤ tol · objective (scikit-learn tol; glmnet thresh measures coefficient change instead); a gap below 2.2e-14 × the objective at β = 0 is rounding and stops any tol', numberFlag('--tol', { min: 0, max: 1, open: true }), DEFAULTS.tol)
    .option('--max-iter <n>', 'coordinate passes per alpha (scikit-learn max_iter, glmnet maxit)', numberFlag('--max-iter', { integer: true, min: 1 }), DEFAULTS.maxIter)
    .option('--json', 'one JSON document on stdout')
    .option('--debug', 'show stack traces');
}
