import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, elasticNet, predictInterval } from '@lassokit/core';
import { expectClose, tempDir } from '@lassokit/testing';
import { DIALECTS, MAX_CALIBRATION_ROWS, duckdbRunner, fileSource, splitIntervalsFromSource, statsFromSource, trainFromSource, type Runner } from '../src/index.js';
import { calibrationSides, csvText, expectSameSplit, residualsOf, spec, weightedCsvText } from './testData.js';

/**
 * Split-conformal intervals for a model fitted where the data are: the engine holds back about a
 * quarter of the rows by a second hash, sums the statistics of both sides in one scan, and
 * computes the residuals of the model fitted on the rest. Checked against the same rows read
 * back and handled in memory (recipe applied by `applyRecipe`, CV by `elasticNetCV`, residuals
 * by `predict`), and by coverage on fresh data.
 */
const dir = tempDir('lassokit-split-');
const csvPath = join(dir, 'data.csv');
const weightedPath = join(dir, 'weighted.csv');
let runner: Runner;
beforeAll(async () => {
  writeFileSync(csvPath, csvText());
  writeFileSync(weightedPath, weightedCsvText());
  runner = await duckdbRunner({ threads: 2, memoryLimit: '512MB' });
});
afterAll(() => runner.close());

describe('split intervals from a source (DuckDB)', () => {
  it.each(['query', 'blocks', 'stream'] as const)('%s: the held-back rows, the refit on the rest and its residuals agree with the same split in memory', async (strategy) => {
    const { model, cal, proper } = await expectSameSplit(runner, fileSource(csvPath), { ...spec, strategy }, '"fold"');
    expect(cal.rows + cal.stats.n).toBe(400);
    expect(model.training.calibration).toEqual({ heldBack: cal.rows, scored: proper.residuals.length });
    expect(cal.rows).toBeGreaterThan(70);
    expect(cal.rows).toBeLessThan(130);
    // The model itself still uses every row: the fit without intervals.
    const plain = await trainFromSource(runner, fileSource(csvPath), { ...spec, strategy });
    expectClose(model.alpha as number, plain.model.alpha as number, { rtol: 1e-12 });
    expectClose(model.coef, plain.model.coef, { rtol: 1e-9, atol: 1e-12 });
    expect(model.training.cv?.nFolds).toBe(5);
  });

  it('at most maxCalibrationRows residuals: a sample of the held-back rows by their hash, not the smallest residuals', async () => {
    const { model, source } = await trainFromSource(runner, fileSource(csvPath), spec, { intervals: 'split', maxCalibrationRows: 20 });
    const [proper] = model.intervals?.models ?? [];
    const all = residualsOf(proper, (await calibrationSides(runner, source.calibration as NonNullable<typeof source.calibration>, model)).held);
    expect(proper.residuals).toHaveLength(20);
    expect(model.training.calibration).toEqual({ heldBack: source.calibration?.rows, scored: 20 });
    for (const r of proper.residuals) expect(all.some((a) => Math.abs(a - r) <= 1e-9 * (1 + a))).toBe(true);
    expect(proper.residuals[19]).toBeGreaterThan(all[19] * 1.5);
    expect(MAX_CALIBRATION_ROWS).toBe(10_000);
    await expect(trainFromSource(runner, fileSource(csvPath), spec, { intervals: 'split', maxCalibrationRows: 0 })).rejects.toThrow(/maxCalibrationRows must be a positive integer; got 0/);
  });

  it('sample weights: the refit is weighted, and held-back rows of weight 0 have no residual', async () => {
    const { model, proper, held } = await expectSameSplit(runner, fileSource(weightedPath), { ...spec, weights: 'w' }, '"fold"');
    const zeros = held.w.filter((w) => w === 0).length;
    expect(zeros).toBeGreaterThan(0);
    expect(proper.residuals).toHaveLength(held.y.length - zeros);
    expect(model.training.calibration).toEqual({ heldBack: held.y.length, scored: held.y.length - zeros });
  });

  it('at a given alpha without folds: the rows left fitted at that alpha', async () => {
    const { model, source } = await trainFromSource(runner, fileSource(csvPath), { ...spec, fold: undefined }, { intervals: 'split', alpha: 0.01 });
    const { fit, held } = await calibrationSides(runner, source.calibration as NonNullable<typeof source.calibration>, model);
    const [proper] = model.intervals?.models ?? [];
    const rows = elasticNet(fit.X, fit.y, { alpha: 0.01, l1Ratio: 1 });
    expectClose(proper.coef, rows.coef, { rtol: 1e-6, atol: 1e-8 });
    expectClose(proper.residuals, residualsOf(proper, held), { rtol: 1e-9, atol: 1e-9 });
    expect(model.training.cv).toBeUndefined();
  });

  it('90 % intervals cover 90 % of fresh rows (20 data sets of 1,200 rows, 2,000 fresh rows each)', async () => {
    const rand = createRng(2024);
    const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    const beta = [3, -2, 0, 0, 1.5];
    const row = () => {
      const x = beta.map(() => normal());
      return { x, y: x.reduce((s, v, j) => s + beta[j] * v, 1) + 2 * normal() };
    };
    const lines = ['rep,y,x0,x1,x2,x3,x4'];
    for (let rep = 0; rep < 20; rep++) {
      for (let i = 0; i < 1200; i++) {
        const { x, y } = row();
        lines.push([rep, y, ...x].join(','));
      }
    }
    const path = join(dir, 'coverage.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const coverage: number[] = [];
    for (let rep = 0; rep < 20; rep++) {
      const { model } = await trainFromSource(runner, `(SELECT * FROM ${fileSource(path)} WHERE rep = ${rep}) AS source`, { target: 'y', features: ['x0', 'x1', 'x2', 'x3', 'x4'], fold: { hash: 5 } }, { intervals: 'split' });
      const fresh = Array.from({ length: 2000 }, row);
      const out = predictInterval(model, fresh.map((r) => r.x), { level: 0.9 });
      coverage.push(fresh.filter((r, i) => r.y >= out.lower[i] && r.y <= out.upper[i]).length / fresh.length);
    }
    const mean = coverage.reduce((a, c) => a + c, 0) / coverage.length;
    expect(mean).toBeGreaterThan(0.885);
    expect(mean).toBeLessThan(0.925);
  });

  it('the held-back buckets do not follow the hash folds (200,000 rows: each fold holds back 25 % ± 1)', async () => {
    const d = DIALECTS.duckdb;
    const cols = ['a', 'b'].map((c) => d.ident(c));
    const rows = await runner.query(`SELECT ${d.hashFold(cols, 4)} AS f, avg(CASE WHEN ${d.splitHash(cols.map((expr) => ({ expr, numeric: true })))} % 4 = 0 THEN 1.0 ELSE 0.0 END) AS held FROM (SELECT random() AS a, random() AS b FROM range(200000)) AS r GROUP BY f ORDER BY f`);
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(Math.abs(Number(r.held) - 0.25)).toBeLessThan(0.01);
  });
});

describe('split intervals from a source: what is refused, and why', () => {
  /** Rows of a two-column CSV whose split hash puts them all on one side. */
  async function rowsOnSide(heldBack: boolean, count: number): Promise<string[]> {
    const path = join(dir, 'candidates.csv');
    writeFileSync(path, `y,a\n${Array.from({ length: 200 }, (_, i) => `${((i * 37) % 50) / 10 + 0.05},${i}.25`).join('\n')}\n`);
    const { source } = await trainFromSource(runner, fileSource(path), { target: 'y' }, { intervals: 'split', alpha: 0.1 });
    const cal = source.calibration as NonNullable<typeof source.calibration>;
    const found = await runner.query(`SELECT y, a FROM ${cal.design.from} WHERE (${cal.design.hash} % 4 = 0) = ${heldBack} LIMIT ${count}`);
    return found.map((r) => `${Number(r.y)},${Number(r.a)}`);
  }

  it("'cv+' needs every row's held-out residual: refused, naming 'split'", async () => {
    await expect(trainFromSource(runner, fileSource(csvPath), spec, { intervals: 'cv+' as 'split' })).rejects.toThrow(/'cv\+' intervals need every row's held-out residual, which a fit from statistics does not have: use 'split'/);
    await expect(trainFromSource(runner, fileSource(csvPath), spec, { intervals: 'jackknife' as 'split' })).rejects.toThrow(/intervals must be "split" for a fit from a source; got "jackknife"/);
    const source = await statsFromSource(runner, fileSource(csvPath), spec);
    await expect(splitIntervalsFromSource(runner, source)).rejects.toThrow(/these statistics held no rows back: compute them with statsFromSource\(…, \{ calibrate: true \}\)/);
  });

  it('every row held back, or none: refused, counted', async () => {
    const all = join(dir, 'allHeld.csv');
    writeFileSync(all, `y,a\n${(await rowsOnSide(true, 4)).join('\n')}\n`);
    await expect(trainFromSource(runner, fileSource(all), { target: 'y' }, { intervals: 'split', alpha: 0.1 })).rejects.toThrow(/split intervals hold back about a quarter of the rows for calibration, by a hash of each row; all 4 rows kept fell there, none is left to fit/);
    const none = join(dir, 'noneHeld.csv');
    writeFileSync(none, `y,a\n${(await rowsOnSide(false, 4)).join('\n')}\n`);
    await expect(trainFromSource(runner, fileSource(none), { target: 'y' }, { intervals: 'split', alpha: 0.1 })).rejects.toThrow(/split intervals hold back 0 of the 4 rows for calibration \(by a hash of each row\); use more rows/);
  });

  it('weight 0 on every held-back row, or on every row left to fit: refused, naming the side', async () => {
    const held = await rowsOnSide(true, 3);
    const kept = await rowsOnSide(false, 6);
    const path = join(dir, 'weights.csv');
    writeFileSync(path, `y,a,w\n${[...held.map((r) => `${r},0`), ...kept.map((r) => `${r},1`)].join('\n')}\n`);
    await expect(trainFromSource(runner, fileSource(path), { target: 'y', weights: 'w' }, { intervals: 'split', alpha: 0.1 })).rejects.toThrow(/split intervals hold back 3 of the 9 rows for calibration \(by a hash of each row\); they all have weight 0, which leaves no residual to calibrate with — use 'cv\+' intervals in memory/);
    writeFileSync(path, `y,a,w\n${[...held.map((r) => `${r},1`), ...kept.map((r) => `${r},0`)].join('\n')}\n`);
    await expect(trainFromSource(runner, fileSource(path), { target: 'y', weights: 'w' }, { intervals: 'split', alpha: 0.1 })).rejects.toThrow(/split intervals hold back 3 of the 9 rows for calibration \(by a hash of each row\); the 6 rows left to fit all have weight 0/);
  });
});
