#!/usr/bin/env node
// lassokit on a sparse problem written by bench/sparse.ts (see glmnet_sparse.R), in a fresh Node
// process so its time and peak memory are measured as the peers' are: `path` fits the grid (default
// tol), writes lassokit-coef.bin / lassokit-a0.bin, then times the same path three times more (warm:
// the fastest); `cv` runs 10-fold CV on foldid.bin and writes lassokit-cvm.bin. Prints
// {"seconds": s, "peakMB": VmHWM (as of the first fit), "warmSeconds": s (path only)}. Loads the
// built library (pnpm build first).
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { lassoCV, lassoPath } from '../../dist/esm/index.js';

const [dir, n, p, nnz, mode] = process.argv.slice(2);
const read = (file, Type) => {
  const buf = readFileSync(join(dir, file));
  return new Type(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
};
const X = { rows: Number(n), cols: Number(p), colPtr: read('colPtr.bin', Int32Array), rowIdx: read('rowIdx.bin', Int32Array), values: read('values.bin', Float64Array) };
if (X.values.length !== Number(nnz)) throw new Error(`values.bin holds ${X.values.length} values; expected ${nnz}`);
const y = read('y.bin', Float64Array);
const alphas = read('alphas.bin', Float64Array);
const opts = { standardize: process.env.BENCH_STANDARDIZE === '1', alphas };
const t0 = performance.now();
if (mode === 'cv') {
  const cv = lassoCV(X, y, { ...opts, foldIds: Array.from(read('foldid.bin', Int32Array), (f) => f - 1) });
  const seconds = (performance.now() - t0) / 1000;
  writeFileSync(join(dir, 'lassokit-cvm.bin'), Float64Array.from(cv.cvMean));
  report(seconds);
} else {
  const path = lassoPath(X, y, opts);
  const seconds = (performance.now() - t0) / 1000;
  // Written α by α: one buffer of all of them would double the peak memory measured (glmnet's
  // script writes its sparse beta the same way, without a dense copy).
  const fd = openSync(join(dir, 'lassokit-coef.bin'), 'w');
  for (const c of path.coef) writeSync(fd, c);
  closeSync(fd);
  writeFileSync(join(dir, 'lassokit-a0.bin'), Float64Array.from(path.intercept));
  // The peak as of the first path; then the same path three times more in this process, the
  // fastest reported: what a path costs once the code is optimized and the memories pooled (a
  // fresh process's first call pays both; a second is still partly unoptimized).
  const peakMB = peak();
  let warmSeconds = Infinity;
  for (let k = 0; k < 3; k++) {
    const t1 = performance.now();
    lassoPath(X, y, opts);
    warmSeconds = Math.min(warmSeconds, (performance.now() - t1) / 1000);
  }
  report(seconds, peakMB, warmSeconds);
}

function peak() {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return hwm ? Number(hwm[1]) / 1024 : null;
}

function report(seconds, peakMB = peak(), warmSeconds = undefined) {
  console.log(JSON.stringify({ seconds, peakMB, ...(warmSeconds === undefined ? {} : { warmSeconds }) }));
}
