import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LassoKitError } from '@lassokit/core';
import { buildDesign, idColumnWarning, parseTable } from '@lassokit/data';
import { pickStrategy, postgresRunner, statsFromSource, trainFromSource, type Runner } from '../src/index.js';
import { sql, startPostgres, type PostgresServers } from '@lassokit/testing/postgres';
import { INFINITE, csvText, expectSameCv, expectSameStats, expectUnusable, expectSameSplit, inMemory, inMemoryWide, overflowsIn, spec, weightedCsvText, weightsOf, wideCsv } from './testData.js';

// Three servers: a coordinator holding the whole table (`cars`) and, as `sharded`, a table
// partitioned by fold whose partitions are postgres_fdw foreign tables on two shard servers.
let servers: PostgresServers;
let runner: Runner;

const COLUMNS = 'y double precision, a double precision, b double precision, c double precision, d double precision, city text, cyl integer, fold integer';

/** INSERT statements for CSV rows (empty fields are NULL; text quoted). */
function inserts(table: string, lines: readonly string[]): string {
  const literal = (v: string, j: number) => (v === '' ? 'NULL' : j === 5 ? `'${v.replace(/'/g, "''")}'` : v);
  const values = lines.map((l) => `(${l.split(',').map(literal).join(', ')})`);
  return `INSERT INTO ${table} VALUES ${values.join(',\n')};`;
}

beforeAll(async () => {
  servers = await startPostgres(3);
  const [coordinator, ...shards] = servers.urls;
  const lines = csvText().trim().split('\n').slice(1);
  await sql(coordinator, `CREATE TABLE cars (${COLUMNS}); ${inserts('cars', lines)}`);
  await sql(coordinator, `CREATE TABLE gaps (${COLUMNS}); ${inserts('gaps', csvText(true).trim().split('\n').slice(1))}`);
  await sql(coordinator, `CREATE TABLE weighted (${COLUMNS}, w double precision); ${inserts('weighted', weightedCsvText().trim().split('\n').slice(1))}`);
  // Folds 0–2 on the first shard, 3–4 on the second.
  const shardOf = (fold: number) => (fold <= 2 ? 0 : 1);
  for (let fold = 0; fold < 5; fold++) {
    const rows = lines.filter((l) => Number(l.split(',')[7]) === fold);
    await sql(shards[shardOf(fold)], `CREATE TABLE cars_f${fold} (${COLUMNS}); ${inserts(`cars_f${fold}`, rows)}`);
  }
  // use_remote_estimate: the coordinator asks the shards for costs; with its own guesses for
  // foreign tables it judged the local aggregation of ~250 sums cheaper and did not push them down.
  const servers_ = shards.map((url, s) => {
    const u = new URL(url);
    return `CREATE SERVER shard${s} FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '${u.hostname}', port '${u.port}', dbname 'postgres', use_remote_estimate 'true');
      CREATE USER MAPPING FOR postgres SERVER shard${s} OPTIONS (user 'postgres');`;
  });
  const partitions = [0, 1, 2, 3, 4].map((fold) => `CREATE FOREIGN TABLE sharded_f${fold} PARTITION OF sharded FOR VALUES IN (${fold}) SERVER shard${shardOf(fold)} OPTIONS (table_name 'cars_f${fold}');`);
  await sql(coordinator, `CREATE EXTENSION postgres_fdw; ${servers_.join('\n')} CREATE TABLE sharded (${COLUMNS}) PARTITION BY LIST (fold); ${partitions.join('\n')}`);
  runner = postgresRunner({ url: coordinator });
});

afterAll(async () => {
  await runner?.close();
  await servers?.stop();
});

