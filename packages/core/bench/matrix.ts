/**
 * `pnpm bench:peers --matrix [--quick] [--seed N] [--budget S]`: lassokit next to glmnet and scikit-learn on a
 * matrix of generated problems nobody tuned for — shapes n × p, correlation (equicorrelated ρ 0,
 * 0.5, 0.9; Toeplitz ρ^|i−j| with ρ 0.5), l1Ratio (1, 0.5), the α grid (scikit-learn's eps 1e-3;
 * glmnet's 1e-4, or 1e-2 when n < p) and the signal (the paper's dense β; 10 nonzeros). A full
 * factorial is 32 cells per shape; each shape gets 4 of them (2 with --quick, on the four n > p
 * shapes only — the wide ones make the peers' calibration slow), drawn from a seeded
 * permutation of the 32 so every level of every factor appears about equally often. The seed is
 * fresh unless given (and printed), so that nobody tunes to one.
 *
 * Each cell: the path (median of 3 samples, 1 where the reference solve took over 5 s — a sample
 * is the mean of as many consecutive calls as last 50 ms, for every solver alike; beside it
 * `enetPathParallel` on two threads where it is not `enetPath` itself — a Gram of at least
 * MIN_PARALLEL_GRAM multiply-adds — as scikit-learn's BLAS makes its Gram on both cores) and 10-fold CV (one run,
 * single-threaded; the worker-thread CV beside it) of lassokit, glmnet and scikit-learn on the same
 * data, grid and folds, timed one cell at a time (lassokit, then each peer in its own process), so
 * a cell's three times are seconds apart, not minutes. Accuracy: each solver's path must reach
 * ≤ 1e-6 relative suboptimality at every α against a tight lassokit solve (gap ≤ 1e-8) — glmnet's
 * thresh and scikit-learn's tol are calibrated per cell to the loosest that does (as bench:peers
 * does for glmnet); a solver that cannot is marked and its time does not count. Calibration
 * starts at the setting the shape's last cell chose and walks to the loosest that reaches; the
 * chosen attempt's own time, where it fills a sample alone, is one of the path's samples. Time is
 * bounded by `--budget S` (default 10): each peer runs a cell in its own process, is stopped where
 * its path line has not come S seconds after start-up (a path not printed is "over"), runs its CV
 * only if calibrating and timing the path took at most S, and gets S again for it; lassokit's CV —
 * and so the cell's — is left out where ten of its paths would take more than S.
 * Prints a line per lassokit cell as it goes, then the table and a summary; asserts nothing.
 * `--shapes 200x50,100x1000` runs some shapes only (shapes outside the matrix too). `--designs other` swaps the
 * paper's four designs for four others (near-duplicate groups, 0/1 columns, heavy tails, Toeplitz ρ 0.9). `--cpu N` pins lassokit and the peers to CPU N
 * (taskset), leaving out the two-thread columns: see CPU below.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alphaGrid, createRng, elasticNetCV, enetPath, foldIds, type DenseMatrix } from '../dist/index.js';
// Worker threads load built files: the parallel runner comes from dist (`pnpm build` first; turbo does).
import { elasticNetCVParallel, enetPathParallel } from '../dist/parallel/index.js';
import { MIN_PARALLEL_GRAM } from '../dist/parallel/runParallelPath.js';
import { designLabel, enetObjective, generate, type Correlation, type Signal } from './designs.js';
import { median } from './measure.js';
import { drop, scratchDir } from './scratch.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const seedArg = args.indexOf('--seed');
const SEED = seedArg >= 0 ? Number(args[seedArg + 1]) : Math.floor(Math.random() * 2 ** 31);
const TARGET = 1e-6;
// `--budget S` (default 10): seconds each solver gets per cell for its path (a peer's calibration
// included) and again for its CV. A peer past it is stopped, and keeps what it printed; lassokit's
// CV is left out where ten of its paths would pass the budget.
const budgetArg = args.indexOf('--budget');
const BUDGET = budgetArg >= 0 ? Number(args[budgetArg + 1]) : 10;
// `--cpu N`: every timed process on CPU N (run it with each N and compare). This machine's two
// virtual CPUs are not alike for lassokit: one warm 5000 × 100 path took 5.0–5.3 ms pinned to CPU 0
// and 3.4–3.5 ms pinned to CPU 1 (node --single-threaded, so not its helper threads), where
// scikit-learn's times and the triad bandwidth were the same on both. An unpinned process stays
// mostly where it starts, so a run's ratios carried that coin toss: 5000 × 100 paths 1.04–1.31× the
// faster peer in one run, 0.48–0.90× in the next. Pinned, the two-thread columns are left out (the
// workers would share the one CPU).
const cpuArg = args.indexOf('--cpu');
const CPU = cpuArg >= 0 ? args[cpuArg + 1] : undefined;
if (CPU !== undefined && process.env.LASSOKIT_BENCH_CPU !== CPU) {
  if (!/^\d+$/.test(CPU)) throw new Error(`--cpu takes a CPU number (see nproc); got ${CPU}`);
  // This process again, pinned (the peers it starts inherit the CPU).
  const pinned = spawnSync('taskset', ['-c', CPU, process.execPath, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, LASSOKIT_BENCH_CPU: CPU } });
  if (pinned.error !== undefined) throw new Error(`--cpu needs taskset (util-linux): ${pinned.error.message}`);
  process.exit(pinned.status ?? 1);
}

const ALL_SHAPES: readonly [number, number][] = [[200, 50], [1000, 100], [5000, 100], [20_000, 50], [100_000, 20], [100, 1000], [100, 10_000], [500, 20_000], [10_000, 1000], [2000, 5000]];
// `--shapes 200x50,10000x1000` picks shapes of the matrix (cells keep their place in the permutation);
// a shape not in it (`--shapes 500x500`) is added after them, so untuned shapes can be tried too.
const shapesArg = args.indexOf('--shapes');
const picked = shapesArg >= 0 ? new Set(args[shapesArg + 1].split(',')) : null;
const extra: [number, number][] = [...(picked ?? [])].filter((s) => !ALL_SHAPES.some(([n, p]) => `${n}x${p}` === s)).map((s) => {
  const m = /^(\d+)x(\d+)$/.exec(s);
  if (m === null || Number(m[1]) < 20 || Number(m[2]) < 1) throw new Error(`--shapes takes n×p as NxP with n ≥ 20 (e.g. 500x500); got ${s}`);
  return [Number(m[1]), Number(m[2])];
});
const SHAPES: readonly [number, number][] = [...(quick ? ALL_SHAPES.slice(0, 4) : ALL_SHAPES), ...extra];
// `--designs other`: four designs the solver was not tuned on, in place of the paper's four —
// near-duplicate column groups, 0/1 columns of rare and common levels, heavy tails, and a
// Toeplitz design at ρ 0.9 (see designs.ts).
const designsArg = args.indexOf('--designs');
const DESIGNS = designsArg >= 0 ? args[designsArg + 1] : 'paper';
if (DESIGNS !== 'paper' && DESIGNS !== 'other') throw new Error(`--designs takes paper (the default) or other; got ${DESIGNS}`);
const CORRELATIONS: readonly Correlation[] =
  DESIGNS === 'paper'
    ? [{ kind: 'equi', rho: 0 }, { kind: 'equi', rho: 0.5 }, { kind: 'equi', rho: 0.9 }, { kind: 'toeplitz', rho: 0.5 }]
    : [{ kind: 'block', rho: 0.95, size: 10 }, { kind: 'binary' }, { kind: 'heavy', df: 3 }, { kind: 'toeplitz', rho: 0.9 }];
const L1_RATIOS = [1, 0.5] as const;
const GRIDS = ['sklearn', 'glmnet'] as const;
const SIGNALS: readonly Signal[] = ['dense', 'sparse'];

interface Cell {
  readonly n: number;
  readonly p: number;
  readonly corr: Correlation;
  readonly l1Ratio: number;
  readonly grid: (typeof GRIDS)[number];
  readonly signal: Signal;
  readonly seed: number;
}

/** The cells: per shape, consecutive entries of a seeded permutation of the full factorial. */
function cells(): Cell[] {
  const combos: Omit<Cell, 'n' | 'p' | 'seed'>[] = [];
  for (const corr of CORRELATIONS) for (const l1Ratio of L1_RATIOS) for (const grid of GRIDS) for (const signal of SIGNALS) combos.push({ corr, l1Ratio, grid, signal });
  const rand = createRng(SEED);
  for (let i = combos.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [combos[i], combos[j]] = [combos[j], combos[i]];
  }
  const perShape = quick ? 2 : 4;
  return SHAPES.flatMap(([n, p], s) => Array.from({ length: perShape }, (_, t) => ({ n, p, ...combos[(s * perShape + t) % combos.length], seed: SEED + s * 16 + t }))).filter((c) => picked === null || picked.has(`${c.n}x${c.p}`));
}

