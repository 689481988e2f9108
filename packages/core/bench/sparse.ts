/**
 * `pnpm bench:peers --sparse [--quick] [--seed N] [--only abcd] [--eps E] [--standardize]`: lassokit on CSC input next to glmnet (dgCMatrix)
 * and scikit-learn (csc_matrix), side by side in one run on the same data and grid (standardize off,
 * intercept on, 100 alphas to 1e-2·alphaMax (`--eps`: another end, e.g. scikit-learn's 1e-3, where wide
 * designs' supports pass the rows); `--quick`: 30 alphas and smaller problems). Each peer's
 * path is scored against one tight lassokit solve (tol 1e-10): the largest relative suboptimality
 * over the grid, ≤ 1e-6 to count; glmnet's thresh is calibrated per problem (the largest reaching
 * it). Problems: (a) random 20,000 × 50,000 at density 1e-3; (b) one-hot, 2,703 rows × 100
 * categorical columns of ~1,700 levels each; (c) bag-of-words-like 10,000 × 100,000 with Zipf column
 * frequencies and counts; (d) tall, an svmlight file of hashed features: 80,000 × 50,000, 4 random
 * columns a row (`--only d` runs that one; letters select). Then 10-fold CV on the same fold ids
 * (glmnet at the calibrated thresh). Every solver runs in a fresh process (lassokit from dist: `pnpm
 * build` first) so its wall time and peak RSS are measured alike; lassokit's path is also timed warm
 * in that process (the fastest of three more: optimized code, pooled memories), as its "warm ratio".
 * `--no-sklearn` leaves scikit-learn out (it takes minutes at full size). `--standardize`: lassokit and
 * glmnet standardize (the penalty, and the suboptimality scored, on standardized coefficients), where a
 * bag of words' rare words on the same rows become equal columns; scikit-learn, which cannot, is left
 * out. Prints figures, asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alphaGrid, createRng, enetPath, foldIds, lassoPath, type CscMatrix } from '../dist/index.js';
import { drop, scratchDir } from './scratch.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const quick = process.argv.includes('--quick');
const seedAt = process.argv.indexOf('--seed');
const seed = seedAt >= 0 ? Number(process.argv[seedAt + 1]) : Math.floor(Math.random() * 1e9);
const N_ALPHAS = quick ? 30 : 100;
const epsAt = process.argv.indexOf('--eps');
const EPS = epsAt >= 0 ? Number(process.argv[epsAt + 1]) : 1e-2;
if (!(EPS > 0 && EPS < 1)) throw new Error(`--eps must be in (0, 1); got ${process.argv[epsAt + 1]}`);
const THRESHES = [1e-7, 1e-9, 1e-11, 1e-13];
// `--standardize`: every solver standardizes the columns (glmnet's default; scikit-learn has no such
// option and is left out). Passed to the runners as BENCH_STANDARDIZE=1.
const STANDARDIZE = process.argv.includes('--standardize');
if (STANDARDIZE) process.env.BENCH_STANDARDIZE = '1';

function fromColumns(n: number, cols: number[][], vals: number[][]): CscMatrix {
  const colPtr = new Int32Array(cols.length + 1);
  cols.forEach((c, j) => (colPtr[j + 1] = colPtr[j] + c.length));
  return { rows: n, cols: cols.length, colPtr, rowIdx: Int32Array.from(cols.flat()), values: Float64Array.from(vals.flat()) };
}

/** (a) uniform random sparsity. */
function randomSparse(n: number, p: number, density: number, rand: () => number): CscMatrix {
  const cols: number[][] = [];
  const vals: number[][] = [];
  for (let j = 0; j < p; j++) {
    const set = new Set<number>();
    const k = Math.max(1, Math.round(n * density * 2 * rand()));
    while (set.size < k) set.add(Math.floor(rand() * n));
    const r = [...set].sort((a, b) => a - b);
    cols.push(r);
    vals.push(r.map(() => (rand() - 0.5) * 4));
  }
  return fromColumns(n, cols, vals);
}

