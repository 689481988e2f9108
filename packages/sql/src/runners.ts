import type * as ClickHouse from '@clickhouse/client';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type * as DuckDB from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LassoKitError } from '@lassokit/core';
import { closeSync, openSync, readSync } from 'node:fs';
import { DEFAULT_MISSING, detectDelimiter, type DecimalMark } from '@lassokit/data';
import type * as Pg from 'pg';
import type * as PgCopyStreams from 'pg-copy-streams';
import { DIALECTS, type Dialect } from './dialects.js';
import { BinaryCopyDecoder } from './pgBinaryCopy.js';

/** A column of a source as the engine infers it. */
export interface SourceColumn {
  readonly name: string;
  readonly type: string;
  readonly numeric: boolean;
}

/**
 * An engine that runs the statistics queries: where the data are, larger than memory or sharded.
 * Rows come back as plain objects with JS numbers (64-bit counts converted, refused past 2^53).
 */
export interface Runner {
  readonly dialect: Dialect;
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** The columns of a FROM clause. */
  describe(from: string): Promise<SourceColumn[]>;
  /**
   * Streams a query's rows in batches of columns (every column DOUBLE, no NULLs), in bounded
   * memory — DuckDB hands over its record batches, PostgreSQL binary COPY; absent on engines
   * whose rows should stay where they are summed (ClickHouse's shards). A NULL is
   * refused with `ENGINE_ERROR` whose `details.nullIn` names the streamed column. Several queries
   * (parts of one result, such as row ranges of a file) stream at once into the same `onBatch`
   * where the engine can (DuckDB: a connection each), else one after the other.
   */
  stream?(sql: string | readonly string[], onBatch: (columns: readonly Float64Array[], rows: number) => void): Promise<void>;
  /**
   * A query's rows as JS values (as `query` gives them, by position), a chunk at a time in the
   * result's order: memory for one chunk, not the whole result, while the caller keeps what it
   * needs of each (DuckDB; absent: `query`). The query runs as the chunks are asked for.
   */
  rows?(sql: string): AsyncIterable<readonly (readonly unknown[])[]>;
  /**
   * Whether a FROM clause's rows live on other servers that aggregate queries are pushed down to
   * (PostgreSQL: a foreign table, or a table partitioned into foreign tables); absent: never.
   */
  remote?(from: string): Promise<boolean>;
  /** Releases the engine; queries still running are stopped (ClickHouse: KILL QUERY on the server). */
  close(): Promise<void>;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*|U?Int\d+|Float\d+|Decimal.*|Nullable\((U?Int\d+|Float\d+|Decimal.*)\))$/;

/** A JS number from an engine's value: numbers, bigint counts and numeric strings. */
export function toNumber(v: unknown, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) throw new LassoKitError('ENGINE_ERROR', `${what} = ${v} does not fit a double exactly`, { parameter: what });
    return Number(v);
  }
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if (v === null) return NaN;
  throw new LassoKitError('ENGINE_ERROR', `${what} is not a number: ${JSON.stringify(String(v)).slice(0, 100)}`, { parameter: what });
}

export interface DuckDbOptions {
  /** DuckDB's `memory_limit`, e.g. '1GB' (default: DuckDB's, 80% of RAM); spills to disk beyond it. */
  readonly memoryLimit?: string;
  /** Worker threads (default: DuckDB's, the number of cores). */
  readonly threads?: number;
  /**
   * Sandbox: DuckDB may read files only under these directories (symlinks resolved; external
   * access is then off for good — no URLs, no extensions, no other paths).
   */
  readonly allowedDirectories?: readonly string[];
  /** Interrupts any query still running this many milliseconds after it started. */
  readonly queryTimeoutMs?: number;
  /** Called about every `progressMs` while a query runs, with what DuckDB reports. */
  readonly onProgress?: (progress: QueryProgress) => void;
  readonly progressMs?: number;
}

/** How far a running query is, as the engine reports it. */
export interface QueryProgress {
  /** 0 … 100, or −1 when the engine cannot tell. */
  readonly percentage: number;
  readonly rowsRead: number;
  readonly totalRows: number;
}

const require = createRequire(import.meta.url);

/**
 * The engines' clients, loaded by the first runner that needs one: importing all of them (DuckDB's
 * native binding alone ~240 ms) took ~380 ms of every command of the CLI, engine or not.
 */
const engines = {
  duckdb: () => require('@duckdb/node-api') as typeof DuckDB,
  // Chunks' vectors as typed arrays: node-api's public per-item reads cost ~1.6× more for wide
  // batches (measured: 1M × 201 doubles in 3.4 s against 2.1 s).
  duckdbBindings: () => require('@duckdb/node-bindings') as ChunkBindings,
  clickhouse: () => require('@clickhouse/client') as typeof ClickHouse,
  pg: () => require('pg') as typeof Pg,
  pgCopy: () => require('pg-copy-streams') as typeof PgCopyStreams,
};