const label = (c: Cell) => `${c.n}×${c.p} ${designLabel(c.corr)} l1=${c.l1Ratio} ${c.grid === 'sklearn' ? 'eps-sk' : 'eps-gl'} ${c.signal}`;

/**
 * A timed sample lasts at least this long: a faster call is timed as the mean of as many
 * consecutive calls (counted from one call's time), as the peers do, so that a millisecond path is
 * not one reading of the clock (R's ticks in milliseconds: a 2.5 ms glmnet path read 3 ms) and
 * one scheduler hiccup or pending compile in a run of three does not decide its median.
 */
const SAMPLE_SECONDS = 0.05;

/**
 * Median seconds per call over `runs` samples (each the mean of the calls filling SAMPLE_SECONDS),
 * after warm-up calls for up to half a second where `warm` (the JIT settles over the first tens of
 * calls; the peers' compiled code needs none, and a fresh process's first call is bench:cold's
 * subject). The first timed call, where it alone fills a sample, is one.
 */
function seconds<T>(fn: () => T, runs: number, warm = runs > 1): { s: number; out: T } {
  let out!: T;
  for (const start = performance.now(); warm && performance.now() - start < 500; ) out = fn();
  const perCall = (calls: number): number => {
    const t0 = performance.now();
    for (let c = 0; c < calls; c++) out = fn();
    return (performance.now() - t0) / 1000 / calls;
  };
  const first = perCall(1);
  const calls = Math.max(1, Math.ceil(SAMPLE_SECONDS / Math.max(first, 1e-6)));
  const times = calls === 1 ? [first] : [];
  while (times.length < runs) times.push(perCall(calls));
  return { s: median(times), out };
}

