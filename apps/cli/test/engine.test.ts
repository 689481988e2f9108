import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '@lassokit/testing';
import { duckdbRunner, fileSource } from '@lassokit/sql';

// Subprocess tests of the built binary (pnpm build first), as in cli.test.ts.
const BIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const dir = tempDir('lassokit-cli-engine-');

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const csv = join(dir, 'auto.csv');
const parquet = join(dir, 'auto.parquet');
const SPEC = ['--target', 'mpg', '--features', 'cylinders,displacement,horsepower,weight,acceleration,model_year', '--categorical', 'cylinders', '--missing', 'drop'];

beforeAll(async () => {
  writeFileSync(csv, run(['data', 'auto-mpg']).stdout);
  const runner = await duckdbRunner();
  await runner.query(`COPY (SELECT * FROM ${fileSource(csv)}) TO '${parquet}' (FORMAT PARQUET)`);
  await runner.close();
});

describe('Parquet, globs and --engine duckdb: statistics from DuckDB, the same model file', () => {
  it('fit at an alpha on Parquet equals the in-memory fit on the CSV', () => {
    const fromParquet = JSON.parse(run(['fit', parquet, ...SPEC, '--alpha', '0.05', '--tol', '1e-12', '--json']).stdout);
    const inMemory = JSON.parse(run(['fit', csv, ...SPEC, '--alpha', '0.05', '--tol', '1e-12', '--json']).stdout);
    expect(fromParquet.featureNames).toEqual(inMemory.featureNames);
    expect(fromParquet.preprocessing.recipe).toEqual(inMemory.preprocessing.recipe);
    fromParquet.coef.forEach((b: number, j: number) => expect(Math.abs(b - inMemory.coef[j])).toBeLessThan(1e-8 * (1 + Math.abs(inMemory.coef[j]))));
  });

  it('--weights: a weighted fit and CV from Parquet equal the in-memory ones on the CSV', () => {
    const weighted = [...SPEC, '--weights', 'origin', '--alpha', '0.05', '--tol', '1e-12', '--json'];
    const fromParquet = JSON.parse(run(['fit', parquet, ...weighted]).stdout);
    const inMemory = JSON.parse(run(['fit', csv, ...weighted]).stdout);
    const unweighted = JSON.parse(run(['fit', csv, ...SPEC, '--alpha', '0.05', '--tol', '1e-12', '--json']).stdout);
    expect(fromParquet.training.weighted).toBe(true);
    // The summary says so, whichever engine read the rows.
    const summary = weighted.filter((a) => a !== '--json');
    expect(run(['fit', parquet, ...summary]).stdout).toMatch(/rows weighted by origin, /);
    expect(run(['fit', csv, ...summary]).stdout).toMatch(/rows weighted by origin, /);
    fromParquet.coef.forEach((b: number, j: number) => expect(Math.abs(b - inMemory.coef[j])).toBeLessThan(1e-8 * (1 + Math.abs(inMemory.coef[j]))));
    // The weights matter: the unweighted fit is elsewhere.
    expect(Math.max(...unweighted.coef.map((b: number, j: number) => Math.abs(b - inMemory.coef[j])))).toBeGreaterThan(1e-3);
    const cv = (file: string) => run(['cv', file, ...SPEC, '--weights', 'origin', '--engine', 'duckdb', '--folds', '5', '--json']);
    const a = JSON.parse(cv(parquet).stdout);
    const b = JSON.parse(cv(csv).stdout);
    expect(a.alphaMin).toBe(b.alphaMin);
  });

  it('refuses --workers where DuckDB computes the statistics (path and cv), rather than ignore it', () => {
    for (const command of ['path', 'cv']) {
      const r = run([command, parquet, ...SPEC, '--workers', '2']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--workers sets the threads of fits over rows held in memory; with DuckDB the engine computes the statistics/);
    }
  });

  it('--fold-column gives the same folds, curve and model in memory as in DuckDB (the column is not a feature)', () => {
    const byOrigin = ['--target', 'mpg', '--features', 'displacement,horsepower,weight,acceleration,model_year', '--missing', 'drop', '--fold-column', 'origin', '--tol', '1e-12', '--json'];
    const cv = (engine: string) => JSON.parse(run(['cv', csv, ...byOrigin, '--engine', engine]).stdout);
    const [memory, duck] = [cv('memory'), cv('duckdb')];
    expect(run(['cv', csv, ...byOrigin, '--engine', 'memory']).stderr).toMatch(/^note: 3 folds from column "origin" \(1, 2, 3\)$/m);
    expect(memory.alphas.length).toBe(duck.alphas.length);
    memory.cvMean.forEach((m: number, k: number) => expect(Math.abs(m - duck.cvMean[k])).toBeLessThan(1e-8 * m));
    expect(memory.alphaMin).toBeCloseTo(duck.alphaMin, 12);
    const fit = (engine: string) => JSON.parse(run(['fit', csv, ...byOrigin, '--engine', engine]).stdout);
    const [a, b] = [fit('memory'), fit('duckdb')];
    expect(a.training.cv).toMatchObject({ nFolds: 3, foldsBy: 'folds from column "origin"' });
    expect(b.training.cv).toMatchObject({ nFolds: 3, foldsBy: 'folds from column "origin"' });
    expect(a.training.cv.seed).toBeUndefined();
    expect(a.featureNames).toEqual(b.featureNames);
    expect(a.featureNames).not.toContain('origin');
    // By default every other column is a feature: the fold column is left out of them too.
    const byDefault = JSON.parse(run(['fit', csv, '--target', 'mpg', '--features', 'weight,origin', '--fold-column', 'origin', '--json']).stdout);
    expect(byDefault.featureNames).toEqual(['weight', 'origin']);
  });

  it('--fold-column where no CV runs, or with the flags it replaces, is a usage error (exit 2)', () => {
    for (const [args, message] of [
      [['fit', csv, ...SPEC, '--fold-column', 'origin', '--alpha', '0.1'], /--fold-column sets the folds of a cross-validation: with --alpha there is none/],
      [['path', parquet, ...SPEC, '--fold-column', 'origin'], /--fold-column sets the folds of a cross-validation: a path has none/],
      [['cv', csv, ...SPEC, '--fold-column', 'origin', '--folds', '5'], /give either --folds k or --fold-column/],
      [['fit', csv, ...SPEC, '--fold-column', 'origin', '--cv', '5'], /give either --cv k or --fold-column/],
      [['cv', csv, ...SPEC, '--fold-column', 'origin', '--seed', '2'], /--seed draws random folds; with --fold-column the folds are the column's values/],
      [['sql', csv, ...SPEC, '--fold-column', 'origin', '--folds', '5'], /give either --folds k or --fold-column/],
    ] as const) {
      const r = run([...args]);
      expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)]);
    }
    const unknown = run(['cv', csv, ...SPEC, '--fold-column', 'nope']);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([1, `lassokit: ${csv}: unknown fold column "nope" (columns: mpg, cylinders, displacement, horsepower, weight, acceleration, model_year, origin, car_name)`]);
  });

  it('a cross-validated model from Parquet predicts a CSV through its recipe', () => {
    const model = join(dir, 'model.json');
    const fit = run(['fit', parquet, ...SPEC, '--out', model]);
    expect(fit.code).toBe(0);
    expect(fit.stderr).toMatch(/392 rows read by DuckDB \(10 folds by a hash of the used columns\)/);
    const saved = JSON.parse(readFileSync(model, 'utf8'));
    expect(saved.training.cv).toMatchObject({ nFolds: 10, foldsBy: '10 folds by a hash of the used columns' });
    const rows = join(dir, 'two.csv');
    writeFileSync(rows, 'cylinders,displacement,horsepower,weight,acceleration,model_year\n4,120,90,2500,16,78\n8,350,165,4200,11,72\n');
    const predicted = JSON.parse(run(['predict', model, rows, '--json']).stdout);
    expect(predicted.predictions[0]).toBeGreaterThan(predicted.predictions[1]);
  });

  it('predict and evaluate read Parquet as they read the same rows as CSV (row numbers in messages); other readers say they take CSV', async () => {
    const model = join(dir, 'drop-model.json');
    expect(run(['fit', csv, ...SPEC, '--alpha', '0.05', '--out', model]).code).toBe(0);
    const fromCsv = JSON.parse(run(['predict', model, csv, '--json', '--skip-missing']).stdout);
    const fromParquet = JSON.parse(run(['predict', model, parquet, '--json', '--skip-missing']).stdout);
    expect(fromParquet.predictions).toEqual(fromCsv.predictions);
    expect(fromParquet.predictions.filter((v: number | null) => v === null)).toHaveLength(6);
    expect(JSON.parse(run(['evaluate', model, parquet, '--json']).stdout)).toEqual(JSON.parse(run(['evaluate', model, csv, '--json']).stdout));
    // A missing horsepower (row 33 of the file) stops predict without --skip-missing, named by row.
    expect(run(['predict', model, parquet]).stderr).toMatch(new RegExp(`^lassokit: ${parquet}:33: column "horsepower": value is missing`, 'm'));
    const empty = join(dir, 'empty.parquet');
    const runner = await duckdbRunner();
    await runner.query(`COPY (SELECT * FROM ${fileSource(parquet)} WHERE false) TO '${empty}' (FORMAT PARQUET)`);
    await runner.close();
    expect(run(['predict', model, empty]).stderr.trim()).toBe(`lassokit: ${empty}: has no data rows`);
  });

  it('a .csv.gz is read by DuckDB by default, and decompressed whole with --engine memory: the same fit as the CSV', () => {
    const gz = join(dir, 'auto.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(csv)));
    const args = (f: string, ...more: string[]) => ['fit', f, ...SPEC, '--alpha', '0.05', '--tol', '1e-12', '--json', ...more];
    const byDuckdb = run(args(gz));
    expect(byDuckdb.stderr).toMatch(/392 rows read by DuckDB/);
    const inMemory = JSON.parse(run(args(csv)).stdout);
    const fromGz = JSON.parse(run(args(gz, '--engine', 'memory')).stdout);
    expect(fromGz.coef).toEqual(inMemory.coef);
    const duck = JSON.parse(byDuckdb.stdout);
    duck.coef.forEach((c: number, j: number) => expect(c).toBeCloseTo(inMemory.coef[j], 8));
  });

  it("a model trained on decimal commas predicts Parquet (typed numbers) and, with --decimal ., a CSV written with points", () => {
    const eu = join(dir, 'auto-eu.csv');
    writeFileSync(eu, readFileSync(csv, 'utf8').replaceAll(',', ';').replaceAll('.', ','));
    const [commas, points] = [join(dir, 'm-commas.json'), join(dir, 'm-points.json')];
    expect(run(['fit', eu, ...SPEC, '--alpha', '0.05', '--decimal', ',', '--out', commas]).code).toBe(0);
    expect(run(['fit', csv, ...SPEC, '--alpha', '0.05', '--out', points]).code).toBe(0);
    const expected = run(['predict', points, csv, '--skip-missing']).stdout;
    expect(run(['predict', commas, parquet, '--skip-missing']).stdout).toBe(expected);
    const unread = run(['predict', commas, csv, '--skip-missing']);
    expect([unread.code, unread.stderr.trim()]).toEqual([1, expect.stringMatching(/auto\.csv:2: column "displacement": "307\.0" is not a number written with a decimal comma \(no point, at most one comma\); the model reads numbers with a decimal comma, as it was trained: if this file writes them with a point, give --decimal \.$/)]);
    expect(run(['predict', commas, csv, '--skip-missing', '--decimal', '.']).stdout).toBe(expected);
    expect(run(['evaluate', commas, csv, '--decimal', '.', '--json']).stdout).toBe(run(['evaluate', points, csv, '--json']).stdout);
    const typed = run(['predict', commas, parquet, '--decimal', ',']);
    expect([typed.code, typed.stderr]).toEqual([2, expect.stringMatching(/--decimal is for CSV files; .*auto\.parquet, a Parquet file, has typed numbers/)]);
  });

  it('predict and evaluate read Parquet in pieces (memory for one, whatever its size): the same output as the CSV, rows named by their number in the file', async () => {
    const model = join(dir, 'drop-model-pieces.json');
    expect(run(['fit', csv, ...SPEC, '--alpha', '0.05', '--out', model]).code).toBe(0);
    // Auto-MPG six times (2,358 rows: more than one of DuckDB's 2,048-row chunks), in pieces of ~75
    // cells; rows without a horsepower only in the last copy, at its end (past the first piece).
    const six = join(dir, 'six.parquet');
    const sixCsv = join(dir, 'six.csv');
    const runner = await duckdbRunner();
    await runner.query(`COPY (SELECT * FROM ${fileSource(csv)}, range(6) WHERE horsepower IS NOT NULL OR range = 5 ORDER BY range, horsepower NULLS LAST, mpg, car_name, weight) TO '${sixCsv}' (HEADER)`);
    await runner.query(`COPY (SELECT * EXCLUDE (range) FROM ${fileSource(sixCsv)}) TO '${six}' (FORMAT PARQUET)`);
    await runner.close();
    const small = { LASSOKIT_PIECE_BYTES: '600' };
    const args = (data: string) => ['predict', model, data, '--skip-missing', '--keep', 'car_name', '--json'];
    const fromCsv = JSON.parse(run(args(sixCsv)).stdout);
    expect(fromCsv.predictions).toHaveLength(2358);
    expect(JSON.parse(run(args(six), small).stdout).predictions).toEqual(fromCsv.predictions);
    expect(JSON.parse(run(['evaluate', model, six, '--json'], small).stdout)).toEqual(JSON.parse(run(['evaluate', model, sixCsv, '--json']).stdout));
    // A missing horsepower past the first piece is named by its row in the file.
    const stopped = run(['predict', model, six], small);
    expect(stopped.stderr).toMatch(new RegExp(`^lassokit: ${six}:2353: column "horsepower": value is missing`, 'm'));
    expect(stopped.stderr).toBe(run(['predict', model, six]).stderr);
  });

  it('--engine memory reads Parquet as it reads the same rows as CSV: intervals, relax and stability need the rows', () => {
    const same = (args: string[]) => {
      const a = run([...args.map((x) => (x === 'DATA' ? parquet : x)), '--json']);
      const b = run([...args.map((x) => (x === 'DATA' ? csv : x)), '--json']);
      expect(a.code, a.stderr).toBe(0);
      const [ja, jb] = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
      for (const j of [ja, jb]) {
        delete j.training?.source;
        delete j.createdAt;
      }
      expect(ja).toEqual(jb);
    };
    same(['fit', 'DATA', ...SPEC, '--engine', 'memory', '--intervals', 'cv+']);
    same(['fit', 'DATA', ...SPEC, '--engine', 'memory', '--relax']);
    same(['stability', 'DATA', ...SPEC, '--pairs', '10']);
  });

  it('--intervals split with DuckDB: a quarter held back by a hash of each row, the same from Parquet and CSV; predict gives the intervals; cv+ and relax refused', () => {
    const model = join(dir, 'split.json');
    const r = run(['fit', parquet, ...SPEC, '--engine', 'duckdb', '--intervals', 'split', '-o', model]);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(model, 'utf8'));
    const residuals: number[] = m.intervals.models[0].residuals;
    expect(m.intervals.method).toBe('split');
    expect(r.stdout).toMatch(new RegExp(`prediction intervals: split conformal, ${residuals.length} calibration rows \\(of ${residuals.length} held back by a hash of each row\\)`));
    expect(m.training.calibration).toEqual({ heldBack: residuals.length, scored: residuals.length });
    expect(residuals.length).toBeGreaterThan(70);
    expect(residuals.length).toBeLessThan(130);
    // The same rows held back from the CSV (the hash reads the values, whatever the file).
    const fromCsv = JSON.parse(run(['fit', csv, ...SPEC, '--engine', 'duckdb', '--intervals', 'split', '--json']).stdout);
    expect(fromCsv.intervals.models[0].residuals).toHaveLength(residuals.length);
    fromCsv.intervals.models[0].residuals.forEach((v: number, i: number) => expect(Math.abs(v - residuals[i])).toBeLessThan(1e-9 * (1 + v)));
    // 90 %: the calibrated model's ŷ ± the ⌈0.9·(n + 1)⌉-th smallest residual, for every row.
    const predicted = run(['predict', model, csv, '--interval', '0.9', '--skip-missing']);
    expect(predicted.code, predicted.stderr).toBe(0);
    const q = residuals[Math.ceil(0.9 * (residuals.length + 1)) - 1];
    const lines = predicted.stdout.trim().split('\n');
    expect(lines[0]).toBe('prediction,lower,upper');
    // (The 6 rows missing horsepower are skipped: empty cells.)
    expect([lines.length, lines.filter((l) => l === ',,').length]).toEqual([399, 6]);
    for (const line of lines.slice(1).filter((l) => l !== ',,')) {
      const [, lower, upper] = line.split(',').map(Number);
      expect(Math.abs(upper - lower - 2 * q)).toBeLessThan(1e-9 * (1 + q));
    }
    const cvPlus = run(['fit', parquet, ...SPEC, '--engine', 'duckdb', '--intervals', 'cv+']);
    expect([cvPlus.code, cvPlus.stderr.split('\n')[0]]).toEqual([2, "error: --intervals cv+ needs every row's held-out residual, not only statistics: use --intervals split (a quarter of the rows held back in DuckDB), or --engine memory"]);
    const relax = run(['fit', parquet, ...SPEC, '--engine', 'duckdb', '--relax']);
    expect([relax.code, relax.stderr.split('\n')[0]]).toEqual([2, 'error: --relax needs the rows (least-squares refits on each support), not only statistics: use --engine memory']);
  });

  it('path on Parquet has the grid of the in-memory path; cv prints its curve', () => {
    const a = JSON.parse(run(['path', parquet, ...SPEC, '--n-alphas', '20', '--json']).stdout);
    const b = JSON.parse(run(['path', csv, ...SPEC, '--n-alphas', '20', '--json']).stdout);
    a.alphas.forEach((v: number, k: number) => expect(Math.abs(v - b.alphas[k]) / b.alphas[k]).toBeLessThan(1e-12));
    const cv = run(['cv', csv, ...SPEC, '--engine', 'duckdb', '--folds', '5']);
    expect(cv.code).toBe(0);
    expect(cv.stdout).toMatch(/^5-fold CV \(MSE\)/);
  });

  it('sql prints the statistics query in a dialect', () => {
    const r = run(['sql', parquet, ...SPEC, '--dialect', 'clickhouse', '--folds', '5', '--from', 'cars']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^-- statistics of 10 features/);
    expect(r.stdout).toContain('FROM cars');
    expect(r.stdout).toContain('toFloat64(`weight`)');
    expect(r.stdout).toMatch(/GROUP BY lassokit_fold\nORDER BY lassokit_fold;\n$/);
  });

  it("sql with --na prints a query that reads the file's mark as NULL, as the fit did: run by DuckDB, it counts the fit's rows", async () => {
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    const hp = lines[0].split(',').indexOf('horsepower');
    const marked = join(dir, 'sql-marked.csv');
    writeFileSync(marked, `${lines.map((l, i) => (i === 0 ? l : l.split(',').map((c, j) => (j === hp && c === '' ? '?' : c)).join(','))).join('\n')}\n`);
    const r = run(['sql', marked, '--target', 'mpg', '--features', 'horsepower,weight', '--na', '?', '--missing', 'drop']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("nullstr = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', '?']");
    const duck = await duckdbRunner();
    try {
      const rows = await duck.query(r.stdout.split('\n').filter((l) => !l.startsWith('--')).join('\n').replace(/;\s*$/, ''));
      expect(rows.reduce((n, row) => n + Number(row.n), 0)).toBe(392);
    } finally {
      await duck.close();
    }
  });

  it('a named pipe given to DuckDB is refused before it is read (DuckDB reads its input more than once)', () => {
    const fifo = join(dir, 'pipe.csv');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = run(['fit', fifo, ...SPEC, '--alpha', '0.1', '--engine', 'duckdb']);
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([2, `error: ${fifo} is a pipe or a device, and DuckDB reads its input more than once: save it to a file first (or read the CSV in memory: --engine memory, or - for standard input)`]);
  });

  it('bad input: a glob that matches nothing (exit 1, one line), an impossible option (exit 2)', () => {
    const none = run(['fit', join(dir, 'nothing-*.parquet'), '--target', 'mpg']);
    expect(none.code).toBe(1);
    expect(none.stderr.trim()).toBe(`lassokit: DuckDB: no file matches ${join(dir, 'nothing-*.parquet')}`);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    const weights = run(['fit', parquet, ...SPEC, '--weights', 'car_name']);
    expect(weights.code).toBe(1);
    expect(weights.stderr.trim()).toMatch(/^lassokit: .*column "car_name": is VARCHAR in the engine's type inference, not a number, such as "chevrolet chevelle malibu" \(weights must be numbers ≥ 0\)$/);
  });

  it("the engine's data errors name the flag that fixes them", () => {
    const text = run(['fit', parquet, '--target', 'mpg']);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/column "car_name": is VARCHAR in the engine's type inference, not a number, such as "chevrolet chevelle malibu" \(cast it in the source if it holds numbers\); if "car_name" is text \(a category, a name\), one-hot encode it with --categorical car_name or leave it out with --exclude car_name$/m);
    const missing = run(['fit', parquet, '--target', 'mpg', '--features', 'horsepower,weight']);
    expect(missing.stderr).toMatch(/column "horsepower": 6 values are missing \(choose a policy: --missing drop, mean or median\)$/m);
  });

  it('a Parquet column of numbers written as text: the --sql that reads them as numbers, which fits', async () => {
    const texts = join(dir, 'texts.parquet');
    const runner = await duckdbRunner();
    await runner.query(`COPY (SELECT mpg, CAST(weight AS VARCHAR) AS "car weight" FROM ${fileSource(csv)}) TO '${texts}' (FORMAT PARQUET)`);
    await runner.close();
    const refused = run(['fit', texts, '--target', 'mpg', '--alpha', '0.1']);
    expect(refused.code).toBe(1);
    const sql = `SELECT * REPLACE (CAST("car weight" AS DOUBLE) AS "car weight") FROM '${texts}'`;
    expect(refused.stderr.trim()).toBe(
      `lassokit: ${texts}: column "car weight": is VARCHAR in the engine's type inference, not a number, though its first 100,000 rows read as numbers (cast it in the source: CAST("car weight" AS DOUBLE)); to read it as numbers: --sql "${sql.replaceAll('"', '\\"')}"`,
    );
    const fitted = run(['fit', '--sql', sql, '--target', 'mpg', '--alpha', '0.1', '--json']);
    expect(fitted.code).toBe(0);
    expect(JSON.parse(fitted.stdout).featureNames).toEqual(['car weight']);
  });

  it("a CSV header's unnamed columns, alike in memory and by DuckDB: pandas' index refused unless features are listed, a spreadsheet's empty ones left out", () => {
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    const indexed = join(dir, 'indexed.csv');
    writeFileSync(indexed, `${lines.map((l, i) => `${i === 0 ? '' : i - 1},${l},,`).join('\n')}\n`);
    const numeric = ['--target', 'mpg', '--missing', 'drop', '--alpha', '0.05'];
    for (const engine of ['memory', 'duckdb']) {
      const refused = run(['fit', indexed, ...numeric, '--engine', engine]);
      expect([refused.code, refused.stderr.trim()], engine).toEqual([1, `lassokit: ${indexed}: column "column00": the header leaves column 1 unnamed (read as "column00"), yet it holds values such as "0" — a row index, as pandas' to_csv writes? List the features to leave it out, or name it in the header`]);
      // With a fold column, too (the CLI lists the features then).
      const folds = run(['fit', indexed, '--target', 'mpg', '--missing', 'drop', '--fold-column', 'origin', '--engine', engine]);
      expect(folds.code, engine).toBe(1);
      expect(folds.stderr, engine).toMatch(/the header leaves column 1 unnamed/);
    }
    const models = ['memory', 'duckdb'].map((engine) => {
      const out = join(dir, `indexed-${engine}.json`);
      const r = run(['fit', indexed, ...numeric, '--features', 'cylinders,weight,model_year', '--engine', engine, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8'));
    });
    expect(models[1].coef).toEqual(models[0].coef.map((c: number) => expect.closeTo(c, 8)));
    const sheet = join(dir, 'sheet.csv');
    writeFileSync(sheet, `${lines.map((l) => `${l},,`).join('\n')}\n`);
    for (const engine of ['memory', 'duckdb']) {
      const r = run(['fit', sheet, ...numeric, '--categorical', 'car_name', '--engine', engine]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr, engine).toMatch(/warning: columns 10, 11 have no name and no values; left out/);
    }
  });

  it("an engine's text column shows a cell, so its fix is a file's: a mark (--na for a CSV, NULLIF elsewhere), a number written for people, a date", () => {
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    const hp = header.indexOf('horsepower');
    const marked = join(dir, 'marked.csv');
    writeFileSync(marked, `${lines.map((l, i) => (i === 0 ? l : l.split(',').map((c, j) => (j === hp && c === '' ? '?' : c)).join(','))).join('\n')}\n`);
    const csvMark = run(['fit', marked, '--target', 'mpg', '--features', 'horsepower,weight', '--engine', 'duckdb']);
    expect(csvMark.stderr).toMatch(/column "horsepower": is VARCHAR in the engine's type inference, not a number, such as "\?" \(cast it in the source if it holds numbers\); if "\?" marks a missing value, give --na '\?' \(and --missing drop, mean or median\)$/m);
    const query = run(['fit', '--sql', `SELECT * FROM read_csv('${marked}', nullstr = '')`, '--target', 'mpg', '--features', 'horsepower,weight']);
    expect(query.stderr).toMatch(/such as "\?" \(cast it in the source if it holds numbers\); if "\?" marks a missing value, turn it into NULL in a --sql query \(NULLIF\(column, '\?'\)\)$/m);
    const money = run(['fit', '--sql', "SELECT 1.5 AS y, '$1,250' AS price, DATE '2021-04-10' AS day", '--target', 'y', '--features', 'price', '--alpha', '1']);
    expect(money.stderr).toMatch(/column "price": is VARCHAR .* such as "\$1,250" .*; a currency sign and a thousands separator \(or a decimal comma: 1\.250\) in a number: write it plainly in the file \(1250\)$/m);
    const day = run(['fit', '--sql', "SELECT 1.5 AS y, DATE '2021-04-10' AS day", '--target', 'y', '--alpha', '1']);
    expect(day.stderr).toMatch(/column "day": is DATE in the engine's type inference, not a number; if "day" holds dates or times, leave it out with --exclude day/m);
  });

  it('a short row: the same file and line with DuckDB as in memory, and no model file', () => {
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    const short = join(dir, 'short.csv');
    writeFileSync(short, `${[...lines.slice(0, 301), '18,8,307', ...lines.slice(301)].join('\n')}\n`);
    const out = join(dir, 'short-model.json');
    const engine = run(['fit', short, ...SPEC, '--engine', 'duckdb', '--out', out]);
    const memory = run(['fit', short, ...SPEC, '--engine', 'memory']);
    expect([engine.code, engine.stderr.trim()]).toEqual([1, `lassokit: DuckDB: ${short}:302: expected 9 fields (as in the header), found 3`]);
    expect([memory.code, memory.stderr.trim()]).toEqual([1, `lassokit: ${short}:302: expected 9 fields (as in the header), found 3`]);
    expect(existsSync(out)).toBe(false);
  });

  it("the statistics' data errors name the file; a file with only a header has no data rows", () => {
    const header = join(dir, 'header.csv');
    writeFileSync(header, readFileSync(csv, 'utf8').split('\n')[0] + '\n');
    expect(run(['fit', header, '--target', 'mpg', '--engine', 'duckdb']).stderr.trim()).toBe(`lassokit: ${header}: has no data rows`);
    expect(run(['fit', parquet, '--target', 'mpg', '--features', 'nope']).stderr).toMatch(new RegExp(`^lassokit: ${parquet}: unknown feature column "nope"`));
  });

  it('median imputation in DuckDB gives the recipe and fit of the in-memory path', () => {
    const median = [...SPEC.slice(0, -2), '--missing', 'median', '--alpha', '0.05', '--tol', '1e-12', '--json'];
    const a = JSON.parse(run(['fit', parquet, ...median]).stdout);
    const b = JSON.parse(run(['fit', csv, ...median]).stdout);
    expect(a.preprocessing.recipe).toEqual(b.preprocessing.recipe);
    a.coef.forEach((v: number, j: number) => expect(Math.abs(v - b.coef[j])).toBeLessThan(1e-8 * (1 + Math.abs(b.coef[j]))));
  });

  it('--sql reads the rows of a query in DuckDB', () => {
    const r = run(['fit', '--sql', `SELECT * FROM ${fileSource(csv)} WHERE origin = 1`, ...SPEC, '--alpha', '0.1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/245 rows read by DuckDB/);
    expect(r.stdout).toMatch(/on query: 245 rows/);
  });

  it('--query-timeout bounds each engine query: past it, one line naming the limit (exit 1)', () => {
    const r = run(['fit', '--sql', 'SELECT (range % 7)::DOUBLE AS y, (range % 13)::DOUBLE AS x FROM range(200000000)', '--target', 'y', '--query-timeout', '0.3']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('lassokit: DuckDB: the query ran past its 300 ms limit and was interrupted');
    const bad = run(['fit', csv, '--target', 'mpg', '--engine', 'duckdb', '--query-timeout', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--query-timeout must be a number > 0; got "0"/);
  });
});