/** The vector data of a result chunk as typed arrays, from DuckDB's binding. */
interface ChunkBindings {
  data_chunk_get_vector(chunk: unknown, column: number): unknown;
  vector_get_data(vector: unknown, bytes: number): Uint8Array;
  vector_get_validity(vector: unknown, bytes: number): Uint8Array | null | undefined;
}

/**
 * DuckDB, embedded (`@duckdb/node-api`, in-process): reads CSV and Parquet files and globs out of
 * core, multi-threaded. Its errors become `ENGINE_ERROR` with DuckDB's message; running out of
 * memory names the option that raises the limit.
 *
 * @example
 * const runner = await duckdbRunner({ memoryLimit: '1GB' });
 */
export async function duckdbRunner(opts: DuckDbOptions = {}): Promise<Runner> {
  const { DuckDBInstance, DuckDBTypeId } = engines.duckdb();
  const bindings = engines.duckdbBindings();
  const instance = await DuckDBInstance.create(':memory:');
  const connection: DuckDBConnection = await instance.connect();
  const engineError = (e: unknown) => {
    if (e instanceof LassoKitError) return e;
    const message = (e as Error).message;
    if (/INTERRUPT/i.test(message) && opts.queryTimeoutMs !== undefined) return new LassoKitError('TIMEOUT', `DuckDB: the query ran past its ${opts.queryTimeoutMs} ms limit and was interrupted`, { engine: 'duckdb' });
    const files = /Schema mismatch between globbed files\.\nMain file schema: (.*)\nCurrent file: (.*)\n(.*)/.exec(message);
    if (files !== null) return new LassoKitError('ENGINE_ERROR', `${GLOB_MISMATCH}${files[2]}: ${files[3].replace(/^Column with name: /, 'column ')} (compared with ${files[1]})`, { engine: 'duckdb', file: files[2] });
    // A glob (or a list) that names no file: said as the file readers say a missing file.
    const none = /No files found that match the pattern "(.*)"/.exec(message);
    if (none !== null) return new LassoKitError('ENGINE_ERROR', `DuckDB: no file matches ${none[1]}`, { engine: 'duckdb', file: none[1] });
    const csv = csvRowError(message);
    if (csv !== undefined) return new LassoKitError('ENGINE_ERROR', `DuckDB: ${csv.text}`, { engine: 'duckdb', file: csv.file, line: csv.line });
    const hint = /Out of Memory/i.test(message) ? ` (raise the memory limit: memoryLimit / --memory-limit; now ${opts.memoryLimit ?? "DuckDB's default"})` : '';
    return new LassoKitError('ENGINE_ERROR', `DuckDB: ${message.split('\n')[0]}${hint}`, { engine: 'duckdb' });
  };
  // Progress: DuckDB is polled while a query runs on its threads (the event loop stays free);
  // `others` are connections running parts of the same work (their progress adds up).
  const watched = async <T>(work: () => Promise<T>, others: readonly DuckDBConnection[] = []): Promise<T> => {
    const report = opts.onProgress;
    const all = [connection, ...others];
    const limit = opts.queryTimeoutMs === undefined ? undefined : setTimeout(() => all.forEach((c) => c.interrupt()), opts.queryTimeoutMs);
    const timer =
      report === undefined
        ? undefined
        : setInterval(() => {
            const ps = all.map((c) => c.progress);
            const rowsRead = ps.reduce((a, p) => a + Number(p.rows_processed), 0);
            const totalRows = ps.reduce((a, p) => a + Number(p.total_rows_to_process), 0);
            const percentage = ps.length === 1 ? ps[0].percentage : totalRows > 0 ? (100 * rowsRead) / totalRows : -1;
            report({ percentage, rowsRead, totalRows });
          }, opts.progressMs ?? 250);
    try {
      return await work();
    } catch (e) {
      throw engineError(e);
    } finally {
      clearInterval(timer);
      clearTimeout(limit);
    }
  };
  const run = async (sql: string): Promise<Record<string, unknown>[]> => {
    try {
      return await watched(async () => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]);
    } catch (e) {
      // Files of a glob that differ can fail on the types csvWithTypes asks for (a column "does not
      // exist in the CSV File"): the same read without them names the file and the column.
      if (e instanceof LassoKitError && /COLUMN_TYPES error: Columns with names: .* do not exist/.test(e.message) && TYPES.test(sql)) await run(sql.replace(TYPES, ''));
      // A CSV of a glob whose rows DuckDB could not split reads as one column, unlike the others:
      // that file's own problem (a short row, named by line), if it has one, is the one to report.
      const file = e instanceof LassoKitError && e.message.startsWith(GLOB_MISMATCH) ? e.details?.file : undefined;
      if (typeof file === 'string' && !isParquet(file)) await describe(fileSource(file));
      throw e;
    }
  };
  // Settings as SQL, so a bad value gets DuckDB's own message (instance config only says "Failed to set config").
  const settings = [
    ...(opts.memoryLimit !== undefined ? [`SET memory_limit = ${DIALECTS.duckdb.text(opts.memoryLimit)}`] : []),
    ...(opts.threads !== undefined ? [`SET threads = ${Math.trunc(opts.threads)}`] : []),
    // DuckDB tracks a query's progress only with its progress bar on (printing it stays off).
    ...(opts.onProgress !== undefined ? ['SET enable_progress_bar = true', 'SET enable_progress_bar_print = false'] : []),
    ...(opts.allowedDirectories !== undefined ? [`SET allowed_directories = [${opts.allowedDirectories.map((dir) => DIALECTS.duckdb.text(dir)).join(', ')}]`, 'SET enable_external_access = false'] : []),
  ];
  try {
    for (const sql of settings) await run(sql);
  } catch (e) {
    connection.closeSync();
    instance.closeSync();
    throw e;
  }
  async function describe(from: string): Promise<SourceColumn[]> {
    const rows = await run(`DESCRIBE SELECT * FROM ${from}`);
    const columns = rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type), numeric: NUMERIC.test(String(r.column_type)) }));
    if (columns.length === 1) await refuseUnsplitHeader(run, from, columns[0].name);
    return columns;
  }
  return {
    dialect: DIALECTS.duckdb,
    query: run,
    describe,
    async stream(sql, onBatch) {
      const parts = typeof sql === 'string' ? [sql] : sql;
      // Each part on a connection of its own: one streaming result produces its chunks on one
      // thread, several produce them at once (20M × 20 Parquet, rows only counted: 16–18 s as one
      // stream, 9–10 s as two, 7.8 s as four on 2 cores).
      const others = await Promise.all(parts.slice(1).map(() => instance.connect()));
      try {
        await watched(async () => {
          // One JS thread sums what DuckDB produces, so DuckDB gets one core fewer while it streams:
          // on 2 cores, 20M × 21 doubles of Parquet stream in ~5 s of CPU with one DuckDB thread and
          // 7–10 s with two (the second competes with the summing thread).
          const threads = toNumber((await connection.runAndReadAll("SELECT current_setting('threads') AS t")).getRowObjectsJS()[0].t, 'threads');
          const streaming = Math.max(1, Math.min(threads, availableParallelism() - 1));
          if (streaming !== threads) await connection.run(`SET threads = ${streaming}`);
          try {
            await streamAll([connection, ...others], parts, onBatch);
          } finally {
            if (streaming !== threads) await connection.run(`SET threads = ${threads}`);
          }
        }, others);
      } finally {
        for (const c of others) c.closeSync();
      }
    },
    async *rows(sql) {
      const chunks = (await watched(() => connection.stream(sql))).yieldRowsJs()[Symbol.asyncIterator]();
      for (;;) {
        const next = await watched(() => chunks.next());
        if (next.done === true) return;
        yield next.value;
      }
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };

  /**
   * Parts of a result streamed at once, part i on connection i, into one `onBatch` (JS runs one
   * batch at a time). The first failure interrupts the other parts; their batches are then
   * dropped and the failure is what is thrown.
   */
  async function streamAll(connections: readonly DuckDBConnection[], parts: readonly string[], onBatch: (columns: readonly Float64Array[], rows: number) => void): Promise<void> {
    let failure: { error: unknown } | null = null;
    const runs = parts.map((sql, i) =>
      streamInto(connections[i], sql, (columns, rows) => {
        if (failure === null) onBatch(columns, rows);
      }).catch((error: unknown) => {
        if (failure === null) {
          failure = { error };
          for (const c of connections) if (c !== connections[i]) c.interrupt();
        }
      }),
    );
    await Promise.all(runs);
    if (failure !== null) throw (failure as { error: unknown }).error;
  }

  /** The rows of a query, chunk by chunk, as DOUBLE columns (no NULLs) straight from DuckDB's vectors. */
  async function streamInto(connection: DuckDBConnection, sql: string, onBatch: (columns: readonly Float64Array[], rows: number) => void): Promise<void> {
    const result = await connection.stream(sql);
    const width = result.columnCount;
    for (let c = 0; c < width; c++) {
      if (result.columnTypeId(c) !== DuckDBTypeId.DOUBLE) throw new LassoKitError('ENGINE_ERROR', `streamed column ${result.columnName(c)} is ${result.columnType(c).toString()}, not DOUBLE`, { engine: 'duckdb' });
    }
    // The next chunk is fetched (on the binding's thread) while this one is summed.
    let next = result.fetchChunk();
    try {
      for (let chunk = await next; chunk !== null && chunk.rowCount > 0; chunk = await next) {
        next = result.fetchChunk();
        const rows = chunk.rowCount;
        const data = chunk.chunk;
        const columns = Array.from({ length: width }, (_, c) => {
          const vector = bindings.data_chunk_get_vector(data, c);
          const validity = bindings.vector_get_validity(vector, 8 * Math.ceil(rows / 64));
          if (validity && !allValid(validity, rows)) throw new LassoKitError('ENGINE_ERROR', `streamed column ${result.columnName(c)} has a NULL`, { engine: 'duckdb', nullIn: result.columnName(c) });
          const bytes = bindings.vector_get_data(vector, 8 * rows);
          return new Float64Array(bytes.buffer, bytes.byteOffset, rows);
        });
        onBatch(columns, rows);
      }
    } finally {
      // A batch refused mid-stream leaves one fetch in flight: it must not become an unhandled rejection.
      next.catch(() => undefined);
    }
  }
}

