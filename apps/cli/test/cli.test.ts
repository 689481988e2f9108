import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { VERSION } from '@lassokit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, tempDir } from '@lassokit/testing';
import { listWord, shellWord } from '../src/shared/dataset.js';

// These tests run the built binary (pnpm build first; turbo's test task depends on build).
const BIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const dir = tempDir('lassokit-cli-');

function run(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

let raw: string;
let clean: string;
beforeAll(() => {
  raw = file('auto.csv', run(['data', 'auto-mpg']).stdout);
  clean = file('clean.csv', run(['data', 'auto-mpg', '--clean']).stdout);
});

const SPECS = ['--features', 'cylinders,displacement,horsepower,weight,acceleration,model_year', '--categorical', 'cylinders', '--missing', 'drop'];

describe('help and version', () => {
  it('--help lists every command and exits 0', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['demo', 'fit', 'path', 'cv', 'predict', 'evaluate', 'data']) expect(r.stdout).toContain(c);
  });
  it('COMMAND --help shows its options', () => {
    const r = run(['fit', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--target <column>');
    expect(r.stdout).toContain('--l1-ratio');
  });
  it('--version prints the library version', () => {
    expect(run(['--version']).stdout.trim()).toBe(VERSION);
  });
});

describe('data', () => {
  it('writes the raw dataset (398 rows + header) and the cleaned one (392 + header)', () => {
    expect(readFileSync(raw, 'utf8').trim().split('\n')).toHaveLength(399);
    const lines = readFileSync(clean, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(393);
    expect(lines[0]).toBe('cylinders_3,cylinders_4,cylinders_5,cylinders_6,cylinders_8,age,acceleration,log_weight,log_displacement,log_horsepower,mpg');
  });
});

describe('fit', () => {
  it('--out to a device or a pipe writes into it (the device stays one); to a directory is refused', () => {
    const r = run(['fit', clean, '--target', 'mpg', '--alpha', '0.1', '--out', '/dev/null']);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    const toStdout = run(['fit', clean, '--target', 'mpg', '--alpha', '0.1', '--out', '/dev/stdout']);
    // The model file first, then the summary a fit prints.
    expect(toStdout.stdout).toMatch(/^\{\n {2}"format": "lassokit-model"[^]*\n\}\nlasso on /);
    mkdirSync(join(dir, 'outdir'), { recursive: true });
    const directory = run(['fit', clean, '--target', 'mpg', '--alpha', '0.1', '--out', join(dir, 'outdir')]);
    expect([directory.code, directory.stderr.trim()]).toEqual([1, `lassokit: cannot write ${join(dir, 'outdir')}: is a directory`]);
  });

  it('prints a coefficient table with feature names, and reports dropped rows on stderr', () => {
    const r = run(['fit', raw, '--target', 'mpg', ...SPECS, '--cv', '5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/lasso on .*auto\.csv: 392 rows, 10 features, target mpg/);
    expect(r.stdout).toContain('cylinders_4');
    expect(r.stdout).toContain('(intercept)');
    // The estimate for new rows beside the training scores: the CV's MSE at the chosen alpha.
    const training = Number(/training R² \S+ {2}RMSE (\S+)/.exec(r.stdout)?.[1]);
    const heldOut = /held-out \(5-fold CV\) MSE (\S+) ± \S+ {2}\(RMSE (\S+)\)/.exec(r.stdout);
    expect(heldOut).not.toBeNull();
    expect(Number(heldOut![2])).toBeGreaterThan(training);
    expect(r.stderr).toContain('note: dropped 6 rows with missing horsepower');
  });

  it('a wide model lists only its kept features, and says how many are 0 (a narrow one lists all)', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `${(3 * (i % 7) + 0.01 * ((i * 37) % 11)).toFixed(2)},${i % 7},day${(i * 13) % 60}`);
    const r = run(['fit', file('wide.csv', `y,x,day\n${lines.join('\n')}\n`), '--target', 'y', '--categorical', 'day', '--alpha', '0.05']);
    expect(r.code, r.stderr).toBe(0);
    const kept = Number(/— (\d+) of 61 features kept/.exec(r.stdout)?.[1]);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(61);
    const listed = r.stdout.slice(r.stdout.indexOf('feature ')).split('\n').filter((l) => /^\S+\s+-?[\d.e+-]+$/.test(l.trim()) && !l.startsWith('(intercept)'));
    expect(listed).toHaveLength(kept);
    expect(r.stdout).toContain(`(${61 - kept} features at 0 not listed; the model file and --json have every coefficient)`);
    const narrow = run(['fit', clean, '--target', 'mpg', '--alpha', '5']);
    expect(narrow.stdout).not.toContain('not listed');
    expect(narrow.stdout).toMatch(/\n\S+ +0\n/);
  });

  it('--json prints exactly the model JSON; --out writes the same file', () => {
    const out = join(dir, 'model.json');
    const r = run(['fit', raw, '--target', 'mpg', ...SPECS, '--alpha', '0.05', '--json', '--out', out]);
    expect(r.code).toBe(0);
    const model = JSON.parse(r.stdout);
    expect(model.format).toBe('lassokit-model');
    expect(model.alpha).toBe(0.05);
    expect(model.featureNames).toHaveLength(10);
    expect(model.preprocessing.recipe.kind).toBe('lassokit-recipe');
    expect(JSON.parse(readFileSync(out, 'utf8')).coef).toEqual(model.coef);
  });

  it('refuses --alpha together with --cv as a usage error', () => {
    const r = run(['fit', clean, '--target', 'mpg', '--alpha', '1', '--cv', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give either --alpha or --cv, not both');
    expect(r.stderr).toContain('Usage: lassokit fit');
    // The usage line and where the options are, not eighty lines of help burying the error.
    expect(r.stderr).toContain("Run 'lassokit fit --help' for its options.");
    expect(r.stderr.trim().split('\n')).toHaveLength(3);
  });

  it('reads stdin with -', () => {
    const r = run(['fit', '-', '--target', 'mpg', '--alpha', '0.1', '--json'], readFileSync(clean, 'utf8'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).training.source).toBe('stdin');
  });
});

describe('path and cv', () => {
  it('path --json has featureNames, alphas, coef (one row per alpha) and intercept', () => {
    const r = run(['path', clean, '--target', 'mpg', '--n-alphas', '20', '--json']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout);
    expect(p.featureNames).toHaveLength(10);
    expect(p.alphas).toHaveLength(20);
    expect(p.coef).toHaveLength(20);
    expect(p.coef[0]).toEqual(new Array(10).fill(0));
    expect(p.intercept).toHaveLength(20);
  });

  it('path prints which features enter as alpha falls', () => {
    const r = run(['path', clean, '--target', 'mpg', '--n-alphas', '10']);
    expect(r.stdout).toContain('+log_weight');
    expect(r.stderr).not.toMatch(/warning/);
  });

  it('path warns of alphas that stopped at maxIter, counted, with the largest gap (as fit warns), in text and JSON', () => {
    for (const json of [[], ['--json']]) {
      const r = run(['path', clean, '--target', 'mpg', '--n-alphas', '20', '--max-iter', '1', '--tol', '1e-12', ...json]);
      expect(r.code).toBe(0);
      const warning = r.stderr.split('\n').find((l) => l.startsWith('warning:')) ?? '';
      expect(warning).toMatch(/^warning: the solver stopped at maxIter before converging at (\d+) of the 20 alphas \(largest duality gap [\d.e+-]+, at alpha [\d.e+-]+\); raise --max-iter, or loosen --tol$/);
      const missed = Number(/at (\d+) of the 20/.exec(warning)?.[1]);
      expect(missed).toBeGreaterThan(0);
      if (json.length > 0) expect(JSON.parse(r.stdout).converged.filter((c: boolean) => !c)).toHaveLength(missed);
    }
  });

  it('cv warns of alphas of its all-rows path that stopped at maxIter (as path does), in text and JSON; a converged curve does not', () => {
    for (const json of [[], ['--json']]) {
      const r = run(['cv', clean, '--target', 'mpg', '--folds', '3', '--n-alphas', '20', '--max-iter', '1', '--tol', '1e-12', ...json]);
      expect(r.code).toBe(0);
      const warning = r.stderr.split('\n').find((l) => l.startsWith('warning:')) ?? '';
      expect(warning).toMatch(/^warning: the solver stopped at maxIter before converging at (\d+) of the 20 alphas of the all-rows path \(largest duality gap [\d.e+-]+, at alpha [\d.e+-]+\); raise --max-iter, or loosen --tol$/);
      const missed = Number(/at (\d+) of the 20/.exec(warning)?.[1]);
      expect(missed).toBeGreaterThan(0);
      if (json.length > 0) expect(JSON.parse(r.stdout).converged.filter((c: boolean) => !c)).toHaveLength(missed);
      // The folds' fits too: counted over the 3 × 20 fold fits, as the JSON's foldConverged has them.
      const folds = r.stderr.split('\n').find((l) => l.startsWith('warning:') && l.includes('fold fits')) ?? '';
      expect(folds).toMatch(/^warning: (\d+) of the 60 fold fits \(one fold at one alpha\) stopped at maxIter before converging, at (\d+) alphas of the grid: the held-out errors there score unconverged models, so the curve and the alpha it chooses may be off; raise --max-iter, or loosen --tol$/);
      if (json.length > 0) {
        const flags: boolean[][] = JSON.parse(r.stdout).foldConverged;
        expect(flags.map((f) => f.length)).toEqual([20, 20, 20]);
        expect(Number(/^warning: (\d+) of/.exec(folds)?.[1])).toBe(flags.flat().filter((ok) => !ok).length);
        expect(Number(/at (\d+) alphas/.exec(folds)?.[1])).toBe(flags[0].filter((_, k) => flags.some((f) => !f[k])).length);
      }
    }
    const fine = run(['cv', clean, '--target', 'mpg', '--folds', '3', '--n-alphas', '20', '--json']);
    expect(fine.stderr).not.toMatch(/warning/);
    expect(JSON.parse(fine.stdout).converged.every(Boolean)).toBe(true);
    expect(JSON.parse(fine.stdout).foldConverged.flat().every(Boolean)).toBe(true);
  });

  it('fit warns of its cross-validation fold fits that stopped at maxIter, on a CSV, relaxed, and on a sparse file', () => {
    const svm = join(dir, 'folds.svm');
    writeFileSync(svm, Array.from({ length: 60 }, (_, i) => `${Math.sin(i) + (i % 7) / 3} 1:${Math.cos(i)} 2:${(i % 5) / 4} 3:${Math.sin(3 * i)}`).join('\n'));
    for (const args of [[clean, '--target', 'mpg'], [clean, '--target', 'mpg', '--relax'], [svm]]) {
      const r = run(['fit', ...args, '--cv', '3', '--max-iter', '1', '--tol', '1e-12', '--json']);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^warning: \d+ of the \d+ fold fits \(one fold at one alpha\) stopped at maxIter before converging/m);
      expect(run(['fit', ...args, '--cv', '3', '--json']).stderr).not.toMatch(/warning/);
    }
  });

  it('cv --json has alphas, cvMean, cvSe, alphaMin and alpha1se', () => {
    const r = run(['cv', clean, '--target', 'mpg', '--folds', '5', '--json']);
    expect(r.code).toBe(0);
    const cv = JSON.parse(r.stdout);
    expect(cv.alphas).toHaveLength(100);
    expect(cv.cvMean).toHaveLength(100);
    expect(cv.cvSe).toHaveLength(100);
    expect(cv.alpha1se).toBeGreaterThanOrEqual(cv.alphaMin);
  });

  it('cv gives the same curve with folds in worker threads as without (--workers 1), and refuses --workers 0', () => {
    const threaded = JSON.parse(run(['cv', clean, '--target', 'mpg', '--folds', '5', '--workers', '2', '--json']).stdout);
    const inline = JSON.parse(run(['cv', clean, '--target', 'mpg', '--folds', '5', '--workers', '1', '--json']).stdout);
    expect(threaded.cvMean).toEqual(inline.cvMean);
    expect(threaded.alphaMin).toBe(inline.alphaMin);
    const bad = run(['cv', clean, '--target', 'mpg', '--workers', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--workers');
  });

  it('path makes a large Gram in worker threads with the same result as one thread (--workers 1), and refuses --workers 0', () => {
    // 850 × 800: n > p, n·p²/2 = 2.7e8 multiply-adds — past the threaded Gram's threshold.
    const n = 850;
    const p = 800;
    let s = 7;
    const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5).toFixed(3);
    const header = [...Array.from({ length: p }, (_, j) => `x${j}`), 'y'].join(',');
    const lines = Array.from({ length: n }, () => {
      const x = Array.from({ length: p }, next);
      return [...x, (Number(x[0]) - 2 * Number(x[5]) + Number(next())).toFixed(4)].join(',');
    });
    const wide = file('gram.csv', `${header}\n${lines.join('\n')}\n`);
    const args = ['path', wide, '--target', 'y', '--n-alphas', '20', '--json'];
    const threaded = run([...args, '--workers', '2']);
    expect(threaded.code).toBe(0);
    const inline = JSON.parse(run([...args, '--workers', '1']).stdout);
    const got = JSON.parse(threaded.stdout);
    expect(got.coef).toEqual(inline.coef);
    expect(got.intercept).toEqual(inline.intercept);
    expect(got.df[19]).toBeGreaterThan(p / 2);
    const bad = run(['path', clean, '--target', 'mpg', '--workers', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--workers');
  });

  it('cv tries several l1Ratios', () => {
    const r = run(['cv', clean, '--target', 'mpg', '--folds', '3', '--l1-ratios', '0.5,1', '--json']);
    expect(JSON.parse(r.stdout).curves).toHaveLength(2);
  });
});

describe('solver and grid flags (scikit-learn and glmnet names noted in --help)', () => {
  it('--help shows the defaults from core', () => {
    const help = run(['cv', '--help']).stdout;
    expect(help).toMatch(/--tol <t>[\s\S]*default: 0\.000001/);
    expect(help).toMatch(/--max-iter <n>[\s\S]*default: 10000/);
    expect(help).toMatch(/--n-alphas <n>[\s\S]*default: 100/);
    expect(help).toMatch(/--eps <e>/);
    expect(help).toMatch(/--alphas <a,b,…>/);
  });

  it('cv takes an explicit grid, and path and cv the same n-alphas and eps', () => {
    const cv = JSON.parse(run(['cv', clean, '--target', 'mpg', '--alphas', '1,0.1,0.01', '--folds', '3', '--workers', '1', '--json']).stdout);
    expect(cv.alphas).toEqual([1, 0.1, 0.01]);
    const path = JSON.parse(run(['path', clean, '--target', 'mpg', '--n-alphas', '5', '--eps', '0.1', '--json']).stdout);
    const cv5 = JSON.parse(run(['cv', clean, '--target', 'mpg', '--n-alphas', '5', '--eps', '0.1', '--folds', '3', '--workers', '1', '--json']).stdout);
    expect(cv5.alphas).toEqual(path.alphas);
    expect(path.alphas.at(-1) / path.alphas[0]).toBeCloseTo(0.1, 12);
  });

  it('--max-iter caps the passes (non-convergence is reported, not hidden) and --tol tightens the fit', () => {
    const capped = JSON.parse(run(['path', clean, '--target', 'mpg', '--n-alphas', '10', '--max-iter', '1', '--json']).stdout);
    expect(capped.converged).toContain(false);
    const loose = JSON.parse(run(['fit', clean, '--target', 'mpg', '--alpha', '0.01', '--tol', '0.1', '--json']).stdout);
    const tight = JSON.parse(run(['fit', clean, '--target', 'mpg', '--alpha', '0.01', '--tol', '1e-12', '--json']).stdout);
    const ref = JSON.parse(run(['fit', clean, '--target', 'mpg', '--alpha', '0.01', '--tol', '1e-14', '--json']).stdout);
    const err = (m: { coef: number[] }) => Math.max(...m.coef.map((b, j) => Math.abs(b - ref.coef[j])));
    expect(err(tight)).toBeLessThan(err(loose));
  });
});

describe("--na: a file's own missing marker (the UCI files' '?')", () => {
  // Auto-MPG as UCI ships it: '?' for a missing horsepower.
  const withMarker = () => file('marked.csv', readFileSync(raw, 'utf8').replace(/^([^,]*,[^,]*,[^,]*),,/gm, '$1,?,'));

  it("fit reads '?' as missing in the used columns, and the model keeps it for predict", () => {
    const marked = withMarker();
    expect(readFileSync(marked, 'utf8')).toContain(',?,');
    const plain = run(['fit', marked, '--target', 'mpg', ...SPECS, '--alpha', '0.05']);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/"\?" is not a number; if "\?" marks a missing value, give --na '\?' \(and --missing drop, mean or median\)/);
    const model = join(dir, 'na.json');
    const r = run(['fit', marked, '--target', 'mpg', ...SPECS, '--na', '?', '--missing', 'mean', '--alpha', '0.05', '--out', model]);
    expect(r.code, r.stderr).toBe(0);
    // The mean for people (six significant digits); the model file keeps it exact.
    expect(r.stderr).toMatch(/imputed 6 missing horsepower values with 104\.469$/m);
    const recipe = JSON.parse(readFileSync(model, 'utf8')).preprocessing.recipe;
    expect(recipe.inputs.find((i: { name: string }) => i.name === 'horsepower').missing).toEqual(['?']);
    // A new file with the same marker predicts (the training mean fills it), like an empty cell.
    const predicted = run(['predict', model, file('new.csv', 'cylinders,displacement,horsepower,weight,acceleration,model_year\n4,120,?,2500,16,78\n4,120,,2500,16,78\n')]);
    expect(predicted.code, predicted.stderr).toBe(0);
    const [, a, b] = predicted.stdout.trim().split('\n');
    expect(Number(a)).toBe(Number(b));
  });

  it('DuckDB reads the marks of a CSV as NULL too: the same model as in memory, the mark recorded', () => {
    const marked = withMarker();
    const models = ['memory', 'duckdb'].map((engine) => {
      const out = join(dir, `na-${engine}.json`);
      const r = run(['fit', marked, '--target', 'mpg', ...SPECS, '--na', '?', '--missing', 'drop', '--alpha', '0.05', '--engine', engine, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/dropped 6 rows with missing horsepower/);
      return JSON.parse(readFileSync(out, 'utf8'));
    });
    expect(models[1].preprocessing.recipe).toEqual(models[0].preprocessing.recipe);
    expectClose(models[1].coef, models[0].coef, { rtol: 1e-8, atol: 1e-10 });
  });

  it('is refused where it cannot apply (exit 2)', () => {
    const svm = file('x.svm', '1 1:2\n2 1:3\n');
    const r = run(['fit', svm, '--na', '?', '--alpha', '0.1']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/--na applies to CSV files/)]);
    const engine = run(['fit', '--sql', 'SELECT 1 AS y, 2 AS x', '--target', 'y', '--na', '?', '--alpha', '0.1']);
    expect([engine.code, engine.stderr]).toEqual([2, expect.stringMatching(/--na is for CSV files; with DuckDB turn the tokens into NULL in a --sql query \(NULLIF/)]);
  });
});

describe("--decimal ,: numbers written with a decimal comma (and fields split by ';')", () => {
  // Auto-MPG as a European spreadsheet writes it: 18,0;8;307,0;…
  const european = () => file('auto-eu.csv', readFileSync(raw, 'utf8').replaceAll(',', ';').replaceAll('.', ','));

  it('fit in memory and by DuckDB: the model of the same numbers written with points; predict and evaluate read the comma alike', () => {
    const eu = european();
    const plain = run(['fit', eu, '--target', 'mpg', ...SPECS, '--alpha', '0.05']);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/auto-eu\.csv:2: column "displacement": "307,0" is not a number; if the file writes numbers with a decimal comma \(307\.0\), give --decimal ,/);
    const fitted = (data: string, name: string, extra: string[]) => {
      const out = join(dir, name);
      const r = run(['fit', data, '--target', 'mpg', ...SPECS, '--alpha', '0.05', '--out', out, ...extra]);
      expect(r.code, r.stderr).toBe(0);
      return { out, model: JSON.parse(readFileSync(out, 'utf8')) };
    };
    const points = fitted(raw, 'points.json', []);
    for (const engine of ['memory', 'duckdb']) {
      const commas = fitted(eu, `commas-${engine}.json`, ['--decimal', ',', '--engine', engine]);
      expect(commas.model.preprocessing.recipe).toEqual({ ...points.model.preprocessing.recipe, decimal: ',' });
      expectClose(commas.model.coef, points.model.coef, { rtol: 1e-8, atol: 1e-10 });
    }
    const { out } = fitted(eu, 'commas.json', ['--decimal', ',']);
    const [fromCommas, fromPoints] = [run(['predict', out, eu, '--skip-missing']), run(['predict', points.out, raw, '--skip-missing'])];
    expect(fromCommas.code, fromCommas.stderr).toBe(0);
    // Written as the file was: the same predictions with decimal commas; kept columns beside them split by ';'.
    expect(fromCommas.stdout).toBe(fromPoints.stdout.replaceAll('.', ','));
    const kept = run(['predict', out, eu, '--skip-missing', '--keep', 'car_name,weight']).stdout.split('\n');
    const keptPoints = run(['predict', points.out, raw, '--skip-missing', '--keep', 'car_name,weight']).stdout.split('\n');
    expect(kept[0]).toBe('car_name;weight;prediction');
    expect(kept[1]).toBe(keptPoints[1].replaceAll(',', ';').replaceAll('.', ','));
    // --decimal . reads (and writes) with points again.
    expect(run(['predict', out, raw, '--skip-missing', '--decimal', '.']).stdout).toBe(fromPoints.stdout);
    expect(run(['evaluate', out, eu, '--json']).stdout).toBe(run(['evaluate', points.out, raw, '--json']).stdout);
    // A point in a file read with a decimal comma is refused at its line (3.504 may mean 3504).
    const bad = run(['predict', out, file('eu-point.csv', readFileSync(eu, 'utf8').replace('3504,', '3.504'))]);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringMatching(/eu-point\.csv:2: column "weight": "3\.504" is not a number written with a decimal comma/)]);
  });

  it('is refused where numbers are typed or absent (exit 2)', () => {
    const svm = run(['fit', file('d.svm', '1 1:2\n2 1:3\n'), '--decimal', ',', '--alpha', '0.1']);
    expect([svm.code, svm.stderr]).toEqual([2, expect.stringMatching(/--decimal applies to CSV files/)]);
    const engine = run(['fit', '--sql', 'SELECT 1 AS y, 2 AS x', '--target', 'y', '--decimal', ',', '--alpha', '0.1']);
    expect([engine.code, engine.stderr]).toEqual([2, expect.stringMatching(/--decimal is for CSV files; DuckDB has typed numbers/)]);
    const mark = run(['fit', raw, '--target', 'mpg', '--decimal', ';']);
    expect([mark.code, mark.stderr]).toEqual([2, expect.stringMatching(/--decimal.*';' is invalid/)]);
  });
});

describe('predict and evaluate', () => {
  let model: string;
  beforeAll(() => {
    model = join(dir, 'm.json');
    run(['fit', raw, '--target', 'mpg', ...SPECS, '--alpha', '0.05', '--out', model]);
  });
  const cars = 'cylinders,displacement,horsepower,weight,acceleration,model_year\n4,120,90,2500,16,78\n8,350,165,3693,11.5,70\n';

  it('a missing Parquet file is named as a missing CSV file is', () => {
    for (const command of ['predict', 'evaluate']) {
      const r = run([command, model, 'nope.parquet']);
      expect([r.code, r.stderr.trim()]).toEqual([1, 'lassokit: cannot read nope.parquet: no such file or directory']);
    }
  });

  it('predicts from raw specs as CSV', () => {
    const r = run(['predict', model, file('cars.csv', cars)]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('prediction');
    expect(Number(lines[1])).toBeGreaterThan(Number(lines[2]));
  });

  it('--json returns predictions and warnings; unknown levels warn', () => {
    const r = run(['predict', model, '-', '--json'], 'cylinders,displacement,horsepower,weight,acceleration,model_year\n7,200,100,3000,15,76\n');
    const doc = JSON.parse(r.stdout);
    expect(doc.predictions).toHaveLength(1);
    expect(doc.warnings[0]).toContain('cylinders = 7 was not seen in training');
  });

  it('--keep copies input columns beside each prediction, quoted as CSV, and into --json', () => {
    const named = file('named.csv', `name,${cars.split('\n')[0]}\n"ford ""pinto"", 2dr",${cars.split('\n')[1]}\n,${cars.split('\n')[2]}\n`);
    const plain = run(['predict', model, file('cars3.csv', cars)]).stdout.trim().split('\n').slice(1);
    const r = run(['predict', model, named, '--keep', 'name,model_year']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['name,model_year,prediction', `"ford ""pinto"", 2dr",78,${plain[0]}`, `,70,${plain[1]}`]);
    const doc = JSON.parse(run(['predict', model, named, '--keep', 'name', '--json']).stdout);
    expect(doc.kept).toEqual({ name: ['ford "pinto", 2dr', null] });
    const unknown = run(['predict', model, named, '--keep', 'colour']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/named\.csv: --keep: no column "colour" \(columns: name, cylinders,/);
  });

  it("--skip-missing leaves a row a 'drop' model cannot predict empty, in place, and counts it; without it the error names the flag", () => {
    // The raw file: 398 cars, 6 without horsepower (the model was fitted with --missing drop).
    const stopped = run(['predict', model, raw]);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/column "horsepower": value is missing: .*; or give --skip-missing to predict the other rows$/m);
    const r = run(['predict', model, raw, '--skip-missing', '--keep', 'car_name']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("note: 6 rows not predicted: missing horsepower (the model's missing-value policy dropped such rows)");
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(399);
    expect(lines.filter((l) => l.endsWith(',')).length).toBe(6);
    expect(lines).toContain('ford pinto,');
    // --json: null where a row has no prediction.
    const doc = JSON.parse(run(['predict', model, raw, '--skip-missing', '--json']).stdout);
    expect(doc.predictions.filter((p: number | null) => p === null)).toHaveLength(6);
    // Every row skipped: each is empty (as the API answers all null), not an error.
    const rawLines = readFileSync(raw, 'utf8').split('\n');
    const allMissing = file('allMissing.csv', [rawLines[0], ...rawLines.slice(1).filter((l) => l.split(',')[3] === '')].join('\n') + '\n');
    const none = run(['predict', model, allMissing, '--skip-missing']);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toBe('prediction\n\n\n\n\n\n\n');
    expect(none.stderr).toContain('note: 6 rows not predicted: missing horsepower');
    expect(JSON.parse(run(['predict', model, allMissing, '--skip-missing', '--json']).stdout).predictions).toEqual([null, null, null, null, null, null]);
  });

  it('--out (or -o) writes the predictions file', () => {
    const out = join(dir, 'preds.csv');
    expect(run(['predict', model, file('cars2.csv', cars), '--out', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('prediction');
    const short = join(dir, 'preds-o.csv');
    expect(run(['predict', model, file('cars2.csv', cars), '-o', short]).code).toBe(0);
    expect(readFileSync(short, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it('fit -o writes the model file as --out does', () => {
    const short = join(dir, 'm-o.json');
    const r = run(['fit', raw, '--target', 'mpg', ...SPECS, '--alpha', '0.05', '-o', short]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(short, 'utf8')).coef).toEqual(JSON.parse(readFileSync(model, 'utf8')).coef);
  });

  it('evaluate --json gives the metrics', () => {
    const r = run(['evaluate', model, clean, '--target', 'mpg', '--json']);
    // the cleaned file lacks the raw columns the recipe needs: a one-line data error
    expect(r.code).toBe(1);
    const ok = run(['evaluate', model, file('labelled.csv', `${cars.trim().split('\n')[0]},mpg\n4,120,90,2500,16,78,30\n8,350,165,3693,11.5,70,15\n`), '--target', 'mpg', '--json']);
    expect(ok.code).toBe(0);
    const m = JSON.parse(ok.stdout);
    expect(Object.keys(m)).toEqual(['n', 'r2', 'mse', 'rmse', 'mae', 'explainedVariance', 'maxError']);
    expect(m.n).toBe(2);
  });

  it("evaluate on the file a 'drop' model was trained on drops the same rows and scores what fit reported", () => {
    const fitted = run(['fit', raw, '--target', 'mpg', ...SPECS, '--alpha', '0.05', '--json']);
    const trainR2 = JSON.parse(fitted.stdout).training.metrics.r2;
    const r = run(['evaluate', model, raw, '--target', 'mpg', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("note: dropped 6 rows with missing horsepower (the model's missing-value policy)");
    const m = JSON.parse(r.stdout);
    expect(m.n).toBe(392);
    expect(m.r2).toBeCloseTo(trainR2, 12);
    // Its own training file: the scores are said to be training scores; other rows are not.
    expect(r.stderr).toContain('is the file this model was fitted on (392 rows): these are training scores, optimistic for new rows');
    expect(run(['evaluate', model, file('labelled.csv', `${cars.trim().split('\n')[0]},mpg\n4,120,90,2500,16,78,30\n`), '--json']).stderr).not.toContain('fitted on');
  });

  it('evaluate scores against the column the model was trained to predict unless --target names another', () => {
    const byDefault = run(['evaluate', model, raw, '--json']);
    expect(byDefault.code, byDefault.stderr).toBe(0);
    expect(byDefault.stdout).toBe(run(['evaluate', model, raw, '--target', 'mpg', '--json']).stdout);
    const unlabelled = run(['evaluate', model, file('unlabelled.csv', cars)]);
    expect(unlabelled.code).toBe(1);
    expect(unlabelled.stderr).toMatch(/unlabelled\.csv: no column "mpg" \(the model's target\) to score against \(columns: cylinders, .*\); name the true values with --target$/m);
  });
});

describe('predict and evaluate read a CSV file in pieces (memory for one piece, whatever the file)', () => {
  // Pieces of ~600 bytes: the Auto-MPG file (~20 KB) comes in ~30, cut wherever a record ends.
  const pieces = (args: string[]) => run(args, undefined, { LASSOKIT_PIECE_BYTES: '600' });
  let model: string;
  let intervalModel: string;
  beforeAll(() => {
    model = join(dir, 'm-pieces.json');
    intervalModel = join(dir, 'm-pieces-iv.json');
    run(['fit', raw, '--target', 'mpg', ...SPECS, '--alpha', '0.05', '--out', model]);
    run(['fit', raw, '--target', 'mpg', ...SPECS, '--cv', '5', '--intervals', 'cv+', '--out', intervalModel]);
  });

  it.each([
    ['CSV with --keep and --skip-missing', () => ['predict', model, raw, '--skip-missing', '--keep', 'car_name,model_year']],
    ['--json', () => ['predict', model, raw, '--skip-missing', '--keep', 'car_name', '--json']],
    ['--interval', () => ['predict', intervalModel, raw, '--skip-missing', '--interval', '0.9']],
    ['evaluate', () => ['evaluate', model, raw, '--json']],
  ])('%s: the same output as the file read whole', (_name, args) => {
    const whole = run(args());
    const inPieces = pieces(args());
    expect(whole.code, whole.stderr).toBe(0);
    expect(inPieces.stdout).toBe(whole.stdout);
    expect(inPieces.stderr).toBe(whole.stderr);
  });

  it('values outside a training range: per column, the first three located and a count of the rest — the same in pieces as whole', () => {
    // A model trained on the light cars (weight < 3000) meets every car: the heavy ones extrapolate.
    const lines = readFileSync(raw, 'utf8').trim().split('\n');
    const w = lines[0].split(',').indexOf('weight');
    const light = file('light.csv', `${[lines[0], ...lines.slice(1).filter((l) => Number(l.split(',')[w]) < 3000)].join('\n')}\n`);
    const lightModel = join(dir, 'm-light.json');
    expect(run(['fit', light, '--target', 'mpg', ...SPECS, '--alpha', '0.05', '--out', lightModel]).code).toBe(0);
    const args = ['predict', lightModel, raw, '--skip-missing'];
    const whole = run(args);
    expect(whole.code, whole.stderr).toBe(0);
    const weight = whole.stderr.split('\n').filter((l) => /weight/.test(l));
    expect(weight).toHaveLength(4);
    expect(weight[0]).toMatch(/^warning: .*auto\.csv:\d+: weight = \d+ is outside the training range \[\d+, 29\d\d\]; the prediction extrapolates$/);
    expect(weight[3]).toMatch(/^warning: weight: 1\d\d more values outside the training range \[\d+, 29\d\d\]; their predictions extrapolate$/);
    expect(pieces(args).stderr).toBe(whole.stderr);
  });

  it('a gzip-compressed CSV (.csv.gz) is decompressed as it is read: the same output as the CSV; a corrupt one is named', () => {
    const gz = join(dir, 'auto.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(raw)));
    for (const args of [(f: string) => ['predict', model, f, '--skip-missing', '--keep', 'car_name'], (f: string) => ['evaluate', model, f, '--json']]) {
      const plain = run(args(raw));
      const compressed = pieces(args(gz));
      expect(compressed.code, compressed.stderr).toBe(0);
      expect(compressed.stdout).toBe(plain.stdout);
      expect(compressed.stderr).toBe(plain.stderr.replaceAll(raw, gz));
    }
    const truncated = file('cut.csv.gz', gzipSync(readFileSync(raw)).subarray(0, 200).toString('latin1'));
    writeFileSync(truncated, gzipSync(readFileSync(raw)).subarray(0, 200));
    const r = run(['predict', model, truncated]);
    expect([r.code, r.stderr.trim()]).toEqual([1, `lassokit: ${truncated}: not a readable gzip file (unexpected end of file)`]);
  });

  it('stdin comes in pieces too: the same output as the file', () => {
    const args = ['predict', model, '-', '--skip-missing', '--keep', 'car_name'];
    const fromFile = run(['predict', model, raw, '--skip-missing', '--keep', 'car_name']);
    const fromStdin = run(args, readFileSync(raw, 'utf8'), { LASSOKIT_PIECE_BYTES: '600' });
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    expect(fromStdin.stderr).toBe(fromFile.stderr.replaceAll(raw, 'stdin'));
  });

  /** Predicting a file whole and in pieces gives the same output, which shows `shown` (a kept name). */
  function samePredictionsInPieces(path: string, shown: string): void {
    const args = ['predict', model, path, '--skip-missing', '--keep', 'car_name'];
    const whole = run(args);
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stdout).toContain(shown);
    expect(pieces(args).stdout).toBe(whole.stdout);
  }

  it('quoted fields with line breaks across the cuts, CRLF line ends and a BOM: the same rows and lines', () => {
    const text = readFileSync(raw, 'utf8').trim().split('\n');
    const quoted = [text[0], ...text.slice(1).map((line, i) => (i % 7 === 3 ? line.replace(/,([^,]*)$/, ',"$1\nline two of the name"') : line))];
    samePredictionsInPieces(file('pieces-crlf.csv', `\ufeff${quoted.join('\r\n')}\r\n`), 'line two of the name');
  });

  it('a bad row in a later piece is named by its line in the file; --out then writes nothing', () => {
    const lines = readFileSync(clean, 'utf8').trim().split('\n');
    lines[300] = lines[300].replace(/,[^,]*$/, ',oops');
    const bad = file('pieces-bad.csv', `${lines.join('\n')}\n`);
    const cleanModel = join(dir, 'm-pieces-clean.json');
    run(['fit', clean, '--target', 'mpg', '--alpha', '0.05', '--out', cleanModel]);
    const out = join(dir, 'pieces-out.csv');
    const r = pieces(['evaluate', cleanModel, bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/pieces-bad\.csv:301: column "mpg": "oops" is not a number/);
    const ragged = file('pieces-ragged.csv', `${lines.slice(0, 250).join('\n')}\n1,2\n${lines.slice(250).join('\n')}\n`);
    const p = pieces(['predict', cleanModel, ragged, '--out', out]);
    expect(p.code).toBe(1);
    expect(p.stderr).toMatch(/pieces-ragged\.csv:251: expected 11 fields \(as in the header\), found 2/);
    expect(existsSync(out)).toBe(false);
  });

  it("a double quote inside a plain field (5'10\") opens nothing: the cuts fall where the parser's records end, the same output as the whole file", () => {
    const lines = readFileSync(raw, 'utf8').trim().split('\n');
    lines[5] = lines[5].replace(/,([^,]*)$/, ",$1 5'10\" wheelbase");
    samePredictionsInPieces(file('pieces-literal.csv', `${lines.join('\n')}\n`), '5\'10"" wheelbase');
  });

  it('a double quote left open is named, not read to the end of memory', () => {
    const lines = readFileSync(raw, 'utf8').trim().split('\n');
    lines[200] = lines[200].replace(/,([^,]*)$/, ',"$1');
    const open = file('pieces-open.csv', `${lines.join('\n')}\n`);
    const r = pieces(['predict', model, open, '--skip-missing']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/pieces-open\.csv:201: no record ends within 3 KiB of this line \(a double quote left open\?\)/);
  });
});

describe('intervals, relax and stability', () => {
  const cars = 'cylinders,displacement,horsepower,weight,acceleration,model_year\n4,120,90,2500,16,78\n8,350,165,3693,11.5,70\n';

  it('fit --intervals cv+ stores interval data; predict --interval adds lower and upper columns around the prediction', () => {
    const model = join(dir, 'with-intervals.json');
    const fit = run(['fit', raw, '--target', 'mpg', ...SPECS, '--cv', '5', '--intervals', 'cv+', '--out', model]);
    expect(fit.code).toBe(0);
    expect(fit.stdout).toContain('prediction intervals: CV+ from 5 fold models');
    const r = run(['predict', model, file('cars-iv.csv', cars), '--interval', '0.9']);
    expect(r.code).toBe(0);
    const [head, ...rows] = r.stdout.trim().split('\n');
    expect(head).toBe('prediction,lower,upper');
    for (const row of rows) {
      const [p, lo, hi] = row.split(',').map(Number);
      expect(lo).toBeLessThan(p);
      expect(hi).toBeGreaterThan(p);
    }
    const json = JSON.parse(run(['predict', model, file('cars-iv2.csv', cars), '--interval', '0.8', '--json']).stdout);
    expect(json.interval).toMatchObject({ level: 0.8, method: 'cv+' });
    expect(json.interval.lower).toHaveLength(2);
  });

  it('fit --intervals split and --relax write schema-2 model files', () => {
    const split = JSON.parse(run(['fit', raw, '--target', 'mpg', ...SPECS, '--intervals', 'split', '--json']).stdout);
    expect(split.intervals.method).toBe('split');
    expect(split.schemaVersion).toBe(2);
    const relaxed = run(['fit', raw, '--target', 'mpg', ...SPECS, '--relax', '--cv', '5']);
    expect(relaxed.code).toBe(0);
    expect(relaxed.stdout).toMatch(/relaxedLasso on [\s\S]*, gamma (0|0\.25|0\.5|0\.75|1) /);
    // Refits bounded to two features: said, and recorded in the model file.
    const bounded = run(['fit', raw, '--target', 'mpg', ...SPECS, '--relax', '--cv', '5', '--max-refit-features', '2']);
    expect(bounded.code).toBe(0);
    expect(bounded.stdout).toMatch(/least squares on its support, refitted up to 2 features\)/);
    expect(JSON.parse(run(['fit', raw, '--target', 'mpg', ...SPECS, '--relax', '--cv', '5', '--max-refit-features', '2', '--json']).stdout).training.maxRefitFeatures).toBe(2);
  });

  it('fit --relax --intervals cv+: the relaxed fold models give the intervals predict --interval adds', () => {
    const model = join(dir, 'relaxed-intervals.json');
    const fit = run(['fit', raw, '--target', 'mpg', ...SPECS, '--relax', '--cv', '5', '--intervals', 'cv+', '--out', model]);
    expect(fit.code).toBe(0);
    expect(fit.stdout).toContain('prediction intervals: CV+ from 5 fold models');
    const stored = JSON.parse(readFileSync(model, 'utf8'));
    expect(stored.kind).toBe('relaxedLasso');
    expect(stored.intervals.method).toBe('cv+');
    const r = run(['predict', model, file('cars-iv3.csv', cars), '--interval', '0.9']);
    expect(r.code).toBe(0);
    for (const row of r.stdout.trim().split('\n').slice(1)) {
      const [p, lo, hi] = row.split(',').map(Number);
      expect(lo).toBeLessThan(p);
      expect(hi).toBeGreaterThan(p);
    }
  });

  it('stability prints the stable set, the bound and every feature; --json and --svg', () => {
    const r = run(['stability', clean, '--target', 'mpg', '--pairs', '10', '--pfer', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/stable features? at threshold π = 0\.75 over 20 half-samples of 196 rows/);
    expect(r.stdout).toMatch(/Expected number of falsely selected features ≤ q² \/ \(\(2π − 1\)·p\) = /);
    expect(r.stdout).toMatch(/log_weight\s+1\s+1\s+stable/);
    const svg = join(dir, 'stability.svg');
    const doc = JSON.parse(run(['stability', clean, '--target', 'mpg', '--pairs', '10', '--json', '--svg', svg]).stdout);
    expect(doc.stable).toContain('log_weight');
    expect(doc.q).toBe(2);
    expect(doc.errorBound).toBeCloseTo(0.8, 12);
    expect(doc.probabilities).toHaveLength(doc.alphas.length);
    expect(readFileSync(svg, 'utf8')).toContain('<title id="t">Stability selection</title>');
  });

  it.each([
    ['intervals from a model fitted without them', () => ['predict', join(dir, 'm.json'), file('cars-no.csv', cars), '--interval', '0.9'], 1, /m\.json: this model has no interval data; refit it with `lassokit fit … --intervals cv\+`/],
    ['a level outside (0, 1)', () => ['predict', join(dir, 'm.json'), file('cars-no2.csv', cars), '--interval', '1'], 2, /--interval must be a number in \(0, 1\); got "1"/],
    ['too few pairs', () => ['stability', clean, '--target', 'mpg', '--pairs', '5'], 2, /--pairs must be an integer in \[10, 10000\]; got "5"/],
    ['--q with --pfer', () => ['stability', clean, '--target', 'mpg', '--q', '2', '--pfer', '1'], 2, /give either --q or --pfer, not both/],
    ['--relax with --alpha', () => ['fit', clean, '--target', 'mpg', '--relax', '--alpha', '0.1'], 2, /--relax chooses alpha by cross-validation: drop --alpha/],
    ['--max-refit-features without --relax', () => ['fit', clean, '--target', 'mpg', '--max-refit-features', '3'], 2, /--max-refit-features bounds the relaxed Lasso's refits: it needs --relax/],
    ['a --max-refit-features that is not a whole number', () => ['fit', clean, '--target', 'mpg', '--relax', '--max-refit-features', '2.5'], 2, /--max-refit-features must be an integer/],
    ['an unknown interval method', () => ['fit', clean, '--target', 'mpg', '--intervals', 'jackknife'], 2, /argument 'jackknife' is invalid. Allowed choices are cv\+, split/],
    // Fewer rows than folds: named by the flag that sets the folds, not the library's `nFolds`.
    ['fewer rows than CV folds (fit)', () => ['fit', file('three.csv', 'y,x\n1,2\n2,4.5\n3,6\n'), '--target', 'y'], 1, /^lassokit: 3 rows are too few for 10-fold cross-validation: give --cv k with 2 ≤ k ≤ 3, or --alpha to fit without it\n$/],
    ['fewer rows than CV+ folds (fit --alpha --intervals cv+)', () => ['fit', file('three2.csv', 'y,x\n1,2\n2,4.5\n3,6\n'), '--target', 'y', '--alpha', '0.1', '--intervals', 'cv+'], 1, /10-fold cross-validation: CV\+ interval data with --alpha use 10 folds; drop --alpha and give --cv k with 2 ≤ k ≤ 3/],
    ['one row (fit)', () => ['fit', file('one.csv', 'y,x\n1,2\n'), '--target', 'y'], 1, /1 row is too few for cross-validation \(it needs at least 2\)/],
    ['fewer rows than folds (cv)', () => ['cv', file('three3.csv', 'y,x\n1,2\n2,4.5\n3,6\n'), '--target', 'y', '--folds', '4'], 1, /3 rows are too few for 4-fold cross-validation: give --folds k with 2 ≤ k ≤ 3$/m],
    ['fewer rows than folds (sparse fit)', () => ['fit', file('two.svm', '1 1:2\n2 1:4.5\n')], 1, /2 rows are too few for 10-fold cross-validation: give --cv k with 2 ≤ k ≤ 2/],
  ])('%s is refused clearly', (_name, args, code, message) => {
    const r = run(args());
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('sparse files (svmlight, Matrix Market)', () => {
  // y = 2·x1 − x3 (+ small noise): ten rows, five features, mostly zeros.
  const rows = Array.from({ length: 40 }, (_, i) => {
    const x1 = i % 3 === 0 ? 1 + (i % 4) : 0;
    const x3 = i % 5 === 0 ? 2 : i % 7 === 0 ? 1 : 0;
    const x5 = i % 2 === 0 ? 0.5 : 0;
    return { y: 2 * x1 - x3 + ((i % 4) - 1.5) * 0.01, feats: [[1, x1], [3, x3], [5, x5]].filter(([, v]) => v !== 0) };
  });
  const svm = rows.map((r) => `${r.y} ${r.feats.map(([j, v]) => `${j}:${v}`).join(' ')}`).join('\n');
  const mtxEntries = rows.flatMap((r, i) => r.feats.map(([j, v]) => `${i + 1} ${j} ${v}`));
  const mtx = `%%MatrixMarket matrix coordinate real general\n${rows.length} 5 ${mtxEntries.length}\n${mtxEntries.join('\n')}\n`;

  it('fit reads an svmlight file sparse, stores CV+ data; predict takes an svmlight file with intervals', () => {
    const model = join(dir, 'sparse.json');
    const r = run(['fit', file('train.svm', svm), '--cv', '5', '--intervals', 'cv+', '--out', model]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('40 rows × 5 features');
    const doc = JSON.parse(readFileSync(model, 'utf8'));
    expect(doc.featureNames).toEqual(['x1', 'x2', 'x3', 'x4', 'x5']);
    expect(doc.preprocessing.recipe).toBeNull();
    expect(doc.coef[0]).toBeGreaterThan(1.5);
    expect(doc.coef[2]).toBeLessThan(-0.5);
    const p = run(['predict', model, file('new.svm', '0 1:2\n0 3:1\n'), '--interval', '0.9']);
    expect(p.code).toBe(0);
    const [head, first, second] = p.stdout.trim().split('\n');
    expect(head).toBe('prediction,lower,upper');
    expect(Number(first.split(',')[0])).toBeGreaterThan(Number(second.split(',')[0]));
  });

  it('fit --relax reads an svmlight file sparse too (the relaxed Lasso, with CV+ from its folds); predict with intervals; split intervals', () => {
    const model = join(dir, 'sparse-relaxed.json');
    const r = run(['fit', file('train-relax.svm', svm), '--relax', '--cv', '5', '--intervals', 'cv+', '--out', model]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/relaxedLasso on [\s\S]*, gamma (0|0\.25|0\.5|0\.75|1) /);
    const doc = JSON.parse(readFileSync(model, 'utf8'));
    expect(doc.kind).toBe('relaxedLasso');
    expect(doc.intervals.models).toHaveLength(5);
    expect(doc.coef[0]).toBeGreaterThan(1.5);
    const p = run(['predict', model, file('new-relax.svm', '0 1:2\n0 3:1\n'), '--interval', '0.9']);
    expect(p.code).toBe(0);
    expect(p.stdout.trim().split('\n')[0]).toBe('prediction,lower,upper');
    // Split intervals too: a quarter of the rows (10 of 40) calibrates, read sparse.
    const split = JSON.parse(run(['fit', join(dir, 'train-relax.svm'), '--cv', '5', '--intervals', 'split', '--json']).stdout);
    expect(split.intervals.method).toBe('split');
    expect(split.intervals.models[0].residuals).toHaveLength(10);
  });

  it('Matrix Market with --target-file gives the same fit as the svmlight file; path, cv and stability read both', () => {
    const a = JSON.parse(run(['fit', file('train2.svm', svm), '--alpha', '0.01', '--json']).stdout);
    const b = JSON.parse(run(['fit', file('train.mtx', mtx), '--target-file', file('y.txt', rows.map((r) => r.y).join('\n')), '--alpha', '0.01', '--json']).stdout);
    b.coef.forEach((c: number, j: number) => expect(c).toBeCloseTo(a.coef[j], 10));
    expect(run(['path', join(dir, 'train2.svm'), '--n-alphas', '10', '--json']).code).toBe(0);
    expect(JSON.parse(run(['cv', join(dir, 'train2.svm'), '--folds', '4', '--json']).stdout).alphas.length).toBe(100);
    expect(run(['stability', join(dir, 'train2.svm'), '--pairs', '10']).stdout).toMatch(/x1\s+1\s+1\s+stable/);
  });

  it('--zero-based reads 0-based svmlight: the same fit under names x0 …, and predict reads new rows 0-based too', () => {
    const zero = rows.map((r) => `${r.y} ${r.feats.map(([j, v]) => `${j - 1}:${v}`).join(' ')}`).join('\n');
    expect(run(['fit', file('one.svm', svm), '--alpha', '0.01', '--out', join(dir, 'one.json')]).code).toBe(0);
    const a = JSON.parse(readFileSync(join(dir, 'one.json'), 'utf8'));
    const model = join(dir, 'zero.json');
    const b = run(['fit', file('zero0.svm', zero), '--zero-based', '--alpha', '0.01', '--out', model]);
    expect(b.code).toBe(0);
    const doc = JSON.parse(readFileSync(model, 'utf8'));
    expect(doc.featureNames).toEqual(['x0', 'x1', 'x2', 'x3', 'x4']);
    doc.coef.forEach((c: number, j: number) => expect(c).toBeCloseTo(a.coef[j], 12));
    const p = run(['predict', model, file('new0.svm', '0 0:2\n0 2:1\n')]);
    const q = run(['predict', join(dir, 'one.json'), file('new1.svm', '0 1:2\n0 3:1\n')]);
    expect(p.code).toBe(0);
    expect(p.stdout).toBe(q.stdout);
  });

  it.each([
    ['--target with an svmlight file', () => ['fit', join(dir, 'train2.svm'), '--target', 'y'], 2, /train2\.svm is an svmlight file: its first field is the target; drop --target/],
    ['a Matrix Market file without --target-file', () => ['fit', join(dir, 'train.mtx')], 2, /train\.mtx is a Matrix Market file: give its target with --target-file/],
    ['--categorical with a sparse file', () => ['fit', join(dir, 'train2.svm'), '--categorical', 'x1'], 2, /--categorical applies to CSV files/],
    ['--missing with a sparse file (it would do nothing)', () => ['cv', join(dir, 'train2.svm'), '--missing', 'mean'], 2, /--missing applies to CSV files; .*train2\.svm is a sparse svmlight file \(an entry it leaves out is 0, not missing\)/],
    ['a bad svmlight token', () => ['fit', file('bad.svm', '1 1:2\n2 3:x\n')], 1, /bad\.svm:2: token "3:x": "x" is not a number/],
    ['index 0 in a 1-based svmlight file', () => ['fit', file('zero.svm', '1 1:2\n2 0:1 2:3\n')], 1, /zero\.svm:2: token "0:1": feature index 0 in a 1-based file \(indices start at 1; give --zero-based if the file counts from 0\)/],
    ['--zero-based with a Matrix Market file', () => ['fit', file('z.mtx', '%%MatrixMarket matrix coordinate real general\n2 1 1\n1 1 5\n'), '--zero-based'], 2, /--zero-based is for svmlight files/],
    ['--zero-based with a CSV', () => ['fit', file('z.csv', 'y,x\n1,2\n'), '--target', 'y', '--zero-based'], 2, /--zero-based is for svmlight files; .*z\.csv is a CSV/],
    ['a CSV given to a sparse model', () => ['predict', join(dir, 'sparse.json'), clean], 1, /fitted on a sparse file .* give it an svmlight or Matrix Market file of 5 features/],
    ['index 0 given to a model fitted 1-based', () => ['predict', join(dir, 'sparse.json'), file('new0b.svm', '0 1:2\n0 0:1 2:1\n')], 1, /new0b\.svm:2: token "0:1": feature index 0 in a 1-based file \(the model was fitted on a 1-based file: its features are x1 … x5\)\n$/],
    ['an index past the model\'s features', () => ['predict', join(dir, 'sparse.json'), file('wide.svm', '0 1:2 6:1\n')], 1, /wide\.svm:1: token "6:1": feature index 6 is past the 5 features \(indices 1 … 5\)/],
    ['a sparse file given to a CSV model', () => ['predict', join(dir, 'm.json'), join(dir, 'new.svm')], 1, /takes CSV columns through its recipe; .*new\.svm is a sparse file/],
  ])('%s is refused clearly', (_name, args, code, message) => {
    const r = run(args());
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('demo', () => {
  it('prints the study reproduced and the honest estimate', () => {
    const r = run(['demo', '--repeats', '5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('398 cars in auto-mpg.data → 392 kept');
    expect(r.stdout).toMatch(/lassokit Lasso \(exact\)\s+0\.8450\s+0\.8998\s+5\.676/);
    expect(r.stdout).toContain('5 random 70/30 splits');
  });

  it('--json is one document; --out writes the report, four SVG charts and the model', () => {
    const out = join(dir, 'report');
    const r = run(['demo', '--repeats', '3', '--json', '--out', out]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['cleaning', 'studySplit', 'stability', 'crossValidation', 'repeatedSplits']);
    for (const f of ['report.html', 'path.svg', 'cv.svg', 'actual-vs-predicted.svg', 'residuals.svg', 'stability.svg', 'model.json']) expect(existsSync(join(out, f))).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(5);
    // The interval coverage on the study's test split, and the relaxed fit beside the Lasso and OLS.
    expect(doc.studySplit.intervals).toMatchObject({ level: 0.9, method: 'cv+', rows: 118 });
    expect(doc.studySplit.intervals.covered).toBeGreaterThan(100);
    expect(doc.studySplit.relaxed.testR2).toBeGreaterThan(0.85);
    expect(html).toContain('Stability selection');
    expect(html).toMatch(/90 % prediction intervals \(CV\+, 10 folds on the training cars\) cover \d+ of the 118 test cars/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    // The model file records its CV as every trainer's does: the loss, and the held-out error at α.
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(model.training.cv).toMatchObject({ nFolds: 10, seed: 0, select: 'min', loss: 'mse', alphaMin: doc.crossValidation.alphaMin });
    expect(model.training.cv.error.mean).toBeCloseTo(doc.crossValidation.cvMseAtMin, 12);
    expect(model.training.cv.error.se).toBeCloseTo(doc.crossValidation.cvSeAtMin, 12);
  });
});

describe('bad input: one line, the right exit code, no stack trace', () => {
  const badModel = () => {
    const m = JSON.parse(run(['fit', clean, '--target', 'mpg', '--alpha', '0.1', '--json']).stdout);
    return m;
  };
  it.each([
    ['a missing file', () => ['fit', 'nope.csv', '--target', 'mpg'], 1, 'lassokit: cannot read nope.csv: no such file'],
    // Read by DuckDB, named alike (not "IO Error: No files found that match the pattern").
    ['a missing Parquet file', () => ['fit', 'nope.parquet', '--target', 'mpg'], 1, 'lassokit: cannot read nope.parquet: no such file or directory'],
    ['a directory given to DuckDB', () => ['fit', '.', '--target', 'mpg', '--engine', 'duckdb'], 1, 'lassokit: cannot read .: is a directory'],
    ['an empty file', () => ['fit', file('empty.csv', ''), '--target', 'mpg'], 1, /empty\.csv: is empty \(no rows\)/],
    ['an unknown target', () => ['fit', clean, '--target', 'price'], 1, /unknown target column "price"/],
    ['an unknown feature', () => ['fit', clean, '--target', 'mpg', '--features', 'age,colour'], 1, /unknown feature column "colour"/],
    ['a bad number', () => ['fit', file('bad.csv', 'y,weight\n1,2\n2,"3,504"\n3,4\n'), '--target', 'y'], 1, /bad\.csv:3: column "weight": "3,504" is not a number; a thousands separator \(or a decimal comma: 3\.504\) in a number: write it plainly in the file \(3504\)$/m],
    ['a non-finite value', () => ['fit', file('inf.csv', 'y,x\n1,2\n2,inf\n3,4\n'), '--target', 'y'], 1, /inf\.csv:3: column "x": "inf" is not a number$/m],
    // The data library's message, then the flag that fixes it.
    ['a text column', () => ['fit', file('text.csv', 'y,x,name\n1,2,ford pinto\n2,3,vw rabbit\n3,4,amc gremlin\n'), '--target', 'y'], 1, /text\.csv:2: column "name": "ford pinto" is not a number; if "name" is text \(a category, a name\), one-hot encode it with --categorical name or leave it out with --exclude name$/m],
    ['a text column named with a space', () => ['fit', file('spaced.csv', 'y,x,car name\n1,2,ford pinto\n2,3,vw rabbit\n3,4,amc gremlin\n'), '--target', 'y'], 1, /one-hot encode it with --categorical 'car name' or leave it out with --exclude 'car name'$/m],
    ['a text target', () => ['fit', file('textTarget.csv', 'y,x,name\n1,2,ford pinto\n2,3,vw rabbit\n3,4,amc gremlin\n'), '--target', 'name', '--features', 'x'], 1, /textTarget\.csv:2: column "name": "ford pinto" is not a number; "name" is the target and must be numbers: give --target a numeric column$/m],
    ['a date', () => ['fit', file('date.csv', 'y,x,day\n1,2,2021-04-10\n2,3,2021-04-11\n3,4,2021-04-12\n'), '--target', 'y'], 1, /date\.csv:2: column "day": "2021-04-10" is not a number; if "day" holds dates or times, leave it out with --exclude day \(a date is not a number: to use it, add a numeric column made from it, such as the year or the days since a start\)$/m],
    ['a number written for people', () => ['fit', file('money.csv', 'y,x\n"$1,234,567.50",2\n2,3\n3,4\n'), '--target', 'y'], 1, /money\.csv:2: column "y": "\$1,234,567\.50" is not a number; a currency sign and thousands separators in a number: write it plainly in the file \(1234567\.50\)$/m],
    ['a missing value', () => ['fit', file('gap.csv', 'y,x\n1,2\n2,\n3,4\n'), '--target', 'y'], 1, /gap\.csv:3: column "x": value is missing \(choose a policy: --missing drop, mean or median\)$/m],
    ['a missing target', () => ['fit', file('gap2.csv', 'y,x\n1,2\n,3\n3,4\n'), '--target', 'y'], 1, /gap2\.csv:3: column "y": target value is missing; give --missing drop \(rows without a target cannot be used\)$/m],
    ['a corrupted model file', () => ['predict', file('broken.json', '{"format": "lassokit-model",'), clean], 1, /broken\.json: model is not valid JSON/],
    ['a model from a newer version', () => ['predict', file('future.json', JSON.stringify({ ...badModel(), schemaVersion: 99 })), clean], 1, /future\.json: model schemaVersion 99 .* is newer than this library reads/],
    ["a recipe whose features are not the model's", () => {
      const m = badModel();
      m.preprocessing.recipe.features = [...m.preprocessing.recipe.features].reverse();
      return ['predict', file('swapped.json', JSON.stringify(m)), clean];
    }, 1, /swapped\.json: recipe features are not the model's: \d+ against \d+ featureNames, first difference at 1/],
    ['columns missing from the recipe at predict time', () => ['predict', file('m2.json', JSON.stringify(badModel())), file('few.csv', 'age,mpg\n3,20\n')], 1, /few\.csv: missing columns "cylinders_3"/],
    ['an unknown command', () => ['frobnicate'], 2, /unknown command 'frobnicate'/],
    ['an unknown option', () => ['fit', clean, '--target', 'mpg', '--colour'], 2, /unknown option '--colour'/],
    ['an out-of-range flag', () => ['fit', clean, '--target', 'mpg', '--l1-ratio', '2'], 2, /--l1-ratio must be a number in \[0, 1\]; got "2"/],
    ['a missing required option', () => ['fit', clean], 2, /required option '--target <column>' not specified/],
    // Flags of a cross-validation that does not happen are refused, not silently ignored.
    ['--select with --alpha', () => ['fit', clean, '--target', 'mpg', '--alpha', '0.1', '--select', '1se'], 2, /--select picks among the alphas cross-validation tried: with --alpha there is none/],
    ['--seed with --alpha', () => ['fit', clean, '--target', 'mpg', '--alpha', '0.1', '--seed', '3'], 2, /--seed sets the cross-validation folds: with --alpha there are none \(unless --intervals cv\+\)/],
    ['--seed with DuckDB', () => ['cv', clean, '--target', 'mpg', '--engine', 'duckdb', '--seed', '3'], 2, /--seed draws random folds of rows held in memory; with DuckDB the folds are a hash of the used columns \(or --fold-column\)/],
    ['--relax with an Elastic Net', () => ['fit', clean, '--target', 'mpg', '--relax', '--l1-ratio', '0.5'], 2, /--relax refits the Lasso's support: it needs --l1-ratio 1; got 0\.5/],
    ['stability with ridge', () => ['stability', clean, '--target', 'mpg', '--l1-ratio', '0'], 2, /stability selection needs the L1 penalty to select features \(ridge keeps them all\): --l1-ratio must be above 0/],
    // Ridge has no alphaMax: the flag that gives the alphas is named before any data are read.
    ['ridge cross-validated without alphas', () => ['fit', clean, '--target', 'mpg', '--l1-ratio', '0'], 2, /--l1-ratio 0 \(ridge\) has no alphaMax .*: give --alpha, or choose among alphas with lassokit cv --alphas/],
    ['ridge among several l1Ratios without alphas', () => ['cv', clean, '--target', 'mpg', '--l1-ratios', '0,0.5'], 2, /^error: --l1-ratio 0 \(ridge\) has no alphaMax .*: give the alphas with --alphas a,b,…$/m],
    ['no command at all', () => [], 2, /Usage: lassokit/],
  ])('%s', (_name, args, code, message) => {
    const r = run(args());
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    if (code === 1) expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('stops quietly when the reader closes the pipe early (| head)', async () => {
    // 1,000 alphas print ~80 KB, more than a pipe holds, so writes go on after the reader leaves.
    const child = spawn(process.execPath, [BIN, 'path', clean, '--target', 'mpg', '--n-alphas', '1000'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|^\s+at /m);
    expect(code).toBe(0);
  });

  it('--debug adds the stack trace', () => {
    const r = run(['fit', file('empty2.csv', ''), '--target', 'mpg', '--debug']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^\s+at /m);
  });

  it('never leaves a half-written output file', () => {
    const out = join(dir, 'never.json');
    expect(run(['fit', file('empty3.csv', ''), '--target', 'mpg', '--out', out]).code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });
});

describe('hints name flag values as shell words', () => {
  it('leaves plain words as they are and quotes the rest so that a shell gives them back unchanged', () => {
    expect(shellWord('car_name')).toBe('car_name');
    expect(shellWord('car name')).toBe("'car name'");
    for (const word of ['car_name', '?', 'NA', 'car name', "driver's seat", 'a;b', '$HOME', '*', 'x\\y']) {
      expect(spawnSync('sh', ['-c', `printf %s ${shellWord(word)}`], { encoding: 'utf8' }).stdout).toBe(word);
    }
  });

  it('quotes a name holding a comma as a CSV item, and the hint pasted into a shell fits', () => {
    // A list flag is one CSV record: a name with a comma had no way in (split at its comma).
    const csv = file('comma.csv', 'y,x,"maker, model"\n1,2,ford pinto\n2,3,vw rabbit\n3,4,ford pinto\n4,1,vw rabbit\n5,2,amc gremlin\n6,5,amc gremlin\n');
    const hint = run(['fit', csv, '--target', 'y']);
    expect(hint.code).toBe(1);
    const flag = /--categorical (.+?) or leave/.exec(hint.stderr)?.[1];
    expect(flag).toBe(`'"maker, model"'`);
    expect(listWord('price')).toBe('price');
    expect(listWord('say "hi"')).toBe(`'"say ""hi"""'`);
    // The hint's word through a shell, as a user pasting it would give it.
    const value = spawnSync('sh', ['-c', `printf %s ${flag}`], { encoding: 'utf8' }).stdout;
    const fitted = run(['fit', csv, '--target', 'y', '--categorical', value, '--alpha', '0.1', '--json']);
    expect(fitted.code).toBe(0);
    expect((JSON.parse(fitted.stdout) as { featureNames: string[] }).featureNames.filter((f) => f.startsWith('maker, model'))).toHaveLength(3);
  });

  it('--exclude leaves columns out of the default features; its hint, pasted, fits; and it is refused where it cannot apply', () => {
    const csv = file('cars.csv', 'y,x,w,car name\n1,2,5,ford pinto\n2,3,1,vw rabbit\n3,4,4,amc gremlin\n4,1,2,ford pinto\n5,2,3,vw rabbit\n6,5,1,amc gremlin\n');
    const hint = run(['fit', csv, '--target', 'y']);
    expect(hint.code).toBe(1);
    const flag = /leave it out with --exclude (.+)$/m.exec(hint.stderr)?.[1] as string;
    expect(flag).toBe(`'car name'`);
    const value = spawnSync('sh', ['-c', `printf %s ${flag}`], { encoding: 'utf8' }).stdout;
    const fitted = run(['fit', csv, '--target', 'y', '--exclude', value, '--alpha', '0.1', '--json']);
    expect(fitted.code).toBe(0);
    expect((JSON.parse(fitted.stdout) as { featureNames: string[] }).featureNames).toEqual(['x', 'w']);
    // The same on the general path (a fold column) and with two names.
    const folds = file('folds.csv', 'y,x,w,name,fold\n1,2,5,a,1\n2,3,1,b,2\n3,4,4,c,1\n4,1,2,d,2\n5,2,3,e,1\n6,5,1,f,2\n');
    const byFold = run(['fit', folds, '--target', 'y', '--fold-column', 'fold', '--exclude', 'name,w', '--json']);
    expect(byFold.code).toBe(0);
    expect((JSON.parse(byFold.stdout) as { featureNames: string[] }).featureNames).toEqual(['x']);
    // Where it cannot apply: with --features (usage), an unknown name (data), a sparse file (usage).
    const both = run(['fit', csv, '--target', 'y', '--features', 'x', '--exclude', 'w']);
    expect([both.code, both.stderr]).toEqual([2, expect.stringMatching(/--exclude leaves columns out of the default features \(every other column\); with --features, list only the columns to use/)]);
    const unknown = run(['fit', csv, '--target', 'y', '--exclude', 'car nmae']);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringMatching(/cars\.csv: unknown excluded column "car nmae" \(columns: y, x, w, car name\)/)]);
    const sparse = run(['fit', file('s.svm', '1 1:2\n2 1:3 2:1\n3 2:4\n'), '--exclude', 'x']);
    expect([sparse.code, sparse.stderr]).toEqual([2, expect.stringMatching(/--exclude applies to CSV files; .*s\.svm is a sparse svmlight file/)]);
    // With --features given, a text column's hint points into that list instead.
    expect(run(['fit', csv, '--target', 'y', '--features', 'x,car name']).stderr).toMatch(/one-hot encode it with --categorical 'car name' or leave it out of --features$/m);
  });

  it('adds the items of a list flag given twice (names or numbers), as one list would', () => {
    const names = (args: string[]) => (JSON.parse(run(['fit', clean, '--target', 'mpg', ...args, '--alpha', '0.1', '--json']).stdout) as { featureNames: string[] }).featureNames;
    expect(names(['--features', 'log_weight', '--features', 'age'])).toEqual(names(['--features', 'log_weight,age']));
    // Numeric lists alike.
    const alphas = (args: string[]) => (JSON.parse(run(['path', clean, '--target', 'mpg', ...args, '--json']).stdout) as { alphas: number[] }).alphas;
    expect(alphas(['--alphas', '1', '--alphas', '0.1,0.01'])).toEqual([1, 0.1, 0.01]);
    expect(run(['path', clean, '--target', 'mpg', '--alphas', ',0.1']).stderr).toMatch(/--alphas must be a comma-separated list without empty items; got ",0\.1"/);
    expect(run(['fit', clean, '--target', 'mpg', '--features', 'log_weight,,age']).stderr).toMatch(/--features must be a comma-separated list without empty items \(quote a name that holds a comma/);
  });
});
