import { LassoKitError } from '@lassokit/core';
import type { DecimalMark, SqlFunctions } from '@lassokit/data';

/** Engines whose SQL the statistics query is written in. */
export type DialectName = 'duckdb' | 'clickhouse' | 'postgres' | 'ansi';

/**
 * What differs between engines: quoting, casts, a few function names, hashing for folds, and how
 * several columns' distinct values come out of one scan. Everything else the statistics need is
 * `count`, `sum`, `min`, `max`, `DISTINCT`, `CASE` and `GROUP BY` — SQL every engine accepts
 * (ClickHouse 18.16 included). Products are always taken of
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
   * Whether a text value does not read as a number (ANSI `TRY_CAST`, ClickHouse's
   * `toFloat64OrNull`; a pattern in PostgreSQL, which has no cast that fails softly, and in
   * DuckDB, whose cast takes 0x10, 1_000 or nan as numbers where memory does not): the
   * example cell an error shows for a column whose text type is not a number. `decimal` ','
   * (a CSV DuckDB reads with a decimal comma; other engines' sources have typed numbers) takes
   * 18,5 as a number and a point as none, as data's `parseDecimalComma` does.
   */
  notNumber(expr: string, decimal?: DecimalMark): string;
  /** Whether a double is NaN (DuckDB and PostgreSQL hold NaN equal to itself and above every number; ClickHouse compares it false). */
  isNaN(expr: string): string;
  /**
   * A fold id in 0 … K−1 from a hash of the columns' values (the engine's native multi-argument
   * hash: hashing a concatenated text cost 30× more in DuckDB). Hashes differ between engines, so
   * fold assignment does too.
   */
  hashFold(exprs: readonly string[], K: number): string;
  /**
   * A non-negative integer from a second hash of the columns' values (numeric ones as doubles),
   * whose buckets do not follow `hashFold`'s folds (each of 10 hash folds holds back 0.25 ± 0.006
   * of 200,000 rows in 4 buckets): DuckDB's and ClickHouse's hash of that hash; on PostgreSQL
   * `hashint8` of a sum of per-column hashes (`hashfloat8`, `hashtext`) — functions postgres_fdw
   * ships to the shards with a GROUP BY, where text casts and `concat_ws` are not. Which rows
   * split conformal holds back for calibration, and the order they are sampled in.
   */
  splitHash(columns: readonly HashedColumn[]): string;
  /**
   * One select item whose value is the array of q-quantiles of the non-null values of `expr` —
   * exact with linear interpolation between order statistics (as `quantile` in @lassokit/data, numpy's
   * and pandas' default) given their count `n`, or the engine's approximate quantile — and how
   * to read it. (Clip bounds and median imputation, fitted where the data are.)
   */
  quantiles(expr: string, qs: readonly number[], n: number, approximate: boolean): Quantiles;
  /**
   * The distinct non-null values of several columns of `from`, at most `limit` per column, over
   * the rows `where` keeps (null: all): the queries — one scan for all columns where the engine
   * can (a scan per column cost a full parse of a CSV each) — and their reading, each column's
   * values in the order asked. (The levels of categorical columns.)
   */
  distinctValues(from: string, exprs: readonly string[], where: string | null, limit: number): DistinctValues;
  /**
   * The position (1 …) of the value of `expr` among `levels`, 0 for none of them, −1 for NULL (all
   * its indicators are 0 too, but a stream that profiles the rows must see it): the indicators'
   * comparisons (`indicator`) as one `CASE`, so one column stands for all of a categorical column's
   * indicators when rows are streamed.
   */
  levelIndex(expr: string, levels: readonly string[], numeric: boolean): string;
}

