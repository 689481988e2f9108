import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '@lassokit/testing';
import { AUTO_MPG_DATA, parseUci } from '@lassokit/data';
import { duckdbRunner, fileSource } from '@lassokit/sql';
import { exec, startCluster, type Cluster } from '@lassokit/testing/clickhouse';
import { sql, startPostgres, type PostgresServers } from '@lassokit/testing/postgres';
import { harness, post, type Harness } from '../../../test/harness.js';

// POST /v1/models with `source`: server-side files under LASSOKIT_DATA_DIR (DuckDB) and tables on
// LASSOKIT_CLICKHOUSE_URL (a two-shard cluster started here) and LASSOKIT_POSTGRES_URL (a server
// started here), through the real worker pool.
const dataDir = tempDir('lassokit-api-data-');
const outside = tempDir('lassokit-api-outside-');
const table = parseUci(AUTO_MPG_DATA);
const csv = [table.columns.join(','), ...table.rows.map((r) => r.map((v) => (v === null ? '' : typeof v === 'string' && /[, "]/.test(v) ? `"${v}"` : v)).join(','))].join('\n') + '\n';
/** The same rows as a European spreadsheet writes them: 18,0;8;307,0;… */
const euCsv = csv.replaceAll(',', ';').replaceAll('.', ',');
const SPEC = { target: 'mpg', features: ['cylinders', 'displacement', 'horsepower', 'weight', 'acceleration', 'model_year'], categorical: ['cylinders'], missing: 'drop' as const };

let h: Harness;
let bare: Harness;
let cluster: Cluster;
let postgres: PostgresServers;

beforeAll(async () => {
  writeFileSync(join(dataDir, 'auto.csv'), csv);
  writeFileSync(join(dataDir, 'eu.csv'), euCsv);
  mkdirSync(join(dataDir, 'parts'));
  const lines = csv.trim().split('\n');
  writeFileSync(join(dataDir, 'parts', 'auto-1.csv'), `${lines.slice(0, 200).join('\n')}\n`);
  writeFileSync(join(dataDir, 'parts', 'auto-2.csv'), `${[lines[0], ...lines.slice(200)].join('\n')}\n`);
  // Row 101 cut short after three fields (the truncated copy of a file being written).
  writeFileSync(join(dataDir, 'short.csv'), `${[...lines.slice(0, 101), '18,8,307', ...lines.slice(101)].join('\n')}\n`);
  const hp = lines[0].split(',').indexOf('horsepower');
  writeFileSync(join(dataDir, 'marked.csv'), `${lines.map((l, i) => (i === 0 ? l : l.split(',').map((c, j) => (j === hp && c === '' ? '?' : c)).join(','))).join('\n')}\n`);
  writeFileSync(join(outside, 'secret.csv'), csv);
  symlinkSync(join(outside, 'secret.csv'), join(dataDir, 'link.csv'));
  const duck = await duckdbRunner();
  await duck.query(`COPY (SELECT * FROM ${fileSource(join(dataDir, 'auto.csv'))}) TO '${join(dataDir, 'auto.parquet')}' (FORMAT PARQUET)`);
  await duck.close();

  cluster = await startCluster();
  const columns = 'mpg Float64, cylinders Int32, displacement Float64, horsepower Nullable(Float64), weight Float64, acceleration Float64, model_year Int32, origin Int32, car_name String';
  for (const url of cluster.urls) await exec(url, `CREATE TABLE cars_local (${columns}) ENGINE = MergeTree() ORDER BY tuple()`);
  await exec(cluster.urls[0], 'CREATE TABLE cars AS cars_local ENGINE = Distributed(lassokit, default, cars_local, rand())');
  const rows = lines.slice(1).map((l) => l.replace(/,,/, ',\\N,'));
  for (let s = 0; s < 2; s++) await exec(cluster.urls[s], 'INSERT INTO cars_local FORMAT CSVWithNames', `${lines[0]}\n${rows.filter((_, i) => i % 2 === s).join('\n')}\n`);

  postgres = await startPostgres(1);
  const literal = (v: string, j: number) => (v === '' ? 'NULL' : j === 8 ? `'${v.replace(/^"|"$/g, '').replace(/'/g, "''")}'` : v);
  const values = lines.slice(1).map((l) => {
    const fields = l.split(',');
    return `(${[...fields.slice(0, 8), fields.slice(8).join(',')].map(literal).join(', ')})`;
  });
  await sql(
    postgres.urls[0],
    `CREATE TABLE cars (mpg double precision, cylinders integer, displacement double precision, horsepower double precision, weight double precision, acceleration double precision, model_year integer, origin integer, car_name text);
     INSERT INTO cars VALUES ${values.join(',\n')};`,
  );

  h = await harness({ LASSOKIT_DATA_DIR: dataDir, LASSOKIT_CLICKHOUSE_URL: cluster.urls[0], LASSOKIT_POSTGRES_URL: postgres.urls[0] }, {}, false);
  bare = await harness({}, {}, false);
}, 90_000);

afterAll(async () => {
  await h?.close();
  await bare?.close();
  await cluster?.stop();
  await postgres?.stop();
});

async function fit(app: Harness['app'], body: unknown) {
  const res = await app.request(...post('/v1/models', body));
  return { status: res.status, body: await res.json() };
}

describe('POST /v1/models from a server-side source', () => {
  it('a Parquet file in the data directory gives the model of the same rows posted as CSV', async () => {
    const fromFile = await fit(h.app, { ...SPEC, source: { path: 'auto.parquet' }, alpha: 0.05 });
    const posted = await fit(h.app, { ...SPEC, data: { csv }, alpha: 0.05 });
    expect(fromFile.status, JSON.stringify(fromFile.body)).toBe(201);
    expect(fromFile.body.featureNames).toEqual(posted.body.featureNames);
    fromFile.body.coef.forEach((b: number, j: number) => expect(Math.abs(b - posted.body.coef[j])).toBeLessThan(1e-6 * (1 + Math.abs(posted.body.coef[j]))));
    expect(fromFile.body.training).toMatchObject({ source: 'data dir: auto.parquet', nSamples: 392 });
    const predicted = await h.app.request(...post(`/v1/models/${fromFile.body.id}/predict`, { rows: [{ cylinders: 4, displacement: 120, horsepower: 90, weight: 2500, acceleration: 16, model_year: 78 }] }));
    expect(predicted.status).toBe(200);
  });

  it('weights: a weighted fit from the Parquet file equals the weighted fit of the same rows posted as CSV', async () => {
    const fromFile = await fit(h.app, { ...SPEC, source: { path: 'auto.parquet' }, weights: 'origin', alpha: 0.05 });
    const posted = await fit(h.app, { ...SPEC, data: { csv }, weights: 'origin', alpha: 0.05 });
    expect(fromFile.status, JSON.stringify(fromFile.body)).toBe(201);
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    expect(fromFile.body.training.weighted).toBe(true);
    expect(posted.body.training.weighted).toBe(true);
    fromFile.body.coef.forEach((b: number, j: number) => expect(Math.abs(b - posted.body.coef[j])).toBeLessThan(1e-6 * (1 + Math.abs(posted.body.coef[j]))));
  });

  it.each([
    ['a Parquet file', { path: 'auto.parquet' }],
    ['a ClickHouse table', { table: 'cars' }],
  ])("intervals 'split' from %s: rows held back where the data are; predict gives ŷ ± the calibration quantile", async (_name, source) => {
    const r = await fit(h.app, { ...SPEC, source, intervals: 'split' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const residuals: number[] = r.body.intervals.models[0].residuals;
    expect(r.body.intervals.method).toBe('split');
    expect(r.body.training.calibration).toEqual({ heldBack: residuals.length, scored: residuals.length });
    expect(residuals.length).toBeGreaterThan(70);
    expect(residuals.length).toBeLessThan(130);
    const res = await h.app.request(...post(`/v1/models/${r.body.id}/predict`, { rows: [{ cylinders: 4, displacement: 120, horsepower: 90, weight: 2500, acceleration: 16, model_year: 78 }], interval: 0.9 }));
    expect(res.status).toBe(200);
    const { lower, upper } = await res.json();
    const q = residuals[Math.ceil(0.9 * (residuals.length + 1)) - 1];
    expect(Math.abs(upper[0] - lower[0] - 2 * q)).toBeLessThan(1e-9 * (1 + q));
  });

  it('a glob in the file name reads every part; cross-validated by hash folds', async () => {
    const r = await fit(h.app, { ...SPEC, source: { path: 'parts/auto-*.csv' }, cv: { folds: 5 } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.training).toMatchObject({ nSamples: 392, cv: { nFolds: 5 } });
  });

  it('a ClickHouse table (Distributed over two shards)', async () => {
    const r = await fit(h.app, { ...SPEC, source: { table: 'cars' }, alpha: 0.05 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.training).toMatchObject({ source: 'clickhouse: cars', nSamples: 392 });
  });

  it('a PostgreSQL table (engine: postgres) gives the model of the same rows posted as CSV', async () => {
    const r = await fit(h.app, { ...SPEC, source: { table: 'cars', engine: 'postgres' }, alpha: 0.05 });
    const posted = await fit(h.app, { ...SPEC, data: { csv }, alpha: 0.05 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.training).toMatchObject({ source: 'postgres: cars', nSamples: 392 });
    r.body.coef.forEach((b: number, j: number) => expect(Math.abs(b - posted.body.coef[j])).toBeLessThan(1e-6 * (1 + Math.abs(posted.body.coef[j]))));
  });

  it.each([
    ['/etc/passwd.csv', /must be relative to the data directory/],
    ['../outside/secret.csv', /must not contain "\.\." segments/],
    ['parts/../../secret.csv', /must not contain "\.\." segments/],
    ['http://example.com/a.csv', /may use only letters/],
    ["auto.csv') UNION SELECT 1 --", /may use only letters/],
    ['link.csv', /leads out of the data directory/],
    ['li*.csv', /leads out of the data directory \(DuckDB: Permission Error/],
    ['*/auto-1.csv', /wildcards \(\* \?\) may appear only in the file name/],
    ['auto.txt', /must name \.csv, \.tsv or \.parquet files/],
  ])('source.path %j is refused with 400, saying why', async (path, message) => {
    const r = await fit(h.app, { ...SPEC, source: { path }, alpha: 0.1 });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_SOURCE');
    expect(r.body.error.message).toMatch(message);
  });

  it('exclude leaves the named columns out of the default features, in a file and in a table, as in posted data', async () => {
    const spec = { target: 'mpg', exclude: ['car_name', 'origin'], categorical: ['cylinders'], missing: 'drop' as const, alpha: 0.05 };
    const [file, clickhouse, posted] = await Promise.all([
      fit(h.app, { ...spec, source: { path: 'auto.csv' } }),
      fit(h.app, { ...spec, source: { table: 'cars' } }),
      fit(h.app, { ...spec, data: { csv } }),
    ]);
    for (const r of [file, clickhouse, posted]) expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(posted.body.featureNames).not.toContain('origin');
    for (const r of [file, clickhouse]) {
      expect(r.body.featureNames).toEqual(posted.body.featureNames);
      r.body.coef.forEach((c: number, k: number) => expect(c).toBeCloseTo(posted.body.coef[k], 8));
    }
  });

  it("the engine's data errors name the request field that fixes them", async () => {
    const text = await h.app.request(...post('/v1/models', { source: { path: 'auto.csv' }, target: 'mpg', alpha: 0.1 }));
    expect(text.status).toBe(422);
    expect((await text.json()).error.message).toBe('source: column "car_name": is VARCHAR in the engine\'s type inference, not a number, such as "chevrolet chevelle malibu" (cast it in the source if it holds numbers); if "car_name" is text (a category, a name), list it in "categorical" or leave it out with "exclude": ["car_name"]');
    const missing = await h.app.request(...post('/v1/models', { source: { path: 'auto.csv' }, ...SPEC, missing: undefined, alpha: 0.1 }));
    expect((await missing.json()).error.message).toBe('source: column "horsepower": 6 values are missing (choose a policy: "missing": "drop", "mean" or "median")');
    // A mark the request cannot name: the fix is in the source.
    const mark = await h.app.request(...post('/v1/models', { source: { path: 'marked.csv' }, ...SPEC, alpha: 0.1 }));
    expect((await mark.json()).error.message).toBe('source: column "horsepower": is VARCHAR in the engine\'s type inference, not a number, such as "?" (cast it in the source if it holds numbers); if "?" marks a missing value, send "na": ["?"] for a CSV file (and "missing": "drop", "mean" or "median"); a table turns it into NULL in a view (NULLIF(column, \'?\'))');
    // So: the marked file with na gives the model of the same rows posted with na.
    const withNa = await fit(h.app, { ...SPEC, source: { path: 'marked.csv' }, na: ['?'], alpha: 0.05 });
    const markedCsv = csv.split('\n').map((l, i) => (i === 0 || l === '' ? l : l.split(',').map((c, j) => (j === csv.split('\n')[0].split(',').indexOf('horsepower') && c === '' ? '?' : c)).join(','))).join('\n');
    const posted = await fit(h.app, { ...SPEC, data: { csv: markedCsv }, na: ['?'], alpha: 0.05 });
    expect(withNa.status, JSON.stringify(withNa.body)).toBe(201);
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const [a, b] = [withNa.body, posted.body];
    expect(a.preprocessing.recipe).toEqual(b.preprocessing.recipe);
    a.coef.forEach((c: number, k: number) => expect(c).toBeCloseTo(b.coef[k], 8));
    const parquet = await fit(h.app, { ...SPEC, source: { path: 'auto.parquet' }, na: ['?'], alpha: 0.05 });
    expect(parquet.status).toBe(400);
    expect(parquet.body.error.message).toMatch(/na reads a CSV file's marks as missing; a Parquet file's columns are typed/);
  });

  it('decimal ",": a CSV file and CSV text with decimal commas give the model of the same numbers with points; typed data refuse it', async () => {
    const points = await fit(h.app, { ...SPEC, source: { path: 'auto.csv' }, alpha: 0.05 });
    const plain = await fit(h.app, { ...SPEC, data: { csv: euCsv }, alpha: 0.05 });
    expect([plain.status, plain.body.error.message]).toEqual([422, 'csv:2: column "displacement": "307,0" is not a number; if the numbers are written with a decimal comma (307.0), send "decimal": ","']);
    for (const body of [{ source: { path: 'eu.csv' } }, { data: { csv: euCsv } }]) {
      const commas = await fit(h.app, { ...SPEC, ...body, decimal: ',', alpha: 0.05 });
      expect(commas.status, JSON.stringify(commas.body)).toBe(201);
      expect(commas.body.preprocessing.recipe).toEqual({ ...points.body.preprocessing.recipe, decimal: ',' });
      commas.body.coef.forEach((c: number, k: number) => expect(c).toBeCloseTo(points.body.coef[k], 8));
      // Its predictions read text values with a decimal comma, JSON numbers as they are; text with a point is named, with the way to send it.
      const car = { cylinders: 4, displacement: 120, horsepower: 90, weight: 2500, model_year: 78 };
      const predict = async (acceleration: unknown) => {
        const r = await h.app.request(...post(`/v1/models/${commas.body.id}/predict`, { rows: [{ ...car, acceleration }] }));
        return { status: r.status, body: await r.json() };
      };
      const [text, number, pointed] = await Promise.all([predict('16,5'), predict(16.5), predict('16.5')]);
      expect(text.body.predictions).toEqual(number.body.predictions);
      expect([pointed.status, pointed.body.error.message]).toEqual([422, 'row 0: column "acceleration": "16.5" is not a number written with a decimal comma (no point, at most one comma); the model reads text values with a decimal comma, as it was trained: send "16,5" or the JSON number 16.5']);
    }
    const refusals = await Promise.all([
      fit(h.app, { ...SPEC, source: { path: 'auto.parquet' }, decimal: ',', alpha: 0.05 }),
      fit(h.app, { ...SPEC, source: { table: 'cars' }, decimal: ',', alpha: 0.05 }),
      fit(h.app, { ...SPEC, data: { columns: ['mpg', 'weight'], rows: [[18.5, 3504]] }, decimal: ',', alpha: 0.05 }),
    ]);
    expect(refusals.map((r) => [r.status, r.body.error.message])).toEqual([
      [400, expect.stringMatching(/decimal ',' reads a CSV file's numbers; a Parquet file's columns are typed/)],
      [400, expect.stringMatching(/decimal ',' reads a CSV file's numbers; a table's columns are typed/)],
      [400, expect.stringMatching(/decimal ',' reads numbers written as text in CSV; a JSON table's numbers are JSON numbers/)],
    ]);
  });

  it("a row the engine cannot read is named by file (as the request named it) and line; the server's paths stay private", async () => {
    const short = await fit(h.app, { ...SPEC, source: { path: 'short.csv' }, alpha: 0.1 });
    expect([short.status, short.body.error.message]).toEqual([422, 'DuckDB: short.csv:102: expected 9 fields (as in the header), found 3']);
    expect(short.body.error.details).toMatchObject({ file: 'short.csv', line: 102 });
    const none = await fit(h.app, { ...SPEC, source: { path: 'parts/none-*.csv' }, alpha: 0.1 });
    expect(none.status).toBe(422);
    expect(none.body.error.message).toBe('DuckDB: no file matches parts/none-*.csv');
    expect(JSON.stringify([short.body, none.body])).not.toContain(dataDir);
  });

  it('a missing file is 404; a bad table name 400; neither data nor source, or both, 400', async () => {
    expect((await fit(h.app, { ...SPEC, source: { path: 'nope.csv' }, alpha: 0.1 })).status).toBe(404);
    const badTable = await fit(h.app, { ...SPEC, source: { table: 'cars; DROP TABLE cars' }, alpha: 0.1 });
    expect([badTable.status, badTable.body.error.message]).toEqual([400, expect.stringMatching(/must be a table name/)]);
    expect((await fit(h.app, { ...SPEC, alpha: 0.1 })).status).toBe(400);
    expect((await fit(h.app, { ...SPEC, data: { csv }, source: { path: 'auto.csv' }, alpha: 0.1 })).status).toBe(400);
  });

  it('a server without LASSOKIT_DATA_DIR or LASSOKIT_CLICKHOUSE_URL refuses sources (400)', async () => {
    const file = await fit(bare.app, { ...SPEC, source: { path: 'auto.csv' }, alpha: 0.1 });
    expect([file.status, file.body.error.message]).toEqual([400, expect.stringMatching(/LASSOKIT_DATA_DIR is not set/)]);
    const ch = await fit(bare.app, { ...SPEC, source: { table: 'cars' }, alpha: 0.1 });
    expect([ch.status, ch.body.error.message]).toEqual([400, expect.stringMatching(/LASSOKIT_CLICKHOUSE_URL is not set/)]);
    const pg = await fit(bare.app, { ...SPEC, source: { table: 'cars', engine: 'postgres' }, alpha: 0.1 });
    expect([pg.status, pg.body.error.message]).toEqual([400, expect.stringMatching(/LASSOKIT_POSTGRES_URL is not set/)]);
    const engine = await fit(bare.app, { ...SPEC, source: { table: 'cars', engine: 'mysql' }, alpha: 0.1 });
    expect(engine.status).toBe(400);
  });

  it('an unreachable PostgreSQL is 502 naming the server, not the password', async () => {
    const gone = await harness({ LASSOKIT_POSTGRES_URL: 'postgres://me:secret@127.0.0.1:1/cars' }, {}, false);
    try {
      const r = await fit(gone.app, { ...SPEC, source: { table: 'cars' }, alpha: 0.1 });
      expect([r.status, r.body.error.message]).toEqual([502, expect.stringMatching(/^PostgreSQL at 127\.0\.0\.1:1\/cars: unreachable/)]);
      expect(JSON.stringify(r.body)).not.toContain('secret');
    } finally {
      await gone.close();
    }
  });

  it('an unreachable ClickHouse is 502 naming the URL', async () => {
    const gone = await harness({ LASSOKIT_CLICKHOUSE_URL: 'http://127.0.0.1:1' }, {}, false);
    try {
      const r = await fit(gone.app, { ...SPEC, source: { table: 'cars' }, alpha: 0.1 });
      expect([r.status, r.body.error.message]).toEqual([502, expect.stringMatching(/^ClickHouse at http:\/\/127\.0\.0\.1:1: unreachable/)]);
    } finally {
      await gone.close();
    }
  });
});
