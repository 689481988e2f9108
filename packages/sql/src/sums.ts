import { LassoKitError, OneHotStatsAccumulator, StatsAccumulator, type ShiftedSums } from '@lassokit/core';
import type { Dialect } from './dialects.js';
import type { Runner } from './runners.js';
import { toNumber } from './runners.js';
import { statsQuery, type GramBlock, type StatsQuerySpec } from './statsQuery.js';

/** Features per block when a wide Gram is split over several aggregate queries (≤ ~1,600 sums each). */
export const BLOCK_FEATURES = 40;

/**
 * How the shifted sums are computed:
 * - `query`: one aggregate SELECT (p ≤ ~100: (p + 1)(p + 2)/2 sums per fold);
 * - `blocks`: the Gram split into blocks of {@link BLOCK_FEATURES} features, one aggregate query
 *   per pair of blocks (any engine; a scan per query);
 * - `stream`: the design's rows streamed out of the engine in record batches into core's
 *   `StatsAccumulator` (SIMD Gram kernel; one scan; engines with `stream`: DuckDB's record
 *   batches, PostgreSQL's binary COPY).
 */
export type SumsStrategy = 'query' | 'blocks' | 'stream';

/** Features beyond which `auto` leaves the single aggregate query on engines that cannot stream. */
export const QUERY_MAX_FEATURES = 100;

/**
 * Features from which `auto` streams, on engines that can: the aggregate query's cost grows as p²
 * sums per row evaluated by the engine, the stream's as p² multiply-adds in the SIMD kernel plus
 * the transfer: on Parquet the stream wins from about 16 features. A CSV is parsed twice when
 * streaming (the profile cannot ride along), so there the query wins longer. PostgreSQL (`wire`)
 * sends the rows as binary COPY, which wins from about 10 features — and past ~55 one query would
 * exceed its 1,664 select items, where blocks cost many times the stream (README: "Measurements
 * behind the constants").
 */
export const STREAM_MIN_FEATURES = { columnar: 16, text: 48, wire: 10 } as const;

/**
 * Features up to which `auto` keeps one aggregate query where the rows are on other servers (it is
 * pushed down to them): (p + 1)(p + 2)/2 + p + 1 sums and the fused profile stay under
 * PostgreSQL's 1,664 select items.
 */
export const REMOTE_QUERY_MAX_FEATURES = 48;

/**
 * The strategy `auto` picks for p features of a FROM clause on a runner (`remote`: its rows are on
 * other servers that aggregates are pushed down to; see `Runner.remote`).
 */