/** Whether the first `rows` bits of a validity mask are all set (a byte at a time: this runs for every streamed value). */
function allValid(mask: Uint8Array, rows: number): boolean {
  const whole = rows >> 3;
  for (let b = 0; b < whole; b++) if (mask[b] !== 0xff) return false;
  const rest = (1 << (rows & 7)) - 1;
  return (mask[whole] & rest) === rest;
}

/** How a glob's files with different columns are refused (the file and the column follow). */
const GLOB_MISMATCH = 'DuckDB: the files of a glob must have the same columns: ';

/**
 * A CSV row DuckDB could not read, from its multi-line error: file, line and what was wrong (a
 * row with another number of fields than the header, or a value not of the column's inferred type),
 * in the same words as the in-memory reader. Undefined for any other error.
 */
function csvRowError(message: string): { text: string; file?: string; line: number } | undefined {
  const line = /CSV Error on Line: (\d+)/.exec(message);
  if (line === null) return undefined;
  const file = /^\s*file = (.*)$/m.exec(message)?.[1];
  const fields = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  const value = /Error when converting column "(.*?)"\. Could not convert string "(.*?)" to '(\w+)'/.exec(message);
  const what =
    fields !== null
      ? `expected ${fields[1]} fields (as in the header), found ${fields[2]}`
      : value !== null
        ? `column "${value[1]}": could not read "${value[2].slice(0, 40)}" as ${value[3]}, the column's type from its first rows`
        : (message.split('\n').find((l, i) => i > 0 && l.trim() !== '' && !l.startsWith('Original Line')) ?? message.split('\n')[0]).trim();
  return { text: `${file ?? 'CSV'}:${line[1]}: ${what}`, file, line: Number(line[1]) };
}

