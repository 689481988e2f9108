import type { Dialect } from './dialects.js';

/** What the one aggregate query over a source needs. */
export interface StatsQuerySpec {
  /** The FROM clause: a table, a table function (`read_parquet('…')`) or a parenthesized query. */
  readonly from: string;
  /** One SQL expression per feature (from `recipeToSql`), DOUBLE-valued. */
  readonly features: readonly string[];
  readonly target: string;
  /** Row filter (drops of the recipe, and any of the caller's). */
  readonly where: readonly string[];
  /** The fold of each row, an integer expression; absent: one group. */
  readonly fold?: string;
  /** Pilot means the features and the target are shifted by before any product is summed. */
  readonly shiftX: readonly number[];
  readonly shiftY: number;
}

/**
 * The single aggregate `SELECT` that computes, per fold, the shifted sums of a design — count,
 * Σd_j, Σd_j·d_k (k ≥ j), Σd_j·e, Σe, Σe² with d = feature − pilot mean and e = target − pilot
 * mean — which core's `statsFromSums` turns into exact centred statistics. Columns are named
 * `n`, `s{j}`, `q{j}_{k}`, `r{j}`, `sy`, `syy` (and `fold`). For p features the query has
 * (p + 1)(p + 2)/2 + p + 1 aggregates: fine up to p ≈ 100; wider designs should be streamed.
 *
 * Cost: one scan of the source.
 *
 * @example
 * statsQuery({ from: "read_parquet('cars.parquet')", features: ['"weight"'], target: '"mpg"', where: [], shiftX: [3000], shiftY: 23 }, DIALECTS.duckdb);
 */
export function statsQuery(spec: StatsQuerySpec, d: Dialect): string {
  const p = spec.features.length;
  const shifted = spec.features.map((f, j) => `(${f}) - ${d.number(spec.shiftX[j])} AS x${j}`);
  const inner = [...shifted, `(${spec.target}) - ${d.number(spec.shiftY)} AS y`, ...(spec.fold !== undefined ? [`${spec.fold} AS fold`] : [])];
  const aggregates = [`count(*) AS n`, `sum(y) AS sy`, `sum(y * y) AS syy`];
  for (let j = 0; j < p; j++) {
    aggregates.push(`sum(x${j}) AS s${j}`, `sum(x${j} * y) AS r${j}`);
    for (let k = j; k < p; k++) aggregates.push(`sum(x${j} * x${k}) AS q${j}_${k}`);
  }
  const where = spec.where.length > 0 ? `\nWHERE ${spec.where.join('\n  AND ')}` : '';
  const group = spec.fold !== undefined ? '\nGROUP BY fold\nORDER BY fold' : '';
  return `SELECT ${spec.fold !== undefined ? 'fold,\n  ' : ''}${aggregates.join(',\n  ')}\nFROM (\n  SELECT ${inner.join(',\n    ')}\n  FROM ${spec.from}${where.replace(/\n/g, '\n  ')}\n) AS design${group}`;
}
