import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { LassoKitError, elasticNetCV } from '@lassokit/core';
import { INFINITE, csvText, expectSameCv, expectSameStats, expectUnusable, inMemory, inMemoryWide, overflowsIn, spec, weightedCsvText, weightsOf, wideCsv } from './testData.js';
import { DataError, buildDesign, dataFix, parseTable } from '@lassokit/data';
import { expectClose, tempDir } from '@lassokit/testing';
import { DIALECTS, duckdbRunner, fileSource, pickStrategy, statsFromSource, statsQuery, trainFromSource, type Runner } from '../src/index.js';
import { duckdbBytes } from '../src/sums.js';

const dir = tempDir('lassokit-sql-');
let runner: Runner;

const csvPath = join(dir, 'data.csv');
const missingPath = join(dir, 'missing.csv');
const parquetPath = join(dir, 'data.parquet');
const missingParquetPath = join(dir, 'missing.parquet');

beforeAll(async () => {
  writeFileSync(csvPath, csvText());
  writeFileSync(missingPath, csvText(true));
  runner = await duckdbRunner({ threads: 2, memoryLimit: '512MB' });
  await runner.query(`COPY (SELECT * FROM ${fileSource(csvPath)}) TO ${DIALECTS.duckdb.text(parquetPath)} (FORMAT PARQUET)`);
  await runner.query(`COPY (SELECT * FROM ${fileSource(missingPath)}) TO ${DIALECTS.duckdb.text(missingParquetPath)} (FORMAT PARQUET)`);
});
afterAll(() => runner.close());