/**
 * DuckDB's CSV sniffer falls back to one text column named after the whole header when no dialect
 * fits the rows it samples — most often one of them has another number of fields than the header.
 * A file we named (`fileSource`) is then read again with the header's own split and no sniffing,
 * so that DuckDB names the row; otherwise, or if that read passes, the fallback is refused as such
 * (one column whose name holds a delimiter would never be meant).
 */
async function refuseUnsplitHeader(run: (sql: string) => Promise<Record<string, unknown>[]>, from: string, name: string): Promise<void> {
  const delimiter = [',', ';', '\t', '|'].find((d) => name.includes(d));
  if (delimiter === undefined) return;
  const options = from.indexOf(`, ${CSV_OPTIONS}`);
  const ours = from.startsWith('read_csv(') && options > 0 ? from.slice('read_csv('.length, options) : null;
  if (ours !== null) {
    const text = DIALECTS.duckdb.text;
    const columns = name.split(delimiter).map((c, j) => `${text(`${j}:${c}`)}: 'VARCHAR'`);
    // 20,480 rows: the sniffer's sample, where the row it stumbled on is.
    await run(`SELECT * FROM read_csv(${ours}, header = true, auto_detect = false, delim = ${text(delimiter)}, columns = {${columns.join(', ')}}) LIMIT 20480`);
  }
  throw new LassoKitError('ENGINE_ERROR', `DuckDB: could not split the CSV's header into columns (it read one column named ${JSON.stringify(name.slice(0, 80))}); its rows do not all have the header's number of fields`, { engine: 'duckdb' });
}

/** Whether a file (or glob) is read as Parquet: by its extension, as `fileSource` decides. */
export function isParquet(path: string): boolean {
  return /\.parquet$/i.test(path);
}

/**
 * The options `fileSource` reads a CSV with (`refuseUnsplitHeader` finds the file list before them):
 * the sniffer's types without BOOLEAN, so a column of yes/no (or true/false, t/f) stays the text it
 * is, as in memory — read as BOOLEAN its levels became `true`/`false`, and a model fitted from the
 * file predicted every yes/no row of the same file as an unseen level (all-zero indicators).
 * Quotes are double quotes, doubled inside a field, as memory reads them: the sniffer, finding
 * none in the rows it reads, had read a later `"  "` or `"5"` with its quotes, as text.
 */
