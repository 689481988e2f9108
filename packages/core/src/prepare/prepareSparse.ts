import { LassoKitError } from '../errors.js';
import { cscRows, type CscMatrix } from '../matrix/CscMatrix.js';
import type { VectorInput } from '../matrix/DenseMatrix.js';
import { neumaierSum } from '../math/neumaierSum.js';
import { SparseResidualProblem, type SparseKernel } from '../solver/SparseResidualProblem.js';
import type { SufficientStats } from '../stats/FoldedStats.js';
import { prepareStats, type FitShifts } from '../stats/prepareStats.js';
import type { ResolvedCommon } from './checkOptions.js';
import type { PreparedStats } from './Prepared.js';
import { normalizedWeights, penaltyFactors, refuseTiny } from './prepareProblem.js';
import { sparseRows } from '../solver/DesignRows.js';
import { equalScaledColumns, type MergedColumns } from './equalColumns.js';

const EPS = 2.220446049250313e-16;

/**
 * Above this many columns sparse X is fitted on its residuals even where n ≥ p: a Gram problem's
 * update costs O(p), a sparse column's O(its nonzeros). (Dense X keeps a Gram up to `maxGramFeatures`.)
 */
const SPARSE_GRAM_FEATURES = 2000;

/**
 * The kernel problem of a sparse design, the same problem `prepareProblem` builds from the dense
 * matrix (weights, centring, standardization, the excluded-column rule), never densified:
 *
 * - **n ≥ p and p ≤ 2,000** (covariance mode, as for dense X): the weighted, centred Gram XᵀWX − W·x̄x̄ᵀ
 *   accumulated row by row over each row's nonzeros (cost Σ_i nnz_i², small for sparse rows), then
 *   the Gram problem of `prepareStats`;
 * - otherwise a {@link SparseResidualProblem}: centring carried in the arithmetic, updates touch
 *   only a column's nonzeros.
 *
 * With an intercept, columns whose mean is large next to their spread are stored centred in full
 * first (`centredColumns`): the centred Gram from raw products, and centring carried in the
 * arithmetic, lose the digits of that ratio (as glmnet's sparse path does). Sparse columns (mostly
 * zeros) have small means and stay as given.
 *
 * Cost: O(nnz + n + p) plus, in covariance mode, O(Σ_i nnz_i² + p²).
 */
export function prepareSparse(X: CscMatrix, y: Float64Array, common: ResolvedCommon, weightsInput: VectorInput | undefined, penaltyInput: VectorInput | undefined): PreparedStats {
  const { rows: n, cols: p } = X;
  const weights = normalizedWeights(weightsInput, n);
  const penaltyFactor = penaltyFactors(penaltyInput, p);
  const mode = common.updateMode === 'auto' ? (n >= p && p <= SPARSE_GRAM_FEATURES ? 'covariance' : 'naive') : common.updateMode;
  if (mode === 'covariance') {
    // Columns far from 0 next to their spread centred first (see centredColumns), their means put
    // back — without an intercept too: the statistics are centred whatever the fit, and their
    // products less the means' kept an error of ~1e-16·x̄² beside a diagonal from the corrected
    // moments. Two equal columns of 1000 ± 0.5, one unpenalized, then had a Gram with negative
    // curvature along their difference (−2e-10), and a fold's path ran off to coefficients of
    // ±1e154 (found by the CV search).
    const moments = new SparseMoments(X, weights).all();
    const centred = centredColumns(X, moments);
    const stored = storedMoments(moments, centred, weights);
    const stats = sparseStats(centred?.X ?? X, y, weights, n, stored);
    if (centred !== null) for (let j = 0; j < p; j++) stats.xMean[j] += centred.mu[j];
    // The rows, where a Gram problem's projection is unsure and where 'auto' goes on without it:
    // the residual problem of the same fit (the statistics' shifts, scales and exclusions), on X
    // as the naive route stores it (centred columns only with an intercept: without one, a copy's
    // mean put back in the arithmetic would cancel against it).
    return prepareStats(stats, common, penaltyFactor, (fit) => {
      const fitCentred = common.fitIntercept ? centred : null;
      const kernel = sparseKernel(fitCentred?.X ?? X, fitCentred?.mu ?? null, fitCentred === centred ? stored : storedMoments(moments, null, weights), weights, y, fit, penaltyFactor, common.positive);
      return { rows: sparseRows(kernel), problem: () => new SparseResidualProblem(kernel) };
    });
  }

  const yMean = common.fitIntercept ? neumaierSum(y, weights) : 0;
  let yMax = 0;
  for (let i = 0; i < n; i++) yMax = Math.max(yMax, Math.abs(y[i]));
  if (!Number.isFinite(yMean)) throw yOverflow();
  refuseTiny('y', yMax, { parameter: 'y' });
  const xMean = new Float64Array(p);
  const xScale = new Float64Array(p).fill(1);
  const excluded = new Uint8Array(p);
  const moments = new SparseMoments(X, weights).all();
  // The fit's own copy where some columns are stored centred (see centredColumns).
  const centred = common.fitIntercept ? centredColumns(X, moments) : null;
  for (let j = 0; j < p; j++) {
    const mean = moments.mean[j];
    const std = moments.std[j];
    const maxAbs = moments.maxAbs[j];
    if (!Number.isFinite(mean) || !Number.isFinite(std)) {
      throw new LassoKitError('NON_FINITE', `X column ${j} overflows: its sum or sum of squares is beyond the float64 range; rescale it`, { column: j });
    }
    refuseTiny(`X column ${j}`, maxAbs, { column: j });
    const constant = std <= 10 * EPS * maxAbs * Math.sqrt(n) || std === 0;
    if (maxAbs === 0 || (constant && (common.fitIntercept || common.standardize))) {
      excluded[j] = 1;
      continue;
    }
    if (common.fitIntercept) xMean[j] = mean;
    if (common.standardize) xScale[j] = std;
  }
  const fit = { xMean, xScale, yMean, excluded };
  const kernel = sparseKernel(centred?.X ?? X, centred?.mu ?? null, storedMoments(moments, centred, weights), weights, y, fit, penaltyFactor, common.positive);
  const merged = equalScaledColumns(X, excluded, penaltyFactor, common.standardize);
  if (merged === null) return { p, ...fit, problem: () => new SparseResidualProblem(kernel) };
  const groups = mergedKernel(kernel, merged);
  return { p, ...fit, merged, problem: () => new SparseResidualProblem(groups) };
}

