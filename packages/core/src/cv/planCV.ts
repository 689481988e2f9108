import { DEFAULTS } from '../defaults.js';
import { LassoKitError, invalidParameter } from '../errors.js';
import type { DenseMatrix, MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { copyRows, rowsMatrix, toDenseMatrix } from '../matrix/toDenseMatrix.js';
import { Workspace } from '../wasm/Workspace.js';
import { toVector } from '../matrix/toVector.js';
import { checkL1Ratio, resolveCommon, type ResolvedCommon } from '../prepare/checkOptions.js';
import { normalizedWeights, prepareProblem } from '../prepare/prepareProblem.js';
import { prepareSparse } from '../prepare/prepareSparse.js';
import type { Prepared, PreparedStats } from '../prepare/Prepared.js';
import { release } from '../prepare/prepareInput.js';
import type { FoldedStats } from '../stats/FoldedStats.js';
import { checkCsc, isCsc, type CscMatrix } from '../matrix/CscMatrix.js';
import { pathAlphas, resolveGrid } from '../path/enetPath.js';
import type { CVOptions, CvData, CvPlan, ElasticNetCVOptions, Fold } from './CVResult.js';
import { cvData } from './cvData.js';
import { foldIds as makeFoldIds } from './foldIds.js';
import { SharedGram } from './sharedGram.js';
import { foldsFromStats } from './foldRoute.js';
import { foldWeightError } from './foldWeightError.js';
import { checkedStats } from '../stats/sufficientStats.js';
import { prepareStats } from '../stats/prepareStats.js';

/**
 * Validates everything up front (bad input fails before any fitting) and prepares the all-rows
 * problem. Where folds are fitted from statistics ({@link foldsFromStats}; `foldsMayUseStats`
 * false keeps the rows, for callers whose folds are fitted otherwise) the folds' statistics are
 * made here in one pass over X, and the all-rows problem is their total, prepared as
 * `enetPathFromStats` prepares it — X is not copied, nor its Gram made again column by column;
 * its path and grid are the rows' to rounding. Otherwise the all-rows problem is X's, copied,
 * centred and scaled (see {@link prepareFull}).
 *
 * The all-rows path from the statistics' total costs less than from X's Gram, with the same
 * selected α and error to 8 digits; X is not copied for the grid's alphaMax either (it reads only
 * X̃ᵀy), which lowers the peak memory and a process's first CV (README: "Measurements behind the
 * constants").
 *
 * An array of rows is copied column-major into pooled memory (`rowsRoom`), which the caller gives
 * back with {@link releasePlan} when the run ends: a fresh array per run cost its first touch
 * (page faults), more than the copy (README: "Measurements behind the constants").
 *
 * Cost: O(n·p), or the statistics' O(n·p²) (SIMD).
 */
export function planCV(X: MatrixInput, y: VectorInput, opts: ElasticNetCVOptions, foldsMayUseStats = true): CvPlan {
  const common = resolveCommon(opts);
  const rows = Array.isArray(X) ? pooledRows(X) : undefined;
  try {
    return planOf(rows?.X ?? (isCsc(X) ? checkCsc(X) : toDenseMatrix(X)), y, opts, common, foldsMayUseStats, rows?.room);
  } catch (err) {
    rows?.room.release();
    throw err;
  }
}

/** Gives back what a plan holds: its all-rows problem's workspace and the rows' memory. */
export function releasePlan(plan: CvPlan): void {
  release(plan.full);
  plan.rowsRoom?.release();
}

/** Rows copied column-major into a pooled workspace (checked as toDenseMatrix checks them). */
function pooledRows(X: unknown): { X: DenseMatrix; room: Workspace } {
  const source = rowsMatrix(X);
  const { rows, cols } = source;
  const room = Workspace.create(rows * cols);
  try {
    const data = room.allocForOverwrite(rows * cols);
    copyRows(source, data);
    return { X: { rows, cols, data }, room };
  } catch (err) {
    room.release();
    throw err;
  }
}

function planOf(Xd: DenseMatrix | CscMatrix, y: VectorInput, opts: ElasticNetCVOptions, common: ResolvedCommon, foldsMayUseStats: boolean, rowsRoom: Workspace | undefined): CvPlan {
  const yv = toVector(y, Xd.rows, 'y');
  const n = Xd.rows;
  const weights = opts.weights === undefined ? undefined : toVector(opts.weights, n, 'weights');
  const l1Ratios = Array.from(toVector(opts.l1Ratios ?? [DEFAULTS.l1Ratio], undefined, 'l1Ratios'), (r) => checkL1Ratio(r, 'l1Ratios'));
  const loss = opts.loss ?? 'mse';
  if (loss !== 'mse' && loss !== 'mae') invalidParameter('loss', "'mse' or 'mae'", loss);
  const select = opts.select ?? 'min';
  if (select !== 'min' && select !== '1se') invalidParameter('select', "'min' or '1se'", select);
  const average = opts.cvAverage ?? 'weighted';
  if (average !== 'weighted' && average !== 'unweighted') invalidParameter('cvAverage', "'weighted' or 'unweighted'", average);
  const ids = resolveFoldIds(opts, n);
  const penaltyFactor = opts.penaltyFactor === undefined ? undefined : toVector(opts.penaltyFactor, undefined, 'penaltyFactor');
  const data = cvData(Xd, yv, weights, penaltyFactor, common, loss);
  const folds = splitFolds(ids, maxOf(ids) + 1, data.weights);
  if (data.weighted) checkFoldWeights(ids, folds, data.weights, opts.foldIds === undefined);
  if (foldsMayUseStats && foldsFromStats(data, folds.length)) {
    const { foldStats, full } = statsOfFolds(data, ids, folds.length);
    return { data, l1Ratios, select, average, ids, folds, full, sharedGram: undefined, foldStats, gridOptions: opts, rowsRoom };
  }
  // Per l1Ratio, two solvers run on the all-rows problem: the grid's (alphaMax) and the path's.
  const { full, sharedGram } = prepareFull(data, 2 * l1Ratios.length);
  return { data, l1Ratios, select, average, ids, folds, full, sharedGram, foldStats: undefined, gridOptions: opts, rowsRoom };
}

/**
 * The folds' statistics of a dense X (one pass; fold f's rows are those labelled f in `ids`) and the
 * all-rows problem from their total. Bad data is named as the rows' route names it — the row and
 * column of a non-finite value, the column that overflows or underflows — not by the sums it
 * spoils: where the statistics fail, the rows are prepared for their error (which they give first).
 */
function statsOfFolds(data: CvData, ids: Int32Array, K: number): { foldStats: FoldedStats; full: PreparedStats } {
  const weights = data.weighted ? data.weights : undefined;
  if (weights !== undefined) normalizedWeights(weights, data.y.length);
  try {
    // X, y, the weights and the ids are checked already (above and by normalizedWeights).
    const foldStats = checkedStats(data.X as DenseMatrix, data.y, weights ?? null, { ids, K });
    return { foldStats, full: prepareStats(foldStats, data.common, data.penaltyFactor) };
  } catch (err) {
    release(prepareProblem(data.X as DenseMatrix, data.y, data.common, weights, data.penaltyFactor));
    throw err;
  }
}

/**
 * The all-rows problem of a CV run and, in covariance mode, the Gram it shares with the folds
 * (the all-rows path fills it; folds subtract their held-out rows). Also what a worker thread rebuilds.
 */
export function prepareFull(data: CvData, solvers: number): { full: Prepared; sharedGram: SharedGram | undefined } {
  if (isCsc(data.X)) return { full: prepareSparse(data.X, data.y, data.common, data.weighted ? data.weights : undefined, data.penaltyFactor), sharedGram: undefined };
  const prepared = prepareProblem(data.X, data.y, data.common, data.weighted ? data.weights : undefined, data.penaltyFactor, solvers);
  if (prepared.mode !== 'covariance') return { full: prepared, sharedGram: undefined };
  const sharedGram = new SharedGram(prepared);
  return { full: { ...prepared, kernel: { ...prepared.kernel, gram: sharedGram } }, sharedGram };
}

/** The α grid of one l1Ratio, from all rows (as glmnet and scikit-learn do); every fold uses it. */
export function cvAlphas(plan: CvPlan, l1Ratio: number): Float64Array {
  const { rows, cols } = plan.data.X;
  return pathAlphas(plan.full, resolveGrid(plan.gridOptions, l1Ratio, rows, cols), l1Ratio, plan.data.common);
}

function resolveFoldIds(opts: CVOptions, n: number): Int32Array {
  if (opts.foldIds === undefined) {
    const seed = opts.seed ?? DEFAULTS.seed;
    if (!Number.isInteger(seed)) invalidParameter('seed', 'an integer', seed);
    return makeFoldIds(n, opts.nFolds ?? DEFAULTS.nFolds, seed);
  }
  const given = opts.foldIds;
  if (given.length !== n) {
    throw new LassoKitError('DIMENSION_MISMATCH', `foldIds has length ${given.length}; expected ${n} (one per row of X)`, {
      parameter: 'foldIds',
    });
  }
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const f = given[i];
    if (!Number.isInteger(f) || f < 0) invalidParameter(`foldIds[${i}]`, 'an integer ≥ 0', f);
    ids[i] = f;
  }
  const K = maxOf(ids) + 1;
  if (K < 2) invalidParameter('foldIds', 'labels of at least 2 folds', `${K} fold`);
  const sizes = new Int32Array(K);
  ids.forEach((f) => sizes[f]++);
  const empty = sizes.findIndex((s) => s === 0);
  if (empty >= 0) invalidParameter('foldIds', `consecutive labels 0 … ${K - 1} with every fold non-empty`, `no row in fold ${empty}`);
  return ids;
}

