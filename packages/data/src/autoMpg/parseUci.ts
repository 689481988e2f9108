import { DataError } from '../errors.js';
import type { Table } from '../csv/Table.js';

/** The nine columns of UCI's auto-mpg.data, in file order. */
export const AUTO_MPG_COLUMNS: readonly string[] = [
  'mpg',
  'cylinders',
  'displacement',
  'horsepower',
  'weight',
  'acceleration',
  'model_year',
  'origin',
  'car_name',
];

/**
 * Parses UCI's auto-mpg.data format: eight whitespace-separated numbers, then the car name in
 * double quotes (after a tab). '?' is a missing value. Each line must have exactly that shape;
 * anything else is reported with its line number.
 *
 * Cost: O(size of text).
 *
 * @example
 * parseUci('18.0 8 307.0 130.0 3504. 12.0 70 1\t"chevrolet chevelle malibu"\n').rows[0][8]; // 'chevrolet chevelle malibu'
 */
export function parseUci(text: string, source = 'auto-mpg.data'): Table {
  const rows: (string | null)[][] = [];
  const lines: number[] = [];
  const all = text.replace(/^\ufeff/, '').split(/\r?\n/);
  all.forEach((lineText, i) => {
    if (lineText.trim() === '') return;
    const match = /^\s*((?:\S+\s+){7}\S+)\s+"([^"]*)"\s*$/.exec(lineText);
    if (match === null) {
      throw new DataError('RAGGED_ROWS', 'expected 8 numbers and a quoted car name', { source, line: i + 1, value: lineText });
    }
    const fields: (string | null)[] = match[1].split(/\s+/).map((v) => (v === '?' ? null : v));
    fields.push(match[2]);
    rows.push(fields);
    lines.push(i + 1);
  });
  if (rows.length === 0) throw new DataError('EMPTY_INPUT', 'is empty (no rows)', { source });
  return { columns: AUTO_MPG_COLUMNS, rows, lines, source };
}