export function pickStrategy(p: number, runner: Runner, from = '', remote = false): SumsStrategy {
  if (runner.stream !== undefined) {
    if (remote && p <= REMOTE_QUERY_MAX_FEATURES) return 'query';
    const kind = runner.dialect.name === 'postgres' ? 'wire' : /^read_csv\(/.test(from) ? 'text' : 'columnar';
    return p >= STREAM_MIN_FEATURES[kind] ? 'stream' : 'query';
  }
  return p <= QUERY_MAX_FEATURES ? 'query' : 'blocks';
}

/** Counts of a weights column over the rows kept: missing, negative or not finite, and positive. */
export interface WeightCounts {
  readonly missing: number;
  readonly bad: number;
  readonly positive: number;
}

/** Shifted sums per group, with the group keys in order (fold values; `kept` when asked for). */
export interface GroupSums {
  readonly sums: ShiftedSums[];
  /** A stream's count of its weights (a query has them as aggregates of its rows, when asked for). */
  readonly weightCounts?: WeightCounts;
  /** One row per group with its keys and any extra aggregates (the statistics query's own row). */
  readonly rows: Record<string, unknown>[];
  /** The queries that ran, in order. */
  readonly sql: string[];
}

/** One aggregate query: the sums per group (see `statsQuery`). */
export async function sumsByQuery(runner: Runner, spec: StatsQuerySpec): Promise<GroupSums> {
  const sql = statsQuery(spec, runner.dialect);
  const rows = await runner.query(sql);
  const p = spec.features.length;
  return { sums: rows.map((r) => shiftedSums([r], p, spec)), rows, sql: [sql] };
}

/**
 * The Gram in blocks of features, one aggregate query per pair of blocks (upper triangle), merged
 * per group. Groups are matched by their keys (fold, held back); every query sees the same rows.
 */
export async function sumsByBlocks(runner: Runner, spec: StatsQuerySpec): Promise<GroupSums> {
  const p = spec.features.length;
  const starts = Array.from({ length: Math.ceil(p / BLOCK_FEATURES) }, (_, b) => b * BLOCK_FEATURES);
  const blocks: GramBlock[] = [];
  for (const r of starts) for (const c of starts) if (c >= r) blocks.push({ rows: [r, Math.min(p, r + BLOCK_FEATURES)], cols: [c, Math.min(p, c + BLOCK_FEATURES)] });
  const sql: string[] = [];
  const parts: Record<string, unknown>[][] = [];
  for (const block of blocks) {
    const q = statsQuery({ ...spec, block }, runner.dialect);
    sql.push(q);
    parts.push(await runner.query(q));
  }
  const key = (r: Record<string, unknown>) => `${String(r.fold ?? null)}/${String(r.held ?? null)}`;
  const keys = parts[0].map(key);
  for (const part of parts) {
    if (part.length !== keys.length || part.some((r, g) => key(r) !== keys[g])) throw new LassoKitError('ENGINE_ERROR', 'the block queries saw different groups of rows (did the source change while it was read?)', { parameter: 'source' });
  }
  const sums = keys.map((_, g) => shiftedSums(parts.map((part) => part[g]), p, spec));
  return { sums, rows: parts[0], sql };
}

/**
 * The design's rows streamed out of the engine (`SELECT fold, x0 … y`) into core's
 * `StatsAccumulator`: one scan, memory bounded by the accumulator's blocks whatever the row count.
 * `fold` must be an integer expression in 0 … groups − 1 (or absent: one group); the weight, when
 * given, is streamed after the target. Empty groups are
 * left out, as a GROUP BY would. With `ranges`, the min and max of every streamed column (x0 …,
 * then y; not one-hot indicators) are taken on the way, so a profiling scan is not needed when the columns are the raw ones.
 */
export async function sumsByStream(runner: Runner, spec: StatsQuerySpec, groups: number, opts: { ranges?: boolean; oneHot?: readonly OneHotGroup[] } = {}): Promise<GroupSums & { ranges?: StreamedRanges }> {
  if (runner.stream === undefined) throw new LassoKitError('INVALID_PARAMETER', `the ${runner.dialect.name} runner cannot stream rows; use the 'query' or 'blocks' strategy`, { parameter: 'strategy' });
  const d: Dialect = runner.dialect;
  const p = spec.features.length;
  const weighted = spec.weight !== undefined;
  const oneHot = opts.oneHot ?? [];
  const inGroup = new Set(oneHot.flatMap((g) => g.features));
  const plain = spec.features.map((_, j) => j).filter((j) => !inGroup.has(j));
  const items = [
    ...(spec.fold !== undefined ? [`${d.double(spec.fold)} AS fold`] : []),
    ...plain.map((j) => `${d.double(spec.features[j])} AS x${j}`),
    ...oneHot.map((g, k) => `${d.double(g.index)} AS h${k}`),
    `${d.double(spec.target)} AS y`,
    ...(weighted ? [`${d.double(spec.weight as string)} AS w`] : []),
  ];
  const select = (from: string, where: readonly string[]) => `SELECT ${items.join(',\n  ')}\nFROM ${from}${where.length > 0 ? `\nWHERE ${where.join('\n  AND ')}` : ''}`;
  const split = await rowRanges(runner, spec.from);
  const parts = split === null ? [select(spec.from, spec.where)] : split.ranges.map((range) => select(split.from, [...spec.where, range]));
  // One-hot groups come as one index column each, summed by their levels (OneHotStatsAccumulator):
  // a row costs its plain columns' products and a count per level, not p² products of indicators.
  const acc = oneHot.length > 0 ? new OneHotStatsAccumulator(p, oneHot.map((g) => g.features), groups, spec.shiftX, spec.shiftY, { weighted }) : new StatsAccumulator(p, groups, spec.shiftX, spec.shiftY, { weighted });
  const offset = spec.fold !== undefined ? 1 : 0;
  const ranges = opts.ranges === true ? { lo: new Float64Array(p + 1).fill(Infinity), hi: new Float64Array(p + 1).fill(-Infinity) } : undefined;
  // Streamed: fold?, the plain columns, the index columns, y, w?.
  const at = { plain: offset, index: offset + plain.length, y: offset + plain.length + oneHot.length };
  let bad = 0;
  let positive = 0;
  await runner.stream(parts, (columns, rows) => {
    if (weighted) {
      const w = columns[at.y + 1];
      for (let i = 0; i < rows; i++) {
        const v = w[i];
        if (!(v >= 0 && v <= 1e308)) bad++;
        else if (v > 0) positive++;
      }
      // Unusable weights are counted for the error the caller raises; the sums are moot then.
      if (bad > 0) return;
    }
    const xs = columns.slice(at.plain, at.index);
    const index = columns.slice(at.index, at.y);
    // A NULL stops the stream as one in a numeric column does (the caller counts and names them).
    index.forEach((h, k) => {
      for (let i = 0; i < rows; i++) if (h[i] < 0) throw new LassoKitError('ENGINE_ERROR', `streamed column ${oneHot[k].column} has a NULL`, { nullIn: oneHot[k].column });
    });
    const group = offset === 1 ? columns[0] : undefined;
    const w = weighted ? columns[at.y + 1] : undefined;
    if (acc instanceof OneHotStatsAccumulator) acc.add(xs, index, columns[at.y], rows, group, w);
    else acc.add(xs, columns[at.y], rows, group, w);
    // (Indicators are 0 or 1: their ranges are not needed.)
    if (ranges !== undefined) {
      xs.forEach((x, i) => widenRange(ranges, plain[i], x, rows));
      widenRange(ranges, p, columns[at.y], rows);
    }
  });
  const all = acc.sums();
  const present = all.map((s, g) => ({ s, g })).filter(({ s }) => s.n > 0);
  // A missing weight stops the stream (a NULL): none is left to count.
  const weightCounts = weighted ? { missing: 0, bad, positive } : undefined;
  return { sums: present.map(({ s }) => s), rows: present.map(({ g }) => ({ fold: g })), sql: parts, ranges, weightCounts };
}

/**
 * A categorical column's one-hot indicators, streamed as one column: the position (1 …) of the
 * row's level among the indicators' levels, 0 for none (`Dialect.levelIndex`). `features` are the
 * indicators' places in the design, in the order of those levels.
 */
export interface OneHotGroup {
  readonly index: string;
  readonly features: readonly number[];
  /** The categorical column, named when the stream meets a NULL in it (index −1). */
  readonly column: string;
}

/**
 * Row ranges a DuckDB stream of Parquet files splits into (by `file_row_number`, which DuckDB's
 * reader filters by row group), streamed at once: one streaming result produces its chunks on
 * one thread, and the summing thread waited for them. As many as the row groups being read at
 * once leave room under the memory limit ({@link PARTS_MEMORY_SHARE}). Null for other sources
 * (CSV, tables, queries) and engines, for files under 2 × 4,096 rows, and where one part is all
 * the memory allows.
 */
async function rowRanges(runner: Runner, from: string): Promise<{ from: string; ranges: string[] } | null> {
  const parquet = /^read_parquet\((.+)\)$/s.exec(from);
  if (runner.dialect.name !== 'duckdb' || parquet === null) return null;
  const [row] = await runner.query(
    `SELECT (SELECT max(num_rows) FROM parquet_file_metadata(${parquet[1]})) AS m, (SELECT max(row_group_bytes) FROM parquet_metadata(${parquet[1]})) AS b, current_setting('memory_limit') AS l`,
  );
  const longest = toNumber(row?.m ?? 0, 'num_rows');
  const groupBytes = toNumber(row?.b ?? 0, 'row_group_bytes');
  const room = groupBytes > 0 ? Math.floor((PARTS_MEMORY_SHARE * duckdbBytes(String(row?.l))) / groupBytes) : Infinity;
  const k = Math.min(STREAM_PARTS, Math.floor(longest / 4096), room);
  if (k < 2) return null;
  const cut = (i: number) => Math.floor((i * longest) / k);
  // The last range is open: every row of every file falls in exactly one.
  const ranges = Array.from({ length: k }, (_, i) => [...(i > 0 ? [`file_row_number >= ${cut(i)}`] : []), ...(i < k - 1 ? [`file_row_number < ${cut(i + 1)}`] : [])].join(' AND '));
  return { from: `read_parquet(${parquet[1]}, file_row_number = true)`, ranges };
}

/**
 * Parts a DuckDB Parquet stream runs as (see `rowRanges`): on 2 cores four were the fastest of
 * 1, 2, 4 and 8 (README: "Measurements behind the constants").
 */
export const STREAM_PARTS = 4;

/**
 * The share of DuckDB's memory limit the row groups of parts streamed at once may take: each part
 * holds the row group it reads: wide files' groups are large, and more parts at once only raised
 * the peak memory, the Gram kernel (not the scan) bounding a stream that wide (README, "Wide
 * files"); narrow files keep their four.
 */
export const PARTS_MEMORY_SHARE = 0.25;

/** Bytes of a size as DuckDB prints its settings ('953.6 MiB', '18.8 GiB'); Infinity when not one. */
export function duckdbBytes(text: string): number {
  const m = /^([\d.]+) ?(bytes|KiB|MiB|GiB|TiB|PiB)$/.exec(text.trim());
  if (m === null) return Infinity;
  return Number(m[1]) * 1024 ** ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'].indexOf(m[2]);
}

/** Min and max of each streamed column (x0 …, then y); NaN is passed over, as SQL's min/max do. */
export interface StreamedRanges {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
}

function widenRange(ranges: StreamedRanges, j: number, column: Float64Array, rows: number): void {
  let lo = ranges.lo[j];
  let hi = ranges.hi[j];
  for (let i = 0; i < rows; i++) {
    const v = column[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  ranges.lo[j] = lo;
  ranges.hi[j] = hi;
}

/** A group's shifted sums from the rows of one or more queries (block queries each hold part). */
function shiftedSums(rows: readonly Record<string, unknown>[], p: number, spec: StatsQuerySpec): ShiftedSums {
  const first = rows[0];
  const n = toNumber(first.n, 'count');
  const sumX = new Float64Array(p);
  const sumXY = new Float64Array(p);
  const sumXX = new Float64Array(p * p);
  for (const r of rows) {
    for (const key of Object.keys(r)) {
      const kind = key[0];
      if (kind === 'q') {
        const [j, k] = key.slice(1).split('_').map(Number);
        sumXX[j * p + k] = toNumber(r[key], key);
      } else if ((kind === 's' || kind === 'r') && /^[sr]\d+$/.test(key)) {
        (kind === 's' ? sumX : sumXY)[Number(key.slice(1))] = toNumber(r[key], key);
      }
    }
  }
  const sumW = spec.weight !== undefined ? toNumber(first.sw, 'sw') : n;
  return { n, p, sumW, shiftX: spec.shiftX, shiftY: spec.shiftY, sumX, sumY: toNumber(first.sy, 'sy'), sumXX, sumXY, sumYY: toNumber(first.syy, 'syy') };
}