const CSV_OPTIONS = "header = true, auto_detect = true, quote = '\"', escape = '\"', auto_type_candidates = ['BIGINT', 'DOUBLE', 'TIME', 'DATE', 'TIMESTAMP', 'TIMESTAMPTZ', 'VARCHAR']";

/**
 * For a `fileSource` CSV, the query of its header line as a row of text (an empty name NULL) — the
 * columns its header leaves unnamed, which DuckDB names `column` and their position; null for any
 * other source.
 */
export function csvHeaderQuery(from: string): string | null {
  const options = from.indexOf(`, ${CSV_OPTIONS}`);
  if (!from.startsWith('read_csv(') || options < 0) return null;
  return `SELECT * FROM read_csv(${from.slice('read_csv('.length, options)}, header = false, auto_detect = true, all_varchar = true, nullstr = '') LIMIT 1`;
}

/**
 * A `fileSource` CSV with these columns read as the given types — text (VARCHAR) or numbers
 * (DOUBLE) — whatever DuckDB's sniffer makes of them (its `types` option, placed after the read
 * options so the others still find theirs); null for any other source.
 */
export function csvWithTypes(from: string, types: ReadonlyMap<string, 'VARCHAR' | 'DOUBLE'>): string | null {
  if (csvHeaderQuery(from) === null) return null;
  const option = `types = {${[...types].map(([c, type]) => `${DIALECTS.duckdb.text(c)}: '${type}'`).join(', ')}}`;
  return from.replace(TYPES, '').replace(`, ${CSV_OPTIONS}`, `, ${CSV_OPTIONS}, ${option}`);
}

/**
 * A `fileSource` CSV that also reads these cells as NULL (its nullstr list extended); null for any
 * other source.
 */
export function csvWithNulls(from: string, cells: readonly string[]): string | null {
  const tail = from.startsWith('read_csv(') ? CSV_TAIL.exec(from) : null;
  if (tail === null) return null;
  const list = `nullstr = [${[...csvNulls(from), ...cells].map(DIALECTS.duckdb.text).join(', ')}])`;
  return from.slice(0, from.length - 'nullstr = ['.length - tail[2].length - 2) + list;
}

/** The option {@link csvWithTypes} adds (with its leading comma). */
const TYPES = /, types = \{(?:'(?:[^']|'')*': '(?:VARCHAR|DOUBLE)'(?:, )?)+\}/;

/** The options a `fileSource` CSV ends with: its decimal comma, if any, and its nullstr list. */
const CSV_TAIL = /(?:, delim = '(?:[^']|'')*')?(, decimal_separator = ',')?, nullstr = \[((?:'(?:[^']|'')*'(?:, )?)*)\]\)$/;

/** The cells a `fileSource` CSV reads as NULL (its nullstr list); empty for any other source. */
export function csvNulls(from: string): Set<string> {
  const list = from.startsWith('read_csv(') ? CSV_TAIL.exec(from) : null;
  return new Set(list === null ? [] : [...list[2].matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replaceAll("''", "'")));
}

/** The decimal mark a `fileSource` CSV reads its numbers with: ',' when it was given one, else '.' (any other source has typed numbers). */
export function csvDecimal(from: string): DecimalMark {
  return from.startsWith('read_csv(') && CSV_TAIL.exec(from)?.[1] !== undefined ? ',' : '.';
}

/**
 * DuckDB's FROM clause for a file or glob (or a list of them): Parquet by extension, otherwise CSV
 * with type inference. A CSV's cells that the in-memory reader takes as missing (data's
 * `DEFAULT_MISSING`: empty, NA, N/A, NaN, nan, null, NULL) are NULL here too, and so are `missing`'s
 * (a file's own marks such as "?"): DuckDB alone reads only an empty cell as NULL, so a numeric
 * column with an NA was text to it, and the same file fitted in memory but not by DuckDB.
 * `decimal` ',' reads numbers written with a decimal comma (DuckDB's `decimal_separator`; a
 * column with a point in it is then text, as data's `parseDecimalComma` refuses the cell).
 * A header split by semicolons or tabs gives the delimiter, as the in-memory reader detects it:
 * where every number holds a decimal comma (`-0,241;1,363;…`) DuckDB's sniffer took the comma
 * for the delimiter and skipped the header line. A comma header, a glob and a compressed file are left to the
 * sniffer (which also finds a pipe the in-memory reader does not look for).
 *
 * @example
 * fileSource('cars.csv', ['?']); // read_csv('cars.csv', header = true, auto_detect = true, auto_type_candidates = […], nullstr = ['', 'NA', …, '?'])
 */