/** Largest entry, by a loop: spreading n fold ids into Math.max overflows the stack for n ≳ 10⁵. */
function maxOf(values: Int32Array): number {
  let m = -Infinity;
  for (const v of values) if (v > m) m = v;
  return m;
}

/**
 * Each fold's held-out rows in row order, in one pass over the ids (sizes first, then typed
 * arrays: pushing n rows into K arrays took 13 ms per fold at 100,000 rows; a pass per fold that
 * also listed the training rows, 7.5 ms per 10-fold CV and 36 MB of garbage).
 */
function splitFolds(ids: Int32Array, K: number, weights: Float64Array): Fold[] {
  const sizes = new Int32Array(K);
  for (const id of ids) sizes[id]++;
  const tests = Array.from(sizes, (size) => new Int32Array(size));
  const fill = new Int32Array(K);
  const weight = new Float64Array(K);
  for (let i = 0; i < ids.length; i++) {
    const f = ids[i];
    tests[f][fill[f]++] = i;
    weight[f] += weights[i];
  }
  return tests.map((test, f) => ({ test, weight: weight[f] }));
}

/**
 * Where weights are given, every fold needs weight on both sides: on its held-out rows, or its
 * held-out error is 0/0 (a NaN mean chose the first α without a word), and on its training rows,
 * or there is nothing to fit (whose path said "weights must not all be zero" of weights that are
 * not). Named by fold, with what to change. Weights that are not all finite and ≥ 0 are left to
 * their own check (`normalizedWeights`), which names the row. O(n).
 */
