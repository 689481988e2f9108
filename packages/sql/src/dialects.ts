import { LassoKitError } from '@lassokit/core';
import type { SqlFunctions } from '@lassokit/data';

/** Engines whose SQL the statistics query is written in. */
export type DialectName = 'duckdb' | 'clickhouse' | 'postgres' | 'ansi';

/**
 * What differs between engines: quoting, casts, a few function names, and hashing for folds.
 * Everything else the statistics need is `count`, `sum`, `min`, `max`, `DISTINCT`, `CASE` and
 * `GROUP BY` — SQL every engine accepts (ClickHouse 18.16 included). Products are always taken of
 * DOUBLE values: DuckDB errors on integer overflow and ClickHouse silently wraps Int64.
 */
export interface Dialect extends SqlFunctions {
  readonly name: DialectName;
  /** A quoted identifier. */
  ident(name: string): string;
  /** A quoted string literal. */
  text(value: string): string;
  /** CAST to double precision. */
  double(expr: string): string;
  /** The expression as text (to compare categorical levels or hash several columns). */
  asText(expr: string): string;
  isNotNull(expr: string): string;
  /**
   * A fold id in 0 … K−1 from a hash of the columns' values (the engine's native multi-argument
   * hash: hashing a concatenated text cost 30× more in DuckDB). Hashes differ between engines, so
   * fold assignment does too.
   */
  hashFold(exprs: readonly string[], K: number): string;
  /**
   * One select item whose value is the array of q-quantiles of the non-null values of `expr` —
   * exact with linear interpolation between order statistics (as `quantile` in @lassokit/data, numpy's
   * and pandas' default) given their count `n`, or the engine's approximate quantile — and how
   * to read it. (Clip bounds and median imputation, fitted where the data are.)
   */
  quantiles(expr: string, qs: readonly number[], n: number, approximate: boolean): Quantiles;
}

/** A select item computing quantiles, and its reading as numbers in the order asked. */
export interface Quantiles {
  readonly sql: string;
  read(value: unknown): number[];
}

function finite(v: number): string {
  if (!Number.isFinite(v)) throw new LassoKitError('NON_FINITE', `cannot write ${v} into SQL`, { parameter: 'value' });
  return String(v);
}

interface DialectParts {
  ident: (s: string) => string;
  double: (x: string) => string;
  asText: (x: string) => string;
  ln: string;
  hashFold: (xs: readonly string[], K: number) => string;
  quantiles: Dialect['quantiles'];
}

function make(name: DialectName, parts: DialectParts): Dialect {
  const text = (v: string) => `'${v.replace(/'/g, "''")}'`;
  const number = (v: number) => parts.double(finite(v));
  return {
    name,
    ident: parts.ident,
    text,
    double: parts.double,
    asText: parts.asText,
    isNotNull: (x) => `${x} IS NOT NULL`,
    hashFold: parts.hashFold,
    quantiles: parts.quantiles,
    number,
    ln: (x) => `${parts.ln}(${x})`,
    clamp: (x, lo, hi) => `least(greatest(${x}, ${number(lo)}), ${number(hi)})`,
    indicator: (x, level, numeric) => `CASE WHEN ${numeric ? `${x} = ${number(Number(level))}` : `${parts.asText(x)} = ${text(level)}`} THEN ${number(1)} ELSE ${number(0)} END`,
    coalesce: (x, v) => `coalesce(${x}, ${number(v)})`,
  };
}

const quoteDouble = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The numbers of an engine's array value. */
function numbers(value: unknown, n: number): number[] {
  if (!Array.isArray(value) || value.length !== n) throw new LassoKitError('ENGINE_ERROR', `expected ${n} quantiles from the engine; got ${JSON.stringify(value)?.slice(0, 100)}`, { parameter: 'quantiles' });
  return value.map((v) => (typeof v === 'number' ? v : Number(v)));
}

/**
 * concat_ws('|', …) of the texts, nested in groups when there are many: PostgreSQL functions take
 * at most 100 arguments (the 1,000 features of the API's widest source failed).
 */
function joinedText(texts: readonly string[]): string {
  const GROUP = 99;
  if (texts.length <= GROUP) return `concat_ws('|', ${texts.join(', ')})`;
  const groups = Array.from({ length: Math.ceil(texts.length / GROUP) }, (_, g) => texts.slice(g * GROUP, (g + 1) * GROUP));
  return joinedText(groups.map((g) => joinedText(g)));
}

