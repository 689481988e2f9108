import { DEFAULTS } from '../defaults.js';
import { LassoKitError, describeValue } from '../errors.js';
import type { DenseMatrix, VectorInput } from '../matrix/DenseMatrix.js';
import { gatherInto } from '../matrix/selectRows.js';
import { copyRows, nonFiniteValue, type RowsMatrix } from '../matrix/toDenseMatrix.js';
import { toVector } from '../matrix/toVector.js';
import { neumaierSum } from '../math/neumaierSum.js';
import type { KernelProblem } from '../solver/KernelProblem.js';
import { solverWorkspaceDoubles, type UpdateMode } from '../solver/CoordinateDescent.js';
import { LazyGram } from '../solver/LazyGram.js';
import { UpdatableCholesky } from '../math/UpdatableCholesky.js';
import { Workspace } from '../wasm/Workspace.js';
import type { ResolvedCommon } from './checkOptions.js';

/**
 * How a solution in kernel form maps back to the caller's scale: β_j = β̃_j / s_j (0 for excluded
 * columns), intercept = ȳ − Σ x̄_j β_j.
 */
export interface Unscaling {
  /** Column means subtracted (0 without an intercept). */
  readonly xMean: Float64Array;
  /** Column scales divided by (1 when not standardizing or for excluded columns). */
  readonly xScale: Float64Array;
  readonly yMean: number;
  readonly excluded: Uint8Array;
}

/** A kernel problem plus what is needed to map its solution back to the caller's scale. */
export interface PreparedProblem extends Unscaling {
  readonly kernel: KernelProblem;
  /** Column means subtracted (0 without an intercept). */
  readonly xMean: Float64Array;
  /** Column scales divided by (1 when not standardizing or for excluded columns). */
  readonly xScale: Float64Array;
  readonly yMean: number;
  /** Weights normalized to sum to 1. */
  readonly weights: Float64Array;
  readonly mode: UpdateMode;
}

const EPS = 2.220446049250313e-16;

/**
 * Most bytes of Grams one prepared problem's workspace holds (256 MB): a CV over seven l1Ratios
 * with 2,048 columns would otherwise keep fifteen 32 MB Grams for the whole run.
 */
const GRAMS_IN_WORKSPACE_BYTES = 2 ** 28;

/**
 * Folds sample weights, centering and standardization into the data so that the kernel
 * solves an unweighted, intercept-free problem with the same solution:
 *
 *     x̃_ij = √w̃_i (x_ij − x̄_j) / s_j,   ỹ_i = √w̃_i (y_i − ȳ),   w̃ = w / Σw
 *
 * where x̄, ȳ are weighted means (0 without an intercept) and s_j the weighted 1/n standard
 * deviation (1 without standardization). Constant columns are excluded (coefficient exactly 0)
 * whenever an intercept or standardization is used — glmnet's rule — and all-zero columns always.
 *
 * `solvers`: how many solvers will run on the problem (workspace room is reserved for each; default 1).
 * `rows`: the problem of these rows of X only (a CV fold's training rows; y and the weights are
 * theirs), gathered straight into the workspace — a fold's rows copied out first cost a fresh
 * n·p array per fold, whose first touch (page faults) took longer than the copy itself. Not with
 * an array of rows (a `RowsMatrix`), which is written column-major straight into the workspace,
 * every value checked (`copyRows`), with no column-major copy made first.
 *
 * Cost: O(n·p) time, one n·p copy.
 */
