// The PostgreSQL part of `pnpm bench:scale`: a coordinator and two shard servers (started here, as
// the tests do), ROWS (4,000,000) × P (10) generated on the shards themselves (folds 0–4 on one,
// 5–9 on the other, one table per fold, by generate_series and random()), the coordinator's table
// partitioned by fold over postgres_fdw foreign tables (async_capable: the shards work at once),
// then the path + 10-fold CV from the statistics — each shard summing its folds (partitionwise
// aggregate). Beside it, the same rows in one local table.
// Prints; asserts nothing.
import { sql, startPostgres } from '@lassokit/testing/postgres';
import { postgresRunner, statsFromSource } from '../src/index.js';
import { timeStatsAndFit } from './timeFit.js';

const ROWS = Number(process.env.ROWS ?? 4_000_000);
const P = Number(process.env.P ?? 10);
const servers = await startPostgres(3);
try {
  const [coordinator, ...shards] = servers.urls;
  const columns = Array.from({ length: P }, (_, j) => `x${j}`);
  const ddl = `${[...columns, 'y'].map((c) => `${c} double precision`).join(', ')}, fold integer`;
  // Box–Muller normals from random(); the design of Friedman et al. with ρ = 0.5 and 5 signals.
  const gauss = 'sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())';
  const signal = columns.slice(0, 5).map((c, j) => `${(-1) ** j} * ${c}`).join(' + ');
  const fill = (table: string, folds: readonly number[], rows: number) =>
    `SELECT setseed(0.42); INSERT INTO ${table} SELECT ${columns.join(', ')}, ${signal} + 2 * (${gauss}) AS y, fold FROM (SELECT ${columns.map((c) => `(${gauss}) + common AS ${c}`).join(', ')}, fold FROM (SELECT ${gauss} AS common, ${folds[0]} + (i % ${folds.length}) AS fold FROM generate_series(1, ${rows}) AS i) AS g) AS d; ANALYZE ${table};`;
  const t0 = performance.now();
  await Promise.all(
    shards.map(async (url, s) => {
      const folds = Array.from({ length: 5 }, (_, k) => 5 * s + k);
      // One table per fold (a view over one table would scan all of it for each fold).
      for (const f of folds) await sql(url, `CREATE TABLE part_f${f} (${ddl}); ${fill(`part_f${f}`, [f], ROWS / 10)}`);
    }),
  );
  const servers_ = shards.map((url, s) => {
    const u = new URL(url);
    return `CREATE SERVER shard${s} FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '${u.hostname}', port '${u.port}', dbname 'postgres', use_remote_estimate 'true', async_capable 'true');
      CREATE USER MAPPING FOR postgres SERVER shard${s} OPTIONS (user 'postgres');`;
  });
  const partitions = Array.from({ length: 10 }, (_, f) => `CREATE FOREIGN TABLE t_f${f} PARTITION OF t FOR VALUES IN (${f}) SERVER shard${f < 5 ? 0 : 1} OPTIONS (table_name 'part_f${f}');`);
  await sql(coordinator, `CREATE EXTENSION postgres_fdw; ${servers_.join('\n')} CREATE TABLE t (${ddl}) PARTITION BY LIST (fold); ${partitions.join('\n')}`);
  await sql(coordinator, `CREATE TABLE local (${ddl}); ${fill('local', Array.from({ length: 10 }, (_, k) => k), ROWS)}`);
  console.log(`generated ${ROWS} × ${P} on two shards and once locally in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const runner = postgresRunner({ url: coordinator });
  for (const [label, table] of [
    ['postgres, 2 shards (postgres_fdw)', 't'],
    ['postgres, one server', 'local'],
  ] as const) {
    await timeStatsAndFit(label, ROWS, P, () => statsFromSource(runner, table, { target: 'y', features: columns, fold: { column: 'fold' } }));
  }
  await runner.close();
} finally {
  await servers.stop();
}
