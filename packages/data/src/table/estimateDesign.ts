import type { Table } from '../csv/Table.js';
import { DataError, quote, thousands } from '../errors.js';

/** Bounds on the work a design may cause, checked before it is built. */
export interface DesignLimits {
  /** Refuse categorical columns with more levels (in the rows kept) than this (default 5000). */
  readonly maxLevels?: number;
  /** Refuse designs with more columns than this after one-hot encoding (default: no limit). */
  readonly maxFeatures?: number;
  /**
   * Refuse designs with more cells than this (default: no limit): rows × columns after one-hot
   * encoding for a dense design, the nonzeros for a sparse one (each one-hot group has one per row).
   */
  readonly maxCells?: number;
  /**
   * Build the design sparse (CSC): 'auto' (default) when it is mostly zeros — at most
   * {@link SPARSE_DENSITY} of its cells nonzero and at least {@link SPARSE_MIN_CELLS} cells — which is
   * what wide one-hot encoding gives; `true` / `false` to force either.
   */
  readonly sparse?: boolean | 'auto';
}

/** The largest share of nonzero cells for which 'auto' builds a sparse design. */
export const SPARSE_DENSITY = 0.1;
/** Designs smaller than this stay dense under 'auto' (dense kernels are faster on small data). */
export const SPARSE_MIN_CELLS = 100_000;

/** The estimated size of a design: its columns after one-hot encoding, and the levels of each categorical column. */
export interface DesignEstimate {
  readonly rows: number;
  readonly columns: number;
  /** Dense cells (rows × columns). */
  readonly cells: number;
  /** At most this many nonzeros: one per row per numeric column and per one-hot group. */
  readonly nonzeros: number;
  /** Whether the design is built sparse. */
  readonly sparse: boolean;
  readonly levels: ReadonlyMap<string, number>;
}

/**
 * Estimates the design a table and spec expand to — numeric features count one column each,
 * a categorical column one per distinct present level — and refuses, before anything is built,
 * a design over `maxFeatures` columns or `maxCells` cells
 * (`DESIGN_TOO_LARGE`, naming the largest categorical columns and their level counts). The
 * estimate counts every row (rows dropped later for missing values only make it smaller) and
 * ignores a reference level (one column fewer). `maxLevels` is checked exactly, on the kept rows,
 * when the recipe is fitted.
 *
 * Cost: O(n·k) time and O(distinct levels) memory for k categorical columns.
 *
 * @example
 * estimateDesign(table, index, ['a', 'city'], new Set(['city']), { maxCells: 1e6 }).columns;
 */
export function estimateDesign(
  table: Table,
  index: ReadonlyMap<string, number>,
  features: readonly string[],
  categorical: ReadonlySet<string>,
  limits: DesignLimits,
): DesignEstimate {
  const levels = new Map<string, number>();
  let columns = 0;
  for (const name of features) {
    if (!categorical.has(name)) {
      columns++;
      continue;
    }
    const j = index.get(name) as number;
    const seen = new Set<string>();
    for (const row of table.rows) {
      const v = row[j];
      if (v !== null) seen.add(v);
    }
    levels.set(name, seen.size);
    columns += seen.size;
  }
  const rows = table.rows.length;
  const cells = rows * columns;
  const nonzeros = rows * features.length;
  const choice = limits.sparse ?? 'auto';
  const sparse = choice === 'auto' ? cells >= SPARSE_MIN_CELLS && nonzeros <= SPARSE_DENSITY * cells : choice;
  const size = sparse ? nonzeros : cells;
  const sizeText = sparse
    ? `${thousands(size)} nonzeros (${thousands(rows)} rows × ${features.length} features, sparse over ${thousands(columns)} columns)`
    : `${thousands(rows)} rows × ${thousands(columns)} columns = ${thousands(cells)} cells`;
  const over = limits.maxFeatures !== undefined && columns > limits.maxFeatures ? `${thousands(columns)} columns; the limit is ${thousands(limits.maxFeatures)} columns` : limits.maxCells !== undefined && size > limits.maxCells ? `${sizeText}; the limit is ${thousands(limits.maxCells)} cells` : null;
  if (over !== null) {
    const largest = [...levels].sort((a, b) => b[1] - a[1]);
    const shown = largest.slice(0, 5).map(([c, k]) => `${quote(c)} (${thousands(k)} levels)`);
    const rest = largest.length > 5 ? ` and ${largest.length - 5} more` : '';
    const why = largest.length > 0 ? `; one-hot encoding of ${shown.join(', ')}${rest} makes most of them` : '';
    throw new DataError('DESIGN_TOO_LARGE', `the design would have ${over}${why}`, { source: table.source }, {
      rows,
      columns,
      cells,
      categorical: largest.slice(0, 20).map(([column, count]) => ({ column, levels: count })),
    });
  }
  return { rows, columns, cells, nonzeros, sparse, levels };
}