export function prepareProblem(
  X: DenseMatrix | RowsMatrix,
  y: Float64Array,
  common: ResolvedCommon,
  weightsInput: VectorInput | undefined,
  penaltyInput: VectorInput | undefined,
  solvers = 1,
  rows?: Int32Array,
): PreparedProblem {
  const n = rows === undefined ? X.rows : rows.length;
  const p = X.cols;
  if (rows !== undefined && 'list' in X) throw new Error('prepareProblem: rows of an array of rows');
  // Without weights every row weighs 1/n, kept as one number: an n-array of them, made afresh per
  // call (per CV fold too), cost its first touch — 100,000 rows: 2.6 ms a call in a loop of
  // prepareProblem calls, page faults on this machine — for values all alike. Made on request only
  // (`PreparedProblem.weights`).
  const weights = weightsInput === undefined ? null : normalizedWeights(weightsInput, n);
  const penaltyFactor = penaltyFactors(penaltyInput, p);
  // Likewise every row's √w is √(1/n), one number (with ỹ made by the kernels below: prepareInput,
  // 100,000 × 20, 3.4–3.7 → 2.7–3.0 ms).
  let sqrtW: Float64Array | number = Math.sqrt(1 / n);
  if (weights !== null) {
    sqrtW = new Float64Array(n);
    for (let i = 0; i < n; i++) sqrtW[i] = Math.sqrt(weights[i]); // a loop: map's callback per element cost ~1 ms per 100,000 rows
  }

  const yMean = common.fitIntercept ? neumaierSum(y, weights ?? 1 / n) : 0;
  const mode = chooseMode(common.updateMode, n, p);
  // X and y go where the solver's kernels read them, with room for the solvers' own vectors.
  // The caller says how many solvers will work on this problem; their vectors (and, in covariance
  // mode, a shared Gram's scratch) get room here, so none spills into the slower TypeScript kernels.
  // Their Grams too, unless they would take more than GRAMS_IN_WORKSPACE_BYTES together (a memory
  // is not given back while the run lasts, where ordinary arrays are collected as each path ends)
  // or pass one WebAssembly memory: then the Grams are ordinary arrays and X keeps its kernels.
  // Where the Grams are left out, so is the room for the solvers' small factors (two each, see
  // UpdatableCholesky.arenaDoubles): such runs — many solvers on hundreds of columns and more —
  // keep only X and the solvers' vectors in the memory, the factors being ordinary arrays.
  const covariance = mode === 'covariance';
  const room = n * p + n + solvers * solverWorkspaceDoubles(n, p, mode) + (covariance ? LazyGram.workspaceDoubles(p) : 0);
  const grams = covariance ? (solvers + 1) * LazyGram.gramDoubles(p) : 0;
  const factors = solvers * 2 * UpdatableCholesky.arenaDoubles(p);
  const workspace = Workspace.create(8 * grams <= GRAMS_IN_WORKSPACE_BYTES && Workspace.fits(room) ? room : room - grams - factors);
  try {
    return fill(X, rows, y, common, weights, penaltyFactor, sqrtW, yMean, mode, workspace);
  } catch (e) {
    workspace.release();
    throw e;
  }
}

