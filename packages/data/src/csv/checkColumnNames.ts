import { DataError, quote } from '../errors.js';

/**
 * Refuses empty and duplicate column names, naming both positions of a duplicate; the one check
 * every table source (CSV header, JSON columns) goes through.
 *
 * Cost: O(columns).
 *
 * @example
 * checkColumnNames(['a', 'b', 'a'], 'x.csv', 1); // throws "x.csv:1: column name "a" appears twice (columns 1 and 3)"
 */
export function checkColumnNames(columns: readonly string[], source: string, line: number | undefined): void {
  const seen = new Map<string, number>();
  columns.forEach((name, i) => {
    if (name === '') throw new DataError('INVALID_SPEC', `column ${i + 1} has an empty name`, { source, line });
    const first = seen.get(name);
    if (first !== undefined) {
      throw new DataError('DUPLICATE_COLUMN', `column name ${quote(name)} appears twice (columns ${first + 1} and ${i + 1})`, { source, line });
    }
    seen.set(name, i);
  });
}
