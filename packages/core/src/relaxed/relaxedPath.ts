import { DEFAULTS } from '../defaults.js';
import { LassoKitError, invalidParameter } from '../errors.js';
import type { DenseMatrix, MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { MAX_DENSIFIED_CELLS, toDenseMatrix } from '../matrix/toDenseMatrix.js';
import { checkCsc, isCsc, type CscMatrix } from '../matrix/CscMatrix.js';
import { toVector } from '../matrix/toVector.js';
import { olsSolution } from '../ols/ols.js';
import { watchedPath, type PathResult, type SolvePathOptions } from '../path/enetPath.js';
import { GramRefits } from './gramRefits.js';
import { SparseGramRefits } from './sparseGramRefits.js';
import { SupportQR } from './supportQR.js';
import type { PathOptions } from '../prepare/options.js';

/** A path with, per α, the least-squares refit on that α's support (glmnet `relax = TRUE`). */
export interface RelaxedPathResult extends PathResult {
  /**
   * Unpenalized least squares on the features nonzero at each α (zeros elsewhere), original scale;
   * at an α not {@link refitted}, the Lasso's own coefficients.
   */
  readonly relaxedCoef: Float64Array[];
  readonly relaxedIntercept: Float64Array;
  /** Per α, 1 where its support was refitted, 0 where it was wider than `maxRefitFeatures`. */
  readonly refitted: Uint8Array;
}

/** The relaxed Lasso's own option, beside the path's. */
export interface RelaxedOptions {
  /**
   * The widest support refitted by least squares (glmnet's `maxp`, there n − 3 by default). At an
   * α whose support is wider, the "refit" is the Lasso's own fit, so every γ gives the Lasso there
   * (glmnet instead leaves such λ out of its relaxed fit, and predicts there from the nearest
   * refit it kept). Bounds the refits' work on wide data, where supports near or past n rows have
   * only minimum-norm solutions. Default: no bound (such supports get the minimum-norm solution,
   * within {@link MAX_LEAST_SQUARES_WORK}); Infinity says the same.
   */
  readonly maxRefitFeatures?: number;
}

/** `maxRefitFeatures` checked: an integer ≥ 0, or Infinity (no bound, also where it is not given). */
export function checkMaxRefit(value: unknown): number {
  if (value === undefined || value === Infinity) return Infinity;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) invalidParameter('maxRefitFeatures', 'an integer ≥ 0', value);
  return value;
}

/**
 * The relaxed Lasso path (Meinshausen 2007; glmnet's `relax = TRUE`, Hastie, Tibshirani &
 * Tibshirani 2020): the Elastic Net path, and for each α an unpenalized (weighted) least-squares
 * refit on the features the path selected there. {@link relaxedCoef} blends the two,
 *
 *     β(α, γ) = γ·β_lasso(α) + (1 − γ)·β_ols(S(α)),   γ ∈ [0, 1],
 *
 * so γ = 1 is the Lasso and γ = 0 least squares on its support: the Lasso chooses the features,
 * the refit undoes the shrinkage of their coefficients. Supports of n or more features get the
 * minimum-norm least-squares solution, unless `maxRefitFeatures` leaves them unrefitted (see
 * {@link RelaxedOptions}). Each distinct support is refitted once (see {@link refitSupports}).
 *
 * Cost: one path plus the refits: O(n·u²) once and O(s² + n·s) per distinct support of size s on
 * a tall design (u the features any support holds); else O(n·s) per column a support adds; and
 * O(n·s·min(n, s)) per support that least squares must decide (one of n or more features, or of
 * nearly dependent columns), in all at most {@link MAX_LEAST_SQUARES_WORK}.
 *
 * @example
 * const path = relaxedPath(X, y, { nAlphas: 50 });
 * relaxedCoef(path, 20, 0.5).coef; // halfway between the Lasso and the refit at the 21st α
 */
