// Engines
export { clickhouseRunner, csvDecimal, duckdbRunner, fileSource, isParquet, postgresRunner } from './runners.js';
export type { ClickHouseOptions, DuckDbOptions, PostgresOptions, QueryProgress, Runner, SourceColumn } from './runners.js';

// SQL
export { DIALECTS, dialect } from './dialects.js';
export type { Dialect, DialectName, Quantiles } from './dialects.js';
export { statsQuery } from './statsQuery.js';
export type { GramBlock, StatsQuerySpec } from './statsQuery.js';
export { BLOCK_FEATURES, QUERY_MAX_FEATURES, REMOTE_QUERY_MAX_FEATURES, STREAM_MIN_FEATURES, pickStrategy } from './sums.js';
export type { SumsStrategy } from './sums.js';

// Statistics and models from a source
export { calibrationResidualsQuery, describeFolds, sourceStatsQuery, statsFromSource } from './statsFromSource.js';
export type { FoldSpec, LevelReading, SourceCalibration, SourceSpec, SourceStats } from './statsFromSource.js';
export { MAX_CALIBRATION_ROWS, modelFromSourceStats, splitIntervalsFromSource, trainFromSource } from './trainFromSource.js';
export type { SourceTrainOptions } from './trainFromSource.js';
