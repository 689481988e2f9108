import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '@lassokit/testing';
import { SPEC, binary, expectCvOverSql, expectFitLikeCsv, interrupted } from './serverEngines.js';
import { exec, startCluster, type Cluster } from '@lassokit/testing/clickhouse';

// The built binary against a two-shard ClickHouse cluster the test starts (Debian's clickhouse-server).
const dir = tempDir('lassokit-cli-clickhouse-');
const run = binary(dir);
let cluster: Cluster;

const csv = join(dir, 'auto.csv');

beforeAll(async () => {
  cluster = await startCluster();
  const text = (await run(['data', 'auto-mpg'])).stdout;
  writeFileSync(csv, text);
  const columns = 'mpg Float64, cylinders Int32, displacement Float64, horsepower Nullable(Float64), weight Float64, acceleration Float64, model_year Int32, origin Int32, car_name String';
  for (const url of cluster.urls) await exec(url, `CREATE TABLE cars_local (${columns}) ENGINE = MergeTree() ORDER BY tuple()`);
  await exec(cluster.urls[0], 'CREATE TABLE cars AS cars_local ENGINE = Distributed(lassokit, default, cars_local, rand())');
  const [header, ...lines] = text.trim().split('\n');
  // Missing horsepower is \N in ClickHouse's CSV; car names are quoted.
  const rows = lines.map((l) => l.replace(/,,/, ',\\N,').replace(/,([^,]*)$/, (_, name: string) => `,"${name.replace(/"/g, '""')}"`));
  for (let s = 0; s < 2; s++) await exec(cluster.urls[s], 'INSERT INTO cars_local FORMAT CSVWithNames', `${header}\n${rows.filter((_, i) => i % 2 === s).join('\n')}\n`);
}, 60_000);

afterAll(() => cluster?.stop());

describe('lassokit on a ClickHouse cluster (--clickhouse-url with --table or --sql)', () => {
  it('fit at an alpha from the table equals the in-memory fit of the CSV', () => expectFitLikeCsv(run, ['--clickhouse-url', cluster.urls[0]], csv, { source: 'clickhouse cars', engine: 'ClickHouse' }));

  it('cv over a --sql query, folds from a column computed on the shards', () => expectCvOverSql(run, ['--clickhouse-url', cluster.urls[0]], 'ClickHouse'));

  it('Ctrl-C stops the query on every shard (KILL QUERY) before exiting 130', async () => {
    // Rows without end (a view of system.numbers on each shard): the statistics query would run for
    // minutes, and ClickHouse checks for a kill at every 65,536-row block.
    for (const url of cluster.urls) await exec(url, 'CREATE VIEW endless_local AS SELECT toFloat64(number) AS x, toFloat64(number % 7) AS y FROM system.numbers LIMIT 100000000000');
    await exec(cluster.urls[0], 'CREATE TABLE endless AS endless_local ENGINE = Distributed(lassokit, default, endless_local, rand())');
    const sql = 'SELECT y, x FROM endless';
    // How many of its queries run on a shard (the CLI's, and the shard parts of a Distributed one),
    // of those at least `seconds` old.
    const running = async (url: string, seconds = 0) => {
      const r = await fetch(`${url}/?query=${encodeURIComponent(`SELECT count() FROM system.processes WHERE query LIKE '%endless%' AND query NOT LIKE '%system.processes%' AND elapsed >= ${seconds}`)}`);
      return Number((await r.text()).trim());
    };
    // Ctrl-C once the statistics query has run for a second on both shards (the quick first queries
    // — columns, a pilot sample — end by themselves).
    const r = await interrupted(dir, ['fit', '--clickhouse-url', cluster.urls[0], '--sql', sql, '--target', 'y', '--alpha', '0.1'], async () => (await Promise.all(cluster.urls.map((url) => running(url, 1)))).every((k) => k > 0));
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('lassokit: interrupted; stopping the ClickHouse query');
    // Nothing of it keeps running on either shard (ClickHouse 18.16 does not cancel a query whose
    // client went away): the shards' parts stop within 3 s.
    const deadline = Date.now() + 3_000;
    let left = await Promise.all(cluster.urls.map((url) => running(url)));
    while (left.some((k) => k > 0) && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 100));
      left = await Promise.all(cluster.urls.map((url) => running(url)));
    }
    expect(left).toEqual([0, 0]);
  });

  it('an unreachable server: exit 1, one line naming the URL; a password only from the environment', async () => {
    const r = await run(['fit', '--clickhouse-url', 'http://127.0.0.1:1', '--table', 'cars', ...SPEC], { LASSOKIT_CLICKHOUSE_PASSWORD: 'secret' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^lassokit: ClickHouse at http:\/\/127\.0\.0\.1:1: unreachable/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain('secret');
    const wrong = await run(['fit', '--clickhouse-url', cluster.urls[0], '--table', 'cars', ...SPEC], { LASSOKIT_CLICKHOUSE_PASSWORD: 'wrong' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^lassokit: ClickHouse at .*(password|Authentication)/i);
  });

  it('usage errors name the conflicting flags (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['fit', csv, '--clickhouse-url', cluster.urls[0], '--table', 'cars', ...SPEC], /with ClickHouse the data are a --table or a --sql query, not the file/],
      [['fit', '--clickhouse-url', cluster.urls[0], ...SPEC], /with ClickHouse give either --table or --sql/],
      [['fit', '--table', 'cars', ...SPEC], /--table reads a table on a server: give --clickhouse-url or --postgres-url too/],
      [['fit', ...SPEC], /missing the data argument/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