export function relaxedPath(X: MatrixInput, y: VectorInput, opts: PathOptions & RelaxedOptions = {}): RelaxedPathResult {
  const maxRefit = checkMaxRefit(opts.maxRefitFeatures);
  // A sparse X stays sparse: the path takes it so, and the refits read only the supports' columns.
  const Xd = isCsc(X) ? checkCsc(X) : toDenseMatrix(X);
  const yv = toVector(y, Xd.rows, 'y');
  const path = watchedPath(Xd, yv, { ...opts, l1Ratio: opts.l1Ratio ?? 1 }, refitBound(Xd, maxRefit, opts.fitIntercept ?? DEFAULTS.fitIntercept));
  return { ...path, ...refitSupports(Xd, yv, path, { ...opts, maxRefit }) };
}

/**
 * A watch for a path whose supports {@link refitSupports} will refit: it refuses at the first α
 * that takes the refits past a bound, before the rest of the path is solved (the checks after the
 * path had come after a 20 s path of 80,000 rows, and after a 21 s path of a 2,000-row bag of
 * words). Two bounds: the least squares that supports wider than their columns' rank must get
 * (counted as {@link refitSupports} counts them, each distinct support once, against
 * {@link MAX_LEAST_SQUARES_WORK}), and for a sparse X the union of the supports so far (its Gram or
 * its columns dense, against {@link MAX_DENSIFIED_CELLS}; see {@link refitCells}). Supports wider
 * than `maxRefit` are not refitted and not counted.
 */
export function refitBound(X: DenseMatrix | CscMatrix, maxRefit: number, fitIntercept: boolean): NonNullable<SolvePathOptions['watch']> {
  const { rows: n, cols: p } = X;
  const sparse = isCsc(X);
  const held = new Uint8Array(sparse ? p : 0);
  let union = 0;
  const wideAt = wideFrom(n, fitIntercept);
  const wide = new Set<string>();
  let work = 0;
  let widest = 0;
  return (_k, support) => {
    if (support.length > maxRefit) return;
    if (support.length >= wideAt) {
      const key = support.join(',');
      if (!wide.has(key)) {
        wide.add(key);
        widest = Math.max(widest, support.length);
        work = countWork(work, n, support.length, widest);
      }
    }
    if (!sparse) return;
    for (const j of support) {
      if (held[j] === 1) continue;
      held[j] = 1;
      union++;
    }
    if (refitCells(n, union) > MAX_DENSIFIED_CELLS) refuseRefits(n, union);
  };
}

/** The width from which a support is wider than its columns' rank can be: n + 1 without an intercept, n with one (n − 1 centred columns). */
function wideFrom(n: number, fitIntercept: boolean): number {
  return n + (fitIntercept ? 0 : 1);
}

/**
 * The doubles a sparse X's refits hold for a union of u columns over n rows: the union's centred
 * Gram (u², {@link SparseGramRefits}) where the design is tall against it (n ≥ 2·u), else the
 * union's columns made dense (n·u) for one QR grown along the path.
 */
function refitCells(n: number, u: number): number {
  return n >= 2 * u ? u * u : n * u;
}

/**
 * The refusal of refits that would hold more than {@link MAX_DENSIFIED_CELLS} doubles for `union`
 * columns: their Gram or the columns dense, as {@link refitCells} has it, or (`support`) one
 * support's columns made dense for `ols`, where its refit from the Gram could not certify.
 */
function refuseRefits(n: number, union: number, support = false): never {
  // Bounded as densifying is: a sparse file whose path reaches nearly every feature would need
  // them all dense (100,000 × 49,756 asked for 4e9 cells and died with a RangeError).
  const gram = !support && n >= 2 * union;
  const cells = gram ? union * union : n * union;
  const what = gram
    ? `the Gram of the ${union} columns its supports hold (${union} × ${union})`
    : support
      ? `the ${union} columns of a support whose refit least squares must decide dense (${n} rows × ${union})`
      : `the ${union} columns its supports hold dense (${n} rows × ${union})`;
  throw new LassoKitError(
    'DESIGN_TOO_LARGE',
    `the relaxed Lasso's refits need ${what}, which would take ${Math.round((cells * 8) / 1048576)} MB (limit ${Math.round((MAX_DENSIFIED_CELLS * 8) / 1048576)} MB). Fit without relax, on fewer rows or features, or refit only narrower supports (maxRefitFeatures)`,
    { parameter: 'X', rows: n, columns: union },
  );
}