/** Copies, centres and scales X and y into the workspace; the rest of {@link prepareProblem}. */
function fill(
  X: DenseMatrix | RowsMatrix,
  rows: Int32Array | undefined,
  y: Float64Array,
  common: ResolvedCommon,
  weights: Float64Array | null,
  penaltyFactor: Float64Array,
  sqrtW: Float64Array | number,
  yMean: number,
  mode: UpdateMode,
  workspace: Workspace,
): PreparedProblem {
  const n = rows === undefined ? X.rows : rows.length;
  const p = X.cols;
  // Both are written whole below (every column of X, the excluded ones as zeros), so a pooled
  // memory's old values need no clearing first.
  const Xk = workspace.allocForOverwrite(n * p);
  const yk = workspace.allocForOverwrite(n);
  // Rows are written column-major straight into place, then centred and scaled there.
  const data = 'list' in X ? Xk : X.data;
  if ('list' in X) copyRows(X, Xk);
  let yy = 0;
  let yMax = 0;
  if (typeof sqrtW === 'number') {
    // Without weights, by the column kernels as X's columns below: the same ỹ, bit for bit (its sum
    // of squares, only checked, in SIMD order).
    yk.set(y);
    yMax = workspace.moments(yk, 0)[2];
    [yy] = workspace.shiftScale(yk, yMean, sqrtW, null);
  } else {
    for (let i = 0; i < n; i++) {
      yk[i] = sqrtW[i] * (y[i] - yMean);
      yy += yk[i] * yk[i];
      yMax = Math.max(yMax, Math.abs(y[i]));
    }
  }
  if (!Number.isFinite(yMean) || !Number.isFinite(yy)) throw overflow('y', undefined, yMax);
  refuseTiny('y', yMax, { parameter: 'y' });

  const xMean = new Float64Array(p);
  const xScale = new Float64Array(p).fill(1);
  const colSq = new Float64Array(p);
  // X̃ᵀỹ, from the pass that centres and scales each column (a separate pass over X took 1.1 of a
  // 100,000 × 20 path's 9 ms), else by the dot kernel while the column is in cache: either way
  // gemvT's value to the bit (see KernelProblem.xty).
  const xty = new Float64Array(p);
  const excluded = new Uint8Array(p);
  // Without weights every row weighs 1/n: the column is copied raw into place and centred and
  // scaled there by the workspace kernels (SIMD where available).
  const uniform = typeof sqrtW === 'number';
  // Neither centred nor standardized, a column's moments would only be checked: it is scaled by
  // √(1/n) in the pass that finds its largest |value| and sum of squares, one pass over it instead
  // of two (prepareInput, 100,000 × 20: 2.9–3.1 → 2.2–2.6 ms).
  const scaleOnly = uniform && rows === undefined && !common.fitIntercept && !common.standardize;
  // A column is in place already where an array of rows was copied there or a fold's rows gathered.
  const inPlace = data === Xk || rows !== undefined;
  for (let j = 0; j < p; j++) {
    const off = j * n;
    const place = Xk.subarray(off, off + n);
    // The column's raw values: X's own, or its rows gathered into place (then read from there).
    const col = rows === undefined ? data.subarray(j * X.rows, (j + 1) * X.rows) : gatherInto(data, j * X.rows, rows, place);
    let moments: { mean: number; std: number; maxAbs: number };
    let dst: Float64Array | null = null;
    if (scaleOnly) {
      if (!inPlace) place.set(col);
      const f = sqrtW as number;
      const [sq, maxAbs] = workspace.scaleMax(place, f);
      // Non-finite: a value that is, or squares that overflow (raw or scaled) — as the moments tell.
      if (!Number.isFinite(sq / (f * f))) throw badColumn(j, col, rows, maxAbs);
      refuseTiny(`X column ${j}`, maxAbs, { column: j });
      if (maxAbs === 0) {
        excluded[j] = 1;
        place.fill(0);
      } else {
        colSq[j] = sq;
        xty[j] = workspace.dot(Xk, off, yk, 0, n);
      }
      continue;
    }
    if (uniform) {
      dst = place;
      if (!inPlace) dst.set(col);
      // Corrected moments in one pass, about the mean of the first rows (see pilotMean) — in a
      // second pass about the mean found where that shift was over a standard deviation off (the
      // first rows unlike the rest: sorted data, a block of outliers), whose squares cancel.
      let m0 = pilotMean(dst);
      let [s1, s2, maxAbs] = workspace.moments(dst, m0);
      let c1 = s1 / n;
      if (c1 * c1 > s2 / n - c1 * c1) {
        m0 += c1;
        [s1, s2, maxAbs] = workspace.moments(dst, m0);
        c1 = s1 / n;
      }
      moments = { mean: m0 + c1, std: Math.sqrt(Math.max(s2 / n - c1 * c1, 0)), maxAbs };
    } else {
      moments = columnMoments(col, weights as Float64Array);
    }
    const { mean, std, maxAbs } = moments;
    if (!Number.isFinite(mean) || !Number.isFinite(std)) throw badColumn(j, col, rows, maxAbs);
    refuseTiny(`X column ${j}`, maxAbs, { column: j });
    const constant = std <= 10 * EPS * maxAbs * Math.sqrt(n) || std === 0;
    if (maxAbs === 0 || (constant && (common.fitIntercept || common.standardize))) {
      excluded[j] = 1;
      place.fill(0);
      continue;
    }
    if (common.fitIntercept) xMean[j] = mean;
    if (common.standardize) xScale[j] = std;
    const shift = xMean[j];
    const scale = xScale[j];
    if (dst !== null) {
      [colSq[j], xty[j]] = workspace.shiftScale(dst, shift, (sqrtW as number) / scale, yk);
      if (!Number.isFinite(colSq[j])) throw overflow(`X column ${j}`, j, maxAbs);
      continue;
    }
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const v = ((sqrtW as Float64Array)[i] * (col[i] - shift)) / scale;
      Xk[off + i] = v;
      sq += v * v;
    }
    if (!Number.isFinite(sq)) throw overflow(`X column ${j}`, j, maxAbs);
    colSq[j] = sq;
    xty[j] = workspace.dot(Xk, off, yk, 0, n);
  }
  let made: Float64Array | undefined;
  return {
    kernel: { n, p, X: Xk, y: yk, colSq, xty, penaltyFactor, excluded, positive: common.positive, centred: common.fitIntercept, workspace },
    xMean,
    xScale,
    yMean,
    excluded,
    // 1/n each where no weights were given, made on first read (see prepareProblem).
    get weights(): Float64Array {
      return (made ??= weights ?? new Float64Array(n).fill(1 / n));
    },
    mode,
  };
}

