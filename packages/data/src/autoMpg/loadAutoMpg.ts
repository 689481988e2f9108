import type { Table } from '../csv/Table.js';
import { fitRecipe, type Design } from '../recipe/fitRecipe.js';
import { AUTO_MPG_DATA } from './autoMpgData.js';
import { autoMpgRecipe } from './autoMpgRecipe.js';
import { parseUci } from './parseUci.js';

/**
 * The bundled UCI Auto-MPG data (398 cars), no file system needed. `{ raw: true }` gives the
 * parsed table (nine columns, '?' as null); the default gives the study's cleaned design —
 * 392 rows, 10 features, target mpg — with the fitted {@link autoMpgRecipe} and its report.
 *
 * Cost: O(rows).
 *
 * @example
 * const { X, y, featureNames, recipe } = loadAutoMpg();
 */
export function loadAutoMpg(opts: { raw: true }): Table;
export function loadAutoMpg(opts?: { raw?: false }): Design;
export function loadAutoMpg(opts: { raw?: boolean } = {}): Table | Design {
  const table = parseUci(AUTO_MPG_DATA, 'auto-mpg.data');
  return opts.raw ? table : fitRecipe(autoMpgRecipe, table);
}
