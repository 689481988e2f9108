import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LassoKitError, elasticNetCV, elasticNetCVFromStats, sufficientStats, type FoldedStats } from '@lassokit/core';
import { expectClose } from '@lassokit/testing';
import { clickhouseRunner, statsFromSource, trainFromSource, type Runner } from '../src/index.js';
import { exec, startCluster, type Cluster } from './clickhouseCluster.js';
import { csvText, inMemory, spec } from './testData.js';

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
  runner = clickhouseRunner({ url: cluster.urls[0] });
}, 60_000);

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
    const direct = sufficientStats(design.X, design.y, { foldIds });
    const scale = Math.max(...direct.xtx.map(Math.abs));
    expectClose(fromCluster.stats.xtx, direct.xtx, { atol: 1e-12 * scale });
    const opts = { l1Ratios: [1], tol: 1e-12, maxIter: 100_000, nAlphas: 40 };
    const rows = elasticNetCV(design.X, design.y, { ...opts, foldIds });
    const cluster = elasticNetCVFromStats(fromCluster.stats as FoldedStats, opts);
    expectClose(cluster.alphas, rows.alphas, { rtol: 1e-12 });
    expectClose(cluster.cvMean, rows.cvMean, { rtol: 1e-7 });
    expect([cluster.indexMin, cluster.index1se]).toEqual([rows.indexMin, rows.index1se]);
  });

  it('trains a model file with hash folds computed on the shards', async () => {
    const { model } = await trainFromSource(runner, runner.dialect.ident('cars'), { ...spec, fold: { hash: 5 } }, { source: 'clickhouse cars' });
    expect(model.featureNames).toEqual(inMemory(csvText()).design.featureNames);
    expect(model.training).toMatchObject({ nSamples: 400, cv: { nFolds: 5 } });
  });

  it('an unreachable server is a clear error naming the URL', async () => {
    const gone = clickhouseRunner({ url: 'http://127.0.0.1:1', timeoutMs: 5000 });
    const e = await gone.query('SELECT 1').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(LassoKitError);
    expect((e as Error).message).toMatch(/^ClickHouse at http:\/\/127\.0\.0\.1:1: unreachable/);
    await gone.close();
  });

  it("the engine's own errors are ENGINE_ERROR with its message", async () => {
    const e = await runner.query('SELECT * FROM no_such_table').catch((err: unknown) => err);
    expect((e as LassoKitError).code).toBe('ENGINE_ERROR');
    expect((e as Error).message).toMatch(/no_such_table/);
  });
});
