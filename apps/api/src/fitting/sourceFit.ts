import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { z } from '@hono/zod-openapi';
import { LassoKitError, type ModelJSON } from '@lassokit/core';
import type { DecimalMark } from '@lassokit/data';
import { clickhouseRunner, duckdbRunner, fileSource, isParquet, postgresRunner, trainFromSource, type Runner } from '@lassokit/sql';
import type { JobLimits } from '../config.js';
import { ApiError } from '../errors.js';
import type { FitBodySchema, SourceSchema } from '../schemas.js';

type Source = z.infer<typeof SourceSchema>;
type FitSpec = z.infer<typeof FitBodySchema>;

/** File names a source path may end in. */
const DATA_FILE = /\.(csv|tsv|parquet)$/i;
/** Characters of a source path: no backslash, colon (URLs, drive letters), quotes, braces or brackets. */
const SAFE_PATH = /^[A-Za-z0-9_\-. /*?]+$/;
/** A table, optionally qualified by its database (ClickHouse) or schema (PostgreSQL). */
const TABLE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

function refused(message: string, field: string): ApiError {
  return new ApiError(400, 'INVALID_SOURCE', message, { field });
}

/**
 * The file (or glob) a `source.path` names, as an absolute path inside the data directory — or a
 * 400 saying why not: no data directory configured, an absolute path, a `..` segment, a URL or
 * other characters, a wildcard outside the file name, a file type other than CSV or Parquet, a
 * file that does not exist, or a symlink that leads out of the directory. (DuckDB is also
 * sandboxed to the directory, so a glob's matches cannot leave it either.)
 */
export function resolveSourcePath(dataDir: string | undefined, path: string): string {
  if (dataDir === undefined) throw refused('server-side files are not enabled on this server (LASSOKIT_DATA_DIR is not set)', 'source.path');
  if (!SAFE_PATH.test(path) || path.includes('://')) throw refused(`source.path ${JSON.stringify(path.slice(0, 100))} may use only letters, digits, _ - . / and the wildcards * ? (no URLs, quotes or brackets)`, 'source.path');
  if (isAbsolute(path)) throw refused('source.path must be relative to the data directory, not absolute', 'source.path');
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) throw refused('source.path must not contain ".." segments', 'source.path');
  if (segments.slice(0, -1).some((s) => /[*?]/.test(s))) throw refused('wildcards (* ?) may appear only in the file name, not in directory names', 'source.path');
  const name = segments[segments.length - 1];
  if (!DATA_FILE.test(name)) throw refused('source.path must name .csv, .tsv or .parquet files', 'source.path');
  const root = realpathSync(dataDir);
  const inside = (p: string) => {
    const rel = relative(root, p);
    return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
  };
  const dir = join(root, ...segments.slice(0, -1));
  let realDir: string;
  try {
    realDir = realpathSync(dir);
  } catch {
    throw new ApiError(404, 'SOURCE_NOT_FOUND', `no directory ${JSON.stringify(segments.slice(0, -1).join('/'))} in the data directory`, { field: 'source.path' });
  }
  if (realDir !== root && !inside(realDir)) throw refused('source.path leads out of the data directory', 'source.path');
  if (/[*?]/.test(name)) return join(realDir, name);
  let file: string;
  try {
    file = realpathSync(join(realDir, name));
  } catch {
    throw new ApiError(404, 'SOURCE_NOT_FOUND', `no file ${JSON.stringify(path)} in the data directory`, { field: 'source.path' });
  }
  if (!inside(file)) throw refused('source.path leads out of the data directory', 'source.path');
  if (!statSync(file).isFile()) throw refused(`source.path ${JSON.stringify(path)} is not a file`, 'source.path');
  return file;
}

