import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { LassoKitError } from '@lassokit/core';
import { DIALECTS, type Dialect } from './dialects.js';

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
  const config: Record<string, string> = {};
  if (opts.memoryLimit !== undefined) config.memory_limit = opts.memoryLimit;
  if (opts.threads !== undefined) config.threads = String(opts.threads);
  const instance = await DuckDBInstance.create(':memory:', config);
  const connection: DuckDBConnection = await instance.connect();
  const run = async (sql: string) => {
    try {
      return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
    } catch (e) {
      const message = (e as Error).message;
      const hint = /Out of Memory/i.test(message) ? ` (raise the memory limit: memoryLimit / --memory-limit; now ${opts.memoryLimit ?? "DuckDB's default"})` : '';
      throw new LassoKitError('ENGINE_ERROR', `DuckDB: ${message.split('\n')[0]}${hint}`, { engine: 'duckdb' });
    }
  };
  return {
    dialect: DIALECTS.duckdb,
    query: run,
    async describe(from) {
      const rows = await run(`DESCRIBE SELECT * FROM ${from}`);
      return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type), numeric: NUMERIC.test(String(r.column_type)) }));
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** DuckDB's FROM clause for a file or glob: Parquet by extension, otherwise CSV with type inference. */
export function fileSource(path: string): string {
  const literal = DIALECTS.duckdb.text(path);
  return /\.parquet$/i.test(path) ? `read_parquet(${literal})` : `read_csv(${literal}, header = true, auto_detect = true)`;
}

export interface ClickHouseOptions {
  /** The HTTP endpoint, e.g. http://localhost:8123. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  readonly database?: string;
  /** Per-query time limit in milliseconds (default 300,000). */
  readonly timeoutMs?: number;
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
  const client = createClient({
    url: opts.url,
    username: opts.username ?? 'default',
    password: opts.password ?? '',
    database: opts.database ?? 'default',
    request_timeout: opts.timeoutMs ?? 300_000,
    // Errors are reported to the caller (ENGINE_ERROR with the URL); the client must not also log them.
    log: { level: ClickHouseLogLevel.OFF },
  });
  const run = async (sql: string) => {
    try {
      const result = await client.query({ query: sql, format: 'JSONEachRow' });
      return (await result.json()) as Record<string, unknown>[];
    } catch (e) {
      const message = (e as Error).message.split('\n')[0];
      const unreachable = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|socket hang up|Timeout/i.test(message);
      throw new LassoKitError('ENGINE_ERROR', `ClickHouse at ${opts.url}: ${unreachable ? `unreachable (${message})` : message}`, { engine: 'clickhouse', url: opts.url });
    }
  };
  return {
    dialect: DIALECTS.clickhouse,
    query: run,
    async describe(from) {
      const rows = await run(`DESCRIBE (SELECT * FROM ${from})`);
      return rows.map((r) => ({ name: String(r.name), type: String(r.type), numeric: NUMERIC.test(String(r.type)) }));
    },
    close: () => client.close(),
  };
}