/**
 * Least squares on each α's support, reusing the fit of a support already seen; a support wider
 * than `maxRefit` keeps the path's own fit (`refitted` 0 there). Shared by
 * {@link relaxedPath} and each fold of `relaxedLassoCV`. Where n ≥ 2·u (u the features any
 * support holds) the supports share one Gram ({@link GramRefits}; for a sparse X
 * {@link SparseGramRefits}, from its nonzeros); otherwise one QR grown along the path
 * ({@link SupportQR}; a sparse X's union made dense) — see {@link supportSolver}. A support either
 * cannot certify (nearly dependent columns, or not of full rank) is solved by `olsSolution`, that
 * is `ols` — minimum norm where the rank is short.
 */
export function refitSupports(
  X: DenseMatrix | CscMatrix,
  y: Float64Array,
  path: Pick<PathResult, 'coef' | 'intercept'>,
  opts: Pick<PathOptions, 'weights' | 'fitIntercept'> & { readonly maxRefit?: number },
): { relaxedCoef: Float64Array[]; relaxedIntercept: Float64Array; refitted: Uint8Array } {
  const fitIntercept = opts.fitIntercept ?? DEFAULTS.fitIntercept;
  const { rows: n, cols: p } = X;
  const all = path.coef.map((coef) => {
    const support: number[] = [];
    coef.forEach((b, j) => {
      if (b !== 0) support.push(j);
    });
    return support;
  });
  const maxRefit = opts.maxRefit ?? Infinity;
  const refitted = Uint8Array.from(all, (s) => (s.length <= maxRefit ? 1 : 0));
  const supports = all.filter((_, k) => refitted[k] === 1);
  const union = [...new Set(supports.flat())].sort((a, b) => a - b);
  const weights = opts.weights === undefined ? undefined : toVector(opts.weights, n, 'weights');
  // What the path's watch bounds, bounded before any refit by the same watch (a caller may bring a
  // path that was not watched: CV+'s fold refits): the least squares of supports wider than their
  // columns' rank can be, and a sparse X's union.
  const watch = refitBound(X, maxRefit, fitIntercept);
  all.forEach((support, k) => watch(k, Int32Array.from(support)));
  // Least squares counted again as the refits that reach it are made (nearly dependent ones too).
  let work = 0;
  const solver = supportSolver(X, y, weights, fitIntercept, union);
  const refit = (support: number[]): Refit => {
    if (support.length === 0) return { coef: new Float64Array(p), intercept: fitIntercept ? weightedMean(y, weights) : 0 };
    const fit = solver.solve(support);
    if (fit !== null) return fit;
    // Made dense first: past MAX_DENSIFIED_CELLS that refuses by the memory, before the work.
    const columns = solver.columns(support);
    work = countWork(work, n, support.length);
    const r = olsSolution(columns, y, { fitIntercept, weights });
    const coef = new Float64Array(p);
    support.forEach((j, s) => (coef[j] = r.coef[s]));
    return { coef, intercept: r.intercept };
  };
  const seen = new Map<string, Refit>();
  try {
    const refits = all.map((support, k): Refit => {
      if (refitted[k] === 0) return { coef: path.coef[k].slice(), intercept: path.intercept[k] };
      const key = support.join(',');
      let fit = seen.get(key);
      if (fit === undefined) {
        fit = refit(support);
        seen.set(key, fit);
      }
      return fit;
    });
    return { relaxedCoef: refits.map((f) => f.coef), relaxedIntercept: Float64Array.from(refits, (f) => f.intercept), refitted };
  } finally {
    solver.release();
  }
}

/**
 * Most multiply-adds the refits that least squares must decide (`olsSolution`: QR, and where the
 * rank is short the SVD of `ols`) may take in one {@link refitSupports}: 2^30, counted as n·s·min(n,
 * s) a support — ~13 s here (an n × 1.5n support took 1.2 s at n = 400, 11 s at n = 800). A bag
 * of words of 2,000 rows, whose supports reached 6,224 features, asked for ~2.5e10 a support:
 * hours of SVDs (glmnet truncates its relaxed path at n − 3 features instead).
 */
export const MAX_LEAST_SQUARES_WORK = 2 ** 30;