/** (b) one-hot columns of `cats` categorical columns with up to n levels each. */
function oneHot(n: number, cats: number, rand: () => number): CscMatrix {
  const cols: number[][] = [];
  for (let c = 0; c < cats; c++) {
    const byLevel = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const level = Math.floor(rand() * n);
      byLevel.set(level, [...(byLevel.get(level) ?? []), i]);
    }
    for (const level of [...byLevel.keys()].sort((a, b) => a - b)) cols.push(byLevel.get(level) as number[]);
  }
  return fromColumns(n, cols, cols.map((c) => c.map(() => 1)));
}

/** (c) bag of words: column j appears in a row with probability ∝ 1/(j + 10) (Zipf), counts 1–3. */
function bagOfWords(n: number, p: number, rand: () => number): CscMatrix {
  const cols: number[][] = [];
  const vals: number[][] = [];
  for (let j = 0; j < p; j++) {
    const rate = Math.min(0.5, 3 / (j + 10));
    const k = Math.max(1, Math.round(n * rate * (0.5 + rand())));
    const set = new Set<number>();
    while (set.size < k) set.add(Math.floor(rand() * n));
    const r = [...set].sort((a, b) => a - b);
    cols.push(r);
    vals.push(r.map(() => 1 + Math.floor(rand() * 3)));
  }
  return fromColumns(n, cols, vals);
}

/** (d) tall, as an svmlight file of hashed features: `k` distinct random columns a row, values uniform in (−1, 1). */
function tallRows(n: number, p: number, k: number, rand: () => number): CscMatrix {
  const cols: number[][] = Array.from({ length: p }, () => []);
  const vals: number[][] = Array.from({ length: p }, () => []);
  for (let i = 0; i < n; i++) {
    const set = new Set<number>();
    while (set.size < k) set.add(Math.floor(rand() * p));
    for (const j of set) {
      cols[j].push(i);
      vals[j].push(2 * rand() - 1);
    }
  }
  return fromColumns(n, cols, vals);
}

/** y from 20 random columns plus noise. */
function response(X: CscMatrix, rand: () => number): Float64Array {
  const y = new Float64Array(X.rows);
  for (let s = 0; s < 20; s++) {
    const j = Math.floor(rand() * X.cols);
    const b = (rand() - 0.5) * 4;
    for (let t = X.colPtr[j]; t < X.colPtr[j + 1]; t++) y[X.rowIdx[t]] += b * X.values[t];
  }
  return y.map((v) => v + (rand() - 0.5));
}

/** Each column's 1/n standard deviation (its zeros counted), the weight of its penalty when standardizing; else 1. */
function penaltyScales(X: CscMatrix): Float64Array {
  const s = new Float64Array(X.cols).fill(1);
  if (!STANDARDIZE) return s;
  for (let j = 0; j < X.cols; j++) {
    let sum = 0;
    let sq = 0;
    for (let t = X.colPtr[j]; t < X.colPtr[j + 1]; t++) sum += X.values[t];
    const mean = sum / X.rows;
    for (let t = X.colPtr[j]; t < X.colPtr[j + 1]; t++) sq += (X.values[t] - mean) ** 2;
    sq += (X.rows - (X.colPtr[j + 1] - X.colPtr[j])) * mean * mean;
    s[j] = Math.sqrt(sq / X.rows);
  }
  return s;
}

/** The objective (intercept on; the penalty on standardized coefficients with `--standardize`) evaluated directly from the CSC arrays. */
function objective(X: CscMatrix, y: Float64Array, coef: ArrayLike<number>, b0: number, alpha: number, scales: Float64Array): number {
  const r = Float64Array.from(y, (v) => v - b0);
  let l1 = 0;
  for (let j = 0; j < X.cols; j++) {
    const b = coef[j];
    if (b === 0) continue;
    l1 += scales[j] * Math.abs(b);
    for (let t = X.colPtr[j]; t < X.colPtr[j + 1]; t++) r[X.rowIdx[t]] -= b * X.values[t];
  }
  let rss = 0;
  for (const v of r) rss += v * v;
  return rss / (2 * X.rows) + alpha * l1;
}

function suboptimality(X: CscMatrix, y: Float64Array, grid: Float64Array, coefs: ArrayLike<number>[], a0: ArrayLike<number>, best: number[], scales: Float64Array): number {
  return Math.max(...Array.from(grid, (a, k) => (objective(X, y, coefs[k], a0[k], a, scales) - best[k]) / best[k]));
}