function subopt(X: DenseMatrix, y: Float64Array, alphas: Float64Array, l1Ratio: number, coefs: ArrayLike<number>[], best: Float64Array): number {
  let worst = 0;
  for (let k = 0; k < alphas.length; k++) worst = Math.max(worst, (enetObjective(X, y, coefs[k], alphas[k], l1Ratio) - best[k]) / Math.abs(best[k]));
  return worst;
}

function readCoef(file: string, p: number, m: number): Float64Array[] {
  const b = readFileSync(file);
  const all = new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  return Array.from({ length: m }, (_, k) => all.subarray(k * p, (k + 1) * p));
}

const list = cells();
const root = scratchDir('lassokit-matrix-');
console.log(`bench:peers --matrix${quick ? ' --quick' : ''}${DESIGNS === 'paper' ? '' : ` --designs ${DESIGNS}`} --seed ${SEED} --budget ${BUDGET}${CPU === undefined ? '' : ` --cpu ${CPU} (every timed process on CPU ${CPU}; no two-thread columns)`}: ${list.length} cells; path: median of 3 samples (1 where the reference took over 5 s), CV: 10 folds, 1 sample — a sample the mean of as many calls as last ${SAMPLE_SECONDS * 1000} ms; accuracy ≤ ${TARGET} relative suboptimality at every α`);

