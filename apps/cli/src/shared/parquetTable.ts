import type { Table } from '@lassokit/data';
import { duckdbRunner, fileSource } from '@lassokit/sql';
import { CliError } from './errors.js';

/**
 * Cells a Parquet file may have to be read whole as a table (predict, evaluate): its values become
 * text cells in memory, as a CSV's do, at some tens of bytes each.
 */
export const MAX_PARQUET_CELLS = 20_000_000;

/**
 * A Parquet file (or glob) read by DuckDB as the table a CSV would give: the header, and each value
 * as the text a CSV would hold (numbers in their shortest exact form, NULL as missing), in the file's
 * row order. Rows count from 1 where a message names one (`file.parquet:17:` is row 17). Refused
 * past {@link MAX_PARQUET_CELLS}; DuckDB's own errors (no such file, not Parquet) as one line.
 *
 * @example
 * const table = await parquetTable('cars.parquet');
 */
export async function parquetTable(path: string): Promise<Table> {
  const runner = await duckdbRunner();
  try {
    const from = fileSource(path);
    const columns = (await runner.describe(from)).map((c) => c.name);
    const [{ n }] = await runner.query(`SELECT count(*) AS n FROM ${from}`);
    const rows = Number(n);
    if (rows === 0) throw new CliError(`${path}: has no data rows`);
    if (rows * columns.length > MAX_PARQUET_CELLS) {
      throw new CliError(`${path}: ${rows.toLocaleString('en-US')} rows × ${columns.length} columns is more than ${MAX_PARQUET_CELLS.toLocaleString('en-US')} cells to read whole; select the rows and columns to predict with DuckDB first (COPY (SELECT …) TO 'part.parquet')`);
    }
    // Chunk by chunk, each value kept only as its cell: the whole result as JS row objects first
    // had cost 3.2 GB at the cap (950k × 21; 2.3 GB now, 2.6 GB for the same rows as a CSV).
    const cells: (string | null)[][] = [];
    await (runner.rows as NonNullable<typeof runner.rows>)(`SELECT * FROM ${from}`, (chunk) => {
      for (const r of chunk) cells.push(r.map(cell));
    });
    return { columns, rows: cells, lines: cells.map((_, i) => i + 1), source: path };
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${path}: ${(e as Error).message}`);
  } finally {
    await runner.close();
  }
}

/** A DuckDB value as a CSV cell's text: null stays missing; numbers print their shortest exact form. */
function cell(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
}