/**
 * The kernel of one column a group of equal scaled columns (see {@link MergedColumns}): each
 * group's first column, with the group's penalty factor and a ridge factor of it ÷ the group's size.
 * O(nnz of the columns kept + p).
 */
function mergedKernel(kernel: SparseKernel, merged: MergedColumns): SparseKernel {
  const penaltyFactor = merged.pick(kernel.penaltyFactor);
  return {
    ...kernel,
    X: merged.columnsOf(kernel.X),
    shift: merged.pick(kernel.shift),
    scale: merged.pick(kernel.scale),
    wSum: merged.pick(kernel.wSum),
    colSq: merged.pick(kernel.colSq),
    penaltyFactor,
    ridgeFactor: penaltyFactor.map((f, g) => f / merged.size[g]),
    excluded: merged.pick(kernel.excluded),
  };
}

/**
 * The sparse kernel (see {@link SparseResidualProblem}) of a fit with these shifts, scales and
 * exclusions, on X as the fit stores it (`Xfit`: centred in full where `mu` says; see
 * centredColumns): ỹ = √w ⊙ (y − ȳ), and per column its shift from the stored values, Σ w·x
 * stored and ‖x̃_j‖² = Σ w (x − μ)² / s² (the zeros at (0 − μ)²).
 *
 * Cost: O(nnz + n + p).
 */
function sparseKernel(
  Xfit: CscMatrix,
  mu: Float64Array | null,
  stored: ColumnMoments,
  weights: Float64Array,
  y: Float64Array,
  fit: FitShifts,
  penaltyFactor: Float64Array,
  positive: boolean,
): SparseKernel {
  const { cols: p, colPtr, rowIdx, values } = Xfit;
  const { xMean, xScale, yMean, excluded } = fit;
  const sqrtW = weights.map(Math.sqrt);
  const yk = y.map((v, i) => sqrtW[i] * (v - yMean));
  if (!yk.every(Number.isFinite)) throw yOverflow();
  const shift = new Float64Array(p);
  const wSum = new Float64Array(p);
  const colSq = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    if (excluded[j]) continue;
    // The fit's column: stored centred (its shift then 0 with an intercept) or as given (shifted by its mean).
    shift[j] = xMean[j] - (mu?.[j] ?? 0);
    wSum[j] = stored.wSumStored[j];
    const m = shift[j];
    let sq = stored.wZero[j] * m * m;
    for (let t = colPtr[j]; t < colPtr[j + 1]; t++) sq += weights[rowIdx[t]] * (values[t] - m) ** 2;
    colSq[j] = sq / (xScale[j] * xScale[j]);
  }
  return { X: Xfit, sqrtW, y: yk, shift, scale: xScale, wSum, colSq, penaltyFactor, excluded, positive };
}

