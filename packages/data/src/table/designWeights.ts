import type { Table } from '../csv/Table.js';
import { DataError, MAX_LISTED, nameList, quote } from '../errors.js';
import type { Design } from '../recipe/fitRecipe.js';
import { numberParser } from '../recipe/parseNumber.js';

/**
 * Sample weights for the rows a design kept (its `lines`, as `buildDesign` reports them) from a
 * column of the table it was built from — a column that is not a feature. Every kept row's cell
 * must be a finite number ≥ 0: an unknown column is UNKNOWN_COLUMN, a missing cell MISSING_VALUE
 * and a negative, non-finite or non-numeric one NOT_A_NUMBER, at its line and the column. (All
 * zero is core's to refuse.) Numbers are read with the design's decimal mark (its recipe's).
 *
 * Cost: O(rows).
 *
 * @example
 * const design = buildDesign(table, { target: 'y', features: ['a', 'b'] });
 * const weights = designWeights(table, design, 'w');
 */
export function designWeights(table: Table, design: Pick<Design, 'lines' | 'recipe'>, column: string): Float64Array {
  const { lines } = design;
  const parse = numberParser(design.recipe.decimal);
  const j = table.columns.indexOf(column);
  if (j < 0) throw new DataError('UNKNOWN_COLUMN', `unknown weights column ${quote(column)} (columns: ${nameList(table.columns, MAX_LISTED, false)})`, { source: table.source });
  const rowOfLine = new Map(table.lines.map((line, i) => [line, i]));
  return Float64Array.from(lines, (line) => {
    const cell = table.rows[rowOfLine.get(line) as number][j];
    if (cell === null) throw new DataError('MISSING_VALUE', 'the weight is missing (every row needs a weight ≥ 0)', { source: table.source, line, column });
    const w = parse(cell);
    if (!(w >= 0 && w < Infinity)) throw new DataError('NOT_A_NUMBER', `${quote(cell)} is not a weight (a finite number ≥ 0)`, { source: table.source, line, column });
    return w;
  });
}