/** The engine and FROM clause of a source, checked against the server's configuration. */
async function open(source: Source, limits: JobLimits, na: readonly string[] = [], decimal: DecimalMark = '.'): Promise<{ runner: Runner; from: string; name: string; dataDir?: string }> {
  // The engine stops a query shortly before the pool's own time limit would end the worker.
  const queryTimeoutMs = Math.max(1000, Math.floor(limits.fitTimeoutMs * 0.9));
  if ('path' in source) {
    const file = resolveSourcePath(limits.dataDir, source.path);
    if (na.length > 0 && isParquet(file)) throw refused("na reads a CSV file's marks as missing; a Parquet file's columns are typed (turn its marks into NULL where it is written)", 'na');
    if (decimal === ',' && isParquet(file)) throw refused("decimal ',' reads a CSV file's numbers; a Parquet file's columns are typed", 'decimal');
    const runner = await duckdbRunner({ memoryLimit: limits.duckdbMemory, threads: limits.duckdbThreads, allowedDirectories: [realpathSync(limits.dataDir as string)], queryTimeoutMs });
    return { runner, from: fileSource(file, na, decimal), name: `data dir: ${source.path}`, dataDir: realpathSync(limits.dataDir as string) };
  }
  const engine = source.engine ?? (limits.clickhouse !== undefined || limits.postgres === undefined ? 'clickhouse' : 'postgres');
  if (engine === 'clickhouse' && limits.clickhouse === undefined) throw refused('ClickHouse tables are not enabled on this server (LASSOKIT_CLICKHOUSE_URL is not set)', 'source.table');
  if (engine === 'postgres' && limits.postgres === undefined) throw refused('PostgreSQL tables are not enabled on this server (LASSOKIT_POSTGRES_URL is not set)', 'source.table');
  if (!TABLE.test(source.table)) throw refused(`source.table ${JSON.stringify(source.table.slice(0, 100))} must be a table name (letters, digits, _; optionally database.table)`, 'source.table');
  const runner = engine === 'clickhouse' ? clickhouseRunner({ ...(limits.clickhouse as NonNullable<JobLimits['clickhouse']>), timeoutMs: queryTimeoutMs }) : postgresRunner({ url: (limits.postgres as NonNullable<JobLimits['postgres']>).url, timeoutMs: queryTimeoutMs });
  const from = source.table
    .split('.')
    .map((part) => runner.dialect.ident(part))
    .join('.');
  return { runner, from, name: `${engine}: ${source.table}` };
}

/**
 * A model trained from server-side data (`source`): the statistics are computed where the data
 * are — DuckDB over files in the data directory (sandboxed to it, memory-limited, one thread by
 * default), or the configured ClickHouse or PostgreSQL — then the path and CV from them. The same model file as
 * a fit on posted data. The recipe's bounds apply: levels, and features after one-hot encoding.
 * `intervals: 'split'` holds rows back in the engine (see `trainFromSource`).
 */
export async function fitFromSource(spec: FitSpec, limits: JobLimits): Promise<ModelJSON> {
  const { runner, from, name, dataDir } = await open(spec.source as Source, limits, spec.na, spec.decimal);
  try {
    // na's marks are read as NULL by DuckDB in a CSV (a Parquet file has none to read) and recorded for the used columns.
    const { model } = await trainFromSource(
      runner,
      from,
      { target: spec.target as string, features: spec.features, exclude: spec.exclude, categorical: spec.categorical, missing: spec.missing, weights: spec.weights, na: /^read_csv\(/.test(from) ? spec.na : undefined, decimal: spec.decimal, maxLevels: limits.maxLevels, maxFeatures: Math.min(limits.maxSourceFeatures, limits.maxFeatures), fold: spec.alpha === undefined ? { hash: spec.cv?.folds ?? 10 } : undefined },
      { alpha: spec.alpha, select: spec.cv?.select, l1Ratio: spec.l1Ratio, standardize: spec.standardize, fitIntercept: spec.fitIntercept, positive: spec.positive, source: name, name: spec.name, intervals: spec.intervals === 'split' ? 'split' : undefined },
    );
    return model;
  } catch (e) {
    throw dataDir === undefined ? e : relativeTo(dataDir, e);
  } finally {
    await runner.close();
  }
}

/**
 * An engine's error about a file in the data directory (a row it could not read, a glob that
 * matched nothing) with the file named as the request named it, relative to the directory: the
 * server's own paths stay private.
 */
function relativeTo(dataDir: string, e: unknown): unknown {
  if (!(e instanceof LassoKitError) || !e.message.includes(dataDir)) return e;
  const strip = (text: string) => text.split(`${dataDir}${sep}`).join('').split(dataDir).join('.');
  const details = e.details === undefined ? undefined : Object.fromEntries(Object.entries(e.details).map(([k, v]) => [k, typeof v === 'string' ? strip(v) : v]));
  return new LassoKitError(e.code, strip(e.message), details);
}