/** The queries of several columns' distinct values, and the reading of their results per column. */
export interface DistinctValues {
  readonly queries: readonly string[];
  read(results: readonly (readonly Record<string, unknown>[])[]): unknown[][];
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

/** A column a hash reads: its expression, and whether it holds numbers (hashed as doubles where the engine hashes by type). */
export interface HashedColumn {
  readonly expr: string;
  readonly numeric: boolean;
}

interface DialectParts {
  ident: (s: string) => string;
  double: (x: string) => string;
  asText: (x: string) => string;
  notNumber: (x: string, decimal?: DecimalMark) => string;
  isNaN: (x: string) => string;
  ln: string;
  hashFold: (xs: readonly string[], K: number) => string;
  splitHash: (columns: readonly HashedColumn[]) => string;
  quantiles: Dialect['quantiles'];
  distinctValues: Dialect['distinctValues'];
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
    notNumber: parts.notNumber,
    isNaN: parts.isNaN,
    hashFold: parts.hashFold,
    splitHash: parts.splitHash,
    quantiles: parts.quantiles,
    distinctValues: parts.distinctValues,
    number,
    ln: (x) => `${parts.ln}(${x})`,
    clamp: (x, lo, hi) => `least(greatest(${x}, ${number(lo)}), ${number(hi)})`,
    indicator: (x, level, numeric) => `CASE WHEN ${numeric ? `${x} = ${number(Number(level))}` : `${parts.asText(x)} = ${text(level)}`} THEN ${number(1)} ELSE ${number(0)} END`,
    coalesce: (x, v) => `coalesce(${x}, ${number(v)})`,
    levelIndex: (x, levels, numeric) => `CASE WHEN ${x} IS NULL THEN -1 ELSE CASE ${numeric ? x : parts.asText(x)}${levels.map((l, k) => ` WHEN ${numeric ? number(Number(l)) : text(l)} THEN ${k + 1}`).join('')} ELSE 0 END END`,
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

/**
 * ClickHouse's hash arguments with NULLs hashed: cityHash64 of a NULL is NULL, so a row with a
 * missing (imputed) value had no hash fold — its own group, a fold of every imputed row — and was
 * never held back for calibration. Each value is hashed as itself (a NULL as its type's default)
 * with whether it is NULL.
 */
function nullSafe(xs: readonly string[]): string {
  return xs.flatMap((x) => [`assumeNotNull(${x})`, `isNull(${x})`]).join(', ');
}

/** Quantiles as an engine's interpolating aggregate per q, in an array literal (DuckDB, PostgreSQL). */
function perQuantile(fn: (expr: string, q: number) => string, open = '[', close = ']'): Dialect['quantiles'] {
  return (expr, qs) => ({ sql: `${open}${qs.map((q) => fn(expr, q)).join(', ')}${close}`, read: (v) => numbers(v, qs.length) });
}

/**
 * The name a query gives a value it computes next to the source's own columns (`x0`, `y`, `w`,
 * `fold` …), prefixed so that it never is a column's name: ClickHouse (18.16, without
 * `prefer_column_name_to_alias`) resolves a name to an alias of the same SELECT before the
 * column, so a feature column named `y` beside the target's alias `y` had been summed as the
 * target, silently.
 */
export const inner = (name: string): string => `lassokit_${name}`;

/**
 * Distinct values by `GROUPING SETS` ((v0), (v1), …): one group per value of one column, the other
 * columns NULL in it — so a non-null cell names its column, and the groups of a NULL value (all
 * cells NULL) are left out. A window keeps the first `limit` values of each column, so an
 * identifier-like column does not send all its values back (DuckDB, PostgreSQL, standard SQL).
 */
const groupingSets: Dialect['distinctValues'] = (from, exprs, where, limit) => {
  const v = exprs.map((_, i) => `v${i}`);
  const sql = [
    `SELECT ${v.join(', ')} FROM (`,
    `  SELECT ${v.join(', ')}, row_number() OVER (PARTITION BY ${v.map((x) => `${x} IS NULL`).join(', ')}) AS r FROM (`,
    `    SELECT ${v.join(', ')} FROM (SELECT ${exprs.map((e, i) => `${e} AS v${i}`).join(', ')} FROM ${from}${where === null ? '' : ` WHERE ${where}`}) AS used`,
    `    GROUP BY GROUPING SETS (${v.map((x) => `(${x})`).join(', ')})`,
    `    HAVING ${v.map((x) => `${x} IS NOT NULL`).join(' OR ')}`,
    `  ) AS sets`,
    `) AS levels WHERE r <= ${limit}`,
  ].join('\n');
  return {
    queries: [sql],
    read: ([rows]) => v.map((x) => rows.flatMap((r) => (r[x] === null || r[x] === undefined ? [] : [r[x]]))),
  };
};

/**
 * A `DISTINCT … LIMIT` query per column: ClickHouse's way (18.16 has no GROUPING SETS, nor a
 * bounded `groupUniqArray`), and any engine's for a source stored by column (Parquet): each query
 * reads one column, and a `DISTINCT` with a `LIMIT` stops once it has that many values — where one
 * scan of grouping sets first groups every value of an identifier-like column (5M-row Parquet, 3
 * categorical columns and an identifier: 3.5–3.9 s as grouping sets, 0.7–0.9 s per column; 0.02–0.05
 * s either way without the identifier).
 */
export const distinctPerColumn: Dialect['distinctValues'] = (from, exprs, where, limit) => ({
  queries: exprs.map((e) => `SELECT DISTINCT ${e} AS ${inner('v')} FROM ${from} WHERE ${e} IS NOT NULL${where === null ? '' : ` AND ${where}`} LIMIT ${limit}`),
  read: (results) => results.map((rows) => rows.map((r) => r[inner('v')])),
});

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

/** A number as data's parseNumber reads one (surrounding spaces allowed), for RE2 and PostgreSQL's regular expressions; and with a decimal comma (parseDecimalComma). */
const DECIMAL_POINT = String.raw`\s*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\s*`;
const DECIMAL_COMMA = String.raw`\s*[+-]?([0-9]+,?[0-9]*|,[0-9]+)([eE][+-]?[0-9]+)?\s*`;

/**
 * DuckDB: whether a row's text cells (SQL expressions; NULLs skipped) are all numbers as data's
 * parseNumber reads them — one match of the cells joined by the unit separator (U+001F, which no
 * number holds), a third of the time of one match per cell. Matches rather than casts: a cast
 * takes more (0x10, 1_000, +-5, inf, nan). A number too large for a double (1e400) matches.
 */
export function duckdbAllNumbers(cells: readonly string[], decimal: DecimalMark = '.', orBlank = false): string {
  const number = decimal === ',' ? DECIMAL_COMMA : DECIMAL_POINT;
  // `orBlank`: a cell of spaces only passes too.
  const one = orBlank ? `(${number}|\\s+)` : number;
  return `regexp_full_match(concat_ws(chr(31), ${cells.join(', ')}), '((${one})(\\x1f${one})*)?')`;
}

/** The dialects, by name. */
export const DIALECTS: Readonly<Record<DialectName, Dialect>> = {
  duckdb: make('duckdb', {
    ident: quoteDouble,
    double: (x) => `CAST(${x} AS DOUBLE)`,
    asText: (x) => `CAST(${x} AS VARCHAR)`,
    // A cast takes more than memory's parseNumber: 0x10, 1_000, +-5, inf, nan. The text is matched
    // as written instead (and a match too large for a double, 1e400, is no number either).
    notNumber: (x, decimal) => {
      const cast = `TRY_CAST(${decimal === ',' ? `replace(${x}, ',', '.')` : x} AS DOUBLE)`;
      return `(NOT regexp_full_match(${x}, '${decimal === ',' ? DECIMAL_COMMA : DECIMAL_POINT}') OR ${cast} IS NULL OR isinf(${cast}))`;
    },
    isNaN: (x) => `isnan(${x})`,
    ln: 'ln',
    hashFold: (xs, K) => `CAST(hash(${xs.join(', ')}) % ${K} AS INTEGER)`,
    splitHash: (cs) => `hash(hash(${cs.map((c) => c.expr).join(', ')}))`,
    quantiles: (expr, qs, n, approximate) => perQuantile((x, q) => `${approximate ? 'approx_quantile' : 'quantile_cont'}(${x}, ${q})`)(expr, qs, n, approximate),
    distinctValues: groupingSets,
  }),
  clickhouse: make('clickhouse', {
    ident: (s) => `\`${s.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``,
    double: (x) => `toFloat64(${x})`,
    asText: (x) => `toString(${x})`,
    notNumber: (x) => `isNull(toFloat64OrNull(toString(${x})))`,
    isNaN: (x) => `isNaN(${x})`,
    ln: 'log',
    hashFold: (xs, K) => `toInt32(cityHash64(${nullSafe(xs)}) % ${K})`,
    splitHash: (cs) => `cityHash64(cityHash64(${nullSafe(cs.map((c) => c.expr))}))`,
    quantiles: clickhouseQuantiles,
    distinctValues: distinctPerColumn,
  }),
  postgres: make('postgres', {
    ident: quoteDouble,
    double: (x) => `CAST(${x} AS DOUBLE PRECISION)`,
    asText: (x) => `CAST(${x} AS TEXT)`,
    notNumber: (x) => `CAST(${x} AS TEXT) !~ '^${DECIMAL_POINT}$'`,
    isNaN: (x) => `(${x} = CAST('NaN' AS DOUBLE PRECISION))`,
    ln: 'ln',
    // hashtext is int4: widened before abs, which overflows on −2³¹ as int4.
    hashFold: (xs, K) => `(abs(CAST(hashtext(${joinedText(xs.map((x) => `CAST(${x} AS TEXT)`))}) AS BIGINT)) % ${K})`,
    // Σ m_j·h_j with distinct odd m_j < 2¹⁶ and |h_j| ≤ 2³¹: within a BIGINT for 2¹⁵ columns.
    splitHash: (cs) => {
      // (A NULL hashes as 0 by a CASE: postgres_fdw does not ship coalesce.)
      const terms = cs.map((c, j) => {
        const h = c.numeric ? `hashfloat8(CAST(${c.expr} AS DOUBLE PRECISION))` : `hashtext(CAST(${c.expr} AS TEXT))`;
        return `CASE WHEN ${c.expr} IS NULL THEN 0 ELSE CAST(${h} AS BIGINT) * ${(2 * j + 1) % 65536} END`;
      });
      return `abs(CAST(hashint8(${terms.join(' + ')}) AS BIGINT))`;
    },
    // Exact only (percentile_cont interpolates linearly, as the recipe does).
    quantiles: perQuantile((x, q) => `percentile_cont(${q}) WITHIN GROUP (ORDER BY ${x})`, 'ARRAY[', ']'),
    distinctValues: groupingSets,
  }),
  ansi: make('ansi', {
    ident: quoteDouble,
    double: (x) => `CAST(${x} AS DOUBLE PRECISION)`,
    asText: (x) => `CAST(${x} AS VARCHAR(1000))`,
    notNumber: (x) => `TRY_CAST(${x} AS DOUBLE PRECISION) IS NULL`,
    isNaN: (x) => `(${x} <> ${x})`,
    ln: 'LN',
    hashFold: () => {
      throw new LassoKitError('INVALID_PARAMETER', 'ANSI SQL has no hash function: name a fold column instead', { parameter: 'fold' });
    },
    splitHash: () => {
      throw new LassoKitError('INVALID_PARAMETER', 'ANSI SQL has no hash function to hold rows back for calibration with', { parameter: 'intervals' });
    },
    quantiles: () => {
      throw new LassoKitError('INVALID_PARAMETER', 'quantiles are fitted by an engine that runs them (DuckDB, ClickHouse), not in ANSI SQL', { parameter: 'quantiles' });
    },
    distinctValues: groupingSets,
  }),
};

/** The dialect of a name, or an error naming the choices. */
export function dialect(name: string): Dialect {
  if (!Object.hasOwn(DIALECTS, name)) throw new LassoKitError('INVALID_PARAMETER', `dialect must be one of ${Object.keys(DIALECTS).join(', ')}; got ${JSON.stringify(name)}`, { parameter: 'dialect' });
  return DIALECTS[name as DialectName];
}
