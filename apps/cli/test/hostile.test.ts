import { spawnSync } from 'node:child_process';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '@lassokit/testing';

// Subprocess tests of the built binary (pnpm build first), as in cli.test.ts.
const BIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const dir = tempDir('lassokit-cli-hostile-');

function run(args: string[], timeout = 30_000) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, timedOut: r.error !== undefined };
}

function file(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** One line on stderr, exit 1, no stack trace. */
function expectUserError(r: ReturnType<typeof run>, message: RegExp): void {
  expect(r.timedOut).toBe(false);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
}

describe('unwritable output paths are user errors, found before the work', () => {
  it('demo --out /proc/nope stops at once (it once looped forever)', () => {
    expectUserError(run(['demo', '--out', '/proc/nope/report'], 10_000), /^lassokit: cannot write to \/proc\/nope\/report: /);
  });

  it('an output under a file names the file', () => {
    const f = file('plain.txt', 'x');
    expectUserError(run(['demo', '--out', join(f, 'sub')]), /cannot write to .*plain\.txt\/sub: .*plain\.txt is not a directory/);
  });

  it('a path the kernel refuses (even to root) says why', () => {
    expectUserError(run(['demo', '--out', '/sys/nope']), /^lassokit: cannot write to \/sys\/nope: operation not permitted$/m);
  });

  it('fit --out and predict --out check their directory too', () => {
    const csv = file('ok.csv', 'y,a\n1,2\n2,3\n3,5\n4,4\n');
    expectUserError(run(['fit', csv, '--target', 'y', '--alpha', '0.1', '--out', '/proc/nope/model.json']), /cannot write to \/proc\/nope/);
  });
});

describe('oversized lines are refused early', () => {
  it('a 40 MB file without a line break is refused after reading its first 16 MiB', () => {
    const path = file('oneline.csv', Buffer.alloc(40 * 1024 * 1024, 'a,'));
    const t = performance.now();
    const r = run(['fit', path, '--target', 'a']);
    expectUserError(r, /oneline\.csv:1: the first line is longer than 16777216 bytes/);
    expect(performance.now() - t).toBeLessThan(10_000);
  });

  it('a data line over the limit is refused with its line number', () => {
    const path = file('longline.csv', Buffer.concat([Buffer.from('y,a\n1,2\n'), Buffer.alloc(17 * 1024 * 1024, 'x'), Buffer.from('\n3,4\n')]));
    expectUserError(run(['fit', path, '--target', 'y', '--categorical', 'a']), /longline\.csv:3: the line is 17825792 characters long; the limit is 16777216/);
  });
});

describe('a directory given as data', () => {
  it.each([
    ['predict', () => ['predict', join(dir, 'm-any.json'), dir]],
    ['evaluate', () => ['evaluate', join(dir, 'm-any.json'), dir]],
    ['fit in memory', () => ['fit', dir, '--target', 'y', '--engine', 'memory']],
  ])('%s: says it is a directory (predict once answered with an internal error)', (_name, args) => {
    writeFileSync(join(dir, 'm-any.json'), run(['fit', file('dir-train.csv', 'y,a\n1,2\n2,3\n3,5\n4,4\n'), '--target', 'y', '--alpha', '0.1', '--json']).stdout);
    expectUserError(run(args()), new RegExp(`^lassokit: cannot read ${dir}: is a directory$`, 'm'));
  });
});

describe('files too large to read whole', () => {
  // A sparse file: 600 MB by its size, nothing written but its first line.
  const huge = () => {
    const path = file('huge.csv', 'y,a\n1,2\n');
    truncateSync(path, 600 * 1024 * 1024);
    return path;
  };

  it('a fit in memory says at once what the limit is and what reads it (it failed after reading, with a V8 message)', () => {
    const t = performance.now();
    expectUserError(run(['fit', huge(), '--target', 'y', '--engine', 'memory']), /huge\.csv is 0\.63 GB; a file read whole must be under 512 MiB \(the longest text Node\.js holds\): fit, cv and path read a file of any size from statistics \(--engine duckdb\); what needs the rows in memory \(--relax, --intervals cv\+, --loss mae, stability\) can fit a sample of them \(in DuckDB: COPY \(SELECT \* FROM '.*huge\.csv' USING SAMPLE 76 PERCENT \(bernoulli\)\) TO 'sample\.csv'\)$/m);
    expect(performance.now() - t).toBeLessThan(5_000);
  });
});

describe('flags and specs', () => {
  it('path --eps 2 is a usage error (exit 2, usage printed)', () => {
    const csv = file('eps.csv', 'y,a\n1,2\n2,3\n3,5\n');
    const r = run(['path', csv, '--target', 'y', '--eps', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--eps must be a number in \(0, 1\); got "2"/);
    expect(r.stderr).toMatch(/Usage:/);
  });

  it('path --n-alphas 1e9 is a usage error at once (it solved for minutes, printing nothing)', () => {
    const csv = file('many.csv', 'y,a\n1,2\n2,3\n3,5\n');
    const r = run(['path', csv, '--target', 'y', '--n-alphas', '1e9'], 10_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--n-alphas must be an integer in \[1, 100000\]; got "1e9"/);
  });

  it('stability --pairs 1e9 is a usage error at once (it grew past 2 GB in 30 s)', () => {
    const csv = file('pairs.csv', 'y,a\n1,2\n2,3\n3,5\n4,1\n');
    const r = run(['stability', csv, '--target', 'y', '--pairs', '1e9'], 10_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--pairs must be an integer in \[10, 10000\]; got "1e9"/);
  });

  it('--features a,a is refused naming the column', () => {
    const csv = file('dup.csv', 'y,a,b\n1,2,1\n2,3,0\n3,5,1\n4,4,0\n');
    expectUserError(run(['fit', csv, '--target', 'y', '--features', 'a,a', '--alpha', '0.1']), /column "a" is listed twice in features/);
  });

  it('the target as categorical is refused', () => {
    const csv = file('tcat.csv', 'y,a\n1,2\n2,3\n3,5\n');
    expectUserError(run(['fit', csv, '--target', 'y', '--features', 'a', '--categorical', 'y', '--alpha', '0.1']), /the target "y" is numeric and cannot be categorical/);
  });

  it('±1e308 in a column is refused naming it', () => {
    const csv = file('huge.csv', 'y,a\n1,1e308\n2,-1e308\n3,1e308\n');
    expectUserError(run(['fit', csv, '--target', 'y', '--alpha', '0.1']), /huge\.csv: column "a": feature values overflow/);
  });
});

describe('names that look like object internals', () => {
  const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

  it.each(names)('a column named %s, with levels named like that, fits and predicts', (name) => {
    const rows = Array.from({ length: 16 }, (_, i) => `${2 * i + (i % 3)},${i},${names[i % 4]}`);
    const train = file(`train-${name}.csv`, `y,${name},k\n${rows.join('\n')}\n`);
    const model = join(dir, `model-${name}.json`);
    const fit = run(['fit', train, '--target', 'y', '--categorical', 'k', '--alpha', '0.01', '--out', model]);
    expect(fit.code).toBe(0);
    const saved = JSON.parse(readFileSync(model, 'utf8'));
    expect(saved.featureNames).toContain(name);
    const data = file(`new-${name}.csv`, `${name},k\n3,${names[1]}\n`);
    const predicted = run(['predict', model, data, '--json']);
    expect(predicted.code).toBe(0);
    const { predictions, warnings } = JSON.parse(predicted.stdout);
    expect(warnings).toEqual([]);
    const coef = (f: string) => saved.coef[saved.featureNames.indexOf(f)];
    expect(predictions[0]).toBeCloseTo(saved.intercept + 3 * coef(name) + coef(`k_${names[1]}`), 10);
  });
});