function yOverflow(): LassoKitError {
  return new LassoKitError('NON_FINITE', 'y overflows: its sum or sum of squares is beyond the float64 range; rescale it', { parameter: 'y' });
}

/**
 * Each column's moments as the fit stores it: a column stored centred (see centredColumns) has its
 * copy's, taken here; one stored as given has X's, already taken (each O(nnz of the column) — the
 * covariance route had taken every column's twice).
 */
function storedMoments(moments: ColumnMoments, centred: { X: CscMatrix; mu: Float64Array } | null, weights: Float64Array): ColumnMoments {
  if (centred === null) return moments;
  const copy = new SparseMoments(centred.X, weights);
  const stored = { mean: moments.mean.slice(), std: moments.std.slice(), maxAbs: moments.maxAbs.slice(), wZero: moments.wZero.slice(), wSumStored: moments.wSumStored.slice() };
  for (let j = 0; j < centred.mu.length; j++) if (centred.mu[j] !== 0) copy.into(j, stored);
  return stored;
}

/** Above this |mean| / spread a column is stored centred in every row for the fit (see centredColumns). */
const CENTRE_RATIO = 1;

/**
 * A copy of X whose columns with |μ_j| > CENTRE_RATIO·s_j hold x − μ_j in every row (their zeros
 * as −μ_j), and those μ_j (0 elsewhere); null where no column is such. Carried in the arithmetic,
 * centring subtracts μ_j/s_j-sized parts that cancel to the residual: on a column of 1000 ± 0.5 (μ/s
 * ~3000) near interpolation the kept residual's ‖r‖² came out 3e-4 off, its gap 0 at a point 8.5e-11
 * above the optimum (4e-7 relative), and the centred Gram of the statistics lost as many digits.
 * A column far from 0 next to its spread has few zeros (at most 1/(1 + ratio²) of the weight), so
 * filling them costs at most as many entries as it has.
 *
 * Cost: O(nnz + n·(columns centred)).
 */
function centredColumns(X: CscMatrix, moments: ColumnMoments): { X: CscMatrix; mu: Float64Array } | null {
  const { rows: n, cols: p, colPtr, rowIdx, values } = X;
  const mu = new Float64Array(p);
  let size = 0;
  let any = false;
  for (let j = 0; j < p; j++) {
    const mean = moments.mean[j];
    const std = moments.std[j];
    const full = std > 0 && Math.abs(mean) > CENTRE_RATIO * std;
    if (full) mu[j] = mean;
    any ||= full;
    size += full ? n : colPtr[j + 1] - colPtr[j];
  }
  if (!any) return null;
  const ptr = new Int32Array(p + 1);
  const rows = new Int32Array(size);
  const vals = new Float64Array(size);
  let at = 0;
  for (let j = 0; j < p; j++) {
    if (mu[j] === 0) {
      for (let t = colPtr[j]; t < colPtr[j + 1]; t++, at++) {
        rows[at] = rowIdx[t];
        vals[at] = values[t];
      }
    } else {
      let t = colPtr[j];
      for (let i = 0; i < n; i++, at++) {
        const stored = t < colPtr[j + 1] && rowIdx[t] === i;
        rows[at] = i;
        vals[at] = (stored ? values[t++] : 0) - mu[j];
      }
    }
    ptr[j + 1] = at;
  }
  return { X: { rows: n, cols: p, colPtr: ptr, rowIdx: rows, values: vals }, mu };
}

/**
 * Sufficient statistics of a sparse design (weights summing to 1, so sumW = 1), the Gram
 * accumulated row by row: each row adds the outer product of its nonzeros.
 *
 * Cost: O(nnz + Σ_i nnz_i² + p²).
 */
