import { SPARSE_FILE, flagWords, printReport, requireTarget } from './dataset.js';
import { DataError, thousands, withFix } from '@lassokit/data';
import { statSync } from 'node:fs';
import { DIALECTS, clickhouseRunner, describeFolds, duckdbRunner, fileSource, isParquet, postgresRunner, splitIntervalsFromSource, statsFromSource, type FoldSpec, type Runner, type SourceStats, type SourceTrainOptions } from '@lassokit/sql';
import type { IntervalModel } from '@lassokit/core';
import type { Command } from 'commander';
import { given } from './command.js';
import { UsageError } from './errors.js';
import { GZIP_FILE, readableFile } from './io.js';
import { refuseDecimalComma, type ModelFlags } from './flags.js';
import { note } from './output.js';
import { createProgress } from './progress.js';

/** CSV files above this size go to DuckDB when no engine is named (the in-memory path reads text whole). */
export const DUCKDB_CSV_BYTES = 256 * 1024 * 1024;

/** The ClickHouse password is read from this environment variable (never from the command line). */
export const CLICKHOUSE_PASSWORD_ENV = 'LASSOKIT_CLICKHOUSE_PASSWORD';

/** Flags of the engine that reads the data. */
export interface EngineFlags {
  engine?: 'memory' | 'duckdb' | 'clickhouse' | 'postgres';
  memoryLimit?: string;
  foldColumn?: string;
  clickhouseUrl?: string;
  clickhouseUser?: string;
  clickhouseDatabase?: string;
  postgresUrl?: string;
  table?: string;
  sql?: string;
  /** Per-query time limit in seconds (`--query-timeout`). */
  queryTimeout?: number;
}

/** Where the rows come from, once the flags are read. */
export type DataSource = { readonly engine: 'memory'; readonly file: string } | { readonly engine: 'duckdb' | ServerEngine; readonly file?: string; readonly table?: string; readonly sql?: string };

/** Engines on a server, reached by URL; the data are a `--table` or a `--sql` query there. */
type ServerEngine = 'clickhouse' | 'postgres';
const SERVERS = {
  clickhouse: { name: 'ClickHouse', flag: '--clickhouse-url', url: (f: EngineFlags) => f.clickhouseUrl },
  postgres: { name: 'PostgreSQL', flag: '--postgres-url', url: (f: EngineFlags) => f.postgresUrl },
} as const;

/** The engine's name as messages say it. */
export function engineName(engine: DataSource['engine']): string {
  return engine === 'memory' ? 'memory' : engine === 'duckdb' ? 'DuckDB' : SERVERS[engine].name;
}

/**
 * Which engine reads the data: ClickHouse with `--clickhouse-url`, PostgreSQL with `--postgres-url`
 * (a `--table` or `--sql` query there, no data file); DuckDB when asked (`--engine duckdb`), for
 * `--sql`, and by default for Parquet files, globs and CSV files over 256 MiB; memory otherwise.
 * Standard input is always read in memory.
 */