describe('statistics from PostgreSQL equal the in-memory ones', () => {
  it('the fitted recipe, the statistics, the CV curve and alphaMin', async () => {
    const { design, foldIds } = inMemory(csvText());
    const fromPostgres = await statsFromSource(runner, runner.dialect.ident('cars'), spec);
    expect(fromPostgres.recipe).toEqual(design.recipe);
    expectSameCv(fromPostgres.stats, design, foldIds);
  });

  it.each(['query', 'stream'] as const)('sample weights (%s): the weighted statistics, CV curve and alphaMin of the in-memory fit', async (strategy) => {
    const text = weightedCsvText();
    const { design, foldIds } = inMemory(text);
    const fromPostgres = await statsFromSource(runner, runner.dialect.ident('weighted'), { ...spec, weights: 'w', strategy });
    expectSameCv(fromPostgres.stats, design, foldIds, weightsOf(text, design.lines));
  });

  it.each(['query', 'stream'] as const)('%s: a text column of numbers (zip codes with leading zeros) and a yes/no column have the levels they have in memory', async (strategy) => {
    const zips = ['02134', '02139', '10001', '07030'];
    const rows = Array.from({ length: 48 }, (_, i) => [(i * 7) % 13 + (i % 4 === 0 ? 9 : 0), (i * 5) % 11, zips[i % 4], i % 3 === 0 ? 'yes' : 'no', i % 4] as const);
    const name = `zips_${strategy}`;
    await sql(servers.urls[0], `CREATE TABLE ${name} (y double precision, x double precision, zip text, smoker text, fold integer); INSERT INTO ${name} VALUES ${rows.map((r) => `(${r[0]}, ${r[1]}, '${r[2]}', '${r[3]}', ${r[4]})`).join(', ')};`);
    const table = parseTable(`y,x,zip,smoker\n${rows.map((r) => r.slice(0, 4).join(',')).join('\n')}\n`, { source: 'source' });
    const spec = { target: 'y', features: ['x', 'zip', 'smoker'], categorical: ['zip', 'smoker'] };
    const design = buildDesign(table, spec);
    expect(design.featureNames).toEqual(['x', 'zip_2134', 'zip_2139', 'zip_7030', 'zip_10001', 'smoker_yes']);
    const fromPostgres = await statsFromSource(runner, runner.dialect.ident(name), { ...spec, fold: { column: 'fold' }, strategy });
    expect(fromPostgres.recipe).toEqual(design.recipe);
    expectSameStats(fromPostgres.stats, design, rows.map((r) => r[4]));
  });

  it.each(['query', 'stream'] as const)('%s: a text column of words and numbers written otherwise (010 beside 10, 4.0 beside 4, " M") has the levels it has in memory', async (strategy) => {
    const sizes = ['S', ' M', '010', '10', '4.0', '4', 'XL'];
    const rows = Array.from({ length: 56 }, (_, i) => [(i * 7) % 13 + (i % 7 === 2 ? 9 : 0), (i * 5) % 11, sizes[(i * 3) % 7], i % 4] as const);
    const name = `sizes_${strategy}`;
    await sql(servers.urls[0], `CREATE TABLE ${name} (y double precision, x double precision, size text, fold integer); INSERT INTO ${name} VALUES ${rows.map((r) => `(${r[0]}, ${r[1]}, '${r[2]}', ${r[3]})`).join(', ')};`);
    const table = parseTable(`y,x,size\n${rows.map((r) => `${r[0]},${r[1]},"${r[2]}"`).join('\n')}\n`, { source: 'source' });
    const spec = { target: 'y', features: ['x', 'size'], categorical: ['size'] };
    const design = buildDesign(table, spec);
    expect(design.featureNames).toEqual(['x', 'size_10', 'size_4', 'size_M', 'size_S', 'size_XL']);
    const fromPostgres = await statsFromSource(runner, runner.dialect.ident(name), { ...spec, fold: { column: 'fold' }, strategy });
    expect(fromPostgres.recipe).toEqual(design.recipe);
    expectSameStats(fromPostgres.stats, design, rows.map((r) => r[3]));
  });

  it('trains a model file with hash folds computed by the server', async () => {
    const { model } = await trainFromSource(runner, runner.dialect.ident('cars'), { ...spec, fold: { hash: 5 } }, { source: 'postgres cars' });
    expect(model.featureNames).toEqual(inMemory(csvText()).design.featureNames);
    expect(model.training).toMatchObject({ nSamples: 400, cv: { nFolds: 5 } });
  });

  it.each(['query', 'stream'] as const)('%s: split intervals — the rows held back, the refit on the rest and its residuals agree with the same split in memory', async (strategy) => {
    const { cal } = await expectSameSplit(runner, runner.dialect.ident('cars'), { ...spec, strategy }, runner.dialect.ident('fold'));
    expect(cal.rows + cal.stats.n).toBe(400);
  });

  it('a numeric column named as an id, one distinct whole number per row, gets the in-memory warning (counted by the server)', async () => {
    const { report } = await statsFromSource(runner, '(SELECT y, a, b, row_number() OVER () AS row_id, cyl AS cyl_id FROM cars) AS t', { target: 'y' });
    // row_id: 400 distinct whole numbers; cyl_id repeats its values (no warning).
    expect(report.warnings).toEqual([idColumnWarning('row_id', 400)]);
  });

  it('a query as the source: (SELECT …) AS t', async () => {
    const fromQuery = await statsFromSource(runner, '(SELECT * FROM cars WHERE fold < 4) AS t', spec);
    expect(fromQuery.stats.n).toBe(320);
    expect('folds' in fromQuery.stats && fromQuery.stats.folds.length).toBe(4);
  });

  it('distinct values of several columns in one query (GROUPING SETS): NULLs left out, at most `limit` each', async () => {
    const d = runner.dialect;
    const from = "(SELECT CASE WHEN g % 7 = 0 THEN NULL ELSE 'id' || g END AS id, CASE WHEN g % 5 = 0 THEN NULL ELSE g % 3 END AS k FROM generate_series(0, 999) AS g) AS t";
    const q = d.distinctValues(from, ['id', 'k'].map((c) => d.ident(c)), null, 6);
    expect(q.queries).toHaveLength(1);
    const [ids, ks] = q.read([await runner.query(q.queries[0])]);
    expect(ids).toHaveLength(6);
    expect(ks.map(Number).sort()).toEqual([0, 1, 2]);
  });

  it.each(['mean', 'median'] as const)('%s imputation, a log and an exact clip (percentile_cont) equal buildDesign', async (missing) => {
    const steps = { log: ['d'], clip: { c: [0.05, 0.95] as const } };
    const { design, foldIds } = inMemory(csvText(true), missing, steps);
    const fromPostgres = await statsFromSource(runner, runner.dialect.ident('gaps'), { ...spec, ...steps, missing });
    const round = (r: unknown) => JSON.parse(JSON.stringify(r), (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v));
    expect(round(fromPostgres.recipe)).toEqual(round(design.recipe));
    expectSameStats(fromPostgres.stats, design, foldIds);
  });
});

