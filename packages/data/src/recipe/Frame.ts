import type { DataLocation } from '../errors.js';

/** A raw cell: a number, a string (a level, or a number not yet parsed), or missing. */
export type Cell = number | string | null;

/**
 * A numeric column stored by its nonzeros (row indices increasing): what one-hot indicators are, so
 * a categorical of many levels costs O(n), not O(n·levels). Read densely through `column()`.
 */
export interface SparseColumn {
  readonly sparse: true;
  readonly rows: Int32Array;
  readonly values: Float64Array;
}

/** True for a {@link SparseColumn}. */
export function isSparseColumn(c: Cell[] | SparseColumn): c is SparseColumn {
  return !Array.isArray(c);
}

/** A sparse column written out as n numbers. */
export function densifyColumn(c: SparseColumn, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  c.rows.forEach((i, k) => (out[i] = c.values[k]));
  return out;
}

/** Rows being transformed, column by column, with a way to say where each row came from. */
export interface Frame {
  n: number;
  /** Columns by name (a Map: user strings such as `__proto__` are ordinary keys). */
  readonly columns: Map<string, Cell[] | SparseColumn>;
  /** Location of row i in the caller's terms (file and line, or a record's index). */
  locate(i: number): DataLocation;
  /** The 0-based index of row i among the rows the frame was made from (before any were dropped). */
  rowIndex(i: number): number;
  /** Keep only rows where keep[i] is true. */
  readonly keep: (keep: boolean[]) => void;
}

/** 'fit' learns a recipe's parameters from training rows; 'apply' uses them on new rows. */
export type Mode = 'fit' | 'apply';