describe('statistics computed by DuckDB equal the in-memory ones', () => {
  it.each([
    ['CSV', () => fileSource(csvPath)],
    ['Parquet', () => fileSource(parquetPath)],
  ])('%s: the fitted recipe, the statistics, the CV curve and alphaMin', async (_name, from) => {
    const { design, foldIds } = inMemory(csvText());
    const fromEngine = await statsFromSource(runner, from(), spec);
    expect(fromEngine.recipe).toEqual(design.recipe);
    expect(fromEngine.featureNames).toEqual(design.featureNames);
    expectSameCv(fromEngine.stats, design, foldIds);
  });

  it('trains a model file that predicts like the in-memory one', async () => {
    const { model } = await trainFromSource(runner, fileSource(parquetPath), spec, { source: 'data.parquet' });
    const { design, foldIds } = inMemory(csvText());
    const rows = elasticNetCV(design.X, design.y, { l1Ratios: [1], foldIds });
    expect(model.featureNames).toEqual(design.featureNames);
    expectClose(model.alpha as number, rows.alphaMin, { rtol: 1e-10 });
    expectClose(model.coef, rows.model.coef, { rtol: 1e-4, atol: 1e-6 });
    expect(model.training).toMatchObject({ source: 'data.parquet', target: 'y', nSamples: 400, cv: { nFolds: 5, foldsBy: 'folds from column "fold"' } });
  });

  it('drops rows with missing values when asked, and counts them', async () => {
    const fromEngine = await statsFromSource(runner, fileSource(missingPath), { ...spec, missing: 'drop' });
    const { design } = inMemory(csvText(true), 'drop');
    expect(fromEngine.report.dropped).toEqual([{ column: 'a', count: 11, reason: 'missing a' }]);
    expect(fromEngine.stats.n).toBe(design.X.rows);
    expect(fromEngine.recipe).toEqual(design.recipe);
  });

  it("a CSV's missing marks are NULL as in memory (NA, N/A, null, NaN …), and a file's own (\"?\") when named", async () => {
    // Empty cells of a become the in-memory reader's other missing spellings, and "?" (named by the caller).
    const marks = ['NA', 'N/A', 'null', 'NaN', '?'];
    let k = 0;
    const text = csvText(true).replace(/^([^,]*),,/gm, (_m, y: string) => `${y},${marks[k++ % marks.length]},`);
    expect(k).toBe(11);
    const marked = join(dir, 'marked.csv');
    writeFileSync(marked, text);
    const { design, foldIds } = inMemory(text.replaceAll(',?,', ',,'), 'drop');
    const fromEngine = await statsFromSource(runner, fileSource(marked, ['?']), { ...spec, missing: 'drop' });
    expect(fromEngine.report.dropped).toEqual([{ column: 'a', count: 11, reason: 'missing a' }]);
    expect(fromEngine.recipe).toEqual(design.recipe);
    expectSameStats(fromEngine.stats, design, foldIds);
    // The file's own mark is recorded in the recipe (so predict reads it alike), as in memory.
    const tokens = { missingTokens: { a: ['?'], b: ['?'] } };
    const recorded = await statsFromSource(runner, fileSource(marked, ['?', "it's"]), { ...spec, ...tokens, missing: 'drop' });
    expect(recorded.recipe).toEqual(buildDesign(parseTable(text, { source: 'source' }), { ...spec, ...tokens, missing: 'drop' }).recipe);
    expect(recorded.recipe.inputs.find((i) => i.name === 'a')).toMatchObject({ missing: ['?'] });
    // na: the mark for every used column, as the CLI's --na reads it in memory.
    const everywhere = await statsFromSource(runner, fileSource(marked, ['?']), { ...spec, na: ['?'], missing: 'drop' });
    expect(everywhere.recipe).toEqual(buildDesign(parseTable(text, { source: 'source' }), { ...spec, na: ['?'], missing: 'drop' }).recipe);
    expect(everywhere.recipe.inputs.every((i) => i.missing?.[0] === '?')).toBe(true);
    await expect(statsFromSource(runner, fileSource(marked), { ...spec, na: ['?'] })).rejects.toThrow(/missing tokens \("\?"\) are for a CSV read with them as NULL/);
    // Without the file's own mark, "?" keeps the column text, as in memory (which names the cell).
    await expect(statsFromSource(runner, fileSource(marked), { ...spec, missing: 'drop' })).rejects.toThrow(/column "a": is VARCHAR in the engine's type inference, not a number, such as "\?"/);
  });

  it('a CSV with decimal commas (and semicolons) read with one: the statistics of the same numbers, the recipe records the comma', async () => {
    const eu = join(dir, 'eu.csv');
    writeFileSync(eu, csvText().replaceAll(',', ';').replaceAll('.', ','));
    const { design, foldIds } = inMemory(csvText());
    const fromEngine = await statsFromSource(runner, fileSource(eu, [], ','), spec);
    expect(fromEngine.recipe).toEqual({ ...design.recipe, decimal: ',' });
    expectSameStats(fromEngine.stats, design, foldIds);
    // The same in memory, read with the comma.
    expect(buildDesign(parseTable(readFileSync(eu, 'utf8'), { source: 'source' }), { ...spec, decimal: ',' }).recipe).toEqual(fromEngine.recipe);
    // A point in a number makes the column text, named by the cell (as parseDecimalComma refuses it).
    const mixed = join(dir, 'eu-mixed.csv');
    writeFileSync(mixed, readFileSync(eu, 'utf8').replace(/\n([^;]*);([^;]*),([^;]*);/, '\n$1;$2.$3;'));
    await expect(statsFromSource(runner, fileSource(mixed, [], ','), spec)).rejects.toThrow(/column "a": is VARCHAR in the engine's type inference, not a number, such as "\d+\.\d+"/);
    // Every number with a decimal comma (no integer among them): DuckDB's sniffer alone took the
    // comma for the delimiter; the header's delimiter is given, as memory detects it.
    const allCommas = join(dir, 'eu-all.csv');
    const lines = Array.from({ length: 200 }, (_, i) => [((i * 7) % 13) + 0.25, (i % 11) + 0.5, ((i * 3) % 7) - 0.75].map((v) => v.toFixed(3).replace('.', ',')).join(';'));
    writeFileSync(allCommas, `y;a;b\n${lines.join('\n')}\n`);
    expect(fileSource(allCommas, [], ',')).toContain("delim = ';', decimal_separator = ','");
    const fromAll = await statsFromSource(runner, fileSource(allCommas, [], ','), { target: 'y' });
    expect(fromAll.recipe).toEqual(buildDesign(parseTable(readFileSync(allCommas, 'utf8'), { source: 'source' }), { target: 'y', decimal: ',' }).recipe);
    // Read without the comma, the same delimiter: the columns are the header's, and a cell is named.
    expect(fileSource(allCommas)).toContain("delim = ';', nullstr");
    await expect(statsFromSource(runner, fileSource(allCommas), { target: 'y' })).rejects.toThrow(/^source: column "y": is VARCHAR in the engine's type inference, not a number, such as "\d+,\d+"/);
    // The spec's mark must be the source's.
    await expect(statsFromSource(runner, fileSource(parquetPath), { ...spec, decimal: ',' })).rejects.toThrow(/^source: a decimal comma is for a CSV read with one/);
    await expect(statsFromSource(runner, fileSource(eu, [], ','), { ...spec, decimal: '.' })).rejects.toThrow(/^source: the source is read with a decimal comma/);
  });

  it("a CSV header's unnamed columns, as in memory: empty ones left out with a warning, one with values (pandas' index) refused unless features are listed", async () => {
    const rows = csvText().trim().split('\n');
    const sheet = join(dir, 'sheet.csv');
    writeFileSync(sheet, `${rows.map((l) => `${l},,`).join('\n')}\n`);
    const { design, foldIds } = inMemory(rows.join('\n'));
    const fromSheet = await statsFromSource(runner, fileSource(sheet), spec);
    expect(fromSheet.recipe).toEqual(design.recipe);
    expectSameStats(fromSheet.stats, design, foldIds);
    const inMemoryWarnings = buildDesign(parseTable(`${rows.map((l) => `${l},,`).join('\n')}\n`, { source: 'source' }), { target: 'y', categorical: ['city'] }).report.warnings;
    const { report } = await statsFromSource(runner, fileSource(sheet), { target: 'y', categorical: ['city'] });
    expect(report.warnings).toEqual(inMemoryWarnings);
    expect(report.warnings).toEqual(['columns 9, 10 have no name and no values; left out']);
    const indexed = join(dir, 'indexed.csv');
    writeFileSync(indexed, `${rows.map((l, i) => `${i === 0 ? '' : i - 1},${l}`).join('\n')}\n`);
    await expect(statsFromSource(runner, fileSource(indexed), { target: 'y', categorical: ['city'] })).rejects.toThrow(/^source: column "column0": the header leaves column 1 unnamed \(read as "column0"\), yet it holds values such as "0"/);
    expect((await statsFromSource(runner, fileSource(indexed), spec)).recipe).toEqual(design.recipe);
  });

  it("the levels of every categorical column come from one scan of a CSV, and from a bounded DISTINCT per column of a Parquet file (read by column), alike", async () => {
    const seen: string[] = [];
    const watching: Runner = { ...runner, query: (sql) => (seen.push(sql), runner.query(sql)) };
    const fromCsv = await statsFromSource(watching, fileSource(csvPath), spec);
    expect(seen.filter((sql) => /GROUPING SETS/.test(sql))).toHaveLength(1);
    expect(seen.filter((sql) => /DISTINCT "(city|cyl)"/.test(sql))).toHaveLength(0);
    seen.length = 0;
    const fromParquet = await statsFromSource(watching, fileSource(parquetPath), spec);
    expect(seen.filter((sql) => /GROUPING SETS/.test(sql))).toHaveLength(0);
    expect(seen.filter((sql) => /SELECT DISTINCT "(city|cyl)" AS lassokit_v FROM read_parquet\(.* LIMIT 5001$/.test(sql))).toHaveLength(2);
    expect(fromParquet.recipe).toEqual(fromCsv.recipe);
  });

  it('a numeric column named as an id, one distinct whole number per row, is fitted with the warning the in-memory fit gives', async () => {
    // customer_id: distinct ids (shuffled); order_no repeats one; id: 7 is missing in a row, dropped with it.
    // group_id: four values, too few for 60 rows — no scan.
    const text = `y,customer_id,order_no,id,group_id,x\n${Array.from({ length: 60 }, (_, i) => `${i % 7},${(i * 37) % 101},${i === 9 ? 3 : i},${i === 20 ? '' : i + 1},${i % 4},${i % 5}`).join('\n')}\n`;
    const file = join(dir, 'id-columns.csv');
    writeFileSync(file, text);
    for (const missing of ['drop', 'mean'] as const) {
      const inMemory = buildDesign(parseTable(text, { source: 'source' }), { target: 'y', missing }).report.warnings;
      const seen: string[] = [];
      const watching: Runner = { ...runner, query: (sql) => (seen.push(sql), runner.query(sql)) };
      const { report } = await statsFromSource(watching, fileSource(file), { target: 'y', missing });
      expect(report.warnings).toEqual(inMemory);
      expect(seen.filter((sql) => / AS ids$/.test(sql)).map((sql) => /"(\w+)"/.exec(sql)?.[1])).toEqual(['customer_id', 'order_no', 'id']);
      expect(report.warnings, missing).toEqual([
        `column "customer_id" is named as an id and holds a distinct whole number in each of its ${missing === 'drop' ? 59 : 60} rows: an id says nothing about a new row, so leave it out of the features`,
        `column "id" is named as an id and holds a distinct whole number in each of its 59 rows: an id says nothing about a new row, so leave it out of the features`,
      ]);
    }
  });

  it('a categorical column with a level for most rows is fitted with the warning the in-memory fit gives', async () => {
    const text = `y,x,k\n${Array.from({ length: 120 }, (_, i) => `${i % 7},${i % 5},id${i}`).join('\n')}\n`;
    const ids = join(dir, 'ids.csv');
    writeFileSync(ids, text);
    const inMemoryReport = buildDesign(parseTable(text, { source: 'source' }), { target: 'y', categorical: ['k'] }).report;
    const { report } = await statsFromSource(runner, fileSource(ids), { target: 'y', categorical: ['k'] });
    expect(report.warnings).toEqual(inMemoryReport.warnings);
    expect(report.warnings[0]).toMatch(/^column "k" has 120 levels in 120 rows/);
  });

  it('distinct values per column: NULLs left out, at most `limit` each (an identifier sends back no more)', async () => {
    const d = DIALECTS.duckdb;
    const from = "(SELECT CASE WHEN range % 7 = 0 THEN NULL ELSE 'id' || range END AS id, CASE WHEN range % 5 = 0 THEN NULL ELSE range % 3 END AS k, range AS i FROM range(1000)) AS t";
    const values = async (where: string | null, limit: number) => {
      const q = d.distinctValues(from, ['id', 'k'].map((c) => d.ident(c)), where, limit);
      const results = [];
      for (const sql of q.queries) results.push(await runner.query(sql));
      return q.read(results);
    };
    const [ids, ks] = await values(null, 6);
    expect(ids).toHaveLength(6);
    expect(ids.every((v) => typeof v === 'string' && /^id\d+$/.test(v))).toBe(true);
    expect(ks.map(Number).sort()).toEqual([0, 1, 2]);
    const [few, k1] = await values('i < 10', 100);
    expect((few as string[]).sort()).toEqual(['id1', 'id2', 'id3', 'id4', 'id5', 'id6', 'id8', 'id9']);
    expect(k1.map(Number).sort()).toEqual([0, 1, 2]);
  });

  it.each([
    ['CSV', () => fileSource(missingPath)],
    ['Parquet', () => fileSource(missingParquetPath)],
  ])("%s streamed: each categorical column comes as one column, its level's position, and the statistics equal the in-memory ones (a reference level, a level with a quote, numeric levels, rows dropped)", async (name, from) => {
    const reference = { reference: { city: 'oslo' } };
    const { design, foldIds } = inMemory(csvText(true), 'drop', reference);
    const fromEngine = await statsFromSource(runner, from(), { ...spec, ...reference, missing: 'drop', strategy: 'stream' });
    expect(fromEngine.recipe).toEqual(design.recipe);
    expectSameCv(fromEngine.stats, design, foldIds);
    expect(fromEngine.sql).toMatch(/CASE CAST\("city" AS VARCHAR\) WHEN 'l''aquila' THEN 1 WHEN 'paris' THEN 2 WHEN 'rome' THEN 3 ELSE 0 END/);
    // A numeric categorical column: a Parquet file's typed numbers, a CSV's text read as numbers (as in memory).
    expect(fromEngine.sql).toMatch(name === 'CSV' ? /CASE CAST\("cyl" AS DOUBLE\) WHEN CAST\(4 AS DOUBLE\) THEN 1 WHEN CAST\(6 AS DOUBLE\) THEN 2 WHEN CAST\(8 AS DOUBLE\) THEN 3 ELSE 0 END/ : /CASE "cyl" WHEN CAST\(4 AS DOUBLE\) THEN 1 WHEN CAST\(6 AS DOUBLE\) THEN 2 WHEN CAST\(8 AS DOUBLE\) THEN 3 ELSE 0 END/);
    expect(fromEngine.sql).not.toMatch(/THEN CAST\(1 AS DOUBLE\) ELSE CAST\(0 AS DOUBLE\)/); // no indicator column
  });

  it.each(['query', 'stream'] as const)('%s: a two-level categorical column gets one indicator (its second level), as in memory — the same recipe and statistics', async (strategy) => {
    const text = `y,x,smoker,fold\n${Array.from({ length: 40 }, (_, i) => `${(i * 7) % 13 + (i % 3 === 0 ? 20 : 0)},${(i * 5) % 11},${i % 3 === 0 ? 'yes' : 'no'},${i % 4}`).join('\n')}\n`;
    const path = join(dir, 'smokers.csv');
    writeFileSync(path, text);
    const table = parseTable(text, { source: 'source' });
    const design = buildDesign(table, { target: 'y', features: ['x', 'smoker'], categorical: ['smoker'] });
    expect(design.featureNames).toEqual(['x', 'smoker_yes']);
    const fromEngine = await statsFromSource(runner, fileSource(path), { target: 'y', features: ['x', 'smoker'], categorical: ['smoker'], fold: { column: 'fold' }, strategy });
    expect(fromEngine.featureNames).toEqual(['x', 'smoker_yes']);
    expect(fromEngine.recipe).toEqual(design.recipe);
    expectSameStats(fromEngine.stats, design, table.rows.map((r) => Number(r[3])));
  });

  it.each(['query', 'stream'] as const)('%s: a categorical column of numbers written as text (zip codes with leading zeros, 4.0 beside 4) has the levels it has in memory, where a model reads its rows', async (strategy) => {
    const zips = ['02134', '02139', '10001', '07030'];
    const codes = ['4', '4.0', '6', '8'];
    const text = `y,x,zip,code,fold\n${Array.from({ length: 48 }, (_, i) => `${(i * 7) % 13 + (i % 4 === 0 ? 9 : 0)},${(i * 5) % 11},${zips[i % 4]},${codes[(i * 3) % 4]},${i % 4}`).join('\n')}\n`;
    const path = join(dir, 'zips.csv');
    writeFileSync(path, text);
    const table = parseTable(text, { source: 'source' });
    const features = ['x', 'zip', 'code'];
    const design = buildDesign(table, { target: 'y', features, categorical: ['zip', 'code'] });
    expect(design.featureNames).toEqual(['x', 'zip_2134', 'zip_2139', 'zip_7030', 'zip_10001', 'code_4', 'code_6', 'code_8']);
    const fromEngine = await statsFromSource(runner, fileSource(path), { target: 'y', features, categorical: ['zip', 'code'], fold: { column: 'fold' }, strategy });
    expect(fromEngine.recipe).toEqual(design.recipe);
    expectSameStats(fromEngine.stats, design, table.rows.map((r) => Number(r[4])));
  });

  it.each(['query', 'stream'] as const)('%s: categorical dates and times (which DuckDB types DATE, TIMESTAMP) have their text as levels, as in memory; a typed DATE from a query its ISO text', async (strategy) => {
    const iso = ['2021-04-10', '2021-05-01', '2021-06-15'];
    const us = ['04/10/2021', '05/01/2021', '06/15/2021'];
    const slots = ['2021-04-10 12:30:00', '2021-05-01 08:00:00'];
    const text = `y,x,day,usday,slot,fold\n${Array.from({ length: 48 }, (_, i) => `${(i * 7) % 13 + (i % 3 === 0 ? 9 : 0)},${(i * 5) % 11},${iso[i % 3]},${us[(i + 1) % 3]},${slots[i % 2]},${i % 4}`).join('\n')}\n`;
    const path = join(dir, 'days.csv');
    writeFileSync(path, text);
    const table = parseTable(text, { source: 'source' });
    const days = { target: 'y', features: ['x', 'day', 'usday', 'slot'], categorical: ['day', 'usday', 'slot'] };
    const design = buildDesign(table, days);
    expect(design.featureNames).toEqual(['x', 'day_2021-04-10', 'day_2021-05-01', 'day_2021-06-15', 'usday_04/10/2021', 'usday_05/01/2021', 'usday_06/15/2021', 'slot_2021-05-01 08:00:00']);
    const fromEngine = await statsFromSource(runner, fileSource(path), { ...days, fold: { column: 'fold' }, strategy });
    expect(fromEngine.recipe).toEqual(design.recipe);
    expectSameStats(fromEngine.stats, design, table.rows.map((r) => Number(r[5])));
    const typed = await statsFromSource(runner, `(SELECT CAST(y AS DOUBLE) AS y, CAST(day AS DATE) AS day FROM ${fileSource(path)}) AS t`, { target: 'y', categorical: ['day'] });
    expect(typed.featureNames).toEqual(['day_2021-04-10', 'day_2021-05-01', 'day_2021-06-15']);
  });

  it.each(['query', 'stream'] as const)('%s: a categorical column of words and numbers written otherwise (010 beside 10, 4.0 beside 4, " M") has the levels it has in memory', async (strategy) => {
    const sizes = ['S', ' M', '010', '10', '4.0', '4', 'XL'];
    const text = `y,x,size,fold\n${Array.from({ length: 56 }, (_, i) => `${(i * 7) % 13 + (i % 7 === 2 ? 9 : 0)},${(i * 5) % 11},"${sizes[(i * 3) % 7]}",${i % 4}`).join('\n')}\n`;
    const path = join(dir, 'sizes.csv');
    writeFileSync(path, text);
    const table = parseTable(text, { source: 'source' });
    const spec = { target: 'y', features: ['x', 'size'], categorical: ['size'] };
    const design = buildDesign(table, spec);
    expect(design.featureNames).toEqual(['x', 'size_10', 'size_4', 'size_M', 'size_S', 'size_XL']);
    const fromEngine = await statsFromSource(runner, fileSource(path), { ...spec, fold: { column: 'fold' }, strategy });
    expect(fromEngine.recipe).toEqual(design.recipe);
    expectSameStats(fromEngine.stats, design, table.rows.map((r) => Number(r[3])));
  });

  it('hash folds: K groups from the engine, deterministic', async () => {
    const a = await statsFromSource(runner, fileSource(csvPath), { ...spec, fold: { hash: 4 } });
    const b = await statsFromSource(runner, fileSource(csvPath), { ...spec, fold: { hash: 4 } });
    expect('folds' in a.stats && a.stats.folds.length).toBe(4);
    expect(a.stats).toEqual(b.stats);
    expect(a.report.warnings).toEqual([]);
  });

  it("hash folds of a CSV's integer columns (read as doubles) are those of the same rows in Parquet (typed BIGINT)", async () => {
    const csv = join(dir, 'integers.csv');
    writeFileSync(csv, `y,a,b\n${Array.from({ length: 60 }, (_, i) => `${(i * 7) % 13},${(i * 5) % 11},${i % 3}.5`).join('\n')}\n`);
    const parquet = join(dir, 'integers.parquet');
    await runner.query(`COPY (SELECT * FROM ${fileSource(csv)}) TO ${DIALECTS.duckdb.text(parquet)} (FORMAT PARQUET)`);
    expect((await runner.describe(fileSource(parquet))).map((c) => c.type)).toEqual(['BIGINT', 'BIGINT', 'DOUBLE']);
    const fromCsv = await statsFromSource(runner, fileSource(csv), { target: 'y', fold: { hash: 4 } });
    const fromParquet = await statsFromSource(runner, fileSource(parquet), { target: 'y', fold: { hash: 4 } });
    expect(fromCsv.stats).toEqual(fromParquet.stats);
  });

  it('hash folds with no rows are left out, and the report says so', async () => {
    const three = join(dir, 'three.csv');
    writeFileSync(three, 'y,a\n1,2\n2,4.5\n3,6\n');
    const s = await statsFromSource(runner, fileSource(three), { target: 'y', fold: { hash: 10 } });
    const k = 'folds' in s.stats ? s.stats.folds.length : 0;
    expect(k).toBeGreaterThanOrEqual(2);
    expect(k).toBeLessThanOrEqual(3);
    expect(s.report.warnings).toEqual([`only ${k} of the 10 hash folds have rows (3 rows); cross-validation uses those ${k}`]);
  });
});

describe('sample weights: every sum weighted, the statistics and CV of a weighted fit in memory', () => {
  const weightedPath = join(dir, 'weighted.csv');
  const weightedMissingPath = join(dir, 'weighted-missing.csv');
  beforeAll(() => {
    writeFileSync(weightedPath, weightedCsvText());
    writeFileSync(weightedMissingPath, weightedCsvText(true));
  });

  it.each([
    ['one query (profile fused)', 'query', 'error'],
    ['one query, rows with a missing value dropped', 'query', 'drop'],
    ['blocks of queries', 'blocks', 'error'],
    ['streamed record batches', 'stream', 'drop'],
  ] as const)('%s', async (_name, strategy, missing) => {
    const text = weightedCsvText(missing === 'drop');
    const fromEngine = await statsFromSource(runner, fileSource(missing === 'drop' ? weightedMissingPath : weightedPath), { ...spec, weights: 'w', strategy, missing });
    const { design, foldIds } = inMemory(text, missing);
    expect(fromEngine.strategy).toBe(strategy);
    expect(fromEngine.weights).toBe('w');
    expect(fromEngine.recipe).toEqual(design.recipe);
    expectSameCv(fromEngine.stats, design, foldIds, weightsOf(text, design.lines));
  });

  it('trains a weighted model file; without a feature list the weights and fold columns are not features', async () => {
    const { model } = await trainFromSource(runner, fileSource(weightedPath), { ...spec, weights: 'w' });
    expect(model.training).toMatchObject({ weighted: true, nSamples: 400 });
    const numeric = join(dir, 'weighted-numeric.csv');
    writeFileSync(numeric, 'y,a,fold,w\n1,2,0,1\n2,4.5,1,2\n3,6,0,0.5\n4,8.5,1,1\n');
    const s = await statsFromSource(runner, fileSource(numeric), { target: 'y', weights: 'w', fold: { column: 'fold' } });
    expect(s.featureNames).toEqual(['a']);
    expect(s.stats.sumW).toBe(4.5);
  });

  it.each([
    ['a negative weight', 'y,a,w\n1,2,1\n2,4,-1\n3,7,1\n', 'NOT_A_NUMBER', /column "w": 1 weight is negative or not finite \(weights must be finite numbers ≥ 0\)/],
    ['a missing weight', 'y,a,w\n1,2,1\n2,4,\n3,7,\n', 'MISSING_VALUE', /column "w": 2 weights are missing in the rows kept/],
    ['an infinite weight', 'y,a,w\n1,2,1\n2,4,1e400\n3,7,1\n', 'NOT_A_NUMBER', /column "w": 1 weight is negative or not finite/],
    ['a weight "inf" (a number to DuckDB, not to memory)', 'y,a,w\n1,2,1\n2,4,inf\n3,7,1\n', 'NOT_A_NUMBER', /column "w": "inf" is not a number$/],
    ['every weight 0', 'y,a,w\n1,2,0\n2,4,0\n3,7,0\n', 'INVALID_SPEC', /column "w": every weight is 0 in the rows kept/],
    ['weights that are text', 'y,a,w\n1,2,x\n2,4,y\n3,7,z\n', 'NOT_A_NUMBER', /column "w": is VARCHAR in the engine's type inference, not a number, such as "x" \(weights must be numbers ≥ 0\)$/],
    ['weights written "+2" (text to DuckDB, numbers to memory): read as numbers, so only the negative one is refused', 'y,a,w\n1,2,+2\n2,4,-1\n3,7,+1\n', 'NOT_A_NUMBER', /column "w": 1 weight is negative or not finite/],
  ])('%s is refused, naming the column, whichever way the statistics are computed (checked on the way: no scan of its own)', async (_name, text, code, message) => {
    const file = join(dir, `bad-weights-${code}-${text.length}.csv`);
    writeFileSync(file, text);
    const ways = [{}, { missing: 'median' as const }, { strategy: 'blocks' as const }, { strategy: 'stream' as const }];
    for (const way of ways) {
      const e = await statsFromSource(runner, fileSource(file), { target: 'y', features: ['a'], weights: 'w', ...way }).then(
        () => expect.fail(`expected an error (${JSON.stringify(way)})`),
        (err: unknown) => err,
      );
      expect((e as LassoKitError).code, JSON.stringify(way)).toBe(code);
      expect((e as Error).message).toMatch(message);
    }
  });

  it('the weights cost no scan of their own', async () => {
    const seen: string[] = [];
    const watching: Runner = { ...runner, query: (sql) => (seen.push(sql), runner.query(sql)) };
    await statsFromSource(watching, fileSource(weightedPath), { ...spec, weights: 'w' });
    expect(seen.filter((sql) => /w_positive/.test(sql))).toHaveLength(1);
    expect(seen.filter((sql) => /w_positive/.test(sql) && /q0_0/.test(sql))).toHaveLength(1);
  });

  it('an unknown weights column, or one that is also a feature, is refused before any scan', async () => {
    await expect(statsFromSource(runner, fileSource(weightedPath), { ...spec, weights: 'nope' })).rejects.toThrow(/unknown weights column "nope"/);
    await expect(statsFromSource(runner, fileSource(weightedPath), { ...spec, weights: 'a' })).rejects.toThrow(/column "a": it is the weights column; it cannot also be the target or a feature/);
  });
});

describe('a stream of raw numeric columns profiles the data on the way (no profiling scan)', () => {
  const numeric = { target: 'y', features: ['a', 'b', 'c', 'd'], fold: { hash: 4 } } as const;

  const withLevels = { ...spec, fold: { hash: 4 } } as const;

  it.each([
    ['CSV', csvPath, numeric],
    ['Parquet', parquetPath, numeric],
    ['CSV with categorical columns (each streamed as its level index)', csvPath, withLevels],
    ['Parquet with categorical columns', parquetPath, withLevels],
  ])('%s: the recipe (with its ranges), the report and the statistics equal the query strategy, with no profiling scan', async (_name, path, design) => {
    const queried = await statsFromSource(runner, fileSource(path), { ...design, strategy: 'query' });
    const ran: string[] = [];
    const watched: Runner = { ...runner, query: (sql) => (ran.push(sql), runner.query(sql)) };
    const streamed = await statsFromSource(watched, fileSource(path), { ...design, strategy: 'stream' });
    // No profiling scan: none of its ranges (min(…) AS lo1, …) is asked for.
    expect(ran.filter((sql) => /\bmin\(.* AS lo\d+\b/s.test(sql))).toEqual([]);
    expect(streamed.recipe).toEqual(queried.recipe);
    expect(streamed.report).toEqual(queried.report);
    expect(streamed.recipe.inputs.find((i) => i.name === 'a')).toMatchObject({ range: [expect.any(Number), expect.any(Number)] });
    const folds = (s: typeof queried.stats) => ('folds' in s ? s.folds : []);
    expect(folds(streamed.stats).map((f) => f.n)).toEqual(folds(queried.stats).map((f) => f.n));
    const scale = Math.max(...Array.from(queried.stats.xtx, Math.abs));
    expectClose(Array.from(streamed.stats.xtx), Array.from(queried.stats.xtx), { rtol: 1e-12, atol: 1e-12 * scale });
  });

  it('a NULL in a categorical column met by the stream is counted and named, as under the query strategy', async () => {
    const gaps = join(dir, 'city-gaps.csv');
    writeFileSync(gaps, csvText().replace(/,rome,/g, ',,'));
    const queried = await statsFromSource(runner, fileSource(gaps), { ...withLevels, strategy: 'query' }).catch((err: unknown) => err);
    const streamed = await statsFromSource(runner, fileSource(gaps), { ...withLevels, strategy: 'stream' }).catch((err: unknown) => err);
    expect(streamed).toBeInstanceOf(DataError);
    expect((streamed as DataError).message).toMatch(/column "city": 100 values are missing/);
    expect((streamed as DataError).message).toBe((queried as DataError).message);
  });

  it('a NULL met by the stream is counted by a profiling scan and named, as under the query strategy', async () => {
    const e = await statsFromSource(runner, fileSource(missingPath), { ...numeric, strategy: 'stream' }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).message).toMatch(/column "a": 11 values are missing \(choose a missing-value policy: drop, mean or median\)/);
    // The runner is still usable afterwards.
    expect((await statsFromSource(runner, fileSource(csvPath), { ...numeric, strategy: 'stream' })).strategy).toBe('stream');
  });
});

describe('bad input gets a clear error', () => {
  const refused = async (promise: Promise<unknown>, code: string, message: RegExp) => {
    const e = await promise.then(
      () => expect.fail('expected an error'),
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(LassoKitError);
    expect((e as LassoKitError).code).toBe(code);
    expect((e as Error).message).toMatch(message);
  };

  it("a header naming a column twice, as in memory — or twice but for case, which DuckDB's names ignore (it read \"A\" beside \"a\" as \"A_1\", a name the file does not have)", async () => {
    const twice = join(dir, 'twice.csv');
    writeFileSync(twice, 'y,a,b,a\n1,2,3,4\n2,3,5,6\n3,5,7,9\n');
    await refused(statsFromSource(runner, fileSource(twice), { target: 'y' }), 'DUPLICATE_COLUMN', /^source:1: column name "a" appears twice \(columns 2 and 4\)$/);
    expect(() => parseTable(readFileSync(twice, 'utf8'), { source: 'source' })).toThrow(/^source:1: column name "a" appears twice \(columns 2 and 4\)$/);
    const cased = join(dir, 'cased.csv');
    writeFileSync(cased, 'y,Speed,speed\n1,2,3\n2,3,5\n3,5,7\n');
    await refused(statsFromSource(runner, fileSource(cased), { target: 'y', features: ['Speed'] }), 'DUPLICATE_COLUMN', /^source:1: column names "Speed" and "speed" \(columns 2 and 3\) differ only in case, and DuckDB's names ignore case \(it reads the second as "speed_1"\): rename one, or fit in memory$/);
  });

  it('a missing file or a glob that matches nothing', () => refused(statsFromSource(runner, fileSource(join(dir, 'nope-*.parquet')), spec), 'ENGINE_ERROR', /^DuckDB: no file matches .*nope-\*\.parquet$/));
  it("numbers DuckDB's CSV reader types as text (\"+4\") are read as numbers in a CSV, as in memory; another source's ask for a cast, and no fix suggests one-hot encoding", async () => {
    const plus = join(dir, 'plus.csv');
    writeFileSync(plus, 'y,x,fold\n1,+4,0\n2,5,1\n3,7,0\n4, 2.5 ,1\n');
    const table = parseTable(readFileSync(plus, 'utf8'), { source: 'source' });
    const fromCsv = await statsFromSource(runner, fileSource(plus), { target: 'y', fold: { column: 'fold' } });
    expectSameStats(fromCsv.stats, buildDesign(table, { target: 'y', features: ['x'] }), [0, 1, 0, 1]);
    const query = "(SELECT * FROM (VALUES (1, '+4'), (2, '5'), (3, '7')) AS t(y, x))";
    const e = await statsFromSource(runner, query, { target: 'y' }).catch((err: unknown) => err);
    expect((e as Error).message).toBe('source: column "x": is VARCHAR in the engine\'s type inference, not a number, though its first 100,000 rows read as numbers (cast it in the source: CAST("x" AS DOUBLE))');
    expect(dataFix(e, { target: 'y' })).toBeUndefined();
  });

  it('a column that is not numeric in the engine shows a cell that is no number, from its first rows', async () => {
    await refused(statsFromSource(runner, fileSource(csvPath), { target: 'y', features: ['city'] }), 'NOT_A_NUMBER', /column "city": is VARCHAR in the engine's type inference, not a number, such as "paris" \(cast/);
    const e = await statsFromSource(runner, fileSource(csvPath), { target: 'y', features: ['city'] }).catch((err: unknown) => err);
    expect((e as DataError).location.value).toBe('paris');
  });
  it('missing values under the default policy are counted and named', () => refused(statsFromSource(runner, fileSource(missingPath), spec), 'MISSING_VALUE', /column "a": 11 values are missing \(choose a missing-value policy: drop, mean or median\)/));
  it('an unknown column', () => refused(statsFromSource(runner, fileSource(csvPath), { target: 'nope' }), 'UNKNOWN_COLUMN', /unknown target column "nope"/));
  it('exclude leaves a text column out of the default features, as in memory; an unknown one is named', async () => {
    const text = join(dir, 'named.csv');
    writeFileSync(text, 'y,a,b,name\n1,2,3,ford\n2,3,1,vw\n3,5,2,amc\n4,1,1,fiat\n5,2,2,bmw\n');
    const s = await statsFromSource(runner, fileSource(text), { target: 'y', exclude: ['name'] });
    expect(s.featureNames).toEqual(['a', 'b']);
    expect(s.recipe).toEqual(buildDesign(parseTable(readFileSync(text, 'utf8')), { target: 'y', exclude: ['name'] }).recipe);
    await refused(statsFromSource(runner, fileSource(text), { target: 'y', exclude: ['nmae'] }), 'UNKNOWN_COLUMN', /unknown excluded column "nmae"/);
  });
  it('a fold column with one value', async () => {
    const one = join(dir, 'onefold.csv');
    writeFileSync(one, csvText().replace(/,\d\n/g, ',0\n'));
    await refused(statsFromSource(runner, fileSource(one), spec), 'INVALID_SPEC', /the fold column "fold" gives 1 distinct value; cross-validation needs at least 2/);
  });
  it('missing tokens the source does not read as NULL are refused (a Parquet file, a CSV read without them): NULLIF in the query instead', async () => {
    for (const from of [fileSource(parquetPath), fileSource(csvPath), fileSource(csvPath, ['-'])])
      await refused(statsFromSource(runner, from, { ...spec, missingTokens: { a: ['?'] } }), 'INVALID_SPEC', /missing tokens \("\?"\) are for a CSV read with them as NULL .*NULLIF\(column, '\?'\)/);
  });
  it('too many levels, counted by a bounded query of distinct values', () => refused(statsFromSource(runner, fileSource(csvPath), { ...spec, maxLevels: 3 }), 'TOO_MANY_LEVELS', /column "city": has more than 3 distinct values/));

  describe('a row DuckDB cannot read is named by file and line, in the in-memory reader\'s words', () => {
    // 30,000 rows: past the 20,480 DuckDB's sniffer samples, so a bad row there is met by the scan.
    const rows = csvText().trim().split('\n');
    const long = [rows[0], ...Array.from({ length: 30_000 }, (_, i) => rows[1 + (i % 400)])];
    const write = (name: string, at: number, row: string) => {
      const path = join(dir, name);
      writeFileSync(path, `${[...long.slice(0, at), row, ...long.slice(at)].join('\n')}\n`);
      return path;
    };
    const numeric = { target: 'y', features: ['a', 'b', 'c'] };
    it('a short row among the rows the sniffer samples (it then reads the header as one column)', async () => {
      const path = write('short-early.csv', 101, '1,2,3');
      await refused(statsFromSource(runner, fileSource(path), numeric), 'ENGINE_ERROR', new RegExp(`^DuckDB: ${path}:102: expected 8 fields \\(as in the header\\), found 3$`));
    });
    it('a short row past them', async () => {
      const path = write('short-late.csv', 25_001, '1,2,3');
      const e = await statsFromSource(runner, fileSource(path), numeric).catch((err: unknown) => err);
      expect((e as Error).message).toBe(`DuckDB: ${path}:25002: expected 8 fields (as in the header), found 3`);
      expect((e as LassoKitError).details).toMatchObject({ file: path, line: 25002 });
    });
    it('a value that is not of the type inferred from the sample', async () => {
      const path = write('text-late.csv', 25_001, '1,2,oops,4,5,rome,4,0');
      await refused(statsFromSource(runner, fileSource(path), numeric), 'ENGINE_ERROR', new RegExp(`^DuckDB: ${path}:25002: column "b": could not read "oops" as DOUBLE, the column's type from its first rows$`));
    });
  });

  it('a file with no data rows says so (a CSV with only its header has every column inferred as text)', async () => {
    const header = join(dir, 'header-only.csv');
    writeFileSync(header, `${csvText().split('\n')[0]}\n`);
    const empty = join(dir, 'empty.parquet');
    await runner.query(`COPY (SELECT * FROM ${fileSource(csvPath)} WHERE false) TO ${DIALECTS.duckdb.text(empty)} (FORMAT PARQUET)`);
    await refused(statsFromSource(runner, fileSource(header), spec), 'EMPTY_INPUT', /^source: has no data rows$/);
    await refused(statsFromSource(runner, fileSource(empty), spec), 'EMPTY_INPUT', /^source: has no data rows$/);
    await refused(statsFromSource(runner, fileSource(empty), { ...spec, missing: 'drop' }), 'EMPTY_INPUT', /^source: has no data rows$/);
  });

  it("a glob's files with different columns: the file and the column named", async () => {
    const lines = csvText().trim().split('\n');
    mkdirSync(join(dir, 'parts'));
    writeFileSync(join(dir, 'parts', 'one.csv'), `${lines.slice(0, 200).join('\n')}\n`);
    writeFileSync(join(dir, 'parts', 'two.csv'), `${[lines[0].replace(',b,', ',bee,'), ...lines.slice(200)].join('\n')}\n`);
    await refused(statsFromSource(runner, fileSource(join(dir, 'parts', '*.csv')), spec), 'ENGINE_ERROR', new RegExp(`^DuckDB: the files of a glob must have the same columns: ${join(dir, 'parts', 'two.csv')}: column "b" is missing \\(compared with ${join(dir, 'parts', 'one.csv')}\\)$`));
    // The same header, but a short row DuckDB's sniffer met in the second file: that row is named.
    mkdirSync(join(dir, 'short-parts'));
    writeFileSync(join(dir, 'short-parts', 'one.csv'), `${lines.slice(0, 200).join('\n')}\n`);
    writeFileSync(join(dir, 'short-parts', 'two.csv'), `${[lines[0], ...lines.slice(200, 250), '1,2,3', ...lines.slice(250)].join('\n')}\n`);
    await refused(statsFromSource(runner, fileSource(join(dir, 'short-parts', '*.csv')), spec), 'ENGINE_ERROR', new RegExp(`^DuckDB: ${join(dir, 'short-parts', 'two.csv')}:52: expected 8 fields \\(as in the header\\), found 3$`));
  });

  describe('a column with no value (which DuckDB infers as text)', () => {
    // Column b (the third) emptied in the first `empty` rows of 30,000.
    const rows = csvText().trim().split('\n');
    const emptied = (name: string, empty: number, column = 2) => {
      const path = join(dir, name);
      const body = Array.from({ length: 30_000 }, (_, i) => {
        const cells = rows[1 + (i % 400)].split(',');
        if (i < empty) cells[column] = '';
        return cells.join(',');
      });
      writeFileSync(path, `${[rows[0], ...body].join('\n')}\n`);
      return path;
    };
    it('is left out with a warning, as in memory, which the model file records', async () => {
      const path = emptied('b-empty.csv', 30_000);
      const source = await statsFromSource(runner, fileSource(path), { target: 'y', features: ['a', 'b', 'c'] });
      expect(source.featureNames).toEqual(['a', 'c']);
      expect(source.report.warnings).toContain('column "b" is entirely missing; left out');
      const { model } = await trainFromSource(runner, fileSource(path), { target: 'y', features: ['a', 'b', 'c'] }, { alpha: 0.1 });
      expect(model.training.report?.warnings).toContain('column "b" is entirely missing; left out');
    });
    it('empty only in the rows DuckDB sampled (text to its sniffer), it is read as numbers, as in memory: its missing values counted, or dropped', async () => {
      const path = emptied('b-late.csv', 25_000);
      await refused(statsFromSource(runner, fileSource(path), { target: 'y', features: ['a', 'b', 'c'] }), 'MISSING_VALUE', /column "b": 25000 values are missing \(choose a missing-value policy/);
      const drop = { target: 'y', features: ['a', 'b', 'c'], missing: 'drop' } as const;
      const table = parseTable(readFileSync(path, 'utf8'), { source: 'source' });
      const design = buildDesign(table, drop);
      const fromEngine = await statsFromSource(runner, fileSource(path), { ...drop, fold: { column: 'fold' } });
      expect(fromEngine.recipe).toEqual(design.recipe);
      expectSameStats(fromEngine.stats, design, design.lines.map((l) => Number(table.rows[table.lines.indexOf(l)][7])));
    });
    it('an empty target is refused', () => refused(statsFromSource(runner, fileSource(emptied('y-empty.csv', 30_000, 0)), { target: 'y', features: ['a', 'b'] }), 'INVALID_SPEC', /column "y": has no values at all; it cannot be the target/));
  });

  it('errors are DataError or LassoKitError, never a raw engine exception', async () => {
    const e = await statsFromSource(runner, 'no_such_table', spec).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(LassoKitError);
    expect(e).not.toBeInstanceOf(DataError);
  });

  it('an infinite value (1e400; "inf", which DuckDB reads as a number, is no number to memory) or one whose square overflows is refused by column, under every policy and strategy', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${i % 7},${(i * 3) % 11},${i % 5}`);
    const at = (cell: string, j: number, k = 40) => rows.map((r, i) => (i === k ? r.split(',').map((v, c) => (c === j ? cell : v)).join(',') : r));
    const write = (name: string, lines: string[]) => {
      const path = join(dir, name);
      writeFileSync(path, `y,a,b\n${lines.join('\n')}\n`);
      return fileSource(path);
    };
    // In the target, in a feature beyond the pilot's rows, first in the pilot; with imputation (a mean would be -Infinity); streamed.
    await expectUnusable(runner, write('inf-y.csv', at('1e400', 0)), {}, new RegExp(`^source: column "y": ${INFINITE.source}`));
    await expectUnusable(runner, write('inf-a.csv', at('-1e400', 1)), { fold: { hash: 3 } }, new RegExp(`^source: column "a": ${INFINITE.source}`));
    await expectUnusable(runner, write('inf-mean.csv', at('', 2, 3).map((r, i) => (i === 50 ? r.replace(/,[^,]*$/, ',1e400') : r))), { missing: 'mean' }, /column "b": holds an infinite value/);
    await expectUnusable(runner, write('inf-stream.csv', at('1e400', 2)), { strategy: 'stream' }, /column "b": holds an infinite value/);
    // Spelled as a word, the cell is named, as in memory.
    for (const [cell, j, column] of [['inf', 0, 'y'], ['-Infinity', 1, 'a'], ['NaN', 2, 'b'], ['-nan', 2, 'b']] as const) {
      await expectUnusable(runner, write(`word-${j}.csv`, at(cell, j)), { strategy: 'stream' }, cell === 'NaN' ? /^source: column "b": 1 value is missing/ : new RegExp(`^source: column "${column}": "${cell}" is not a number$`));
    }
    // In the first row DuckDB's sniffer types the column text: the cell is named, as in memory.
    await expectUnusable(runner, write('inf-first.csv', at('inf', 2, 0)), {}, /^source: column "b": is VARCHAR in the engine's type inference, not a number, such as "inf" \(cast it in the source if it holds numbers\)$/);
    // NaN in a typed source (Parquet), which DuckDB orders above every number: named as what it is.
    const nanParquet = join(dir, 'nan.parquet');
    await runner.query(`COPY (SELECT CAST(i AS DOUBLE) AS y, CAST(i * 2 % 7 AS DOUBLE) AS a, CASE WHEN i = 5 THEN CAST('NaN' AS DOUBLE) ELSE CAST(i * 3 % 11 AS DOUBLE) END AS b FROM range(40) AS t(i)) TO ${DIALECTS.duckdb.text(nanParquet)} (FORMAT PARQUET)`);
    for (const extra of [{}, { strategy: 'stream' as const }, { missing: 'mean' as const }]) await expectUnusable(runner, fileSource(nanParquet), extra, /^source: column "b": holds NaN \(a value that is not a number\), not a usable number$/);
    const big = write('big.csv', at('1e200', 1));
    for (const extra of [{}, { strategy: 'stream' as const }, { strategy: 'stream' as const, fold: { hash: 3 } }, { missing: 'mean' as const, strategy: 'stream' as const }]) {
      await expectUnusable(runner, big, extra, overflowsIn('a'));
    }
  });
});

describe('the statistics query', () => {
  it('is one aggregate SELECT per fold, in every dialect, with DOUBLE casts before products', () => {
    const q = { from: 't', features: ['"a"', '"b"'], target: '"y"', where: ['"a" IS NOT NULL'], fold: '"fold"', shiftX: [1, 2], shiftY: 3 };
    const duck = statsQuery(q, DIALECTS.duckdb);
    expect(duck).toMatch(/^SELECT lassokit_fold AS fold,\n {2}count\(\*\) AS n/);
    expect(duck).toContain('sum(lassokit_x0 * lassokit_x1) AS q0_1');
    expect(duck).toContain('GROUP BY lassokit_fold');
    expect(statsQuery(q, DIALECTS.clickhouse)).toContain('toFloat64(1)');
    expect(statsQuery(q, DIALECTS.postgres)).toContain('CAST(1 AS DOUBLE PRECISION)');
    expect(DIALECTS.duckdb.indicator('"city"', "l'aquila", false)).toBe(`CASE WHEN CAST("city" AS VARCHAR) = 'l''aquila' THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END`);
    expect(() => DIALECTS.ansi.hashFold(['x'], 3)).toThrow(/ANSI SQL has no hash function/);
  });
});

describe('recipes with imputation, logs and clips are fitted in the engine', () => {
  const steps = { log: ['d'], clip: { c: [0.05, 0.95] as const } };

  it.each(['mean', 'median'] as const)('%s imputation, log and a clip: the recipe and statistics of buildDesign', async (missing) => {
    const { design, foldIds } = inMemory(csvText(true), missing, steps);
    const fromEngine = await statsFromSource(runner, fileSource(missingPath), { ...spec, ...steps, missing });
    expect(fromEngine.featureNames).toEqual(design.featureNames);
    // The same recipe; fitted numbers (sums in another order) to the last digits.
    expect(JSON.parse(JSON.stringify(fromEngine.recipe), (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v))).toEqual(
      JSON.parse(JSON.stringify(design.recipe), (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)),
    );
    expect(fromEngine.report.imputed).toEqual([{ column: 'a', count: 11, value: expect.closeTo(design.report.imputed[0].value, 8) }]);
    expectSameStats(fromEngine.stats, design, foldIds);
  });

  it('approximate quantiles (t-digest) land within 1% of rank of the exact ones', async () => {
    const exact = await statsFromSource(runner, fileSource(csvPath), { ...spec, clip: { c: [0.05, 0.95] } });
    const approx = await statsFromSource(runner, fileSource(csvPath), { ...spec, clip: { c: [0.05, 0.95] }, quantiles: 'approximate' });
    const bounds = (s: typeof exact) => s.recipe.steps.flatMap((st) => (st.op === 'clip' ? [st.bounds as readonly [number, number]] : []))[0];
    const values = (await runner.query(`SELECT CAST(c AS DOUBLE) AS c FROM ${fileSource(csvPath)} ORDER BY c`)).map((r) => r.c as number);
    const rank = (v: number) => values.filter((x) => x <= v).length / values.length;
    bounds(approx).forEach((b, t) => expect(Math.abs(rank(b) - [0.05, 0.95][t])).toBeLessThan(0.01 + 1 / values.length));
    expect(bounds(exact)).not.toEqual(bounds(approx));
  });

  it('log of a column with values ≤ 0 is refused before the statistics run', async () => {
    const e = await statsFromSource(runner, fileSource(csvPath), { ...spec, log: ['b'] }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).code).toBe('OUT_OF_DOMAIN');
    expect((e as Error).message).toMatch(/column "b": log needs values > 0; the smallest is -0\.4/);
  });
});

describe('wide designs: blocks of queries and streamed record batches give the same statistics', () => {
  const widePath = join(dir, 'wide.csv');
  beforeAll(() => writeFileSync(widePath, wideCsv(300, 130)));

  // (One aggregate query of 8,646 sums ran out of DuckDB's 512 MB here: why wide designs are split or streamed.)
  it.each(['stream', 'blocks'] as const)('%s', async (strategy) => {
    const text = wideCsv(300, 130);
    const table = inMemoryWide(text);
    const fromEngine = await statsFromSource(runner, fileSource(widePath), { target: 'y', features: table.features, fold: { column: 'fold' }, strategy });
    expect(fromEngine.strategy).toBe(strategy);
    expectSameStats(fromEngine.stats, table.design, table.foldIds);
    if (strategy === 'blocks') expect(fromEngine.sql.split(';\n\n')).toHaveLength(10); // 4 blocks of ≤ 40 features: 10 pairs
  });

  it('auto streams wide designs on DuckDB (CSV from 48 features, Parquet from 16); narrow ones are one query', async () => {
    expect(pickStrategy(15, runner, fileSource(parquetPath))).toBe('query');
    expect(pickStrategy(16, runner, fileSource(parquetPath))).toBe('stream');
    expect(pickStrategy(47, runner, fileSource(widePath))).toBe('query');
    const s = await statsFromSource(runner, fileSource(widePath), { target: 'y', fold: { hash: 3 } });
    expect(s.strategy).toBe('stream');
    expect('folds' in s.stats && s.stats.folds.map((f) => f.n).reduce((a, b) => a + b)).toBe(300);
  });
});

describe('a Parquet stream runs as row ranges at once (one connection each)', () => {
  const bigPath = join(dir, 'big.parquet');
  const bigMissingPath = join(dir, 'big-missing.parquet');
  const rows = 20_000;
  beforeAll(async () => {
    writeFileSync(join(dir, 'big.csv'), wideCsv(rows, 16));
    await runner.query(`COPY (SELECT * FROM ${fileSource(join(dir, 'big.csv'))}) TO ${DIALECTS.duckdb.text(bigPath)} (FORMAT PARQUET, ROW_GROUP_SIZE 4096)`);
    // One NULL (in whichever range holds that row).
    await runner.query(`COPY (SELECT y, CASE WHEN fold = 3 AND x0 = (SELECT max(x0) FROM ${fileSource(join(dir, 'big.csv'))} WHERE fold = 3) THEN NULL ELSE x0 END AS x0, x1 FROM ${fileSource(join(dir, 'big.csv'))}) TO ${DIALECTS.duckdb.text(bigMissingPath)} (FORMAT PARQUET)`);
  });

  it('every row summed once: the statistics equal the in-memory ones, from four ranges', async () => {
    const table = inMemoryWide(wideCsv(rows, 16));
    const fromEngine = await statsFromSource(runner, fileSource(bigPath), { target: 'y', features: table.features, fold: { column: 'fold' }, strategy: 'stream' });
    expect(fromEngine.sql.split(/;\n\n/).filter((q) => /file_row_number/.test(q))).toHaveLength(4);
    expect(fromEngine.sql).toMatch(/file_row_number >= 15000\s*$/m);
    expectSameStats(fromEngine.stats, table.design, table.foldIds);
  });

  it('as many ranges as the memory limit has room for row groups: one stream under a tight limit, the same statistics', async () => {
    // One row group of 20,000 rows × 18 doubles ≈ 2.9 MB: a quarter of 512 MB has room for four
    // at once, a quarter of 16 MB for one.
    const onePath = join(dir, 'big-one-group.parquet');
    await runner.query(`COPY (SELECT * FROM ${fileSource(bigPath)}) TO ${DIALECTS.duckdb.text(onePath)} (FORMAT PARQUET, ROW_GROUP_SIZE ${rows})`);
    const table = inMemoryWide(wideCsv(rows, 16));
    const opts = { target: 'y', features: table.features, fold: { column: 'fold' }, strategy: 'stream' } as const;
    expect((await statsFromSource(runner, fileSource(onePath), opts)).sql).toMatch(/file_row_number >= 15000\s*$/m);
    const tight = await duckdbRunner({ threads: 2, memoryLimit: '16MB' });
    onTestFinished(() => tight.close());
    const one = await statsFromSource(tight, fileSource(onePath), opts);
    expect(one.sql).not.toMatch(/file_row_number/);
    expectSameStats(one.stats, table.design, table.foldIds);
  });

  it("reads DuckDB's printed sizes", () => {
    expect(duckdbBytes('953.6 MiB')).toBeCloseTo(953.6 * 2 ** 20);
    expect(duckdbBytes('18.8 GiB')).toBeCloseTo(18.8 * 2 ** 30);
    expect(duckdbBytes('97.6 KiB')).toBeCloseTo(97.6 * 1024);
    expect(duckdbBytes('512 bytes')).toBe(512);
    expect(duckdbBytes('unlimited')).toBe(Infinity);
  });

  it('two files: the rows of each split by the same ranges, none lost or doubled', async () => {
    const one = await statsFromSource(runner, fileSource(bigPath), { target: 'y', features: ['x0', 'x1'], strategy: 'stream' });
    const two = await statsFromSource(runner, fileSource([bigPath, bigPath]), { target: 'y', features: ['x0', 'x1'], strategy: 'stream' });
    expect(two.stats.n).toBe(2 * one.stats.n);
    expectClose(Array.from(two.stats.xtx), Array.from(one.stats.xtx, (v) => 2 * v), { rtol: 1e-12 });
  });

  it('a NULL in one range stops the others and is named as in a single stream', async () => {
    const e = await statsFromSource(runner, fileSource(bigMissingPath), { target: 'y', features: ['x0', 'x1'], fold: { hash: 4 }, strategy: 'stream' }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).message).toMatch(/column "x0": 1 value is missing/);
    expect((await statsFromSource(runner, fileSource(bigPath), { target: 'y', features: ['x0', 'x1'], strategy: 'stream' })).stats.n).toBe(rows);
  });
});

describe('streamed record batches', () => {
  it('arrive whole and in order, across chunk boundaries', async () => {
    let rows = 0;
    let sum = 0;
    await runner.stream!('SELECT CAST(range AS DOUBLE) AS v FROM range(5000)', (columns, m) => {
      for (let i = 0; i < m; i++) expect(columns[0][i]).toBe(rows + i);
      rows += m;
      sum += columns[0].reduce((a, b) => a + b, 0);
    });
    expect([rows, sum]).toEqual([5000, (4999 * 5000) / 2]);
  });

  it('rows of any type come a chunk at a time, in order, as query gives them (by position)', async () => {
    const chunks: number[] = [];
    const all: unknown[][] = [];
    for await (const rows of runner.rows!("SELECT range AS i, 'r' || range AS s, CASE WHEN range % 1000 = 0 THEN NULL ELSE range / 2 END AS h FROM range(5000)")) {
      chunks.push(rows.length);
      all.push(...rows.map((r) => [...r]));
    }
    expect(chunks.length).toBeGreaterThan(1);
    expect(Math.max(...chunks)).toBeLessThanOrEqual(2048);
    const queried = await runner.query("SELECT range AS i, 'r' || range AS s, CASE WHEN range % 1000 = 0 THEN NULL ELSE range / 2 END AS h FROM range(5000)");
    expect(all).toEqual(queried.map((r) => [r.i, r.s, r.h]));
  });

  it('rows: an engine error is reported as one, and the runner goes on', async () => {
    const drain = async () => {
      for await (const rows of runner.rows!('SELECT * FROM nope')) expect(rows).toBeUndefined();
    };
    await expect(drain()).rejects.toThrow(/^DuckDB: Catalog Error/);
    // Met by a later chunk, as the rows are read.
    const late = async () => {
      for await (const rows of runner.rows!("SELECT CAST(CASE WHEN range = 4000 THEN 'x' ELSE '1' END AS INTEGER) AS v FROM range(5000)")) expect(rows.length).toBeGreaterThan(0);
    };
    await expect(late()).rejects.toThrow(/^DuckDB: Conversion Error/);
    expect(await runner.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  // A NULL anywhere in any chunk (not at a byte boundary of the validity mask) is refused, never summed as 0.
  it.each([0, 7, 2050, 4999])('a NULL at row %i is refused, naming the column', (at) =>
    refusedStream(`SELECT CAST(range AS DOUBLE) AS a, CASE WHEN range = ${at} THEN NULL ELSE 1.0 END::DOUBLE AS b FROM range(5000)`, /streamed column b has a NULL/));

  it('a column that is not DOUBLE is refused', () => refusedStream('SELECT range AS a FROM range(3)', /streamed column a is BIGINT, not DOUBLE/));

  async function refusedStream(sql: string, message: RegExp) {
    const error = await runner.stream!(sql, () => {}).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(LassoKitError);
    expect((error as LassoKitError).code).toBe('ENGINE_ERROR');
    expect((error as Error).message).toMatch(message);
  }
});

describe('the DuckDB runner bounds what a query may do', () => {
  it('a query past queryTimeoutMs is interrupted: TIMEOUT, and the runner still works', async () => {
    const quick = await duckdbRunner({ threads: 1, queryTimeoutMs: 200 });
    try {
      const t = performance.now();
      const e = await quick.query('SELECT sum(random()) AS s FROM range(10000000000)').catch((err: unknown) => err);
      expect((e as LassoKitError).code).toBe('TIMEOUT');
      expect((e as Error).message).toMatch(/ran past its 200 ms limit and was interrupted/);
      expect(performance.now() - t).toBeLessThan(5000);
      expect(await quick.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await quick.close();
    }
  });

  it('allowedDirectories sandboxes file access (symlinks resolved, no way back)', async () => {
    const inside = mkdtempSync(join(tmpdir(), 'lassokit-sandbox-'));
    onTestFinished(() => rmSync(inside, { recursive: true, force: true }));
    writeFileSync(join(inside, 'ok.csv'), 'a,b\n1,2\n');
    const boxed = await duckdbRunner({ allowedDirectories: [inside] });
    try {
      expect(await boxed.query(`SELECT count(*)::INTEGER AS n FROM ${fileSource(join(inside, 'ok.csv'))}`)).toEqual([{ n: 1 }]);
      const e = await boxed.query(`SELECT * FROM ${fileSource(csvPath)}`).catch((err: unknown) => err);
      expect((e as Error).message).toMatch(/^DuckDB: Permission Error/);
      await expect(boxed.query('SET enable_external_access = true')).rejects.toThrow(/Cannot enable external access/);
    } finally {
      await boxed.close();
    }
  });
});
