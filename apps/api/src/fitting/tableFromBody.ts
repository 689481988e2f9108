import { DataError, checkColumnNames, parseTable, type Table } from '@lassokit/data';

/** Data in a request body: a JSON table or CSV text. */
export type DataBody = { readonly columns: readonly string[]; readonly rows: readonly (readonly (number | string | null)[])[] } | { readonly csv: string };

/** Thrown when data exceed the configured size; answered 413 with the limit named. */
export class LimitError extends Error {
  override readonly name = 'LimitError';
}

/**
 * Turns a request's data into a table. JSON rows are located as `rows:N` (0-based index into
 * `rows`), CSV as `csv:LINE`. Refuses ragged rows, duplicate columns, and more cells than allowed.
 */
export function tableFromBody(data: DataBody, maxCells: number): Table {
  const table = 'csv' in data ? parseTable(data.csv, { source: 'csv' }) : tableFromRows(data);
  const cells = table.rows.length * table.columns.length;
  if (cells > maxCells) throw new LimitError(`the data have ${table.rows.length} rows × ${table.columns.length} columns = ${cells} cells; the limit is ${maxCells} (LASSOKIT_MAX_CELLS)`);
  return table;
}

function tableFromRows(data: { columns: readonly string[]; rows: readonly (readonly (number | string | null)[])[] }): Table {
  const { columns, rows } = data;
  checkColumnNames(columns, 'columns', undefined);
  if (rows.length === 0) throw new DataError('EMPTY_INPUT', 'has no rows', { source: 'rows' });
  const out = rows.map((row, i) => {
    if (row.length !== columns.length) throw new DataError('RAGGED_ROWS', `has ${row.length} values; there are ${columns.length} columns`, { source: 'rows', line: i });
    return row.map((v) => (v === null ? null : typeof v === 'number' ? String(v) : v.trim() === '' ? null : v.trim()));
  });
  return { columns, rows: out, lines: rows.map((_, i) => i), source: 'rows' };
}