interface Ours {
  dir: string;
  cell: Cell;
  path: number;
  /** enetPathParallel on two threads; null where it is enetPath itself (not timed again). */
  pathParallel: number | null;
  /** null where ten paths would pass the budget (not run, for any solver). */
  cv: number | null;
  cvParallel: number | null;
  subopt: number;
  passes: number;
}
/**
 * A peer on one cell: times, or null where not timed — short of the accuracy (`reached` false) or
 * stopped at the budget (`over`); `setting` is null where it printed nothing (no coefficients).
 */
interface PeerCell {
  path: number | null;
  cv: number | null;
  /** glmnet's thresh or scikit-learn's tol. */
  setting: number | null;
  reached: boolean;
  over: 'path' | 'cv' | null;
}

/** A peer's cell with its path's largest relative suboptimality over the grid (NaN: no coefficients). */
type ScoredPeer = PeerCell & { subopt: number };

/** Seconds a peer's process gets to start (R loads glmnet in ~1.5 s, Python scikit-learn in ~0.7 s). */
const STARTUP = 3;

/**
 * Runs a peer's script on one cell and keeps the lines it printed: stopped where its path line has
 * not come within the budget (plus start-up), or its CV line within the budget after that.
 * `hint` is the setting to try first (what an earlier cell of the shape chose).
 */
function peer(command: string, script: string, dir: string, wantCv: boolean, hint: number | null): Promise<PeerCell> {
  const child = spawn(command, [join(here, 'peers', script), dir, String(BUDGET), ...(hint === null ? [] : [String(hint)])], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let stopped = false;
  const stop = () => {
    stopped = true;
    child.kill('SIGKILL');
  };
  let deadline = setTimeout(stop, (BUDGET + STARTUP) * 1000);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    // The path line resets the clock: the CV gets the budget again.
    if (!out.includes('\n') && (out + chunk).includes('\n')) {
      clearTimeout(deadline);
      deadline = setTimeout(stop, BUDGET * 1000);
    }
    out += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(deadline);
      if (code !== 0 && !stopped) {
        reject(new Error(`${command} ${script} ${dir} exited with ${code}`));
        return;
      }
      const lines = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, number | boolean>);
      const first = lines[0];
      if (first === undefined) return resolve({ path: null, cv: null, setting: null, reached: false, over: 'path' });
      const reached = first.reached as boolean;
      const cv = (lines[1]?.cv as number | undefined) ?? null;
      resolve({ path: first.path as number, cv, setting: (first.thresh ?? first.tol) as number, reached, over: reached && wantCv && cv === null ? 'cv' : null });
    });
  });
}

/** A peer on one cell, its calibration starting where the shape's last cell's ended (`hints`, updated). */
async function peerCell(command: string, script: string, o: Ours, hints: Map<string, number>): Promise<PeerCell> {
  const shape = `${o.cell.n}x${o.cell.p}`;
  const r = await peer(command, script, o.dir, o.cv !== null, hints.get(shape) ?? null);
  if (r.reached && r.setting !== null) hints.set(shape, r.setting);
  return r;
}

