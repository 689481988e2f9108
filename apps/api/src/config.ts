import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';

/** Everything configurable, from the environment, with defaults. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** SQLite file, or ':memory:'. */
  readonly dbPath: string;
  /** When set, mutating routes require `Authorization: Bearer <key>`; reads stay open. */
  readonly apiKey: string | undefined;
  readonly corsOrigins: readonly string[];
  readonly maxBodyBytes: number;
  /** Cells (rows × columns) of posted data, before one-hot encoding. */
  readonly maxCells: number;
  /** Cells of the design after one-hot encoding (estimated before it is built). */
  readonly maxDesignCells: number;
  /** Columns of the design after one-hot encoding. */
  readonly maxFeatures: number;
  /** Distinct levels of one categorical column. */
  readonly maxLevels: number;
  readonly maxPredictRows: number;
  /** Bytes of one stored model (its JSON). */
  readonly maxModelBytes: number;
  readonly workers: number;
  /** V8 heap of one fit worker, in MiB; a job that needs more ends with 413 and the worker is replaced. */
  readonly workerHeapMb: number;
  readonly fitTimeoutMs: number;
  readonly maxQueue: number;
  /** Each fit worker runs small made-up jobs before its first real one (see `warmUp`). */
  readonly warmUp: boolean;
  /** Server-side data a fit may name (`source.path`): only files under this directory; unset: none. */
  readonly dataDir: string | undefined;
  /** ClickHouse a fit may read tables from (`source.table`); unset: none. */
  readonly clickhouse: { readonly url: string; readonly username?: string; readonly password?: string; readonly database?: string } | undefined;
  /** PostgreSQL a fit may read tables from (`source.table`, `engine: 'postgres'`); unset: none. */
  readonly postgres: { readonly url: string } | undefined;
  /** DuckDB's memory limit and threads for one server-side fit (it spills to disk beyond the limit). */
  readonly duckdbMemory: string;
  readonly duckdbThreads: number;
  /** Features after one-hot encoding of a server-side fit (its statistics hold (folds + 1)·p² doubles). */
  readonly maxSourceFeatures: number;
}

/** The limits a fit worker enforces (they travel to it with its start-up data). */
export type JobLimits = Pick<
  Config,
  'maxCells' | 'maxDesignCells' | 'maxFeatures' | 'maxLevels' | 'maxPredictRows' | 'maxModelBytes' | 'dataDir' | 'clickhouse' | 'postgres' | 'duckdbMemory' | 'duckdbThreads' | 'maxSourceFeatures' | 'fitTimeoutMs'
>;

/**
 * Reads the configuration: API_PORT (8787), HOST (127.0.0.1), LASSOKIT_DB (./data/lassokit.db),
 * LASSOKIT_API_KEY, CORS_ORIGINS (comma-separated; default the web demo on localhost:3000), and
 * the limits (the README's table): LASSOKIT_MAX_BODY_BYTES (4 MiB), LASSOKIT_MAX_CELLS (1,000,000),
 * LASSOKIT_MAX_DESIGN_CELLS (5,000,000), LASSOKIT_MAX_FEATURES (50,000), LASSOKIT_MAX_LEVELS
 * (5,000), LASSOKIT_MAX_PREDICT_ROWS (10,000), LASSOKIT_MAX_MODEL_BYTES (8 MiB),
 * LASSOKIT_WORKERS (cores), LASSOKIT_WORKER_HEAP_MB (1,024), LASSOKIT_FIT_TIMEOUT_MS (60,000),
 * LASSOKIT_MAX_QUEUE (16), LASSOKIT_WARMUP (1: workers warm up before their first job; 0: not);
 * server-side sources: LASSOKIT_DATA_DIR (unset: none),
 * LASSOKIT_CLICKHOUSE_URL (unset: none) with LASSOKIT_CLICKHOUSE_USER, _PASSWORD, _DATABASE,
 * LASSOKIT_DUCKDB_MEMORY (512MB), LASSOKIT_DUCKDB_THREADS (1), LASSOKIT_MAX_SOURCE_FEATURES
 * (1,000). A malformed number is an error naming the variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: int(env, 'API_PORT', 8787, 0, 65535),
    host: env.HOST ?? '127.0.0.1',
    dbPath: env.LASSOKIT_DB ?? join(process.cwd(), 'data', 'lassokit.db'),
    apiKey: env.LASSOKIT_API_KEY || undefined,
    corsOrigins: (env.CORS_ORIGINS ?? 'http://localhost:3000,http://127.0.0.1:3000').split(',').map((s) => s.trim()).filter(Boolean),
    maxBodyBytes: int(env, 'LASSOKIT_MAX_BODY_BYTES', 4 * 1024 * 1024, 1024),
    maxCells: int(env, 'LASSOKIT_MAX_CELLS', 1_000_000, 1),
    maxDesignCells: int(env, 'LASSOKIT_MAX_DESIGN_CELLS', 5_000_000, 1),
    maxFeatures: int(env, 'LASSOKIT_MAX_FEATURES', 50_000, 1),
    maxLevels: int(env, 'LASSOKIT_MAX_LEVELS', 5_000, 1),
    maxPredictRows: int(env, 'LASSOKIT_MAX_PREDICT_ROWS', 10_000, 1),
    maxModelBytes: int(env, 'LASSOKIT_MAX_MODEL_BYTES', 8 * 1024 * 1024, 1024),
    workers: int(env, 'LASSOKIT_WORKERS', availableParallelism(), 1, 64),
    workerHeapMb: int(env, 'LASSOKIT_WORKER_HEAP_MB', 1024, 32),
    fitTimeoutMs: int(env, 'LASSOKIT_FIT_TIMEOUT_MS', 60_000, 1),
    maxQueue: int(env, 'LASSOKIT_MAX_QUEUE', 16, 0),
    warmUp: int(env, 'LASSOKIT_WARMUP', 1, 0, 1) === 1,
    dataDir: env.LASSOKIT_DATA_DIR ? resolve(env.LASSOKIT_DATA_DIR) : undefined,
    clickhouse: env.LASSOKIT_CLICKHOUSE_URL
      ? { url: env.LASSOKIT_CLICKHOUSE_URL, username: env.LASSOKIT_CLICKHOUSE_USER || undefined, password: env.LASSOKIT_CLICKHOUSE_PASSWORD || undefined, database: env.LASSOKIT_CLICKHOUSE_DATABASE || undefined }
      : undefined,
    postgres: env.LASSOKIT_POSTGRES_URL ? { url: env.LASSOKIT_POSTGRES_URL } : undefined,
    duckdbMemory: env.LASSOKIT_DUCKDB_MEMORY || '512MB',
    duckdbThreads: int(env, 'LASSOKIT_DUCKDB_THREADS', 1, 1, 64),
    maxSourceFeatures: int(env, 'LASSOKIT_MAX_SOURCE_FEATURES', 1000, 1),
  };
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be an integer in [${min}, ${max}]; got ${JSON.stringify(raw)}`);
  return v;
}