/**
 * Why column j's mean or spread is not finite: a non-finite value in it (NON_FINITE at its row, as
 * toDenseMatrix names it — X reaches here unchecked from prepareInput), else overflow of its
 * values, the largest |value| being `maxAbs`. `col` holds the column's values, of `rows` when given
 * (its sums are taken before it is scaled, so a later non-finite sum of squares is an overflow of
 * finite values). O(n).
 */
function badColumn(j: number, col: Float64Array, rows: Int32Array | undefined, maxAbs: number): LassoKitError {
  for (let i = 0; i < col.length; i++) if (!Number.isFinite(col[i])) return nonFiniteValue('X', rows === undefined ? i : rows[i], j, col[i]);
  return overflow(`X column ${j}`, j, maxAbs);
}

/**
 * The data's moments overflow float64: a sum or sum of squares is infinite although every value is
 * finite (|values| near 1e154 and above). Solving on would give NaN coefficients reported as
 * converged, so the column is named instead. `maxAbs`: the largest |value|, as read before any scaling.
 */
function overflow(what: string, column: number | undefined, maxAbs: number): LassoKitError {
  return new LassoKitError('NON_FINITE', `${what} overflows: its sum or sum of squares is beyond the float64 range (largest |value| ${maxAbs.toPrecision(3)}); rescale it`, {
    ...(column !== undefined ? { column } : { parameter: 'y' }),
    maxAbs,
  });
}

/**
 * Below this magnitude (2^-500 ≈ 3e-151) a column's squares fall toward float64's subnormal range
 * (under 2.2e-308), where they lose digits and then vanish: a column of values near 1e-165 had a
 * standard deviation of 0, was taken for constant and got coefficient 0 without a word.
 */
export const TINY = 2 ** -500;

/**
 * Refuses data too small in magnitude for float64 to square: `size` (the largest |value| of
 * `what`, or its mean or spread from statistics) nonzero but below {@link TINY}. Named
 * (OUT_OF_DOMAIN), as an overflow is, instead of a silently zero coefficient.
 */
export function refuseTiny(what: string, size: number, details: Record<string, unknown>): void {
  if (!(size > 0 && size < TINY)) return;
  throw new LassoKitError('OUT_OF_DOMAIN', `${what} underflows: its values are too small in magnitude for float64 to square (largest |value| ${size.toPrecision(3)}); rescale it`, {
    ...details,
    maxAbs: size,
  });
}

/** Rows whose mean is the shift of a column's one-pass moments. */
const PILOT_ROWS = 1024;

/**
 * The mean of a column's first PILOT_ROWS values: the shift about which its moments are summed
 * (Σ(x − c), Σ(x − c)², then mean = c + Σ(x − c)/n): where rows are in no particular order it is
 * well within a standard deviation of the mean and nothing cancels, so one pass does what a
 * first pass for the mean and a second about it did (the caller sums again about the mean where
 * the shift was further off).
 */
