import { DEFAULTS } from '../defaults.js';
import { LassoKitError, gibibytes, invalidParameter } from '../errors.js';
import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { toVector } from '../matrix/toVector.js';
import type { CdProblem } from '../solver/CdProblem.js';
import { CoordinateDescent, problemFor, type KernelResult } from '../solver/CoordinateDescent.js';
import type { Prepared } from '../prepare/Prepared.js';
import { checkAlpha, checkL1Ratio, resolveCommon, type ResolvedCommon } from '../prepare/checkOptions.js';
import type { InitialCoefficients, PathOptions } from '../prepare/options.js';
import { unscale } from '../prepare/prepareProblem.js';
import { prepareInput, release } from '../prepare/prepareInput.js';
import { alphaGrid } from './alphaGrid.js';
import { alphaMaxFromGradient } from './alphaMax.js';

/** A regularization path: one solution per α, in decreasing α order. */
export interface PathResult {
  readonly alphas: Float64Array;
  /**
   * One coefficient vector per α, on the original feature scale. They are views of a few shared
   * buffers (one allocation per block of αs, not per α): to keep one α's vector alone, copy it
   * (`coef[k].slice()`), and transfer none of their buffers to a worker.
   */
  readonly coef: Float64Array[];
  readonly intercept: Float64Array;
  /** Each α's duality gap (see `FitResult.dualGap`): Infinity where no dual point bounded the fit. */
  readonly dualGap: Float64Array;
  readonly nIter: Int32Array;
  readonly converged: boolean[];
  /** Number of nonzero coefficients per α (glmnet `df`). */
  readonly df: Int32Array;
  readonly l1Ratio: number;
  /** The smallest α giving all penalized coefficients 0 on these data. */
  readonly alphaMax: number;
}

/**
 * Elastic Net regularization path by warm-started coordinate descent:
 *
 *     minimize over (b0, β):  1/(2·Σw) · Σ_i w_i (y_i − b0 − x_iᵀβ)²
 *                             + α · Σ_j pf_j · ( l1Ratio·|β_j| + (1 − l1Ratio)/2 · β_j² )
 *
 * for each α of the grid (default: 100 values from alphaMax down to eps·alphaMax; see
 * {@link alphaGrid}). Each solve starts from the previous solution and screens coordinates
 * with the sequential strong rule, verified by KKT checks; each stops on the duality gap.
 * scikit-learn `enet_path`; glmnet `glmnet(x, y, alpha = l1Ratio)`.
 *
 * Non-convergence at an α is reported in `converged` and `dualGap`, never thrown.
 *
 * Cost: O(n·p) preparation, then per α a few passes over the active set plus O(n·p)
 * (naive) or O(p·|active|) (covariance) per KKT/gap check.
 *
 * @example
 * const path = enetPath([[1, 2], [2, 1], [3, 5]], [1, 2, 4], { l1Ratio: 0.5, nAlphas: 10 });
 * path.coef[9]; // the least-penalized solution
 */
export function enetPath(X: MatrixInput, y: VectorInput, opts: PathOptions = {}): PathResult {
  return watchedPath(X, y, opts);
}

/**
 * {@link enetPath}, with each α's support handed to `watch` as it is solved (see
 * {@link SolvePathOptions.watch}): for callers inside the package that bound what they will do
 * with the path (the relaxed Lasso's refits) and refuse as soon as the path passes that bound.
 */
export function watchedPath(X: MatrixInput, y: VectorInput, opts: PathOptions, watch?: SolvePathOptions['watch']): PathResult {
  const l1Ratio = checkL1Ratio(opts.l1Ratio ?? DEFAULTS.l1Ratio);
  const common = resolveCommon(opts);
  const { prepared, rows, cols } = prepareInput(X, y, common, opts.weights, opts.penaltyFactor);
  try {
    const grid = resolveGrid(opts, l1Ratio, rows, cols);
    return solvePath(prepared, grid, l1Ratio, common, { onProgress: opts.onProgress, init: initialCoef(opts.init, cols), watch });
  } finally {
    release(prepared); // nothing in the result points into it
  }
}

/** The α grid requested by path options, or a function of alphaMax to build it. */
export type GridSpec = Float64Array | ((alphaMax: number) => Float64Array);

/**
 * Most coefficients a path keeps (α's × features): 2^28 doubles, 2 GiB. A grid past it is refused
 * before any work — a path of 10^9 α's, asked for by a typo, was minutes of solving before the
 * allocation of its coefficients failed.
 */
export const MAX_PATH_COEFFICIENTS = 2 ** 28;