/**
 * `work` plus an n × s least squares, or the refusal where that passes {@link
 * MAX_LEAST_SQUARES_WORK} (naming the widest such support, `widest`, where known). The bound it
 * names: glmnet's n − 3 where a support reaches the rows (their refits are minimum-norm); where the
 * supports are narrower (nearly dependent ones, which least squares must decide one by one: a
 * standardized bag of words' supports of ~1,200 features on 2,000 rows), n − 3 would be no bound at
 * all, so the width at which one refit alone takes n·s² ≤ MAX_LEAST_SQUARES_WORK.
 */
export function countWork(work: number, n: number, s: number, widest = s): number {
  const total = work + n * s * Math.min(n, s);
  if (total <= MAX_LEAST_SQUARES_WORK) return total;
  const remedy =
    widest >= n
      ? `a support of as many features as rows or more has only a minimum-norm refit. Fit without relax, refit only narrower supports (maxRefitFeatures, e.g. ${Math.max(0, n - 3)} as glmnet's maxp), or end the path before its supports reach the rows`
      : `supports of nearly dependent features are each refitted on their own. Fit without relax, refit only narrower supports (${narrowerRefits(n, widest)}), or end the path before its supports grow so wide`;
  throw new LassoKitError(
    'DESIGN_TOO_LARGE',
    `the relaxed Lasso's refits need least squares (QR, and SVD where the rank is short) on supports of up to ${widest} features over ${n} rows, more than ${MAX_LEAST_SQUARES_WORK.toExponential(1)} multiply-adds: ${remedy} (a larger eps, or alphas of your own)`,
    { parameter: 'X', rows: n, features: widest, max: MAX_LEAST_SQUARES_WORK },
  );
}

/**
 * The `maxRefitFeatures` a refusal of supports narrower than the rows names: the width at which one
 * refit alone takes the budget where the widest passes it, else below the widest (the refits passed
 * it together: a fold of a bag of words, given 732, refused at 715 features).
 */
function narrowerRefits(n: number, widest: number): string {
  const one = Math.floor(Math.sqrt(MAX_LEAST_SQUARES_WORK / n));
  return widest > one
    ? `maxRefitFeatures of at most ${one}: one refit of that width over ${n} rows takes the whole budget`
    : `maxRefitFeatures below ${widest}: a refit of s features over ${n} rows costs ${n}·s² multiply-adds, and these passed the budget together`;
}

/** One support's least-squares refit on the original scale: p-long coefficients (zeros off the support) and the intercept. */
interface Refit {
  readonly coef: Float64Array;
  readonly intercept: number;
}

/**
 * How {@link refitSupports} solves the supports of one union: `solve` a support (X's column
 * indices) from the union's shared factorization, or null where `ols` must decide; `columns` that
 * support's columns dense for `ols`.
 */
interface SupportSolver {
  solve(support: readonly number[]): Refit | null;
  columns(support: readonly number[]): DenseMatrix;
  /** Its memory back to the pools, once every support is solved. */
  release(): void;
}

/**
 * The {@link SupportSolver} of X for the supports' `union`: a sparse X tall against the union
 * (n ≥ 2·u) by its Gram from the nonzeros ({@link SparseGramRefits}: nothing n × u dense; its
 * Σ_i r_i² pair products, r_i the union's nonzeros in row i, never more than the n·u² of the same
 * Gram made dense); any other sparse X by its union's columns made dense (n × u), and a dense X
 * read where it is, each by {@link denseSolver}. The union is within {@link MAX_DENSIFIED_CELLS}
 * (see {@link refitCells}) already: {@link refitBound}'s watch refused it otherwise.
 */
function supportSolver(X: DenseMatrix | CscMatrix, y: Float64Array, weights: Float64Array | undefined, fitIntercept: boolean, union: readonly number[]): SupportSolver {
  const { rows: n, cols: p } = X;
  const u = union.length;
  if (!isCsc(X)) return denseSolver(X, null, y, weights, fitIntercept, union, p);
  if (u > 0 && n >= 2 * u) {
    const gram = new SparseGramRefits(X, y, weights, fitIntercept, union);
    return {
      solve: (support) => gram.solve(support, p),
      columns: (support) => {
        if (n * support.length > MAX_DENSIFIED_CELLS) refuseRefits(n, support.length, true);
        return { rows: n, cols: support.length, data: unionColumns(X, support) };
      },
      release: () => gram.release(),
    };
  }
  return denseSolver({ rows: n, cols: u, data: unionColumns(X, union) }, new Map(union.map((j, k) => [j, k])), y, weights, fitIntercept, union, p);
}