describe('a wide design on PostgreSQL (past its 1,664 select items)', () => {
  /** A table of `wideCsv` text. */
  const wideTable = async (name: string, text: string) => {
    const [header, ...lines] = text.trim().split('\n');
    const columns = header.split(',').map((c) => `${c} ${c === 'fold' ? 'integer' : 'double precision'}`);
    await sql(servers.urls[0], `CREATE TABLE ${name} (${columns.join(', ')}); INSERT INTO ${name} VALUES ${lines.map((l) => `(${l})`).join(',\n')};`);
  };

  it('600 features: the profile in several scans, the rows streamed as binary COPY, equal to the in-memory statistics', async () => {
    const text = wideCsv(60, 600);
    await wideTable('wide', text);
    const table = inMemoryWide(text);
    const fromPostgres = await statsFromSource(runner, runner.dialect.ident('wide'), { target: 'y', features: table.features, fold: { column: 'fold' } });
    expect(fromPostgres.strategy).toBe('stream');
    expectSameStats(fromPostgres.stats, table.design, table.foldIds);
    // Hash folds over 151 columns (PostgreSQL functions take at most 100 arguments): every row in one of 4 folds.
    const hashed = await statsFromSource(runner, runner.dialect.ident('wide'), { target: 'y', features: table.features.slice(0, 150), fold: { hash: 4 } });
    expect('folds' in hashed.stats && hashed.stats.folds.reduce((a, f) => a + f.n, 0)).toBe(60);
  });

  it("130 features in blocks (the sums stay in the engine, a scan per block): equal to the in-memory statistics", async () => {
    const text = wideCsv(60, 130);
    await wideTable('wide_blocks', text);
    const table = inMemoryWide(text);
    const fromPostgres = await statsFromSource(runner, runner.dialect.ident('wide_blocks'), { target: 'y', features: table.features, fold: { column: 'fold' }, strategy: 'blocks' });
    expect(fromPostgres.strategy).toBe('blocks');
    expect(fromPostgres.sql.match(/^SELECT lassokit_fold AS fold,/gm)).toHaveLength(10);
    expectSameStats(fromPostgres.stats, table.design, table.foldIds);
  });

  it('a streamed NULL or non-double column is refused, naming it; the connection goes on', async () => {
    const refused = (query: string) => runner.stream!(query, () => undefined).catch((e: unknown) => e as LassoKitError);
    const withNull = await refused('SELECT g::float8 AS a, CASE WHEN g = 700 THEN NULL ELSE 1.0 END::float8 AS b FROM generate_series(1, 1000) g');
    expect(withNull).toMatchObject({ code: 'ENGINE_ERROR', details: { nullIn: 'b' } });
    expect((withNull as Error).message).toMatch(/streamed column b has a NULL/);
    expect(((await refused("SELECT 'x'::text AS name")) as Error).message).toMatch(/streamed column name is not DOUBLE PRECISION/);
    let rows = 0;
    await runner.stream!('SELECT g::float8 AS a FROM generate_series(1, 5000) g', (_c, m) => (rows += m));
    expect([rows, (await runner.query('SELECT 1 AS one'))[0].one]).toEqual([5000, 1]);
  });
});