const ours: Ours[] = [];
const glmnet: ScoredPeer[] = [];
const sklearn: ScoredPeer[] = [];
const hints = { glmnet: new Map<string, number>(), sklearn: new Map<string, number>() };
const seconds3 = { lassokit: 0, glmnet: 0, sklearn: 0 };
const t0 = performance.now();
for (const [i, cell] of list.entries()) {
  const tCell = performance.now();
  const { X, y } = generate(cell.n, cell.p, cell.corr, cell.signal, cell.seed);
  const opts = { fitIntercept: false, standardize: false, l1Ratio: cell.l1Ratio };
  const alphaMax = enetPath(X, y, { ...opts, nAlphas: 1 }).alphaMax;
  const eps = cell.grid === 'sklearn' ? 1e-3 : cell.n < cell.p ? 1e-2 : 1e-4;
  const grid = alphaGrid(alphaMax, 100, eps);
  const folds = foldIds(cell.n, 10, cell.seed);
  // The reference: a duality gap ≤ 1e-8 relative at every α, so the optimum lies within 1e-8 of
  // it and a suboptimality measured against it is at most 1e-8 short (1e-11 cost twice the time
  // on 2000 × 5000 cells and moved no reference by more than 1e-8).
  const tRef = performance.now();
  const tight = enetPath(X, y, { ...opts, alphas: grid, tol: 1e-8, maxIter: 1_000_000 });
  const best = Float64Array.from(grid, (a, k) => enetObjective(X, y, tight.coef[k], a, cell.l1Ratio));
  const refSeconds = (performance.now() - tRef) / 1000;
  const runs = refSeconds > 5 ? 1 : 3;
  const path = seconds(() => enetPath(X, y, { ...opts, alphas: grid }), runs);
  // The Gram made on two threads: a first run warms the workers' Gram code, then as the path.
  let pathParallel: number | null = null;
  if (CPU === undefined && cell.n > cell.p && (cell.n * cell.p * cell.p) / 2 >= MIN_PARALLEL_GRAM) {
    const times: number[] = [];
    for (let r = 0; r <= runs; r++) {
      const t = performance.now();
      await enetPathParallel(X, y, { ...opts, alphas: grid, workers: 2 });
      if (r > 0) times.push((performance.now() - t) / 1000);
    }
    pathParallel = median(times);
  }
  // CV costs up to ten paths (p > n; a shared Gram makes it less where n > p).
  const runCv = 10 * path.s <= BUDGET;
  // A short CV is warmed up like a path: the first CV of a process carried the JIT's warm-up of
  // the fold code (200 × 50: 248 ms cold, 28–34 ms warm), which bench:cold measures on its own.
  const cv = runCv ? seconds(() => elasticNetCV(X, y, { ...opts, l1Ratios: [cell.l1Ratio], alphas: grid, foldIds: folds }), 1, 10 * path.s <= 0.25).s : null;
  let cvParallel: number | null = null;
  // The first parallel run starts the workers; where a run is short, runs go on for a second (at
  // least two) so the workers' fold code warms up as the calling thread's has, and the last is
  // reported. (Two runs had left 200 × 50's workers cold: 112 ms, where six runs reach 27 ms.)
  const startParallel = performance.now();
  for (let r = 0; runCv && CPU === undefined && (r === 0 || (cv! < 5 && (r < 2 || performance.now() - startParallel < 1000))); r++) {
    const t = performance.now();
    await elasticNetCVParallel(X, y, { ...opts, l1Ratios: [cell.l1Ratio], alphas: grid, foldIds: folds });
    cvParallel = (performance.now() - t) / 1000;
  }
  const dir = join(root, `cell${i}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'X.bin'), X.data);
  writeFileSync(join(dir, 'y.bin'), y);
  writeFileSync(join(dir, 'alphas.bin'), grid);
  writeFileSync(join(dir, 'folds.bin'), folds);
  writeFileSync(join(dir, 'best.bin'), best);
  writeFileSync(join(dir, 'cell.json'), JSON.stringify({ n: cell.n, p: cell.p, l1Ratio: cell.l1Ratio, runs, target: TARGET, cv: runCv }));
  ours.push({ dir, cell, path: path.s, pathParallel, cv, cvParallel, subopt: subopt(X, y, grid, cell.l1Ratio, path.out.coef, best), passes: path.out.nIter.reduce((a, v) => a + v, 0) });
  process.stderr.write(`lassokit ${i + 1}/${list.length} ${label(cell)}: reference ${refSeconds.toFixed(1)} s, path ${path.s.toFixed(2)} s × ${runs}${pathParallel === null ? '' : ` (two threads ${pathParallel.toFixed(2)} s)`}, CV ${cv === null ? 'left out' : `${cv.toFixed(1)} s${cvParallel === null ? '' : `, parallel ${cvParallel.toFixed(1)} s`}`}\n`);
  seconds3.lassokit += (performance.now() - tCell) / 1000;
  // The peers on the same cell right after, each in its own process, so that the three are timed
  // within seconds of each other: this machine's speed drifts over minutes (a 1000 × 100 cell's
  // path took lassokit 3.5 ms in one run and 4.8 ms in the next, its peers timed ten minutes on).
  // Each peer's coefficients are scored here, while the cell's data are at hand: no cell's design
  // is kept past its own (the 10,000 × 1,000, 500 × 20,000 and 2,000 × 5,000 ones are 80 MB each).
  const scored = (pc: PeerCell, file: string): ScoredPeer => ({ ...pc, subopt: pc.setting === null ? NaN : subopt(X, y, grid, cell.l1Ratio, readCoef(join(dir, file), cell.p, grid.length), best) });
  let tPeer = performance.now();
  glmnet.push(scored(await peerCell('Rscript', 'glmnet_matrix.R', ours[i], hints.glmnet), 'glmnet-coef.bin'));
  seconds3.glmnet += (performance.now() - tPeer) / 1000;
  tPeer = performance.now();
  sklearn.push(scored(await peerCell('/usr/bin/python3', 'sklearn_matrix.py', ours[i], hints.sklearn), 'sklearn-coef.bin'));
  seconds3.sklearn += (performance.now() - tPeer) / 1000;
  // Its files too: the full matrix's cells had held about 1 GB of scratch until the end.
  drop(dir);
}
process.stderr.write(`${list.length} cells: lassokit ${seconds3.lassokit.toFixed(0)} s, glmnet ${seconds3.glmnet.toFixed(0)} s, scikit-learn ${seconds3.sklearn.toFixed(0)} s\n`);

const fmt = (v: number, w = 7) => (v < 0.01 ? v.toFixed(4) : v < 1 ? v.toFixed(3) : v.toFixed(2)).padStart(w);
/** A peer's time: '—' where not run, 'over' where stopped at the budget. */
const peerTime = (v: number | null, over: boolean) => (over ? '   over' : v === null ? '      —' : fmt(v));
// No ratio where lassokit missed the accuracy or no peer counted.
const ratio = (v: number, w: number) => (Number.isFinite(v) && v > 0 ? v.toFixed(2) : '—').padStart(w);
console.log(`${'cell'.padEnd(42)} | ${'ours'.padStart(7)} ${'ours∥'.padStart(7)} ${'glmnet'.padStart(7)} ${'sklearn'.padStart(7)} ratio ratio∥ | cv: ${'ours'.padStart(7)} ${'ours∥'.padStart(7)} ${'glmnet'.padStart(7)} ${'sklearn'.padStart(7)} ratio ratio∥ | subopt ours/gl/sk`);
const pathRatios: number[] = [];
/** Path ratios with the Gram on two threads where enetPathParallel makes it so (else the path's). */
const pathRatiosParallel: number[] = [];
const cvRatios: number[] = [];
/** The same ratios split by l1Ratio (#14 asks Elastic Net cells to be as far ahead as Lasso cells). */
const byL1 = new Map<number, { path: number[]; cv: number[] }>(L1_RATIOS.map((r) => [r, { path: [], cv: [] }]));
const slower: string[] = [];
const uncompared: string[] = [];
ours.forEach((o, i) => {
  const g = glmnet[i];
  const s = sklearn[i];
  const { cell } = o;
  const gs = g.subopt;
  const ss = s.subopt;
  // A peer that did not reach the accuracy, or ran out of budget, does not count.
  const peersPath = [gs <= TARGET ? g.path! : Infinity, ss <= TARGET ? s.path! : Infinity];
  const peersCv = [gs <= TARGET && g.cv !== null ? g.cv : Infinity, ss <= TARGET && s.cv !== null ? s.cv : Infinity];
  const pr = o.subopt <= TARGET ? o.path / Math.min(...peersPath) : NaN;
  const cr = o.subopt <= TARGET && o.cv !== null ? o.cv / Math.min(...peersCv) : NaN;
  const crp = o.cvParallel === null ? NaN : o.cvParallel / Math.min(...peersCv);
  const prp = o.pathParallel === null ? pr : (o.subopt <= TARGET ? o.pathParallel / Math.min(...peersPath) : NaN);
  const split = byL1.get(cell.l1Ratio) as { path: number[]; cv: number[] };
  if (Number.isFinite(pr) && pr > 0) {
    pathRatios.push(pr);
    split.path.push(pr);
  }
  if (Number.isFinite(prp) && prp > 0) pathRatiosParallel.push(prp);
  if (Number.isFinite(cr) && cr > 0) {
    cvRatios.push(cr);
    split.cv.push(cr);
  }
  if (o.subopt > TARGET || pr > 1 || cr > 1) slower.push(`${label(cell)} (path ${ratio(pr, 0)}×${o.pathParallel === null ? '' : `, two threads ${ratio(prp, 0)}×`}, cv ${ratio(cr, 0)}×${o.subopt > TARGET ? `, suboptimality ${o.subopt.toExponential(1)}` : ''})`);
  else if (pr === 0 || !Number.isFinite(Math.min(...peersPath))) uncompared.push(`${label(cell)}: lassokit ${fmt(o.path, 0)} s, glmnet ${g.over === 'path' ? 'over budget' : `subopt ${gs.toExponential(0)}`}, scikit-learn ${s.over === 'path' ? 'over budget' : `subopt ${ss.toExponential(0)}`}`);
  const settings = `thresh ${g.setting === null ? '—' : g.setting.toExponential(0)}, tol ${s.setting === null ? '—' : s.setting.toExponential(0)}`;
  console.log(
    `${label(cell).padEnd(42)} | ${fmt(o.path)} ${o.pathParallel === null ? '      —' : fmt(o.pathParallel)} ${peerTime(g.path, g.over === 'path')} ${peerTime(s.path, s.over === 'path')} ${ratio(pr, 5)} ${o.pathParallel === null ? '     —' : ratio(prp, 6)} | ${o.cv === null ? '      —' : fmt(o.cv)} ${o.cvParallel === null ? '      —' : fmt(o.cvParallel)} ${o.cv === null ? '      —' : peerTime(g.cv, g.over !== null)} ${o.cv === null ? '      —' : peerTime(s.cv, s.over !== null)} ${ratio(cr, 5)} ${ratio(crp, 6)} | ${o.subopt.toExponential(0)}/${Number.isNaN(gs) ? '—' : gs.toExponential(0)}/${Number.isNaN(ss) ? '—' : ss.toExponential(0)} (${settings})`,
  );
});
const geo = (xs: number[]) => Math.exp(xs.reduce((a, v) => a + Math.log(v), 0) / xs.length);
const worst = (xs: number[]) => Math.max(...xs);
const spread = (xs: number[]) => (xs.length === 0 ? 'no cell compared' : `geometric mean ${geo(xs).toFixed(2)}×, worst ${worst(xs).toFixed(2)}× (${xs.length} cells)`);
const leftOut = ours.filter((o) => o.cv === null).length;
console.log(`\nsummary (seed ${SEED}, budget ${BUDGET} s, ${((performance.now() - t0) / 60_000).toFixed(1)} minutes): lassokit / faster peer — path ${spread(pathRatios)}${CPU === undefined ? ` (with enetPathParallel's two threads where it makes the Gram: ${spread(pathRatiosParallel)})` : `, all on CPU ${CPU}`}; 10-fold CV (single thread) ${spread(cvRatios)}, ${leftOut} left out as ten paths would pass the budget`);
for (const [l1Ratio, { path, cv }] of byL1) console.log(`  l1Ratio ${l1Ratio}${l1Ratio === 1 ? ' (Lasso)' : ' (Elastic Net)'}: path ${spread(path)}; CV ${spread(cv)}`);
console.log(slower.length === 0 ? 'no cell where lassokit is slower' : `cells where lassokit is slower or did not count (${slower.length}):\n  ${slower.join('\n  ')}`);
if (uncompared.length > 0) console.log(`cells with no peer at the accuracy within the budget (${uncompared.length}):\n  ${uncompared.join('\n  ')}`);