/** Refuses a grid of m α's whose coefficients (m × p) would pass {@link MAX_PATH_COEFFICIENTS}. */
function checkGridSize(m: number, p: number, parameter: 'alphas' | 'nAlphas'): void {
  if (m * Math.max(p, 1) <= MAX_PATH_COEFFICIENTS) return;
  const most = Math.floor(MAX_PATH_COEFFICIENTS / Math.max(p, 1));
  throw new LassoKitError(
    'INVALID_PARAMETER',
    `a path of ${m} alphas over ${p} features would keep ${m * p} coefficients (${gibibytes(8 * m * p)}, more than ${gibibytes(8 * MAX_PATH_COEFFICIENTS)}): ask for at most ${most} alphas`,
    { parameter, received: m, max: most },
  );
}

/** Validates grid options (explicit `alphas`, or nAlphas/eps with l1Ratio > 0). */
export function resolveGrid(opts: PathOptions, l1Ratio: number, n: number, p: number): GridSpec {
  if (opts.alphas !== undefined) {
    const alphas = toVector(opts.alphas, undefined, 'alphas');
    checkGridSize(alphas.length, p, 'alphas');
    alphas.forEach((a) => checkAlpha(a, 'alphas'));
    return alphas.sort().reverse();
  }
  if (l1Ratio === 0) {
    throw new LassoKitError(
      'INVALID_PARAMETER',
      'l1Ratio = 0 (ridge) has no alphaMax, so the automatic alpha grid is undefined; pass alphas explicitly',
      { parameter: 'l1Ratio', received: 0 },
    );
  }
  const nAlphas = opts.nAlphas ?? DEFAULTS.nAlphas;
  if (!Number.isInteger(nAlphas) || nAlphas < 1) invalidParameter('nAlphas', 'an integer ≥ 1', nAlphas);
  checkGridSize(nAlphas, p, 'nAlphas');
  const eps = opts.eps ?? (n > p ? DEFAULTS.epsWhenTall : DEFAULTS.epsWhenWide);
  if (typeof eps !== 'number' || !(eps > 0 && eps < 1)) invalidParameter('eps', 'in (0, 1)', eps);
  return (alphaMax: number) => alphaGrid(alphaMax, nAlphas, eps);
}

/** A fresh solver problem for a prepared problem (each path warm-starts its own). */
function problemOf(prepared: Prepared): CdProblem {
  return 'kernel' in prepared ? problemFor(prepared.kernel, prepared.mode) : prepared.problem();
}

/** Optional parts of {@link solvePath}. */
export interface SolvePathOptions {
  readonly onProgress?: (done: number, total: number) => void;
  /** Coefficients (original scale) to start from instead of 0 at alphaMax. */
  readonly init?: Float64Array;
  /**
   * Given, each α's coefficients (original scale) and intercept are handed to it as soon as they
   * are solved, in one array reused for every α, and not kept (the result's `coef` is empty): for
   * callers that only score them (cross-validation folds), which then make no p-long array per α.
   */
  readonly each?: (k: number, coef: Float64Array, intercept: number) => void;
  /**
   * Given, called with each α's support (the features nonzero there, ascending, in an array reused
   * for every α) as soon as it is solved, before the next α. It may throw, which stops the path
   * there: a caller that bounds the work the path's result will cause refuses before the rest of
   * the path is solved.
   */
  readonly watch?: (k: number, support: Int32Array) => void;
  /**
   * Given (≥ twice the grid's length), the passes of all α's together are at most this: the α's
   * before the last take what they need of half of it, first come first served (each at least one
   * pass), the last α has the rest. Else each α gets `maxIter`. For a single fit whose α is reached
   * through a coarse path: the caller's maxIter bounds the fit, not each step of its way, and its
   * way leaves α at least half. (Half split evenly among the steps left a hard fit unconverged at
   * 100,000 that converges in 31,680 passes when a step may take more than its share.)
   */
  readonly passBudget?: number;
}

/**
 * Runs the warm-started path on a prepared problem. Shared by `enetPath`, the single fits,
 * cross-validation and the fits from sufficient statistics, so every entry point solves exactly
 * the same way.
 */
export function solvePath(prepared: Prepared, grid: GridSpec, l1Ratio: number, common: ResolvedCommon, opts: SolvePathOptions = {}): PathResult {
  const start = startPath(prepared, l1Ratio, common);
  try {
    return pathFrom(start, prepared, grid, l1Ratio, common, opts);
  } finally {
    // Nothing returned points into the solver or its problem (each α's coefficients are copied out).
    start.cd.release();
  }
}

