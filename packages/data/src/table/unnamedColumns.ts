import { DataError, quote } from '../errors.js';
import type { Table } from '../csv/Table.js';

/** A column the header left unnamed (`column` and its 0-based position), and one of its values (null: it has none). */
export interface UnnamedColumn {
  readonly name: string;
  readonly example: string | null;
}

/**
 * What becomes of the columns a header leaves unnamed when a spec lists no features (every other
 * column would be one): a column without a value — a spreadsheet's trailing empty column — is left
 * out, with the warning returned; a column with values is refused, since nothing says what it is
 * (most often the row index pandas' `to_csv` writes first, which would fit as a feature). Listing
 * the features leaves it out; naming it in the header makes it a column like any other. Used by
 * `buildDesign` and by the engines (`@lassokit/sql`, where DuckDB names such a column alike).
 *
 * @example
 * unnamedColumns([{ name: 'column5', example: null }], 'x.csv'); // ['column 6 has no name and no values; left out']
 */
export function unnamedColumns(columns: readonly UnnamedColumn[], source: string): string[] {
  const warnings: string[] = [];
  for (const { name, example } of columns) {
    const position = Number(name.slice('column'.length)) + 1;
    if (example === null) warnings.push(`column ${position} has no name and no values; left out`);
    else throw new DataError('INVALID_SPEC', `the header leaves column ${position} unnamed (read as ${quote(name)}), yet it holds values such as ${quote(example)} — a row index, as pandas' to_csv writes? List the features to leave it out, or name it in the header`, { source, column: name });
  }
  return warnings;
}

/**
 * The columns `table`'s header left unnamed, but for the `taken` ones (the target, weights, a fold
 * column), each with its first value (null: none) — what {@link unnamedColumns} decides on.
 *
 * Cost: O(rows) per unnamed column at most.
 */
export function unnamedOf(table: Table, taken: readonly (string | undefined)[]): UnnamedColumn[] {
  return (table.unnamed ?? [])
    .filter((name) => !taken.includes(name))
    .map((name) => {
      const j = table.columns.indexOf(name);
      return { name, example: table.rows.find((r) => r[j] !== null)?.[j] ?? null };
    });
}
