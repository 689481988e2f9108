import { inner, type Dialect } from './dialects.js';

/** A block of the Gram: products of features in [rows[0], rows[1]) with features in [cols[0], cols[1]). */
export interface GramBlock {
  readonly rows: readonly [number, number];
  readonly cols: readonly [number, number];
}

/** What an aggregate query over a source needs. */
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
  /** Whether a row is held back for calibration (1 or 0): a second group key after the fold, read back as `held`. */
  readonly held?: string;
  /**
   * Sample weights, a DOUBLE expression (finite, ≥ 0, not NULL — checked before): every sum is
   * weighted (Σw·d_j, Σw·d_j·d_k, …) and `sw` = Σw comes with `n`. Absent: unweighted.
   */
  readonly weight?: string;
  /** Pilot means the features and the target are shifted by before any product is summed. */
  readonly shiftX: readonly number[];
  readonly shiftY: number;
  /**
   * Only this block of the Gram (for wide designs, split over several queries); the features'
   * sums and cross products with the target come with the diagonal blocks. Default: all of it.
   */
  readonly block?: GramBlock;
  /**
   * Instead of `where`, a condition for the rows kept: every row is read and grouped also by
   * `kept` (1 or 0), so that `extra` aggregates can profile the dropped rows in the same scan.
   */
  readonly keep?: string;
  /** More aggregates of the same scan (named), over `raw` columns of the inner query (named `inner('u0')` …; the weight `inner('w')`). */
  readonly extra?: readonly string[];
  /** Raw expressions the inner query passes through as `inner('u0')`, `inner('u1')` … for `extra`. */
  readonly raw?: readonly string[];
}

/**
 * The aggregate `SELECT` that computes, per fold, the shifted sums of a design — count, Σd_j,
 * Σd_j·d_k (k ≥ j), Σd_j·e, Σe, Σe² with d = feature − pilot mean and e = target − pilot mean,
 * each weighted by `weight` when given (then also Σw) — which core's `statsFromSums` turns into
 * exact centred statistics. Columns are named `n`, `s{j}`, `q{j}_{k}`, `r{j}`, `sy`, `syy`
 * (`sw` when weighted; and `fold`, `held`, `kept`). For p features the whole Gram is
 * (p + 1)(p + 2)/2 + p + 1 aggregates: fine up to p ≈ 100; wider designs are split into blocks
 * (`block`) or streamed.
 *
 * Cost: one scan of the source.
 *
 * @example
 * statsQuery({ from: "read_parquet('cars.parquet')", features: ['"weight"'], target: '"mpg"', where: [], shiftX: [3000], shiftY: 23 }, DIALECTS.duckdb);
 */
export function statsQuery(spec: StatsQuerySpec, d: Dialect): string {
  const p = spec.features.length;
  const [r0, r1] = spec.block?.rows ?? [0, p];
  const [c0, c1] = spec.block?.cols ?? [0, p];
  const diagonal = r0 === c0;
  const [x, y] = [(j: number) => inner(`x${j}`), inner('y')];
  const shifted = spec.features.map((f, j) => `(${f}) - ${d.number(spec.shiftX[j])} AS ${x(j)}`).filter((_, j) => (j >= r0 && j < r1) || (j >= c0 && j < c1));
  const items = [
    ...shifted,
    `(${spec.target}) - ${d.number(spec.shiftY)} AS ${y}`,
    ...(spec.weight !== undefined ? [`${spec.weight} AS ${inner('w')}`] : []),
    ...(spec.fold !== undefined ? [`${spec.fold} AS ${inner('fold')}`] : []),
    ...(spec.held !== undefined ? [`${spec.held} AS ${inner('held')}`] : []),
    ...(spec.keep !== undefined ? [`CASE WHEN ${spec.keep} THEN 1 ELSE 0 END AS ${inner('kept')}`] : []),
    ...(spec.raw ?? []).map((u, i) => `${u} AS ${inner(`u${i}`)}`),
  ];
  // Weighted: each sum's first factor carries the weight.
  const w = spec.weight !== undefined ? `${inner('w')} * ` : '';
  const aggregates = [`count(*) AS n`, ...(w !== '' ? [`sum(${inner('w')}) AS sw`] : []), `sum(${w}${y}) AS sy`, `sum(${w}${y} * ${y}) AS syy`];
  for (let j = r0; j < r1; j++) {
    if (diagonal) aggregates.push(`sum(${w}${x(j)}) AS s${j}`, `sum(${w}${x(j)} * ${y}) AS r${j}`);
    for (let k = Math.max(j, c0); k < c1; k++) aggregates.push(`sum(${w}${x(j)} * ${x(k)}) AS q${j}_${k}`);
  }
  aggregates.push(...(spec.extra ?? []));
  const where = spec.keep === undefined && spec.where.length > 0 ? `\nWHERE ${spec.where.join('\n  AND ')}` : '';
  // The group keys, read back as `fold`, `held` and `kept`.
  const keyNames = [...(spec.fold !== undefined ? ['fold'] : []), ...(spec.held !== undefined ? ['held'] : []), ...(spec.keep !== undefined ? ['kept'] : [])];
  const keys = keyNames.map(inner);
  const group = keys.length > 0 ? `\nGROUP BY ${keys.join(', ')}\nORDER BY ${keys.join(', ')}` : '';
  const keyItems = keyNames.map((k) => `${inner(k)} AS ${k},\n  `).join('');
  return `SELECT ${keyItems}${aggregates.join(',\n  ')}\nFROM (\n  SELECT ${items.join(',\n    ')}\n  FROM ${spec.from}${where.replace(/\n/g, '\n  ')}\n) AS design${group}`;
}