describe('folds partitioned over two shards with postgres_fdw', () => {
  it('the statistics equal the in-memory ones', async () => {
    const { design, foldIds } = inMemory(csvText());
    const fromShards = await statsFromSource(runner, runner.dialect.ident('sharded'), spec);
    expect(fromShards.recipe).toEqual(design.recipe);
    expectSameCv(fromShards.stats, design, foldIds);
  });

  it('auto keeps the pushed-down query where the rows are on shards, and streams a local table', async () => {
    expect(await runner.remote!(runner.dialect.ident('sharded'))).toBe(true);
    expect(await runner.remote!(runner.dialect.ident('cars'))).toBe(false);
    expect(await runner.remote!('(SELECT * FROM sharded) AS t')).toBe(false);
    expect([pickStrategy(9, runner), pickStrategy(10, runner), pickStrategy(48, runner, '', true), pickStrategy(49, runner, '', true)]).toEqual(['query', 'stream', 'query', 'stream']);
    const local = await statsFromSource(runner, runner.dialect.ident('cars'), spec);
    const sharded = await statsFromSource(runner, runner.dialect.ident('sharded'), spec);
    expect([local.featureNames.length >= 10, local.strategy, sharded.strategy]).toEqual([true, 'stream', 'query']);
  });

  it.each([false, true])('each fold is summed on its shard: the plan pushes every partition’s aggregate down (rows held back for calibration: %s)', async (calibrate) => {
    const { sql: statsSql } = await statsFromSource(runner, runner.dialect.ident('sharded'), { ...spec, calibrate });
    const plan = (await runner.query(`EXPLAIN (VERBOSE) ${statsSql}`)).map((r) => String(r['QUERY PLAN'])).join('\n');
    expect(plan.match(/Relations: Aggregate on \(public\.sharded_f\d+/g)).toHaveLength(5);
    // The shards are sent the GROUP BY: no row-level foreign scan reaches the coordinator.
    expect(plan).toMatch(/Remote SQL: SELECT .*GROUP BY/);
  });

  it('split intervals on the shards: the rows left and held back as the same split in memory', async () => {
    await expectSameSplit(runner, runner.dialect.ident('sharded'), spec, runner.dialect.ident('fold'));
  });
});

describe('PostgreSQL errors are clear', () => {
  it('an unreachable server names it (never the password)', async () => {
    const gone = postgresRunner({ url: 'postgres://me:secret@127.0.0.1:1/cars' });
    const e = await gone.query('SELECT 1').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(LassoKitError);
    expect((e as Error).message).toMatch(/^PostgreSQL at 127\.0\.0\.1:1\/cars: unreachable/);
    expect((e as Error).message).not.toMatch(/secret/);
    expect((e as LassoKitError).details).toMatchObject({ unreachable: true });
    await gone.close();
  });

  it("the engine's own errors are ENGINE_ERROR with its message; a column that is not numeric is named", async () => {
    const e = await runner.query('SELECT * FROM no_such_table').catch((err: unknown) => err);
    expect((e as LassoKitError).code).toBe('ENGINE_ERROR');
    expect((e as Error).message).toMatch(/relation "no_such_table" does not exist/);
    const text = await statsFromSource(runner, runner.dialect.ident('cars'), { target: 'y', features: ['city'] }).catch((err: unknown) => err);
    expect((text as Error).message).toMatch(/column "city": is text in the engine's type inference, not a number, such as "(paris|oslo|l'aquila|rome)"/);
    // Numbers held as text are numbers to the pattern: no example, the cast is asked for.
    const numeric = await statsFromSource(runner, `(SELECT y, CAST(a AS TEXT) AS a, ' -1.5e3 ' AS b FROM cars) AS t`, { target: 'y', features: ['a', 'b'] }).catch((err: unknown) => err);
    expect((numeric as Error).message).toMatch(/column "a": is text in the engine's type inference, not a number, though its first 100,000 rows read as numbers \(cast it in the source: CAST\("a" AS DOUBLE PRECISION\)\)$/);
  });

  it('a query past the time limit is cancelled: TIMEOUT, and the runner still works', async () => {
    const slow = postgresRunner({ url: servers.urls[0], timeoutMs: 200 });
    const e = await slow.query('SELECT pg_sleep(5)').catch((err: unknown) => err);
    expect((e as LassoKitError).code).toBe('TIMEOUT');
    expect((await slow.query('SELECT 1 AS one'))[0].one).toBe(1);
    await slow.close();
  });

  it('a stream is bounded by the time limit: TIMEOUT, and the runner still works', async () => {
    // ~10 s of rows (a 1 ms sleep every 10th row), cancelled at the 1 s limit.
    const limited = postgresRunner({ url: servers.urls[0], timeoutMs: 1000 });
    const columns = Array.from({ length: 63 }, (_, j) => `g::float8 AS c${j}`).join(', ');
    const sleepy = 'CASE WHEN g % 10 = 0 THEN length(pg_sleep(0.001)::text) ELSE 0 END';
    const t = performance.now();
    const e = await limited.stream!(`SELECT (g + ${sleepy})::float8 AS a, ${columns} FROM generate_series(1, 100000) g`, () => undefined).catch((err: unknown) => err);
    expect(e).toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/ran past its 1000 ms limit and was cancelled/) });
    expect(performance.now() - t).toBeLessThan(10_000);
    expect((await limited.query('SELECT 2 AS two'))[0].two).toBe(2);
    await limited.close();
  });

  it('a client that dies mid-query does not leave its query running on the server', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('fixtures/dyingClient.ts', import.meta.url)), servers.urls[0]], { stdio: ['ignore', 'pipe', 'inherit'] });
    const running = () => runner.query("SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%dying client%' AND query NOT LIKE '%pg_stat_activity%'");
    const until = async (done: () => Promise<boolean>, ms: number) => {
      for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (await done()) return true;
      return false;
    };
    try {
      expect(await until(async () => Number((await running())[0].n) === 1, 20_000), 'the query started').toBe(true);
      child.kill('SIGKILL');
      // Without the connection check it would run on for minutes (the statement timeout is 300 s).
      expect(await until(async () => Number((await running())[0].n) === 0, 5_000), 'the server stopped it').toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  }, 40_000);

  it('missing values under the default policy are counted and named', async () => {
    const e = await statsFromSource(runner, runner.dialect.ident('gaps'), spec).catch((err: unknown) => err);
    expect((e as Error).message).toMatch(/column "a": 11 values are missing/);
  });

  it("an infinite value ('Infinity' is a double precision) or one whose square overflows is refused by column, queried and streamed", async () => {
    const rows = Array.from({ length: 60 }, (_, i) => [i % 7, (i * 3) % 11, i % 5]);
    const table = async (name: string, cell: string, j: number) => {
      const values = rows.map((r, i) => `(${r.map((v, c) => (i === 40 && c === j ? cell : String(v))).join(', ')})`);
      await sql(servers.urls[0], `CREATE TABLE ${name} (y double precision, a double precision, b double precision); INSERT INTO ${name} VALUES ${values.join(', ')};`);
      return runner.dialect.ident(name);
    };
    await expectUnusable(runner, await table('inf_y', "'Infinity'", 0), {}, new RegExp(`^source: column "y": ${INFINITE.source}`));
    await expectUnusable(runner, await table('inf_a', "'-Infinity'", 1), { fold: { hash: 3 } }, new RegExp(`^source: column "a": ${INFINITE.source}`));
    const infB = await table('inf_b', "'Infinity'", 2);
    await expectUnusable(runner, infB, { strategy: 'stream' }, /column "b": holds an infinite value/);
    await expectUnusable(runner, infB, { missing: 'mean' }, /column "b": holds an infinite value/);
    // NaN, which PostgreSQL orders above every number: named as what it is.
    const nanB = await table('nan_b', "'NaN'", 2);
    for (const extra of [{}, { strategy: 'stream' as const }, { missing: 'mean' as const }]) await expectUnusable(runner, nanB, extra, /^source: column "b": holds NaN \(a value that is not a number\), not a usable number$/);
    // PostgreSQL raises an error where the sums overflow (the other engines give Infinity): named all the same.
    const big = await table('big_a', '1e200', 1);
    const overflows = overflowsIn('a');
    for (const extra of [{}, { fold: { hash: 3 } }, { missing: 'mean' as const }, { strategy: 'blocks' as const }, { strategy: 'stream' as const }]) await expectUnusable(runner, big, extra, overflows);
    // The runner goes on.
    expect((await statsFromSource(runner, runner.dialect.ident('cars'), spec)).stats.n).toBe(400);
  });
});
