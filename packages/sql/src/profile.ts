import { inner } from './dialects.js';
import { toNumber } from './runners.js';

/** What one scan learns about the used columns before (or while) the statistics are summed. */
export interface Profile {
  /** Rows read. */
  readonly n: number;
  /** Rows the missing-value policy keeps. */
  readonly kept: number;
  /** Present values per used column: over all rows (`all`) and over the kept rows (`inKept`). */
  readonly all: readonly number[];
  readonly inKept: readonly number[];
  /** Min and max of each numeric feature over the kept rows; and its mean (for mean imputation). */
  readonly lo: readonly number[];
  readonly hi: readonly number[];
  readonly mean: readonly number[];
  /** Present values of the fold column, when folds come from one. */
  readonly foldPresent: number;
  /** Whether a numeric column's min, max or sum came back NaN: a NaN value (which min and max pass over here). */
  readonly sawNaN: boolean;
}

/** The columns a profile is over. */
export interface ProfileColumns {
  /** Target first, then the features (raw SQL: identifiers, numeric ones cast to DOUBLE). */
  readonly used: readonly string[];
  /** Indices into `used` of the numeric features. */
  readonly numeric: readonly number[];
  /** Whether folds come from a column (its present values are counted). */
  readonly foldColumn: boolean;
  /** Whether values are imputed (then present values and sums over the kept rows are needed). */
  readonly imputing: boolean;
}

/**
 * The profile's aggregates over the raw columns: row counts, present values per column, ranges and
 * means over the kept rows. `keep` is the policy's row condition (null: every row is kept). Written
 * over `col(i)`, so the same aggregates serve a profiling scan over the source and the statistics
 * query that folds them into its own scan.
 */
export function profileAggregates(cols: ProfileColumns, keep: string | null, col: (i: number) => string, fold: string | undefined): string[] {
  const kept = (x: string) => (keep === null ? x : `CASE WHEN ${keep} THEN ${x} END`);
  return [
    `count(*) AS ${inner('pn')}`,
    `${keep === null ? 'count(*)' : `sum(CASE WHEN ${keep} THEN 1 ELSE 0 END)`} AS ${inner('pk')}`,
    ...cols.used.map((_, i) => `count(${col(i)}) AS ${inner(`pa${i}`)}`),
    // Counts and sums over the kept rows only matter to imputation (each aggregate costs ~1.5% of a scan).
    ...(cols.imputing ? cols.used.map((_, i) => `count(${kept(col(i))}) AS ${inner(`pc${i}`)}`) : []),
    ...cols.numeric.map((i) => `min(${kept(col(i))}) AS ${inner(`lo${i}`)}, max(${kept(col(i))}) AS ${inner(`hi${i}`)}${cols.imputing ? `, sum(${kept(col(i))}) AS ${inner(`sm${i}`)}` : ''}`),
    ...(fold !== undefined ? [`count(${fold}) AS ${inner('pf')}`] : []),
  ];
}

/** The profile from the rows of its aggregates (several groups of one scan are combined). */
export function readProfile(rows: readonly Record<string, unknown>[], cols: ProfileColumns): Profile {
  const total = (key: string) => rows.reduce((a, r) => a + toNumber(r[inner(key)], 'count'), 0);
  let sawNaN = false;
  const extreme = (key: string, pick: (a: number, b: number) => number, start: number) =>
    rows.reduce((a, r) => {
      const cell = r[inner(key)];
      const v = cell === null ? NaN : toNumber(cell, key);
      if (Number.isNaN(v) && cell !== null) sawNaN = true;
      return Number.isNaN(v) ? a : pick(a, v);
    }, start);
  const all = cols.used.map((_, i) => total(`pa${i}`));
  // Without imputation every kept row has every used value (the policy is 'error' or 'drop').
  const kept = total('pk');
  const inKept = cols.imputing ? cols.used.map((_, i) => total(`pc${i}`)) : cols.used.map(() => kept);
  const lo = cols.used.map((_, i) => (cols.numeric.includes(i) ? extreme(`lo${i}`, Math.min, Infinity) : NaN));
  const hi = cols.used.map((_, i) => (cols.numeric.includes(i) ? extreme(`hi${i}`, Math.max, -Infinity) : NaN));
  const mean = cols.used.map((_, i) => (cols.imputing && cols.numeric.includes(i) && inKept[i] > 0 ? rows.reduce((a, r) => a + (r[inner(`sm${i}`)] === null ? 0 : toNumber(r[inner(`sm${i}`)], 'sum')), 0) / inKept[i] : NaN));
  return {
    n: total('pn'),
    kept,
    all,
    inKept,
    lo,
    hi,
    mean,
    foldPresent: cols.foldColumn ? total('pf') : 0,
    sawNaN: sawNaN || mean.some((m, i) => cols.imputing && cols.numeric.includes(i) && inKept[i] > 0 && Number.isNaN(m)),
  };
}
