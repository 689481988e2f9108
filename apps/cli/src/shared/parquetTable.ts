import { thousands, type Table } from '@lassokit/data';
import { duckdbRunner, fileSource } from '@lassokit/sql';
import { PIECE_BYTES } from './csvPieces.js';
import { CliError } from './errors.js';
import { readableFile } from './io.js';

/**
 * Cells a Parquet file may have to be read whole as one table (a fit in memory): its values become
 * text cells in memory, as a CSV's do, at some tens of bytes each. (predict and evaluate read it in
 * pieces, whatever its size.)
 */
export const MAX_PARQUET_CELLS = 20_000_000;

/**
 * Cells of a Parquet piece ({@link parquetPieces}): as many as a CSV piece holds, at ~20 bytes a
 * cell as doubles print (5M × 21 predicted at 1.19 GB peak in pieces of 2 M cells).
 */
const PIECE_CELLS = Math.max(1, Math.floor(PIECE_BYTES / 20));

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
  let whole: Table | undefined;
  for await (const table of readParquet(path, Infinity, MAX_PARQUET_CELLS)) whole = table;
  return whole as Table;
}

/**
 * A Parquet file (or glob) as tables of about 0.8 M cells each (the rows of a CSV piece), read as
 * they are asked for: what {@link parquetTable} gives, in pieces, with memory for one piece
 * whatever the file's size (predict, evaluate).
 *
 * @example
 * for await (const table of parquetPieces('big.parquet')) predictRows(table);
 */
export function parquetPieces(path: string): AsyncGenerator<Table> {
  return readParquet(path, PIECE_CELLS);
}

async function* readParquet(path: string, pieceCells: number, maxCells = Infinity): AsyncGenerator<Table> {
  const runner = await duckdbRunner();
  try {
    const from = fileSource(readableFile(path));
    const columns = (await runner.describe(from)).map((c) => c.name);
    const [{ n }] = await runner.query(`SELECT count(*) AS n FROM ${from}`);
    const rows = Number(n);
    if (rows === 0) throw new CliError(`${path}: has no data rows`);
    if (rows * columns.length > maxCells) {
      // What reads it whole needs every row (relax, intervals, stability): a sample that fits, or the statistics without them.
      const sample = Math.max(1000, Math.floor(maxCells / columns.length / 1000) * 1000);
      throw new CliError(
        `${path}: ${thousands(rows)} rows × ${columns.length} columns is more than ${thousands(maxCells)} cells to read whole (as --relax, --intervals cv+, --loss mae and stability need); fit on a sample of its rows (in DuckDB: COPY (SELECT * FROM '${path.replace(/'/g, "''")}' USING SAMPLE ${sample} ROWS) TO 'sample.parquet'), or without those options from statistics (--engine duckdb)`,
      );
    }
    // Chunk by chunk, each value kept only as its cell: the whole result as JS row objects first
    // had cost 3.2 GB at the 20 M-cell cap (950k × 21; 2.3 GB now, 2.6 GB for the same rows as a CSV).
    let cells: (string | null)[][] = [];
    let lines: number[] = [];
    let line = 1;
    for await (const chunk of (runner.rows as NonNullable<typeof runner.rows>)(`SELECT * FROM ${from}`)) {
      for (const r of chunk) {
        cells.push(r.map(cell));
        lines.push(line++);
      }
      if (cells.length * columns.length >= pieceCells) {
        yield { columns, rows: cells, lines, source: path };
        cells = [];
        lines = [];
      }
    }
    if (cells.length > 0) yield { columns, rows: cells, lines, source: path };
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