export function dataSource(file: string | undefined, flags: EngineFlags): DataSource {
  const named = (Object.keys(SERVERS) as ServerEngine[]).filter((e) => SERVERS[e].url(flags) !== undefined || flags.engine === e);
  if (named.length > 1) throw new UsageError(`give one server: ${named.map((e) => SERVERS[e].flag).join(' or ')}`);
  if (named.length === 1) {
    const engine = named[0];
    const { name, flag } = SERVERS[engine];
    if (SERVERS[engine].url(flags) === undefined) throw new UsageError(`--engine ${engine} needs ${flag}`);
    if (flags.engine !== undefined && flags.engine !== engine) throw new UsageError(`${flag} reads from ${name}; it cannot be combined with --engine ${flags.engine}`);
    if (file !== undefined) throw new UsageError(`with ${name} the data are a --table or a --sql query, not the file ${JSON.stringify(file)}`);
    if ((flags.table === undefined) === (flags.sql === undefined)) throw new UsageError(`with ${name} give either --table or --sql`);
    return { engine, table: flags.table, sql: flags.sql };
  }
  if (flags.table !== undefined) throw new UsageError('--table reads a table on a server: give --clickhouse-url or --postgres-url too');
  if (flags.sql !== undefined) {
    if (file !== undefined) throw new UsageError('give either a data file or --sql, not both');
    if (flags.engine === 'memory') throw new UsageError('--sql runs in an engine; it cannot be combined with --engine memory');
    return { engine: 'duckdb', sql: flags.sql };
  }
  if (file === undefined) throw new UsageError('missing the data argument (a CSV or Parquet file or glob, - for standard input, or --sql / --clickhouse-url / --postgres-url)');
  if (flags.engine !== undefined) {
    if (flags.engine === 'duckdb' && file === '-') throw new UsageError('--engine duckdb reads files, not standard input');
    return flags.engine === 'duckdb' ? { engine: 'duckdb', file: readableFile(file) } : { engine: 'memory', file };
  }
  if (file === '-' || SPARSE_FILE.test(file)) return { engine: 'memory', file };
  // DuckDB reads a gzip-compressed CSV as it streams; in memory it is decompressed whole.
  if (isParquet(file) || /[*?[]/.test(file) || GZIP_FILE.test(file)) return { engine: 'duckdb', file: readableFile(file) };
  try {
    return statSync(file).size > DUCKDB_CSV_BYTES ? { engine: 'duckdb', file } : { engine: 'memory', file };
  } catch {
    return { engine: 'memory', file }; // the in-memory reader reports a missing file
  }
}

/**
 * `--fold-column` against the other flags, before anything is read: it needs a cross-validation to
 * set the folds of (`cv`: whether the command runs one, else why not), and it replaces the flags that
 * choose folds otherwise — the number of folds (`countFlag`: --folds or --cv) and --seed.
 */
export function checkFoldColumn(cmd: Command, flags: EngineFlags, cv: true | string, countFlag: string): void {
  if (flags.foldColumn === undefined) return;
  if (cv !== true) throw new UsageError(`--fold-column sets the folds of a cross-validation: ${cv}`);
  if (given(cmd, countFlag.slice(2))) throw new UsageError(`give either ${countFlag} k or --fold-column: the column's distinct values are the folds`);
  if (given(cmd, 'seed')) throw new UsageError("--seed draws random folds; with --fold-column the folds are the column's values");
}

/** The folds of a cross-validation in the engine: `--fold-column`, else `nFolds` by a hash (undefined: no CV). */
export function foldSpec(flags: EngineFlags, nFolds: number | undefined): FoldSpec | undefined {
  if (flags.foldColumn !== undefined) return { column: flags.foldColumn };
  return nFolds === undefined ? undefined : { hash: nFolds };
}

/** A name for where the data came from (the model file's `source`). */
export function sourceName(source: DataSource): string {
  if (source.engine === 'clickhouse' || source.engine === 'postgres') return `${source.engine} ${source.table ?? 'query'}`;
  return source.file ?? 'query';
}

/**
 * The statistics of a data source computed where it is — embedded DuckDB (out of core,
 * multi-threaded), a ClickHouse server or cluster, or PostgreSQL — grouped by `fold` when
 * cross-validating. Shows on a terminal DuckDB's progress (its estimate of the scan done; its row
 * counts add up rows per operator) or ClickHouse's (rows read, of its estimated total), and prints
 * the recipe's report like the in-memory path. (PostgreSQL reports no progress of a SELECT.)
 */
export async function engineStats(source: DataSource, flags: ModelFlags & EngineFlags, fold: FoldSpec | undefined, calibrate = false): Promise<SourceStats & { runner: Runner }> {
  if (source.engine === 'memory') throw new UsageError('internal: the in-memory path does not use an engine');
  requireTarget(flags);
  // DuckDB reads a CSV file's own missing marks as NULL (fileSource's nullstr); a typed source has none to read.
  const csvFile = source.engine === 'duckdb' && source.sql === undefined && source.file !== undefined && !isParquet(source.file);
  const typed = source.engine === 'duckdb' && source.sql === undefined ? 'a Parquet file' : engineName(source.engine);
  if (flags.na !== undefined && !csvFile) throw new UsageError(`--na is for CSV files; with ${typed} turn the tokens into NULL in a --sql query (NULLIF(column, '?'))`);
  if (!csvFile) refuseDecimalComma(flags.decimal, typed);
  const progress = createProgress('reading');
  const timeoutMs = flags.queryTimeout === undefined ? undefined : 1000 * flags.queryTimeout;
  const runner =
    source.engine === 'duckdb'
      ? await duckdbRunner({ memoryLimit: flags.memoryLimit, queryTimeoutMs: timeoutMs, onProgress: (p) => progress.update(Math.max(0, p.percentage), 100, `${Math.max(0, p.percentage).toFixed(0)}% of the scan`) })
      : source.engine === 'postgres'
        ? postgresRunner({ url: flags.postgresUrl as string, timeoutMs })
        : clickhouseRunner({
            timeoutMs,
            url: flags.clickhouseUrl as string,
            username: flags.clickhouseUser,
            password: process.env[CLICKHOUSE_PASSWORD_ENV],
            database: flags.clickhouseDatabase,
            // ClickHouse counts the rows read (over all shards) and estimates the total for tables.
            onProgress: (p) => (p.percentage >= 0 ? progress.update(p.percentage, 100, `${p.percentage.toFixed(0)}% of the scan, ${thousands(p.rowsRead)} rows`) : progress.update(0, 1, `${thousands(p.rowsRead)} rows read`)),
          });
  const from = source.sql !== undefined ? `(${source.sql}) AS source` : source.table !== undefined ? runner.dialect.ident(source.table) : fileSource(source.file as string, flags.na, flags.decimal);
  // Ctrl-C while the engine works: stop its queries before exiting (a ClickHouse server would go
  // on summing for a client that has gone, up to its time limit), then exit 130 as shells expect.
  const interrupted = () => {
    progress.done();
    note(`lassokit: interrupted; stopping the ${engineName(source.engine)} query`);
    void runner.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  try {
    const stats = await statsFromSource(runner, from, {
      target: flags.target,
      features: flags.features,
      exclude: flags.exclude,
      categorical: flags.categorical,
      missing: flags.missing,
      weights: flags.weights,
      // --na's marks are recorded for the used columns (target and features), as in memory.
      na: flags.na,
      decimal: flags.decimal,
      fold,
      calibrate,
    });
    progress.done();
    printReport(stats.report);
    note(`note: ${thousands(stats.stats.n)} rows read by ${engineName(source.engine)} (${describeFolds(fold)}${stats.strategy === 'query' ? '' : `; ${stats.strategy === 'stream' ? 'rows streamed into the Gram kernel' : 'the Gram in blocks of queries'}`})`);
    return { ...stats, runner };
  } catch (e) {
    progress.done();
    await runner.close();
    // --na reads a mark as missing only in a CSV file; anywhere else the query does.
    throw withFix(castInQuery(named(e, sourceName(source)), source), flags, csvFile ? flagWords(flags) : { ...flagWords(flags), missingMark: (mark) => `if ${JSON.stringify(mark)} marks a missing value, turn it into NULL in a --sql query (NULLIF(column, ${DIALECTS[source.engine].text(mark)}))` });
  } finally {
    process.removeListener('SIGINT', interrupted);
  }
}

/**
 * Split-interval data for a model fitted from an engine's statistics that held rows back
 * (`engineStats(…, calibrate)`): the rows left fitted as the model is, and the engine's residuals
 * on the held-back ones (`splitIntervalsFromSource`; the model file's `training.calibration` and
 * the fit's summary say how many). The runner stays open (the caller closes it).
 */
export async function engineIntervals(source: DataSource, flags: ModelFlags & EngineFlags, stats: SourceStats & { runner: Runner }, opts: SourceTrainOptions): Promise<IntervalModel> {
  const progress = createProgress('calibrating the intervals');
  try {
    const intervals = await splitIntervalsFromSource(stats.runner, stats, opts);
    progress.done();
    return intervals;
  } catch (e) {
    progress.done();
    throw withFix(named(e, sourceName(source)), flags, flagWords(flags));
  }
}

/** A data error of the statistics, which name their input "source", with the file, table or query the user gave instead. */
function named(e: unknown, name: string): unknown {
  if (e instanceof DataError && e.location.source === 'source' && /^source(:\d+)?: /.test(e.message)) e.message = `${name}${e.message.slice('source'.length)}`;
  return e;
}

/**
 * A file's column of numbers held as text (Parquet strings, say), which the engine asks to be cast
 * "in the source": the query that does it, for --sql — the file's own columns, that one cast.
 */
function castInQuery(e: unknown, source: DataSource): unknown {
  if (!(e instanceof DataError) || e.details?.numbersAsText !== true || source.engine !== 'duckdb' || source.file === undefined || e.location.column === undefined) return e;
  const d = DIALECTS.duckdb;
  const name = e.location.column;
  const c = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : d.ident(name);
  const sql = `SELECT * REPLACE (CAST(${c} AS DOUBLE) AS ${c}) FROM ${d.text(source.file)}`;
  // Quoted for a shell, as a double-quoted word.
  e.message += `; to read it as numbers: --sql "${sql.replace(/["$`\\]/g, '\\$&')}"`;
  return e;
}

/** Flags about rows held in memory, and why each does not apply where an engine reads the data. */
const IN_MEMORY_ONLY = {
  // The folds are not drawn at random there.
  seed: (engine: DataSource['engine']) => `--seed draws random folds of rows held in memory; with ${engineName(engine)} the folds are a hash of the used columns (or --fold-column)`,
  workers: (engine: DataSource['engine']) =>
    `--workers sets the threads of fits over rows held in memory; with ${engineName(engine)} the engine computes the statistics (on its own threads) and the fits run from them`,
} as const;

/** Where an engine reads the data, a usage error for the first of `flags` given on the command line, naming why it does not apply. */
export function refuseInMemoryFlags(cmd: Command, source: DataSource, flags: readonly (keyof typeof IN_MEMORY_ONLY)[]): void {
  if (source.engine === 'memory') return;
  for (const flag of flags) if (given(cmd, flag)) throw new UsageError(IN_MEMORY_ONLY[flag](source.engine));
}