function checkFoldWeights(ids: Int32Array, folds: readonly Fold[], weights: Float64Array, random: boolean): void {
  const positive = new Int32Array(folds.length);
  let total = 0;
  for (let i = 0; i < ids.length; i++) {
    const w = weights[i];
    if (!(w >= 0 && w < Infinity)) return;
    if (w > 0) {
      positive[ids[i]]++;
      total++;
    }
  }
  if (total === 0) return;
  // A fold holding all the weight first: it leaves every other fold's held-out rows without any.
  const all = positive.findIndex((count) => count === total);
  const f = all >= 0 ? all : positive.findIndex((count) => count === 0);
  if (f < 0) return;
  throw foldWeightError(f, positive[f] === 0 ? { heldOutRows: folds[f].test.length } : 'training', !random);
}

/**
 * A fold's training rows: 0 … n−1 without its held-out rows, ascending. The gaps between held-out
 * rows are filled as runs (no test per row). Cost O(n).
 */
export function trainRows(fold: Fold, n: number): Int32Array {
  const { test } = fold;
  const train = new Int32Array(n - test.length);
  let b = 0;
  let from = 0;
  for (let t = 0; t <= test.length; t++) {
    const to = t < test.length ? test[t] : n;
    for (let i = from; i < to; i++) train[b++] = i;
    from = to + 1;
  }
  return train;
}