function pilotMean(col: Float64Array): number {
  const m = Math.min(col.length, PILOT_ROWS);
  let s = 0;
  for (let i = 0; i < m; i++) s += col[i];
  return m > 0 ? s / m : 0;
}

/**
 * Weighted mean, standard deviation (1/n) and largest magnitude of a column, by the corrected
 * two-pass algorithm (Chan, Golub & LeVeque): a plain first estimate m0, then
 * mean = m0 + Σw(x − m0) and var = Σw(x − m0)² − (Σw(x − m0))². Accurate for columns far from zero
 * and branch-light. `weights` sum to 1.
 */
function columnMoments(col: Float64Array, weights: Float64Array): { mean: number; std: number; maxAbs: number } {
  const n = col.length;
  let m0 = 0;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    const v = col[i];
    m0 += weights[i] * v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  let c1 = 0;
  let c2 = 0;
  for (let i = 0; i < n; i++) {
    const d = col[i] - m0;
    const wd = weights[i] * d;
    c1 += wd;
    c2 += wd * d;
  }
  return { mean: m0 + c1, std: Math.sqrt(Math.max(c2 - c1 * c1, 0)), maxAbs };
}

/**
 * Maps kernel coefficients back to the original scale into `out`, which must be all zeros (a fresh
 * array): only the nonzero coefficients are written, so the pages of a fresh p-long array where the
 * model is zero are never touched (each first touch of a page costs a fault: on a 170,680-column
 * one-hot path, writing every entry of every α's array took 0.5 s of 5.8). Returns the intercept.
 */
export function unscale(prepared: Unscaling, kernelBeta: ArrayLike<number>, out: Float64Array): number {
  const { xMean, xScale, yMean, excluded } = prepared;
  let intercept = yMean;
  for (let j = 0; j < out.length; j++) {
    const k = kernelBeta[j];
    if (k === 0 || excluded[j]) continue;
    const b = k / xScale[j];
    out[j] = b;
    intercept -= xMean[j] * b;
  }
  return intercept;
}

/** The update mode of an n × p problem: the requested one, or covariance where n ≥ p and p ≤ maxGramFeatures, else naive. */
export function chooseMode(requested: ResolvedCommon['updateMode'], n: number, p: number): UpdateMode {
  if (requested !== 'auto') return requested;
  return n >= p && p <= DEFAULTS.maxGramFeatures ? 'covariance' : 'naive';
}

export function normalizedWeights(input: VectorInput | undefined, n: number): Float64Array {
  if (input === undefined) return new Float64Array(n).fill(1 / n);
  const w = toVector(input, n, 'weights');
  for (let i = 0; i < n; i++) {
    if (w[i] < 0) {
      throw new LassoKitError('INVALID_WEIGHTS', `weights must be ≥ 0; got ${describeValue(w[i])} at index ${i}`, {
        parameter: 'weights',
        index: i,
        received: w[i],
      });
    }
  }
  const total = neumaierSum(w);
  if (!(total > 0)) throw new LassoKitError('INVALID_WEIGHTS', 'weights must not all be zero', { parameter: 'weights' });
  for (let i = 0; i < n; i++) w[i] /= total;
  return w;
}

export function penaltyFactors(input: VectorInput | undefined, p: number): Float64Array {
  if (input === undefined) return new Float64Array(p).fill(1);
  const pf = toVector(input, undefined, 'penaltyFactor');
  if (pf.length !== p) {
    throw new LassoKitError('DIMENSION_MISMATCH', `penaltyFactor has length ${pf.length}; expected ${p} (one per column of X)`, {
      parameter: 'penaltyFactor',
      received: pf.length,
      expected: p,
    });
  }
  for (let j = 0; j < p; j++) {
    if (pf[j] < 0) {
      throw new LassoKitError('INVALID_PARAMETER', `penaltyFactor must be ≥ 0; got ${pf[j]} at index ${j}`, {
        parameter: 'penaltyFactor',
        index: j,
        received: pf[j],
      });
    }
  }
  return pf;
}