/**
 * Where `updateMode` is 'auto' and a Gram solve stopped unresolvable (see
 * `KernelResult.unresolvable`), the path goes on on the rows: a residual problem of the same fit
 * (over the same kernel for dense X; a sparse X's with the statistics' shifts and scales), from the
 * same β (the Gram solver released). On the near-parallel fixture's 30 fits at alphaMax, 4
 * certified from the Gram, 21 on the rows. Null where the mode was chosen, or the problem has no
 * rows (statistics alone).
 */
function ontoRows(start: PathStart, prepared: Prepared, common: ResolvedCommon, res: KernelResult): CoordinateDescent | null {
  if (res.unresolvable !== true || common.updateMode !== 'auto') return null;
  const problem = 'kernel' in prepared ? problemFor(prepared.kernel, 'naive') : prepared.rowsProblem?.();
  if (problem === undefined) return null;
  const rows = new CoordinateDescent(problem);
  rows.setBeta(start.cd.beta);
  start.cd.release();
  start.cd = rows;
  return rows;
}

function pathFrom(start: PathStart, prepared: Prepared, grid: GridSpec, l1Ratio: number, common: ResolvedCommon, opts: SolvePathOptions): PathResult {
  const { onProgress, init, each, watch, passBudget } = opts;
  const { alphaMax } = start;
  const { penaltyFactor, excluded } = start.cd.problem;
  // Equal scaled columns solved as one (see MergedColumns): the solver's β is the groups', handed
  // out to X's columns as each α is solved, and the caller's init summed onto them.
  const merged = 'merged' in prepared ? prepared.merged : undefined;
  const p = merged?.p ?? start.cd.problem.p;
  let expanded: Float64Array | undefined;
  // While the grid's α's are ≥ alphaMax (its first, at least, on a grid made from alphaMax) their
  // solution is the start, taken as it is where its gap at α (`checkAt`) certifies it. Solved
  // again, the unpenalized coordinates' last passes moved the gradient of the penalized one that
  // sets alphaMax (|c_j| = λ1 exactly) by rounding, and it came out at ±1e-13 — counted in df
  // where glmnet reports the unpenalized ones alone. Given coefficients with every penalized one
  // 0, on a grid that starts at or above alphaMax, leave that so (the start is their solution
  // there too, for any unpenalized values); others replace the start, and the strong rule then
  // has no previous α.
  const alphas = typeof grid === 'function' ? grid(alphaMax) : grid;
  const m = alphas.length;
  const scaledInit = init?.map((b, j) => b * prepared.xScale[j]);
  const kernelInit = merged === undefined || scaledInit === undefined ? scaledInit : merged.fold(scaledInit);
  const keepsStart = kernelInit === undefined || (alphas[0] >= alphaMax && kernelInit.every((b, j) => b === 0 || penaltyFactor[j] === 0 || excluded[j] === 1));
  if (!keepsStart) start.cd.setBeta(kernelInit);
  let atStart = keepsStart && Number.isFinite(alphaMax);
  const result = {
    alphas,
    coef: [] as Float64Array[],
    intercept: new Float64Array(m),
    dualGap: new Float64Array(m),
    nIter: new Int32Array(m),
    converged: [] as boolean[],
    df: new Int32Array(m),
    l1Ratio,
    alphaMax,
  };
  const reused = each === undefined ? null : new Float64Array(p);
  const support = watch === undefined ? null : new Int32Array(p);
  const coefBlocks = new CoefBlocks(p, m);
  let previousAlpha: number | undefined = atStart ? alphaMax : undefined;
  let passes = 0;
  for (let k = 0; k < m; k++) {
    const alpha = alphas[k];
    atStart &&= alpha >= alphaMax;
    const checked = atStart ? start.cd.checkAt(alpha, l1Ratio, common.tol) : null;
    // Not certified (an unpenalized fit just within tol at the start): solved from there as usual.
    if (checked !== null && !checked.converged) atStart = false;
    const settings = {
      alpha,
      l1Ratio,
      tol: common.tol,
      maxIter: passBudget === undefined ? common.maxIter : k === m - 1 ? passBudget - passes : Math.max(1, Math.floor(passBudget / 2) - passes),
      previousAlpha,
      screening: common.screening,
      acceleration: common.acceleration,
      alphaKernel: common.alphaKernel,
    };
    let res = checked?.converged ? checked : start.cd.solve(settings);
    const rows = ontoRows(start, prepared, common, res);
    if (rows !== null) {
      const more = rows.solve({ ...settings, maxIter: Math.max(1, settings.maxIter - res.nIter), previousAlpha: undefined });
      res = { ...more, nIter: res.nIter + more.nIter };
    }
    const { cd } = start;
    previousAlpha = alpha;
    reused?.fill(0);
    const coef = reused ?? coefBlocks.next();
    const beta = merged === undefined ? cd.beta : merged.expand(cd.beta, l1Ratio, cd.problem.penaltyFactor, (expanded ??= new Float64Array(p)));
    result.intercept[k] = unscale(prepared, beta, coef);
    if (reused === null) result.coef.push(coef);
    result.dualGap[k] = res.dualGap;
    result.nIter[k] = res.nIter;
    passes += res.nIter;
    // A non-finite number is never reported as converged (the data checks should have refused it).
    // Loops, not coef.every / coef.reduce: those boxed each of the p values on their way to the
    // callback; over β's nonzeros, where alone unscale wrote (reading the rest would fault in pages).
    let finite = Number.isFinite(result.intercept[k]);
    let df = 0;
    for (let j = 0; j < p; j++) {
      if (beta[j] === 0) continue;
      const c = coef[j];
      if (c !== 0) {
        if (support !== null) support[df] = j;
        df++;
      }
      if (!Number.isFinite(c)) finite = false;
    }
    result.converged.push(res.converged && finite);
    result.df[k] = df;
    if (support !== null) watch?.(k, support.subarray(0, df));
    each?.(k, coef, result.intercept[k]);
    onProgress?.(k + 1, m);
  }
  return result;
}

