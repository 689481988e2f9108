import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClose } from '@lassokit/testing';
import { LassoKitError, createRng } from '@lassokit/core';
import { buildDesign, idColumnWarning, parseTable, type DataError } from '@lassokit/data';
import { clickhouseRunner, statsFromSource, trainFromSource, type Runner } from '../src/index.js';
import { exec, startCluster, type Cluster } from '@lassokit/testing/clickhouse';
import { INFINITE, csvText, expectSameCv, expectSameStats, expectUnusable, calibrationSides, expectSameSplit, inMemory, inMemoryWide, overflowsIn, residualsOf, spec, weightedCsvText, weightsOf, wideCsv } from './testData.js';

let cluster: Cluster;
let runner: Runner;

beforeAll(async () => {
  cluster = await startCluster();
  const columns = 'y Float64, a Float64, b Float64, c Float64, d Float64, city String, cyl Int32, fold Int32';
  for (const url of cluster.urls) await exec(url, `CREATE TABLE cars_local (${columns}) ENGINE = MergeTree() ORDER BY tuple()`);
  await exec(cluster.urls[0], 'CREATE TABLE cars AS cars_local ENGINE = Distributed(lassokit, default, cars_local, rand())');
  // Half the rows on each shard, loaded through the HTTP body (INSERT … FORMAT CSVWithNames).
  const [header, ...lines] = csvText().trim().split('\n');
  const quoted = lines.map((l) => l.replace(/,([^,]*[a-z'][^,]*),/, (_, city: string) => `,"${city}",`));
  for (let s = 0; s < 2; s++) {
    const part = quoted.filter((_, i) => i % 2 === s);
    await exec(cluster.urls[s], 'INSERT INTO cars_local FORMAT CSVWithNames', `${header}\n${part.join('\n')}\n`);
  }
  // The same rows with missing values (Nullable column; \\N is NULL in CSV).
  const nullable = columns.replace('a Float64', 'a Nullable(Float64)');
  for (const url of cluster.urls) await exec(url, `CREATE TABLE gaps_local (${nullable}) ENGINE = MergeTree() ORDER BY tuple()`);
  await exec(cluster.urls[0], 'CREATE TABLE gaps AS gaps_local ENGINE = Distributed(lassokit, default, gaps_local, rand())');
  const gapLines = csvText(true).trim().split('\n').slice(1).map((l) => l.replace(/^([^,]*),,/, '$1,\\N,').replace(/,([^,]*[a-z'][^,]*),/, (_, city: string) => `,"${city}",`));
  for (let s = 0; s < 2; s++) await exec(cluster.urls[s], 'INSERT INTO gaps_local FORMAT CSVWithNames', `${header}\n${gapLines.filter((_, i) => i % 2 === s).join('\n')}\n`);
  // A wide table: 130 features, split into Gram blocks.
  const [wideHeader, ...wideLines] = wideCsv(300, 130).trim().split('\n');
  const wideColumns = wideHeader.split(',').map((c) => `${c} ${c === 'fold' ? 'Int32' : 'Float64'}`).join(', ');
  for (const url of cluster.urls) await exec(url, `CREATE TABLE wide_local (${wideColumns}) ENGINE = MergeTree() ORDER BY tuple()`);
  await exec(cluster.urls[0], 'CREATE TABLE wide AS wide_local ENGINE = Distributed(lassokit, default, wide_local, rand())');
  for (let s = 0; s < 2; s++) await exec(cluster.urls[s], 'INSERT INTO wide_local FORMAT CSVWithNames', `${wideHeader}\n${wideLines.filter((_, i) => i % 2 === s).join('\n')}\n`);
  // The rows with sample weights (a column w).
  for (const url of cluster.urls) await exec(url, `CREATE TABLE weighted_local (${columns}, w Float64) ENGINE = MergeTree() ORDER BY tuple()`);
  await exec(cluster.urls[0], 'CREATE TABLE weighted AS weighted_local ENGINE = Distributed(lassokit, default, weighted_local, rand())');
  const [weightedHeader, ...weightedLines] = weightedCsvText().trim().split('\n');
  const weightedQuoted = weightedLines.map((l) => l.replace(/,([^,]*[a-z'][^,]*),/, (_, city: string) => `,"${city}",`));
  for (let s = 0; s < 2; s++) await exec(cluster.urls[s], 'INSERT INTO weighted_local FORMAT CSVWithNames', `${weightedHeader}\n${weightedQuoted.filter((_, i) => i % 2 === s).join('\n')}\n`);
  runner = clickhouseRunner({ url: cluster.urls[0] });
});

afterAll(async () => {
  await runner?.close();
  await cluster?.stop();
});

describe('statistics from a two-shard ClickHouse cluster equal the in-memory ones', () => {
  it('each shard holds half the rows; the Distributed table all of them', async () => {
    const local = await clickhouseRunner({ url: cluster.urls[1] }).query('SELECT count() AS n FROM cars_local');
    expect(Number(local[0].n)).toBe(200);
    expect(Number((await runner.query('SELECT count() AS n FROM cars'))[0].n)).toBe(400);
  });

  it('the fitted recipe, the statistics, the CV curve and alphaMin', async () => {
    const { design, foldIds } = inMemory(csvText());
    const fromCluster = await statsFromSource(runner, runner.dialect.ident('cars'), spec);
    expect(fromCluster.recipe).toEqual(design.recipe);
    expectSameCv(fromCluster.stats, design, foldIds);
  });

  it.each(['query', 'blocks'] as const)('%s: a String column of numbers (zip codes with leading zeros) and a yes/no column have the levels they have in memory', async (strategy) => {
    const zips = ['02134', '02139', '10001', '07030'];
    const lines = Array.from({ length: 48 }, (_, i) => `${(i * 7) % 13 + (i % 4 === 0 ? 9 : 0)},${(i * 5) % 11},${zips[i % 4]},${i % 3 === 0 ? 'yes' : 'no'},${i % 4}`);
    const name = `zips_${strategy}`;
    await exec(cluster.urls[0], `CREATE TABLE ${name} (y Float64, x Float64, zip String, smoker String, fold Int32) ENGINE = MergeTree() ORDER BY tuple()`);
    await exec(cluster.urls[0], `INSERT INTO ${name} FORMAT CSVWithNames`, `y,x,zip,smoker,fold\n${lines.join('\n')}\n`);
    const table = parseTable(`y,x,zip,smoker\n${lines.map((l) => l.split(',').slice(0, 4).join(',')).join('\n')}\n`, { source: 'source' });
    const zipSpec = { target: 'y', features: ['x', 'zip', 'smoker'], categorical: ['zip', 'smoker'] };
    const design = buildDesign(table, zipSpec);
    expect(design.featureNames).toEqual(['x', 'zip_2134', 'zip_2139', 'zip_7030', 'zip_10001', 'smoker_yes']);
    const fromClickhouse = await statsFromSource(runner, runner.dialect.ident(name), { ...zipSpec, fold: { column: 'fold' }, strategy });
    expect(fromClickhouse.recipe).toEqual(design.recipe);
    expectSameStats(fromClickhouse.stats, design, lines.map((l) => Number(l.split(',')[4])));
  });

  it.each(['query', 'blocks'] as const)('%s: a String column of words and numbers written otherwise (010 beside 10, 4.0 beside 4, " M") has the levels it has in memory', async (strategy) => {
    const sizes = ['S', ' M', '010', '10', '4.0', '4', 'XL'];
    const lines = Array.from({ length: 56 }, (_, i) => `${(i * 7) % 13 + (i % 7 === 2 ? 9 : 0)},${(i * 5) % 11},"${sizes[(i * 3) % 7]}",${i % 4}`);
    const name = `sizes_${strategy}`;
    await exec(cluster.urls[0], `CREATE TABLE ${name} (y Float64, x Float64, size String, fold Int32) ENGINE = MergeTree() ORDER BY tuple()`);
    await exec(cluster.urls[0], `INSERT INTO ${name} VALUES ${lines.map((l) => `(${l.replaceAll('"', "'")})`).join(', ')}`);
    const table = parseTable(`y,x,size\n${lines.map((l) => l.split(',').slice(0, 3).join(',')).join('\n')}\n`, { source: 'source' });
    const sizeSpec = { target: 'y', features: ['x', 'size'], categorical: ['size'] };
    const design = buildDesign(table, sizeSpec);
    expect(design.featureNames).toEqual(['x', 'size_10', 'size_4', 'size_M', 'size_S', 'size_XL']);
    const fromClickhouse = await statsFromSource(runner, runner.dialect.ident(name), { ...sizeSpec, fold: { column: 'fold' }, strategy });
    expect(fromClickhouse.recipe).toEqual(design.recipe);
    expectSameStats(fromClickhouse.stats, design, lines.map((l) => Number(l.split(',')[3])));
  });

  it('sample weights: the weighted statistics, CV curve and alphaMin of the in-memory fit', async () => {
    const text = weightedCsvText();
    const { design, foldIds } = inMemory(text);
    const fromCluster = await statsFromSource(runner, runner.dialect.ident('weighted'), { ...spec, weights: 'w' });
    expect(fromCluster.sql).toContain('sum(lassokit_w * lassokit_x0 * lassokit_x1)');
    expectSameCv(fromCluster.stats, design, foldIds, weightsOf(text, design.lines));
  });

  it('a numeric column named as an id, one distinct whole number per row, gets the in-memory warning (counted by the server)', async () => {
    // Ids 1 … 400 spread over both shards (each server numbers only its own rows: not an id).
    for (const url of cluster.urls) await exec(url, 'CREATE TABLE ids_local (y Float64, a Float64, row_id Int64, cyl_id Int32) ENGINE = MergeTree() ORDER BY tuple()');
    await exec(cluster.urls[0], 'CREATE TABLE ids AS ids_local ENGINE = Distributed(lassokit, default, ids_local, rand())');
    const rows = Array.from({ length: 400 }, (_, i) => `${(i * 7) % 13},${i % 5},${i + 1},${4 + 2 * (i % 3)}`);
    for (let s = 0; s < 2; s++) await exec(cluster.urls[s], 'INSERT INTO ids_local FORMAT CSV', `${rows.filter((_, i) => i % 2 === s).join('\n')}\n`);
    const { report } = await statsFromSource(runner, runner.dialect.ident('ids'), { target: 'y' });
    // row_id: 400 distinct whole numbers; cyl_id repeats its values (no warning).
    expect(report.warnings).toEqual([idColumnWarning('row_id', 400)]);
  });

  it('trains a model file with hash folds computed on the shards', async () => {
    const { model } = await trainFromSource(runner, runner.dialect.ident('cars'), { ...spec, fold: { hash: 5 } }, { source: 'clickhouse cars' });
    expect(model.featureNames).toEqual(inMemory(csvText()).design.featureNames);
    expect(model.training).toMatchObject({ nSamples: 400, cv: { nFolds: 5 } });
  });

  it.each(['query', 'blocks'] as const)('%s: split intervals — the rows held back, the refit on the rest and its residuals agree with the same split in memory', async (strategy) => {
    const { cal } = await expectSameSplit(runner, runner.dialect.ident('cars'), { ...spec, strategy }, runner.dialect.ident('fold'));
    expect(cal.rows + cal.stats.n).toBe(400);
  });

  it("columns named as the queries' own values (y, x1 before x0, h, r, kept, w beside a target mpg) are summed as themselves", async () => {
    // ClickHouse reads a name as an alias of the same SELECT before the column: a feature y beside
    // the target's alias y had been summed as the target (its mean 0, not 4.8), silently.
    const rand = createRng(8);
    const header = 'mpg,y,x1,x0,h,r,kept,w,fold';
    const lines = Array.from({ length: 120 }, (_, i) => {
      const v = [rand(), 10 * rand(), rand() + 5, rand(), 3 * rand(), i % 2];
      return [2 * v[0] - v[1] + v[2] + 0.1 * rand(), ...v, 0.5 + rand(), i % 4].join(',');
    });
    const text = `${header}\n${lines.join('\n')}\n`;
    await exec(cluster.urls[0], 'CREATE TABLE named (mpg Float64, y Float64, x1 Float64, x0 Float64, h Float64, r Float64, kept Float64, w Float64, fold Int32) ENGINE = MergeTree() ORDER BY tuple()');
    await exec(cluster.urls[0], 'INSERT INTO named FORMAT CSVWithNames', text);
    const named = { target: 'mpg', features: ['y', 'x1', 'x0', 'h', 'r', 'kept'], weights: 'w', fold: { column: 'fold' } };
    const design = buildDesign(parseTable(text, { source: 'source' }), { target: 'mpg', features: named.features });
    const column = (k: number) => lines.map((l) => Number(l.split(',')[k]));
    for (const strategy of ['query', 'blocks'] as const) expectSameStats((await statsFromSource(runner, 'named', { ...named, strategy })).stats, design, column(8), Float64Array.from(column(7)));
    // The held-back rows' residuals, where the residual and hash have names of their own too.
    const { model, source } = await trainFromSource(runner, 'named', named, { intervals: 'split' });
    const [proper] = model.intervals?.models ?? [];
    expectClose(proper.residuals, residualsOf(proper, (await calibrationSides(runner, source.calibration as NonNullable<typeof source.calibration>, model)).held), { rtol: 1e-9, atol: 1e-9 });
    // The queries' own names are reserved.
    await exec(cluster.urls[0], 'CREATE TABLE reserved (y Float64, lassokit_y Float64) ENGINE = Memory');
    await expect(statsFromSource(runner, 'reserved', { target: 'y' })).rejects.toThrow(/column "lassokit_y": column names starting with "lassokit_" are the names lassokit's queries give their own values, which ClickHouse would read in place of the column: rename it in a query/);
  });

  it('a column named v dropping rows: the levels and fold labels come from the rows kept (the distinct queries name their value otherwise)', async () => {
    // Rows whose v is missing (dropped) alone hold city "ghost" and fold 9.
    const lines = Array.from({ length: 60 }, (_, i) => (i % 10 === 0 ? `${i},\\N,ghost,9` : `${i % 7},${i / 3},${['oslo', 'rome'][i % 2]},${i % 3}`));
    await exec(cluster.urls[0], 'CREATE TABLE vees (mpg Float64, v Nullable(Float64), city String, fold Int32) ENGINE = MergeTree() ORDER BY tuple()');
    await exec(cluster.urls[0], 'INSERT INTO vees FORMAT CSVWithNames', `mpg,v,city,fold\n${lines.join('\n')}\n`);
    const spec = { target: 'mpg', features: ['v', 'city'], categorical: ['city'], missing: 'drop', fold: { column: 'fold' } } as const;
    const { featureNames, stats } = await statsFromSource(runner, 'vees', spec);
    expect(featureNames).toEqual(['v', 'city_rome']);
    expect('folds' in stats && stats.folds.length).toBe(3);
  });

  it("columns named as the profile's, quantiles' and counts' own aggregates (pn, pk, pa0, lo1, q0, n …), with gaps imputed, clipped or dropped: the in-memory recipe and statistics", async () => {
    // These had stopped the fit with ClickHouse's "Aggregate function count() is found inside
    // another aggregate function" or "Cyclic aliases".
    const names = ['pn', 'pk', 'pa0', 'lo1', 'hi1', 'sm1', 'q0', 'n', 'nan0', 'c', 'u', 'f', 'pf'];
    // Every fourth row has no gap (kept by 'drop').
    const rows = Array.from({ length: 60 }, (_, i) => [String((i % 7) + 0.5), ...names.map((_, j) => (i % 4 !== 0 && i % 5 === j % 5 && j > 0 ? '' : String(((i * (j + 3)) % 11) + 0.25))), String(i % 3)]);
    await exec(cluster.urls[0], `CREATE TABLE odd (mpg Float64, ${names.map((c) => `${c} Nullable(Float64)`).join(', ')}, fold Int32) ENGINE = MergeTree() ORDER BY tuple()`);
    await exec(cluster.urls[0], 'INSERT INTO odd FORMAT CSVWithNames', `mpg,${names.join(',')},fold\n${rows.map((r) => r.map((v) => (v === '' ? '\\N' : v)).join(',')).join('\n')}\n`);
    const text = `mpg,${names.join(',')},fold\n${rows.map((r) => r.join(',')).join('\n')}\n`;
    for (const missing of ['mean', 'median', 'drop'] as const) {
      const steps = { target: 'mpg', features: names, missing, clip: { q0: [0.1, 0.9] as const, n: [0.05, 0.95] as const } };
      const fromClickhouse = await statsFromSource(runner, 'odd', { ...steps, fold: { column: 'fold' } });
      const design = buildDesign(parseTable(text, { source: 'source' }), steps);
      expect(fromClickhouse.recipe).toEqual(design.recipe);
      expectSameStats(fromClickhouse.stats, design, design.lines.map((line) => (line - 2) % 3));
    }
    // No row left to fit a clip from: memory's words (it was the engine's "Quantile level is out of range").
    await expect(statsFromSource(runner, '(SELECT * FROM odd WHERE pn IS NULL OR pk IS NULL) AS t', { target: 'mpg', missing: 'drop', clip: { q0: [0.1, 0.9] } })).rejects.toThrow(/^source: no rows left after dropping rows with missing values$/);
  });

  it('an unreachable server is a clear error naming the URL', async () => {
    const gone = clickhouseRunner({ url: 'http://127.0.0.1:1', timeoutMs: 5000 });
    const e = await gone.query('SELECT 1').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(LassoKitError);
    expect((e as Error).message).toMatch(/^ClickHouse at http:\/\/127\.0\.0\.1:1: unreachable/);
    expect((e as LassoKitError).details).toMatchObject({ unreachable: true });
    await gone.close();
  });

  it('reports the rows a running query has read (system.processes), and nothing after it ends', async () => {
    const seen: { percentage: number; rowsRead: number; totalRows: number }[] = [];
    const watched = clickhouseRunner({ url: cluster.urls[0], onProgress: (p) => seen.push(p), progressMs: 100 });
    const [{ s }] = await watched.query('SELECT toString(sum(number)) AS s FROM numbers(600000000)');
    expect(s).toBe('179999999700000000');
    const count = seen.length;
    expect(count).toBeGreaterThan(0);
    expect(seen.some((p) => p.rowsRead > 0 && p.rowsRead <= 6e8)).toBe(true);
    // numbers() gives no estimate of its total: the percentage is unknown (−1), never made up.
    expect(seen.every((p) => p.percentage === -1)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.length).toBe(count);
    await watched.close();
  });

  it('on a Distributed table the progress adds up both shards (rows read of their estimated total)', async () => {
    for (const url of cluster.urls) await exec(url, 'CREATE TABLE big_local ENGINE = MergeTree ORDER BY tuple() AS SELECT toFloat64(number) * 1.5 AS x FROM numbers(30000000)');
    await exec(cluster.urls[0], 'CREATE TABLE big AS big_local ENGINE = Distributed(lassokit, default, big_local, rand())');
    const seen: { percentage: number; rowsRead: number; totalRows: number }[] = [];
    const watched = clickhouseRunner({ url: cluster.urls[0], onProgress: (p) => seen.push(p), progressMs: 50 });
    const [{ n }] = await watched.query('SELECT count() AS n, sum(sqrt(x) * log(x + 1) * exp(-x / 1e9)) AS s FROM big');
    expect(Number(n)).toBe(60_000_000);
    expect(seen.length).toBeGreaterThan(0);
    // The initiator's estimate grows from its own shard's 30M rows to both shards' (approximate:
    // whole granules) as the remote shard reports, and the rows read pass one shard's count.
    const totals = seen.map((p) => p.totalRows);
    expect(Math.abs(Math.max(...totals) - 60_000_000)).toBeLessThan(0.01 * 60_000_000);
    expect(Math.max(...seen.map((p) => p.rowsRead))).toBeGreaterThan(30_000_000);
    for (const p of seen.filter((q) => q.totalRows > 0)) expect(p.percentage).toBeCloseTo((100 * p.rowsRead) / p.totalRows, 6);
    await watched.close();
  });

  it('a query past its time limit is stopped by the server on every shard, and is a TIMEOUT error', async () => {
    // Rows without end (a view of system.numbers on each shard, in 65,536-row blocks: the server
    // checks its time limit at each, where 65M-row ARRAY JOIN blocks made it late under load).
    for (const url of cluster.urls) await exec(url, 'CREATE VIEW endless_local AS SELECT toFloat64(number) AS x FROM system.numbers LIMIT 100000000000');
    await exec(cluster.urls[0], 'CREATE TABLE endless AS endless_local ENGINE = Distributed(lassokit, default, endless_local, rand())');
    const limited = clickhouseRunner({ url: cluster.urls[0], timeoutMs: 1500 });
    const started = Date.now();
    // 10¹¹ rows per shard to sum: far past the limit (whole seconds on the server: 1.5 s → 2 s).
    const e = await limited.query('SELECT sum(sqrt(x)) AS s FROM endless').catch((err: unknown) => err);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((e as LassoKitError).code).toBe('TIMEOUT');
    expect((e as Error).message).toBe(`ClickHouse at ${cluster.urls[0]}: the query ran past its 1500 ms limit and was cancelled`);
    await limited.close();
    // Nothing of it keeps running on either shard (before, the server went on after the client gave up).
    await new Promise((r) => setTimeout(r, 300));
    for (const url of cluster.urls) {
      const watch = clickhouseRunner({ url });
      expect(await watch.query("SELECT query FROM system.processes WHERE query LIKE '%endless%' AND query NOT LIKE '%system.processes%'")).toEqual([]);
      await watch.close();
    }
  });

  it("the engine's own errors are ENGINE_ERROR with its message", async () => {
    const e = await runner.query('SELECT * FROM no_such_table').catch((err: unknown) => err);
    expect((e as LassoKitError).code).toBe('ENGINE_ERROR');
    expect((e as Error).message).toMatch(/no_such_table/);
  });

  it('an infinite value (inf is a Float64), NaN, or one whose square overflows is refused by column, from either shard', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => [i % 7, (i * 3) % 11, i % 5]);
    const table = async (name: string, cell: string, j: number) => {
      for (const url of cluster.urls) await exec(url, `CREATE TABLE ${name}_local (y Float64, a Float64, b Float64) ENGINE = MergeTree() ORDER BY tuple()`);
      await exec(cluster.urls[0], `CREATE TABLE ${name} AS ${name}_local ENGINE = Distributed(lassokit, default, ${name}_local, rand())`);
      // Half the rows on each shard; the odd cell (row 41) on the second.
      for (let s = 0; s < 2; s++) {
        const lines = rows.map((r, i) => r.map((v, c) => (i === 41 && c === j ? cell : String(v))).join(',')).filter((_, i) => i % 2 === s);
        await exec(cluster.urls[s], `INSERT INTO ${name}_local FORMAT CSVWithNames`, `y,a,b\n${lines.join('\n')}\n`);
      }
      return runner.dialect.ident(name);
    };
    await expectUnusable(runner, await table('inf_y', 'inf', 0), {}, new RegExp(`^source: column "y": ${INFINITE.source}`));
    const infA = await table('inf_a', '-inf', 1);
    await expectUnusable(runner, infA, { fold: { hash: 3 } }, new RegExp(`^source: column "a": ${INFINITE.source}`));
    await expectUnusable(runner, infA, { missing: 'mean' }, /column "a": holds an infinite value/);
    await expectUnusable(runner, await table('big_b', '1e200', 2), {}, overflowsIn('b'));
    // NaN compares false with every number here: named as what it is, under every strategy.
    const nanB = await table('nan_b', 'nan', 2);
    for (const extra of [{}, { strategy: 'stream' as const }, { missing: 'mean' as const }]) await expectUnusable(runner, nanB, extra, /^source: column "b": holds NaN \(a value that is not a number\), not a usable number$/);
  });

  it('a String column that is not a number shows one of its cells (so the fix reads as for a file)', async () => {
    const text = await statsFromSource(runner, runner.dialect.ident('cars'), { target: 'y', features: ['city'] }).catch((err: unknown) => err);
    expect((text as Error).message).toMatch(/column "city": is String in the engine's type inference, not a number, such as "(paris|oslo|l'aquila|rome)"/);
    expect((text as DataError).location.value).toMatch(/^(paris|oslo|l'aquila|rome)$/);
  });
});

describe('on the cluster: imputation, logs, exact clips and wide designs', () => {
  const steps = { log: ['d'], clip: { c: [0.05, 0.95] as const } };

  it.each(['mean', 'median'] as const)('%s imputation, log and a clip: exact quantiles from order statistics equal buildDesign', async (missing) => {
    const { design, foldIds } = inMemory(csvText(true), missing, steps);
    const fromCluster = await statsFromSource(runner, runner.dialect.ident('gaps'), { ...spec, ...steps, missing });
    const round = (r: unknown) => JSON.parse(JSON.stringify(r), (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v));
    expect(round(fromCluster.recipe)).toEqual(round(design.recipe));
    expect(fromCluster.report.imputed).toEqual([{ column: 'a', count: 11, value: expect.closeTo(design.report.imputed[0].value, 8) }]);
    expectSameStats(fromCluster.stats, design, foldIds);
  });

  it('hash folds and held-back rows include the rows with imputed gaps (cityHash64 of a NULL is NULL)', async () => {
    // They had been a fold of their own (every imputed row, none of the others) and never held back.
    const { stats, calibration } = await statsFromSource(runner, runner.dialect.ident('gaps'), { ...spec, missing: 'mean', fold: { hash: 5 }, calibrate: true });
    expect('folds' in stats && stats.folds.map((f) => f.n).reduce((a, b) => a + b)).toBe(400);
    expect('folds' in stats && stats.folds.length).toBe(5);
    const hash = calibration?.design.hash as string;
    const [counts] = await runner.query(`SELECT countIf(isNull(${hash})) AS unhashed, countIf(isNull(a) AND ${hash} % 4 = 0) AS held FROM gaps`);
    expect(Number(counts.unhashed)).toBe(0);
    expect(Number(counts.held)).toBeGreaterThan(0);
  });

  it('approximate quantiles (sampled) are near the exact ones', async () => {
    const approx = await statsFromSource(runner, runner.dialect.ident('cars'), { ...spec, clip: { c: [0.05, 0.95] }, quantiles: 'approximate' });
    const exact = inMemory(csvText(), 'error', { clip: { c: [0.05, 0.95] } }).design.recipe;
    const bounds = (steps: typeof exact.steps) => steps.flatMap((st) => (st.op === 'clip' ? [st.bounds as readonly [number, number]] : []))[0];
    // 400 values fit the 8,192-value sample: here the approximation is the exact order statistic nearest the quantile.
    bounds(approx.recipe.steps).forEach((b, t) => expect(Math.abs(b - bounds(exact.steps)[t])).toBeLessThan(1.5));
  });

  it('a wide design (130 features) in 10 block queries equals the in-memory statistics', async () => {
    const table = inMemoryWide(wideCsv(300, 130));
    const fromCluster = await statsFromSource(runner, runner.dialect.ident('wide'), { target: 'y', features: table.features, fold: { column: 'fold' } });
    expect(fromCluster.strategy).toBe('blocks');
    expect(fromCluster.sql.split(';\n\n')).toHaveLength(10);
    expectSameStats(fromCluster.stats, table.design, table.foldIds);
  });
});