const problems = quick
  ? [
      { name: '(a) random 5,000 × 20,000, density 1e-3', make: (r: () => number) => randomSparse(5_000, 20_000, 1e-3, r) },
      { name: '(b) one-hot 2,703 × 20 categoricals', make: (r: () => number) => oneHot(2_703, 20, r) },
      { name: '(c) bag of words 2,000 × 20,000', make: (r: () => number) => bagOfWords(2_000, 20_000, r) },
      { name: '(d) tall 20,000 × 12,500, 4 a row', make: (r: () => number) => tallRows(20_000, 12_500, 4, r) },
    ]
  : [
      { name: '(a) random 20,000 × 50,000, density 1e-3', make: (r: () => number) => randomSparse(20_000, 50_000, 1e-3, r) },
      { name: '(b) one-hot 2,703 × 100 categoricals', make: (r: () => number) => oneHot(2_703, 100, r) },
      { name: '(c) bag of words 10,000 × 100,000', make: (r: () => number) => bagOfWords(10_000, 100_000, r) },
      { name: '(d) tall 80,000 × 50,000, 4 a row', make: (r: () => number) => tallRows(80_000, 50_000, 4, r) },
    ];
// `--only bd`: the problems of those letters alone.
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : 'abcd';

console.log(`sparse designs, seed ${seed}; lassokit (default tol) vs glmnet (dgCMatrix, thresh calibrated to ≤ 1e-6 on the path) vs scikit-learn (csc_matrix, default tol); ${N_ALPHAS} alphas to ${EPS}·alphaMax, standardize ${STANDARDIZE ? 'on' : 'off'}, intercept on; each solver in a fresh process (wall time of the fit; peak RSS of the process)`);
console.log('CV: 10 folds (the same fold ids for all), the path\'s tol/thresh; "curve" = the largest relative difference of the mean CV error from lassokit\'s.');
console.log('lassokit\'s path is its first call in the process; "warm" the fastest of the same path three times more there, and "warm ratio" that against the faster peer\'s (first) call.');
console.log(`${'problem'.padEnd(41)} | ${'n × p, nnz'.padStart(30)} | lassokit path (subopt)  peak | warm | glmnet path (subopt, thresh)  peak | sklearn path (subopt)  peak | ratio | warm ratio | cv: lassokit  peak | glmnet (curve)  peak | sklearn (curve)  peak | ratio`);
const skipSklearn = process.argv.includes('--no-sklearn') || STANDARDIZE;
for (const [k, pr] of problems.entries()) {
  if (!only.includes(pr.name[1])) continue;
  const rand = createRng(seed + k);
  const X = pr.make(rand);
  const y = response(X, rand);
  const opts = { standardize: STANDARDIZE, l1Ratio: 1 } as const;
  const scales = penaltyScales(X);
  const alphaMax = enetPath(X, y, { ...opts, nAlphas: 1 }).alphaMax;
  const grid = alphaGrid(alphaMax, N_ALPHAS, EPS);
  const tight = lassoPath(X, y, { ...opts, alphas: grid, tol: 1e-10, maxIter: 1_000_000 });
  const best = tight.coef.map((c, i) => objective(X, y, c, tight.intercept[i], grid[i], scales));
  const dir = scratchDir('lassokit-sparse-');
  writeFileSync(join(dir, 'colPtr.bin'), X.colPtr);
  writeFileSync(join(dir, 'rowIdx.bin'), X.rowIdx);
  writeFileSync(join(dir, 'values.bin'), X.values);
  writeFileSync(join(dir, 'y.bin'), y);
  writeFileSync(join(dir, 'alphas.bin'), grid);
  writeFileSync(join(dir, 'foldid.bin'), Int32Array.from(foldIds(X.rows, 10, seed + k), (f) => f + 1));
  const dims = [dir, String(X.rows), String(X.cols), String(X.values.length)];
  const read = (file: string, len: number) => {
    // Small files come back as views into Node's shared pool: copy exactly their bytes.
    const buf = readFileSync(join(dir, file));
    return new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)).subarray(0, len);
  };
  const coefsOf = (file: string) => {
    const all = read(file, X.cols * grid.length);
    return Array.from(grid, (_, i) => all.subarray(i * X.cols, (i + 1) * X.cols));
  };
  const run = (cmd: string, script: string, mode: string, extra: string[] = []) =>
    JSON.parse(execFileSync(cmd, [join(here, 'peers', script), ...dims, mode, ...extra], { encoding: 'utf8', maxBuffer: 1 << 26 })) as { seconds: number; peakMB: number; warmSeconds?: number };
  const curve = (file: string, ref: Float64Array) => Math.max(...Array.from(read(file, grid.length), (v, i) => Math.abs(v - ref[i]) / ref[i]));

  const ours = run(process.execPath, 'lassokit_sparse.mjs', 'path');
  const oScore = suboptimality(X, y, grid, coefsOf('lassokit-coef.bin'), read('lassokit-a0.bin', grid.length), best, scales);
  const g = JSON.parse(execFileSync('Rscript', [join(here, 'peers/glmnet_sparse.R'), ...dims, 'path', ...THRESHES.map(String)], { encoding: 'utf8', maxBuffer: 1 << 26 })) as { seconds: number[]; peakMB: number };
  const gScores = THRESHES.map((_, i) => suboptimality(X, y, grid, coefsOf(`glmnet-coef-${i}.bin`), read(`glmnet-a0-${i}.bin`, grid.length), best, scales));
  const gi = gScores.findIndex((v) => v <= 1e-6);
  const sk = skipSklearn ? null : run('/usr/bin/python3', 'sklearn_sparse.py', 'path');
  const sScore = sk === null ? Infinity : suboptimality(X, y, grid, coefsOf('sklearn-coef.bin'), read('sklearn-a0.bin', grid.length), best, scales);

  const oursCv = run(process.execPath, 'lassokit_sparse.mjs', 'cv');
  const ourCvm = read('lassokit-cvm.bin', grid.length).slice();
  const gCv = run('Rscript', 'glmnet_sparse.R', 'cv', [String(THRESHES[Math.max(0, gi)])]);
  const skCv = skipSklearn ? null : run('/usr/bin/python3', 'sklearn_sparse.py', 'cv');

  const fastest = Math.min(gi >= 0 ? g.seconds[gi] : Infinity, sk !== null && sScore <= 1e-6 ? sk.seconds : Infinity);
  const fastestCv = Math.min(gi >= 0 ? gCv.seconds : Infinity, skCv?.seconds ?? Infinity);
  const e = (v: number) => v.toExponential(1);
  const mb = (v: number) => `${v.toFixed(0)} MB`;
  const gText = gi >= 0 ? `${g.seconds[gi].toFixed(2)} (${e(gScores[gi])}, ${THRESHES[gi]})` : `— (best ${e(Math.min(...gScores))})`;
  const sText = sk === null ? 'skipped' : `${sk.seconds.toFixed(2)} (${e(sScore)})${sScore > 1e-6 ? '✗' : ''}  ${mb(sk.peakMB)}`;
  const skCvText = skCv === null ? 'skipped' : `${skCv.seconds.toFixed(2)} (${e(curve('sklearn-cvm.bin', ourCvm))})  ${mb(skCv.peakMB)}`;
  console.log(
    [
      pr.name.padEnd(41),
      `${X.rows} × ${X.cols}, ${X.values.length}`.padStart(30),
      `${ours.seconds.toFixed(2)} (${e(oScore)})  ${mb(ours.peakMB)}`.padStart(29),
      (ours.warmSeconds as number).toFixed(2).padStart(4),
      `${gText}  ${mb(g.peakMB)}`.padStart(35),
      sText.padStart(27),
      (Number.isFinite(fastest) ? (ours.seconds / fastest).toFixed(2) : '—').padStart(5),
      (Number.isFinite(fastest) ? ((ours.warmSeconds as number) / fastest).toFixed(2) : '—').padStart(10),
      `${oursCv.seconds.toFixed(2)}  ${mb(oursCv.peakMB)}`.padStart(18),
      `${gCv.seconds.toFixed(2)} (${e(curve('glmnet-cvm.bin', ourCvm))})  ${mb(gCv.peakMB)}`.padStart(20),
      skCvText.padStart(21),
      (Number.isFinite(fastestCv) ? (oursCv.seconds / fastestCv).toFixed(2) : '—').padStart(5),
    ].join(' | '),
  );
  drop(dir);
}
console.log('ratio: lassokit / the faster peer reaching ≤ 1e-6 (✗: a peer that did not, so it does not count)');