/**
 * The {@link SupportSolver} over dense columns Xr — X's own (`at` null), or a sparse X's union made
 * dense, column j at `at.get(j)`: tall against the union, one Gram for all the supports
 * ({@link GramRefits}); otherwise one QR grown along the path ({@link SupportQR}), made when first
 * needed.
 */
function denseSolver(Xr: DenseMatrix, at: ReadonlyMap<number, number> | null, y: Float64Array, weights: Float64Array | undefined, fitIntercept: boolean, union: readonly number[], p: number): SupportSolver {
  const n = Xr.rows;
  const position = (j: number) => (at === null ? j : (at.get(j) as number));
  const columns = union.map(position);
  const gram = columns.length > 0 && n >= 2 * columns.length ? new GramRefits(Xr, y, weights, fitIntercept, columns) : null;
  let grown: SupportQR | null = null;
  return {
    solve: (support) => {
      const positions = support.map(position);
      const fit = gram !== null ? gram.solve(positions, Xr.cols) : (grown ??= new SupportQR(Xr, y, weights, fitIntercept, columns)).solve(positions, Xr.cols);
      if (fit === null) return null;
      const coef = new Float64Array(p);
      support.forEach((j, s) => (coef[j] = fit.coef[positions[s]]));
      return { coef, intercept: fit.intercept };
    },
    columns: (support) => {
      const sub = new Float64Array(n * support.length);
      support.forEach((j, k) => sub.set(Xr.data.subarray(position(j) * n, (position(j) + 1) * n), k * n));
      return { rows: n, cols: support.length, data: sub };
    },
    release: () => gram?.release(),
  };
}

/** Columns `cols` of a sparse X as a dense column-major n × cols.length block (nonzeros scattered). */
function unionColumns(X: CscMatrix, cols: readonly number[]): Float64Array {
  const n = X.rows;
  const out = new Float64Array(n * cols.length);
  cols.forEach((j, k) => {
    for (let t = X.colPtr[j]; t < X.colPtr[j + 1]; t++) out[k * n + X.rowIdx[t]] = X.values[t];
  });
  return out;
}

/**
 * The relaxed coefficients at path index `index` and blend γ: γ·Lasso + (1 − γ)·refit.
 *
 * Cost: O(p).
 */
export function relaxedCoef(path: RelaxedPathResult, index: number, gamma: number): { coef: Float64Array; intercept: number } {
  checkGamma(gamma, 'gamma');
  if (!Number.isInteger(index) || index < 0 || index >= path.alphas.length) invalidParameter('index', `an integer in [0, ${path.alphas.length - 1}]`, index);
  return blend(path.coef[index], path.intercept[index], path.relaxedCoef[index], path.relaxedIntercept[index], gamma);
}

/**
 * γ·Lasso + (1 − γ)·refit, entry by entry; where the two are equal (off the support, or an α not
 * refitted), that value exactly — so at such an α every γ scores the same and ties go to γ = 1.
 */
export function blend(coef: Float64Array, intercept: number, refit: Float64Array, refitIntercept: number, gamma: number): { coef: Float64Array; intercept: number } {
  const mix = (b: number, r: number) => (b === r ? b : gamma * b + (1 - gamma) * r);
  return { coef: coef.map((b, j) => mix(b, refit[j])), intercept: mix(intercept, refitIntercept) };
}

export function checkGamma(gamma: unknown, name: string): number {
  if (typeof gamma !== 'number' || !(gamma >= 0 && gamma <= 1)) invalidParameter(name, 'in [0, 1]', gamma);
  return gamma;
}

function weightedMean(y: Float64Array, weights: VectorInput | undefined): number {
  let s = 0;
  let w = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = weights === undefined ? 1 : (weights as ArrayLike<number>)[i];
    s += wi * y[i];
    w += wi;
  }
  return s / w;
}
