// One fresh process of bench/coldStart.ts: reads the problem (not timed), then times importing the
// built package, the first lassoPath, the first lassoCV, the second lassoPath (after those two), and
// warm calls after them. Prints JSON (seconds).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, n, p] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const read = (f, T) => {
  const b = readFileSync(join(dir, f));
  return new T(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const X = { rows: n, cols: p, data: read('X.bin', Float64Array) };
const y = read('y.bin', Float64Array);
const alphas = read('alphas.bin', Float64Array);
const folds = read('folds.bin', Int32Array);
const opts = { fitIntercept: false, standardize: false, alphas };
const clock = () => performance.now() / 1000;

let t = clock();
// The package as published (its bundled entry), resolved by name.
const { lassoCV, lassoPath } = await import('@lassokit/core');
const times = { import: clock() - t };
t = clock();
lassoPath(X, y, opts);
times.path = clock() - t;
t = clock();
lassoCV(X, y, { ...opts, foldIds: folds });
times.cv = clock() - t;
t = clock();
lassoPath(X, y, opts);
times.secondPath = clock() - t;
// Warm: after a few more calls, the median of five.
const warm = (f) => {
  for (let k = 0; k < 3; k++) f();
  const s = [];
  for (let k = 0; k < 5; k++) {
    const t0 = clock();
    f();
    s.push(clock() - t0);
  }
  return s.sort((a, b) => a - b)[2];
};
times.warmPath = warm(() => lassoPath(X, y, opts));
times.warmCv = warm(() => lassoCV(X, y, { ...opts, foldIds: folds }));
console.log(JSON.stringify(times));