export function fileSource(path: string | readonly string[], missing: readonly string[] = [], decimal: DecimalMark = '.'): string {
  const paths = typeof path === 'string' ? [path] : path;
  const text = DIALECTS.duckdb.text;
  const literal = typeof path === 'string' ? text(path) : `[${paths.map(text).join(', ')}]`;
  if (paths.every(isParquet)) return `read_parquet(${literal})`;
  const nulls = [...new Set([...DEFAULT_MISSING, ...missing])];
  const delimiter = headerDelimiter(paths[0]);
  const delim = delimiter === undefined || delimiter === ',' ? '' : `, delim = ${text(delimiter)}`;
  const comma = decimal === ',' ? ", decimal_separator = ','" : '';
  return `read_csv(${literal}, ${CSV_OPTIONS}${delim}${comma}, nullstr = [${nulls.map(text).join(', ')}])`;
}

/** The delimiter data's `detectDelimiter` finds in a CSV file's header line; undefined for a glob, a compressed file, or a file that cannot be read (DuckDB then says why). */
function headerDelimiter(path: string): string | undefined {
  if (/[*?[]/.test(path) || /\.(gz|zst)$/i.test(path)) return undefined; // a glob; compressed bytes
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(64 * 1024);
    return detectDelimiter(head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8'));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export interface ClickHouseOptions {
  /** The HTTP endpoint, e.g. http://localhost:8123. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  readonly database?: string;
  /**
   * Per-query time limit in milliseconds (default 300,000), enforced by the server itself
   * (`max_execution_time`, whole seconds, rounded up): a query past it stops on every shard, also
   * when the client that sent it has gone. A query the client gave up on first is killed.
   */
  readonly timeoutMs?: number;
  /**
   * Called while a query runs (every `progressMs`, default 250) with the rows it has read so far,
   * from `system.processes` (on a Distributed table the initiator's entry adds up the shards');
   * the percentage is −1 when ClickHouse has no estimate of the total.
   */
  readonly onProgress?: (progress: QueryProgress) => void;
  readonly progressMs?: number;
}

/**
 * ClickHouse over HTTP with the official client (`@clickhouse/client`): on a `Distributed` table
 * each shard computes its partial sums and the initiator adds them, so the statistics of a cluster
 * cost one distributed aggregation. Only plain `count`/`sum`/`min`/`max` are used (ClickHouse 18.16's
 * `sumKahan` and `covarPopStable` fail on Distributed tables; accuracy comes from the pilot shift
 * instead). 64-bit counts arrive quoted and are converted. Errors name the URL.
 *
 * @example
 * const runner = clickhouseRunner({ url: 'http://localhost:8123' });
 * await trainFromSource(runner, runner.dialect.ident('cars'), { target: 'mpg' });
 */
export function clickhouseRunner(opts: ClickHouseOptions): Runner {
  const timeoutMs = opts.timeoutMs ?? 300_000;
  // The server's own limit (whole seconds); the client waits a little longer, so the server's
  // "timeout exceeded" arrives rather than a dropped connection.
  const serverLimit = Math.max(1, Math.ceil(timeoutMs / 1000));
  const { createClient, ClickHouseLogLevel } = engines.clickhouse();
  const client = createClient({
    url: opts.url,
    username: opts.username ?? 'default',
    password: opts.password ?? '',
    database: opts.database ?? 'default',
    request_timeout: 1000 * serverLimit + CLIENT_GRACE_MS,
    // Errors are reported to the caller (ENGINE_ERROR with the URL); the client must not also log them.
    log: { level: ClickHouseLogLevel.OFF },
  });
  // Queries running now, by id: `close` stops them on the server (a closed connection does not, on
  // 18.16). Once closing, no new query starts (one started between a kill and the close would go on).
  const inFlight = new Map<string, Promise<unknown>>();
  let closing = false;
  const run = (sql: string) => {
    if (closing) return Promise.reject(new LassoKitError('ENGINE_ERROR', `ClickHouse at ${opts.url}: the connection is closing`, { engine: 'clickhouse', url: opts.url }));
    // The global Web Crypto, loaded on first use: a CLI run that reads no ClickHouse does not pay for
    // node:crypto at start-up (~5 ms of a ~230 ms `lassokit fit`).
    const queryId = crypto.randomUUID();
    const running = runQuery(sql, queryId).finally(() => inFlight.delete(queryId));
    inFlight.set(queryId, running);
    return running;
  };
  const runQuery = async (sql: string, queryId: string) => {
    const report = opts.onProgress;
    let polling = false;
    // Set when the query has settled: a reading still in flight then is dropped, not reported
    // after the query's answer (a CI run saw one such late report).
    let ended = false;
    // Progress: the query's entry in system.processes, read over a second connection while it runs.
    const timer =
      report === undefined
        ? undefined
        : setInterval(() => {
            if (polling) return;
            polling = true;
            client
              .query({ query: `SELECT read_rows, total_rows_approx FROM system.processes WHERE query_id = '${queryId}'`, format: 'JSONEachRow' })
              .then((r) => r.json())
              .then((rows) => {
                const row = (rows as Record<string, unknown>[])[0];
                if (row === undefined || ended) return;
                const rowsRead = toNumber(row.read_rows, 'read_rows');
                const totalRows = toNumber(row.total_rows_approx, 'total_rows_approx');
                report({ percentage: totalRows > 0 ? Math.min(100, (100 * rowsRead) / totalRows) : -1, rowsRead, totalRows });
              })
              .catch(() => undefined) // a missed reading is not an error of the query
              .finally(() => (polling = false));
          }, opts.progressMs ?? 250);
    try {
      const result = await client.query({ query: sql, format: 'JSONEachRow', query_id: queryId, clickhouse_settings: { max_execution_time: serverLimit } });
      return (await result.json()) as Record<string, unknown>[];
    } catch (e) {
      const message = (e as Error).message.split('\n')[0];
      // TIMEOUT_EXCEEDED (159): the server stopped the query at its limit.
      if ((e as { code?: string }).code === '159' || /Timeout exceeded/i.test(message)) {
        throw new LassoKitError('TIMEOUT', `ClickHouse at ${opts.url}: the query ran past its ${timeoutMs} ms limit and was cancelled`, { engine: 'clickhouse', url: opts.url });
      }
      const unreachable = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|socket hang up|Timeout/i.test(message);
      // The client gave up first (the server did not answer in time): the query may still be running there.
      if (unreachable) await killQuery(client, queryId);
      throw new LassoKitError('ENGINE_ERROR', `ClickHouse at ${opts.url}: ${unreachable ? `unreachable (${message})` : message}`, { engine: 'clickhouse', url: opts.url, unreachable });
    } finally {
      ended = true;
      clearInterval(timer);
    }
  };
  return {
    dialect: DIALECTS.clickhouse,
    query: run,
    async describe(from) {
      const rows = await run(`DESCRIBE (SELECT * FROM ${from})`);
      return rows.map((r) => ({ name: String(r.name), type: String(r.type), numeric: NUMERIC.test(String(r.type)) }));
    },
    async close() {
      closing = true;
      // A kill can reach the server before the query it names does: kill again until each query
      // has ended (its answer is the server's "cancelled"), for at most three rounds.
      for (let round = 0; round < 3 && inFlight.size > 0; round++) {
        await Promise.all([...inFlight.keys()].map((id) => killQuery(client, id)));
        await Promise.race([Promise.allSettled(inFlight.values()), new Promise((done) => setTimeout(done, 500).unref())]);
      }
      await client.close();
    },
  };
}

/** How much longer than the server's limit the client waits for its answer. */
const CLIENT_GRACE_MS = 5_000;

/** Asks the server to stop a query, waiting at most 2 s (best effort: the server may be what failed). */
async function killQuery(client: ClickHouse.ClickHouseClient, queryId: string): Promise<void> {
  await client.command({ query: `KILL QUERY WHERE query_id = '${queryId}' ASYNC`, abort_signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
}

export interface PostgresOptions {
  /** A connection string, e.g. postgres://user:password@host:5432/database (libpq's form). */
  readonly url: string;
  /** Per-query time limit in milliseconds (PostgreSQL's statement_timeout; default 300,000). */
  readonly timeoutMs?: number;
}

/** PostgreSQL's type names of the numeric types (what `describe` treats as numbers). */
const PG_NUMERIC = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid']);

/**
 * PostgreSQL over its wire protocol with node-postgres (`pg`). With the rows spread over shards as
 * `postgres_fdw` foreign tables that partition a table by fold, the statistics query's `GROUP BY
 * fold` runs on the shards: the runner turns on `enable_partitionwise_aggregate`, so each
 * partition's sums are computed where its rows are and only one row per fold comes back. On a
 * local table `auto` streams the rows as binary COPY from 10 features (`STREAM_MIN_FEATURES.wire`);
 * on a foreign or foreign-partitioned one (`remote`) it keeps the one pushed-down query up to
 * `REMOTE_QUERY_MAX_FEATURES`, and streams beyond (every row then passes the coordinator —
 * `strategy: 'blocks'` keeps the sums on the shards, at a scan per block).
 * Quantiles are exact (`percentile_cont`; PostgreSQL has no approximate one). 64-bit counts and
 * NUMERIC sums arrive as text and are converted. Errors name the server (never its password).
 *
 * @example
 * const runner = postgresRunner({ url: 'postgres://lassokit@localhost/cars' });
 * await trainFromSource(runner, runner.dialect.ident('cars'), { target: 'mpg' });
 */
export function postgresRunner(opts: PostgresOptions): Runner {
  const where = serverOf(opts.url);
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const pg = engines.pg();
  const copyTo = engines.pgCopy().to;
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: 1,
    connectionTimeoutMillis: 10_000,
    statement_timeout: timeoutMs,
    options: '-c enable_partitionwise_aggregate=on',
  });
  // An idle connection that breaks is reported by the next query, not as an unhandled error.
  pool.on('error', () => undefined);
  // A client that goes away mid-query (a worker replaced at its time limit, a killed CLI) must not
  // leave the server summing for it until the statement timeout: each new connection first asks
  // the server to check every second whether its client is still there. PostgreSQL < 14 refuses
  // the setting, which is then left out — the statement timeout still ends the query.
  const checked = new WeakSet<Pg.PoolClient>();
  /** Runs `use` on the pooled connection; a connection that failed is dropped, as `pool.query` does. */
  const withClient = async <T>(use: (client: Pg.PoolClient) => Promise<T>): Promise<T> => {
    let client: Pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      throw postgresError(e, where, timeoutMs);
    }
    let failed: Error | undefined;
    try {
      if (!checked.has(client)) {
        checked.add(client);
        await client.query('SET client_connection_check_interval = 1000').catch(() => undefined);
      }
      return await use(client);
    } catch (e) {
      failed = e as Error;
      throw e instanceof LassoKitError ? e : postgresError(e, where, timeoutMs);
    } finally {
      client.release(failed);
    }
  };
  const exec = (sql: string) => withClient((client) => client.query(sql));
  const run = async (sql: string) => (await exec(sql)).rows as Record<string, unknown>[];
  return {
    dialect: DIALECTS.postgres,
    query: run,
    // Rows as binary COPY (8 bytes a double, no text to format or parse), a bounded batch at a
    // time: one scan for a design too wide for aggregate queries, whose Gram would otherwise take
    // a scan per block of ~1,600 sums. statement_timeout bounds the whole COPY.
    stream: (sql, onBatch) =>
      withClient(async (client) => {
        // Parts one after the other, on this client.
        for (const part of typeof sql === 'string' ? [sql] : sql) {
          const { fields } = await client.query(`SELECT * FROM (${part}) AS streamed LIMIT 0`);
          const notDouble = fields.find((f) => f.dataTypeID !== FLOAT8_OID);
          if (notDouble !== undefined) throw new LassoKitError('ENGINE_ERROR', `streamed column ${notDouble.name} is not DOUBLE PRECISION`, { engine: 'postgres' });
          const decoder = new BinaryCopyDecoder(
            fields.map((f) => f.name),
            Math.max(64, Math.floor(STREAM_BATCH_VALUES / Math.max(1, fields.length))),
            onBatch,
          );
          for await (const chunk of client.query(copyTo(`COPY (${part}) TO STDOUT (FORMAT binary)`))) decoder.push(chunk as Uint8Array);
          decoder.end();
        }
      }),
    async remote(from) {
      // Only a table's name can be looked up; a query as the source is judged by nothing here.
      if (!/^("[^"]+"|\w+)(\.("[^"]+"|\w+))?$/.test(from)) return false;
      const [row] = await run(
        `SELECT c.relkind = 'f' OR EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class part ON part.oid = i.inhrelid WHERE i.inhparent = c.oid AND part.relkind = 'f') AS remote FROM pg_class c WHERE c.oid = to_regclass(${DIALECTS.postgres.text(from)})`,
      );
      return row?.remote === true;
    },
    async describe(from) {
      const { fields } = await exec(`SELECT * FROM (SELECT * FROM ${from}) AS described LIMIT 0`);
      const names = new Map((await run(`SELECT oid, typname FROM pg_type WHERE oid IN (${[...new Set(fields.map((f) => f.dataTypeID)), 0].join(', ')})`)).map((r) => [Number(r.oid), String(r.typname)]));
      return fields.map((f) => {
        const type = names.get(f.dataTypeID) ?? `oid ${f.dataTypeID}`;
        return { name: f.name, type, numeric: PG_NUMERIC.has(type) };
      });
    },
    close: () => pool.end(),
  };
}

/** Values per batch a PostgreSQL stream hands over (rows × columns). */
const STREAM_BATCH_VALUES = 65_536;
/** PostgreSQL's type oid of DOUBLE PRECISION. */
const FLOAT8_OID = 701;

/** host:port/database of a connection string, without user or password (for messages). */
function serverOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port === '' ? '' : `:${u.port}`}${u.pathname}`;
  } catch {
    return 'the configured server';
  }
}

function postgresError(e: unknown, where: string, timeoutMs: number): LassoKitError {
  const err = e as Error & { code?: string };
  const message = err.message.split('\n')[0];
  // 57014: query_canceled (statement_timeout).
  if (err.code === '57014') return new LassoKitError('TIMEOUT', `PostgreSQL at ${where}: the query ran past its ${timeoutMs} ms limit and was cancelled`, { engine: 'postgres', server: where });
  const unreachable = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|timeout expired|Connection terminated/i.test(message) || err.code === 'ECONNREFUSED';
  return new LassoKitError('ENGINE_ERROR', `PostgreSQL at ${where}: ${unreachable ? `unreachable (${message})` : message}`, { engine: 'postgres', server: where, unreachable, ...(err.code !== undefined ? { sqlstate: err.code } : {}) });
}