function sparseStats(X: CscMatrix, y: Float64Array, w: Float64Array, n: number, moments: ColumnMoments): SufficientStats {
  const { cols: p, colPtr, rowIdx, values } = X;
  // Row-wise (CSR): row i's nonzeros at rowPtr[i] …, their columns and values.
  const byRow = cscRows(X);
  const { start: rowPtr, col: colOf } = byRow;
  const valOf = new Float64Array(byRow.at.length);
  for (let s = 0; s < valOf.length; s++) valOf[s] = values[byRow.at[s]];
  const yMean = neumaierSum(y, w);
  const xMean = new Float64Array(p);
  for (let j = 0; j < p; j++) for (let t = colPtr[j]; t < colPtr[j + 1]; t++) xMean[j] += w[rowIdx[t]] * values[t];
  const raw = new Float64Array(p * p);
  const xty = new Float64Array(p);
  let yty = 0;
  for (let i = 0; i < n; i++) {
    const dy = y[i] - yMean;
    yty += w[i] * dy * dy;
    for (let s = rowPtr[i]; s < rowPtr[i + 1]; s++) {
      const a = colOf[s];
      const wa = w[i] * valOf[s];
      xty[a] += wa * dy;
      for (let t = rowPtr[i]; t < rowPtr[i + 1]; t++) raw[a * p + colOf[t]] += wa * valOf[t];
    }
  }
  // Centred: Σ w x_a x_b − x̄_a x̄_b (Σw = 1); Σ w x_a (y − ȳ) is already centred in y, and Σ w (y − ȳ) = 0.
  // The diagonal from each column's corrected moments instead: the raw difference keeps an error of
  // ~1e-16·x̄², so a constant column had a spread of ~1e-8·|x̄| and was standardized by it (scaled
  // up 1e8) instead of excluded as prepareProblem excludes it.
  const xtx = raw;
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) xtx[a * p + b] -= xMean[a] * xMean[b];
  for (let a = 0; a < p; a++) xtx[a * p + a] = moments.std[a] ** 2;
  return { n, p, sumW: 1, xMean, yMean, xtx, xty, yty };
}

/**
 * Sparse columns' weighted moments (weights summing to 1), corrected two-pass over each column's
 * nonzeros about their weighted sum, the zeros counted at their total weight — which is 1 − (the
 * stored rows' weight), but exactly 0 where every row of positive weight is stored: the weights sum
 * to 1 only to rounding, and 1 − Σ of ~1e-16 gave a constant column a spread of ~1e-8·|value| (not
 * constant, then standardized by it). O(nnz of the column) each, after O(n) once. One array per
 * moment, entry j column j's: an object per column was ~150 ns a column to make (20,000 columns:
 * 3 ms of a 34 ms path, more on a first call).
 */
interface ColumnMoments {
  readonly mean: Float64Array;
  readonly std: Float64Array;
  readonly maxAbs: Float64Array;
  /** The weight of the rows not stored (its zeros). */
  readonly wZero: Float64Array;
  /** Σ w·x over the stored rows. */
  readonly wSumStored: Float64Array;
}

class SparseMoments {
  private readonly weighed: number;

  constructor(
    private readonly X: CscMatrix,
    private readonly weights: Float64Array,
  ) {
    let weighed = 0;
    for (let i = 0; i < weights.length; i++) if (weights[i] > 0) weighed++;
    this.weighed = weighed;
  }

  /** Every column's. */
  all(): ColumnMoments {
    const p = this.X.cols;
    const table = { mean: new Float64Array(p), std: new Float64Array(p), maxAbs: new Float64Array(p), wZero: new Float64Array(p), wSumStored: new Float64Array(p) };
    for (let j = 0; j < p; j++) this.into(j, table);
    return table;
  }

  /** Column j's moments into entry j of `table`. */
  into(j: number, table: ColumnMoments): void {
    const { colPtr, rowIdx, values } = this.X;
    const { weights } = this;
    let m0 = 0;
    let wNz = 0;
    let stored = 0;
    let maxAbs = 0;
    for (let t = colPtr[j]; t < colPtr[j + 1]; t++) {
      const w = weights[rowIdx[t]];
      m0 += w * values[t];
      wNz += w;
      if (w > 0) stored++;
      maxAbs = Math.max(maxAbs, Math.abs(values[t]));
    }
    const wZero = stored === this.weighed ? 0 : Math.max(1 - wNz, 0);
    let c1 = wZero * -m0;
    let c2 = wZero * m0 * m0;
    for (let t = colPtr[j]; t < colPtr[j + 1]; t++) {
      const d = values[t] - m0;
      const wd = weights[rowIdx[t]] * d;
      c1 += wd;
      c2 += wd * d;
    }
    table.mean[j] = m0 + c1;
    table.std[j] = Math.sqrt(Math.max(c2 - c1 * c1, 0));
    table.maxAbs[j] = maxAbs;
    table.wZero[j] = wZero;
    table.wSumStored[j] = m0;
  }
}
