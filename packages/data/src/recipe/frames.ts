import type { Table } from '../csv/Table.js';
import type { DataLocation } from '../errors.js';
import { isSparseColumn, type Cell, type Frame, type SparseColumn } from './Frame.js';

/** A frame over a parsed table; rows are located by the table's source and line numbers. */
export function frameFromTable(table: Table): Frame {
  const columns = new Map<string, (number | string | null)[]>();
  table.columns.forEach((name, j) => columns.set(name, table.rows.map((r) => r[j])));
  return makeFrame(columns, table.rows.length, (i, lines) => ({ source: table.source, line: lines[i] }), [...table.lines]);
}

/**
 * A frame over predict-time records ({ column: value }); rows are located by their 0-based index
 * (`row i`). Keys are read with `Object.entries`, so a record parsed from JSON keeps columns
 * named like `__proto__` or `constructor`.
 */
export function frameFromRecords(records: readonly Readonly<Record<string, unknown>>[]): Frame {
  const columns = new Map<string, (number | string | null)[]>();
  records.forEach((record, i) => {
    for (const [key, value] of Object.entries(record)) {
      if (!columns.has(key)) columns.set(key, new Array(records.length).fill(null));
      (columns.get(key) as (number | string | null)[])[i] = value === undefined || value === null || value === '' ? null : typeof value === 'number' ? value : String(value);
    }
  });
  return makeFrame(columns, records.length, (i, lines) => ({ row: lines[i] }), records.map((_, i) => i));
}

function makeFrame(
  columns: Map<string, Cell[] | SparseColumn>,
  n: number,
  locate: (i: number, lines: number[]) => DataLocation,
  initialLines: number[],
): Frame {
  let lines = initialLines;
  let origin = Array.from({ length: n }, (_, i) => i);
  const frame: Frame = {
    n,
    columns,
    locate: (i) => locate(i, lines),
    rowIndex: (i) => origin[i],
    keep(keep) {
      // Sparse columns renumber their rows: the new index of row i is the count kept before it.
      const newIndex = new Int32Array(keep.length);
      let kept = 0;
      keep.forEach((k, i) => (newIndex[i] = k ? kept++ : -1));
      for (const [name, values] of columns) {
        if (!isSparseColumn(values)) {
          columns.set(name, values.filter((_, i) => keep[i]));
          continue;
        }
        const at = Array.from(values.rows.keys()).filter((k) => keep[values.rows[k]]);
        columns.set(name, { sparse: true, rows: Int32Array.from(at, (k) => newIndex[values.rows[k]]), values: Float64Array.from(at, (k) => values.values[k]) });
      }
      lines = lines.filter((_, i) => keep[i]);
      origin = origin.filter((_, i) => keep[i]);
      frame.n = lines.length;
    },
  };
  return frame;
}