/**
 * The path's per-α coefficient arrays, handed out as views of blocks of up to 2²¹ doubles (16 MB)
 * rather than made one by one: each typed array of more than 8 doubles costs ~2–3 µs to make (off
 * the JS heap), a tenth of a small problem's whole path at 100 α. Blocks, not one m·p buffer, so
 * that a path of many wide αs never asks for one huge allocation. Zeroed as made; pages untouched
 * (zeros) are not faulted in. A caller keeping one α's array alone (a model) copies it, so that it
 * does not hold the whole block.
 */
class CoefBlocks {
  private block = new Float64Array(0);
  private used = 0;
  private left: number;
  constructor(
    private readonly p: number,
    m: number,
  ) {
    this.left = m;
  }

  next(): Float64Array {
    const { p } = this;
    if (this.used + p > this.block.length) {
      const count = Math.max(1, Math.min(this.left, Math.floor(BLOCK_DOUBLES / Math.max(p, 1))));
      this.block = new Float64Array(count * p);
      this.used = 0;
    }
    this.left--;
    const view = this.block.subarray(this.used, this.used + p);
    this.used += p;
    return view;
  }
}
const BLOCK_DOUBLES = 1 << 21;

/**
 * A solver at the start of the path — β = 0 on penalized coordinates, the unpenalized ones fitted
 * alone — and alphaMax computed there (at every α ≥ alphaMax that β is the solution).
 */
function startPath(prepared: Prepared, l1Ratio: number, common: ResolvedCommon): PathStart {
  const start = { cd: new CoordinateDescent(problemOf(prepared)), alphaMax: Infinity };
  const problem = start.cd.problem;
  const hasUnpenalized = problem.penaltyFactor.some((pf, j) => pf === 0 && !problem.excluded[j]);
  if (hasUnpenalized) {
    const settings = { alpha: 1e300, l1Ratio: l1Ratio > 0 ? l1Ratio : 1, tol: common.tol, maxIter: common.maxIter, screening: false };
    ontoRows(start, prepared, common, start.cd.solve(settings))?.solve(settings);
  }
  if (l1Ratio > 0) start.alphaMax = alphaMaxFromGradient(start.cd.problem, start.cd.gradient(), l1Ratio);
  return start;
}

/** The path's solver (replaced where it goes on on the rows; see `ontoRows`) and its alphaMax. */
interface PathStart {
  cd: CoordinateDescent;
  alphaMax: number;
}

/**
 * The α values a grid spec gives on a prepared problem — what {@link solvePath} would use — so
 * work that needs the grid (cross-validation folds) can start before the path is solved.
 * Cost: O(n·p) for a grid function (plus the unpenalized fit, if any); none for explicit alphas.
 */
export function pathAlphas(prepared: Prepared, grid: GridSpec, l1Ratio: number, common: ResolvedCommon): Float64Array {
  if (typeof grid !== 'function') return grid;
  const { cd, alphaMax } = startPath(prepared, l1Ratio, common);
  cd.release();
  return grid(alphaMax);
}

/** Validated initial coefficients (original scale), or undefined. */
export function initialCoef(init: InitialCoefficients | undefined, p: number): Float64Array | undefined {
  if (init === undefined) return undefined;
  if (typeof init !== 'object' || init === null) invalidParameter('init', 'an object { coef, intercept? }', init);
  return toVector(init.coef, p, 'init.coef');
}
