import { DataError, MAX_LISTED, nameList, quote } from '../errors.js';
import type { Table } from '../csv/Table.js';

/** A column the header left unnamed (`column` and its 0-based position), and one of its values (null: it has none). */
export interface UnnamedColumn {
  readonly name: string;
  readonly example: string | null;
}

/**
 * What becomes of the columns a header leaves unnamed when a spec lists no features (every other
 * column would be one): a column without a value — a spreadsheet's trailing empty column — is left
 * out, with one warning for all of them returned; a column with values is refused, since nothing says what it is
 * (most often the row index pandas' `to_csv` writes first, which would fit as a feature). Listing
 * the features leaves it out; naming it in the header makes it a column like any other. Used by
 * `buildDesign` and by the engines (`@lassokit/sql`, where DuckDB names such a column alike).
 *
 * @example
 * unnamedColumns([{ name: 'column5', example: null }], 'x.csv'); // ['column 6 has no name and no values; left out']
 */
export function unnamedColumns(columns: readonly UnnamedColumn[], source: string): string[] {
  const empty: string[] = [];
  for (const { name, example } of columns) {
    const position = String(Number(name.slice('column'.length)) + 1);
    if (example === null) empty.push(position);
    else throw new DataError('INVALID_SPEC', `the header leaves column ${position} unnamed (read as ${quote(name)}), yet it holds values such as ${quote(example)} — a row index, as pandas' to_csv writes? List the features to leave it out, or name it in the header`, { source, column: name });
  }
  // One warning for all of them: a header of many empty names is a small file.
  if (empty.length === 0) return [];
  return [empty.length === 1 ? `column ${empty[0]} has no name and no values; left out` : `columns ${nameList(empty, MAX_LISTED, false)} have no name and no values; left out`];
}

/**
 * The columns `table`'s header left unnamed, but for the `taken` ones (the target, weights, a fold
 * column), each with its first value (null: none) — what {@link unnamedColumns} decides on.
 *
 * Cost: O(columns), and O(rows) per unnamed column at most (until its first value).
 */
export function unnamedOf(table: Table, taken: readonly (string | undefined)[]): UnnamedColumn[] {
  if (table.unnamed === undefined) return [];
  // Hashed: a header of a million empty names is a small request body.
  const unnamed = new Set(table.unnamed);
  const skip = new Set(taken);
  const out: UnnamedColumn[] = [];
  table.columns.forEach((name, j) => {
    if (!unnamed.has(name) || skip.has(name)) return;
    let example: string | null = null;
    for (const r of table.rows) {
      if (r[j] !== null) {
        example = r[j];
        break;
      }
    }
    out.push({ name, example });
  });
  return out;
}
