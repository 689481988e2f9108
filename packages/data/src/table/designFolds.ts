import type { Table } from '../csv/Table.js';
import { DataError, MAX_LISTED, nameList, quote } from '../errors.js';
import { levelOf } from '../recipe/inputs.js';
import { sortLevels } from '../recipe/steps/oneHot.js';

/** Most folds a fold column may give (as an engine's fit allows): more is no fold column. */
export const MAX_FOLDS = 1000;

/** The cross-validation folds a column of the table gives the rows a design kept. */
export interface DesignFolds {
  /** Fold of each kept row, 0 … K − 1, in the design's row order. */
  readonly ids: Int32Array;
  /** The column's distinct values, fold k being `values[k]` (numbers in numeric order). */
  readonly values: readonly string[];
}

/**
 * The folds a column assigns to the rows a design kept (`lines`, as `buildDesign` reports them):
 * one fold per distinct label — a cell read as a categorical level (`levelOf`), as the engines
 * number a fold column's values — in the labels' order. Refused, naming the column: an unknown
 * column (UNKNOWN_COLUMN), kept rows without a value (MISSING_VALUE, counted), and fewer than two
 * distinct values or more than {@link MAX_FOLDS} (INVALID_SPEC).
 *
 * Cost: O(rows).
 *
 * @example
 * const design = buildDesign(table, { target: 'y', features: ['a', 'b'] });
 * const { ids } = designFolds(table, design.lines, 'fold');
 */
export function designFolds(table: Table, lines: readonly number[], column: string): DesignFolds {
  const j = table.columns.indexOf(column);
  if (j < 0) throw new DataError('UNKNOWN_COLUMN', `unknown fold column ${quote(column)} (columns: ${nameList(table.columns, MAX_LISTED, false)})`, { source: table.source });
  const rowOfLine = new Map(table.lines.map((line, i) => [line, i]));
  // A label as a level: trimmed, a number in its canonical form ("1" and "1.0" one fold, "0x1" another).
  const cells = lines.map((line) => {
    const cell = table.rows[rowOfLine.get(line) as number][j];
    return cell === null ? null : levelOf(cell);
  });
  const missing = cells.filter((c) => c === null || c === '').length;
  if (missing > 0) throw new DataError('MISSING_VALUE', `${missing} row${missing === 1 ? ' has' : 's have'} no fold`, { source: table.source, column });
  const values = sortLevels(cells as string[]);
  if (values.length > MAX_FOLDS) throw new DataError('INVALID_SPEC', `the fold column has more than ${MAX_FOLDS} distinct values; is it really a fold?`, { source: table.source, column });
  if (values.length < 2) throw new DataError('INVALID_SPEC', `the fold column ${quote(column)} gives ${values.length} distinct value${values.length === 1 ? '' : 's'}; cross-validation needs at least 2`, { source: table.source });
  const fold = new Map(values.map((v, k) => [v, k]));
  return { ids: Int32Array.from(cells, (c) => fold.get(c as string) as number), values };
}
