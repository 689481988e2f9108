import type { DataLocation } from '../errors.js';

/** A raw cell: a number, a string (a level, or a number not yet parsed), or missing. */
export type Cell = number | string | null;

/** Rows being transformed, column by column, with a way to say where each row came from. */
export interface Frame {
  n: number;
  /** Columns by name (a Map: user strings such as `__proto__` are ordinary keys). */
  readonly columns: Map<string, Cell[]>;
  /** Location of row i in the caller's terms (file and line, or a record's index). */
  locate(i: number): DataLocation;
  /** Keep only rows where keep[i] is true. */
  readonly keep: (keep: boolean[]) => void;
}

/** 'fit' learns a recipe's parameters from training rows; 'apply' uses them on new rows. */
export type Mode = 'fit' | 'apply';
