// The ClickHouse half of `pnpm bench:scale`: two server processes as the two shards of a cluster
// (started here, as the tests do), ROWS (10,000,000) × P (10) generated on the shards themselves
// (half each, seeded by ClickHouse's rand(k)), then the path + 10-fold CV from the statistics of
// the Distributed table. Prints; asserts nothing.
import { exec, startCluster } from '@lassokit/testing/clickhouse';
import { clickhouseRunner, statsFromSource } from '../src/index.js';
import { timeStatsAndFit } from './timeFit.js';

const ROWS = Number(process.env.ROWS ?? 10_000_000);
const P = Number(process.env.P ?? 10);
const cluster = await startCluster();
try {
  const columns = Array.from({ length: P }, (_, j) => `x${j}`);
  await Promise.all(cluster.urls.map((url) => exec(url, `CREATE TABLE t_local (${[...columns, 'y'].map((c) => `${c} Float64`).join(', ')}) ENGINE = MergeTree() ORDER BY tuple()`)));
  await exec(cluster.urls[0], 'CREATE TABLE t AS t_local ENGINE = Distributed(lassokit, default, t_local, rand())');
  const gauss = (k: number) => `sqrt(-2 * log((rand(${2 * k}) + 1) / 4294967297)) * cos(2 * pi() * rand(${2 * k + 1}) / 4294967296)`;
  const t0 = performance.now();
  const x = columns.map((c, j) => `${gauss(j)} + common AS ${c}`);
  const signal = columns.slice(0, 5).map((c, j) => `${(-1) ** j} * ${c}`).join(' + ');
  await Promise.all(
    cluster.urls.map((url) => exec(url, `INSERT INTO t_local SELECT ${columns.join(', ')}, ${signal} + 2 * ${gauss(P + 1)} AS y FROM (SELECT ${x.join(', ')} FROM (SELECT ${gauss(P)} AS common FROM numbers(${ROWS / 2})))`)),
  );
  console.log(`generated ${ROWS} × ${P} on two shards in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const runner = clickhouseRunner({ url: cluster.urls[0] });
  await timeStatsAndFit('clickhouse (2 shards)', ROWS, P, () => statsFromSource(runner, 't', { target: 'y', features: columns, fold: { hash: 10 } }));
  await runner.close();
} finally {
  await cluster.stop();
}
