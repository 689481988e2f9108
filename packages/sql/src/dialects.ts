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
}

function finite(v: number): string {
  if (!Number.isFinite(v)) throw new LassoKitError('NON_FINITE', `cannot write ${v} into SQL`, { parameter: 'value' });
  return String(v);
}

function make(name: DialectName, parts: { ident: (s: string) => string; double: (x: string) => string; asText: (x: string) => string; ln: string; hashFold: (xs: readonly string[], K: number) => string }): Dialect {
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
    number,
    ln: (x) => `${parts.ln}(${x})`,
    clamp: (x, lo, hi) => `least(greatest(${x}, ${number(lo)}), ${number(hi)})`,
    indicator: (x, level, numeric) => `CASE WHEN ${numeric ? `${x} = ${number(Number(level))}` : `${parts.asText(x)} = ${text(level)}`} THEN ${number(1)} ELSE ${number(0)} END`,
    coalesce: (x, v) => `coalesce(${x}, ${number(v)})`,
  };
}

const quoteDouble = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The dialects, by name. */
export const DIALECTS: Readonly<Record<DialectName, Dialect>> = {
  duckdb: make('duckdb', { ident: quoteDouble, double: (x) => `CAST(${x} AS DOUBLE)`, asText: (x) => `CAST(${x} AS VARCHAR)`, ln: 'ln', hashFold: (xs, K) => `CAST(hash(${xs.join(', ')}) % ${K} AS INTEGER)` }),
  clickhouse: make('clickhouse', {
    ident: (s) => `\`${s.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``,
    double: (x) => `toFloat64(${x})`,
    asText: (x) => `toString(${x})`,
    ln: 'log',
    hashFold: (xs, K) => `toInt32(cityHash64(${xs.join(', ')}) % ${K})`,
  }),
  postgres: make('postgres', {
    ident: quoteDouble,
    double: (x) => `CAST(${x} AS DOUBLE PRECISION)`,
    asText: (x) => `CAST(${x} AS TEXT)`,
    ln: 'ln',
    hashFold: (xs, K) => `(abs(hashtext(concat_ws('|', ${xs.map((x) => `CAST(${x} AS TEXT)`).join(', ')}))) % ${K})`,
  }),
  ansi: make('ansi', {
    ident: quoteDouble,
    double: (x) => `CAST(${x} AS DOUBLE PRECISION)`,
    asText: (x) => `CAST(${x} AS VARCHAR(1000))`,
    ln: 'LN',
    hashFold: () => {
      throw new LassoKitError('INVALID_PARAMETER', 'ANSI SQL has no hash function: name a fold column instead', { parameter: 'fold' });
    },
  }),
};

/** The dialect of a name, or an error naming the choices. */
export function dialect(name: string): Dialect {
  if (!Object.hasOwn(DIALECTS, name)) throw new LassoKitError('INVALID_PARAMETER', `dialect must be one of ${Object.keys(DIALECTS).join(', ')}; got ${JSON.stringify(name)}`, { parameter: 'dialect' });
  return DIALECTS[name as DialectName];
}