/** Quantiles as an engine's interpolating aggregate per q, in an array literal (DuckDB, PostgreSQL). */
function perQuantile(fn: (expr: string, q: number) => string, open = '[', close = ']'): Dialect['quantiles'] {
  return (expr, qs) => ({ sql: `${open}${qs.map((q) => fn(expr, q)).join(', ')}${close}`, read: (v) => numbers(v, qs.length) });
}

/**
 * ClickHouse: `quantilesExact` returns order statistics without interpolating (element ⌊level·n⌋ of
 * the sorted values), so the two order statistics around each quantile are asked for by rank and
 * interpolated here — exact, on every version (18.16 has no interpolating exact quantile). The
 * approximate `quantiles` samples 8,192 values per state (reservoir sampling).
 */
const clickhouseQuantiles: Dialect['quantiles'] = (expr, qs, n, approximate) => {
  if (approximate) return { sql: `quantiles(${qs.map(String).join(', ')})(${expr})`, read: (v) => numbers(v, qs.length) };
  const ranks = qs.map((q) => {
    const h = (n - 1) * q;
    const lo = Math.floor(h);
    return { lo, hi: Math.min(lo + 1, n - 1), frac: h - lo };
  });
  const levels = ranks.flatMap((r) => [r.lo, r.hi]).map((i) => String((i + 0.5) / n));
  return {
    sql: `quantilesExact(${levels.join(', ')})(${expr})`,
    read: (v) => {
      const x = numbers(v, levels.length);
      return ranks.map((r, t) => x[2 * t] + r.frac * (x[2 * t + 1] - x[2 * t]));
    },
  };
};

/** The dialects, by name. */
export const DIALECTS: Readonly<Record<DialectName, Dialect>> = {
  duckdb: make('duckdb', {
    ident: quoteDouble,
    double: (x) => `CAST(${x} AS DOUBLE)`,
    asText: (x) => `CAST(${x} AS VARCHAR)`,
    ln: 'ln',
    hashFold: (xs, K) => `CAST(hash(${xs.join(', ')}) % ${K} AS INTEGER)`,
    quantiles: (expr, qs, n, approximate) => perQuantile((x, q) => `${approximate ? 'approx_quantile' : 'quantile_cont'}(${x}, ${q})`)(expr, qs, n, approximate),
  }),
  clickhouse: make('clickhouse', {
    ident: (s) => `\`${s.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``,
    double: (x) => `toFloat64(${x})`,
    asText: (x) => `toString(${x})`,
    ln: 'log',
    hashFold: (xs, K) => `toInt32(cityHash64(${xs.join(', ')}) % ${K})`,
    quantiles: clickhouseQuantiles,
  }),
  postgres: make('postgres', {
    ident: quoteDouble,
    double: (x) => `CAST(${x} AS DOUBLE PRECISION)`,
    asText: (x) => `CAST(${x} AS TEXT)`,
    ln: 'ln',
    // hashtext is int4: widened before abs, which overflows on −2³¹ as int4.
    hashFold: (xs, K) => `(abs(CAST(hashtext(${joinedText(xs.map((x) => `CAST(${x} AS TEXT)`))}) AS BIGINT)) % ${K})`,
    // Exact only (percentile_cont interpolates linearly, as the recipe does).
    quantiles: perQuantile((x, q) => `percentile_cont(${q}) WITHIN GROUP (ORDER BY ${x})`, 'ARRAY[', ']'),
  }),
  ansi: make('ansi', {
    ident: quoteDouble,
    double: (x) => `CAST(${x} AS DOUBLE PRECISION)`,
    asText: (x) => `CAST(${x} AS VARCHAR(1000))`,
    ln: 'LN',
    hashFold: () => {
      throw new LassoKitError('INVALID_PARAMETER', 'ANSI SQL has no hash function: name a fold column instead', { parameter: 'fold' });
    },
    quantiles: () => {
      throw new LassoKitError('INVALID_PARAMETER', 'quantiles are fitted by an engine that runs them (DuckDB, ClickHouse), not in ANSI SQL', { parameter: 'quantiles' });
    },
  }),
};

/** The dialect of a name, or an error naming the choices. */
export function dialect(name: string): Dialect {
  if (!Object.hasOwn(DIALECTS, name)) throw new LassoKitError('INVALID_PARAMETER', `dialect must be one of ${Object.keys(DIALECTS).join(', ')}; got ${JSON.stringify(name)}`, { parameter: 'dialect' });
  return DIALECTS[name as DialectName];
}
