import { statSync } from 'node:fs';
import { describeFolds, duckdbRunner, fileSource, statsFromSource, type FoldSpec, type Runner, type SourceStats } from '@lassokit/sql';
import { UsageError } from './errors.js';
import type { ModelFlags } from './flags.js';
import { note } from './output.js';

/** CSV files above this size go to DuckDB when no engine is named (the in-memory path reads text whole). */
export const DUCKDB_CSV_BYTES = 256 * 1024 * 1024;

/** Flags of the engine that reads the data. */
export interface EngineFlags {
  engine?: 'memory' | 'duckdb';
  memoryLimit?: string;
  foldColumn?: string;
}

/**
 * Whether a data argument is read by DuckDB: when asked (`--engine duckdb`), or by default for
 * Parquet files, globs, and CSV files over 256 MiB. Standard input is always read in memory.
 */
export function usesDuckDb(file: string, flags: EngineFlags): boolean {
  if (flags.engine !== undefined) {
    if (flags.engine === 'duckdb' && file === '-') throw new UsageError('--engine duckdb reads files, not standard input');
    return flags.engine === 'duckdb';
  }
  if (file === '-') return false;
  if (/\.parquet$/i.test(file) || /[*?[]/.test(file)) return true;
  try {
    return statSync(file).size > DUCKDB_CSV_BYTES;
  } catch {
    return false; // the in-memory reader reports a missing file
  }
}

/** The folds of a cross-validation in the engine: `--fold-column`, else `nFolds` by a hash (undefined: no CV). */
export function foldSpec(flags: EngineFlags, nFolds: number | undefined): FoldSpec | undefined {
  if (flags.foldColumn !== undefined) return { column: flags.foldColumn };
  return nFolds === undefined ? undefined : { hash: nFolds };
}

/**
 * The statistics of a data file computed by embedded DuckDB (out of core, multi-threaded), grouped
 * by `fold` when cross-validating. Prints the recipe's report like the in-memory path.
 */
export async function engineStats(file: string, flags: ModelFlags & EngineFlags, fold: FoldSpec | undefined): Promise<SourceStats & { runner: Runner }> {
  if (flags.missing !== 'error' && flags.missing !== 'drop') throw new UsageError(`--missing ${flags.missing} is not available with DuckDB (use error or drop)`);
  if (flags.weights !== undefined) throw new UsageError('--weights is not available with DuckDB yet');
  const runner = await duckdbRunner({ memoryLimit: flags.memoryLimit });
  try {
    const stats = await statsFromSource(runner, fileSource(file), {
      target: flags.target,
      features: flags.features,
      categorical: flags.categorical,
      missing: flags.missing,
      fold,
    });
    for (const d of stats.report.dropped) note(`note: dropped ${d.count} row${d.count === 1 ? '' : 's'} with ${d.reason}`);
    for (const w of stats.report.warnings) note(`warning: ${w}`);
    note(`note: ${stats.stats.n} rows read by DuckDB (${describeFolds(fold)})`);
    return { ...stats, runner };
  } catch (e) {
    await runner.close();
    throw e;
  }
}
