import { DEFAULTS } from '../defaults.js';
import { LassoKitError, gibibytes, invalidParameter } from '../errors.js';
import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { rowsOf } from '../matrix/rowsOf.js';
import { checkCsc, isCsc } from '../matrix/CscMatrix.js';
import { prepareInput, release } from '../prepare/prepareInput.js';
import { toDenseMatrix } from '../matrix/toDenseMatrix.js';
import { toVector } from '../matrix/toVector.js';
import { pathAlphas, resolveGrid, solvePath } from '../path/enetPath.js';
import { checkL1Ratio, resolveCommon } from '../prepare/checkOptions.js';
import type { CommonOptions } from '../prepare/options.js';
import { createRng } from '../random/createRng.js';
import type { CvData } from '../cv/CVResult.js';
import { cvData } from '../cv/cvData.js';

export interface StabilityOptions extends CommonOptions {
  readonly l1Ratio?: number;
  /** Explicit α grid; default the path grid of all rows (`nAlphas`, `eps` as for paths). */
  readonly alphas?: VectorInput;
  readonly nAlphas?: number;
  readonly eps?: number;
  /** Complementary pairs of half-samples (default 50, so 100 fits; at least 10). */
  readonly pairs?: number;
  /** Seed of the half-sample draws (default 0). */
  readonly seed?: number;
  /** Selection-probability threshold π in (0.5, 1] (default 0.75). */
  readonly threshold?: number;
  /**
   * At most q features selected per half-sample: the first q to enter its path (the rest of the grid
   * is ignored for the stable set). Default: the largest q whose error bound is ≤ `pfer`.
   */
  readonly q?: number;
  /** Target bound on the expected number of falsely selected features, used to pick q (default 1). */
  readonly pfer?: number;
  /** Called after each half-sample's path with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface StabilityResult {
  /** The α grid (decreasing), from all rows. */
  readonly alphas: Float64Array;
  /** Selection probability per α (rows) and feature (columns): the share of half-samples with β_j(α) ≠ 0. */
  readonly probabilities: Float64Array[];
  /** Per feature, the share of half-samples whose first q entering features include it. */
  readonly selection: Float64Array;
  /** Features (column indices) with `selection` ≥ threshold, increasing. */
  readonly stable: number[];
  readonly threshold: number;
  readonly q: number;
  /**
   * Meinshausen & Bühlmann's bound on the expected number of falsely selected features in `stable`:
   * q² / ((2π − 1)·p). Holds under their exchangeability assumption (and for complementary pairs,
   * Shah & Samworth 2013); without it, Shah & Samworth's Theorem 1 bounds the expected number of
   * selected low-probability features by the same form.
   */
  readonly errorBound: number;
  /** Mean number of features selected per half-sample (≤ q). */
  readonly meanSelected: number;
  readonly nSubsamples: number;
  readonly subsampleSize: number;
}

/**
 * Stability selection (Meinshausen & Bühlmann 2010) with complementary pairs (Shah & Samworth
 * 2013): B random splits of the rows into two disjoint halves of ⌊n/2⌋; each half is fitted along
 * the all-rows α grid. A feature's selection probability at α is the share of the 2B half-samples
 * in which it is nonzero (drawn as the stability path), and the stable set at threshold π is the
 * features that are among the first q to enter in at least a share π of half-samples. For π in
 * (0.5, 1] the expected number of false selections is at most q² / ((2π − 1)·p).
 * `stabilitySelectionParallel` (`@lassokit/core/parallel`) fits the halves in worker threads with
 * the same draws, so the same result.
 *
 * Cost: 2B paths on n/2 rows.
 *
 * @example
 * const s = stabilitySelection(X, y, { pairs: 50, threshold: 0.75, seed: 1 });
 * s.stable; s.errorBound; s.probabilities[20]; // per feature at the 21st α
 */
export function stabilitySelection(X: MatrixInput, y: VectorInput, opts: StabilityOptions = {}): StabilityResult {
  const plan = planStability(X, y, opts);
  const masks = plan.halves.map((rows, h) => {
    const mask = halfSampleMask(plan.data, rows, plan.alphas, plan.l1Ratio);
    opts.onProgress?.(h + 1, plan.halves.length);
    return mask;
  });
  return assembleStability(plan, masks);
}

/** A validated stability run: the data, the grid, the half-samples (rows, sorted) and the rule. */
export interface StabilityPlan {
  readonly data: CvData;
  readonly alphas: Float64Array;
  readonly l1Ratio: number;
  readonly halves: Int32Array[];
  readonly threshold: number;
  readonly q: number;
}

/** Validates everything and draws the half-samples up front (the same draws whichever thread fits them). */
export function planStability(X: MatrixInput, y: VectorInput, opts: StabilityOptions): StabilityPlan {
  const common = resolveCommon(opts);
  const l1Ratio = checkL1Ratio(opts.l1Ratio ?? 1);
  const Xd = isCsc(X) ? checkCsc(X) : toDenseMatrix(X);
  const yv = toVector(y, Xd.rows, 'y');
  const { rows: n, cols: p } = Xd;
  const weights = opts.weights === undefined ? undefined : toVector(opts.weights, n, 'weights');
  const pairs = opts.pairs ?? 50;
  if (!Number.isInteger(pairs) || pairs < 10) invalidParameter('pairs', 'an integer ≥ 10 (each pair is two half-sample fits)', pairs);
  const threshold = opts.threshold ?? 0.75;
  if (typeof threshold !== 'number' || !(threshold > 0.5 && threshold <= 1)) invalidParameter('threshold', 'in (0.5, 1]', threshold);
  const seed = opts.seed ?? DEFAULTS.seed;
  if (!Number.isInteger(seed)) invalidParameter('seed', 'an integer', seed);
  const q = resolveQ(opts, threshold, p);
  const half = Math.floor(n / 2);
  if (half < 2) throw new LassoKitError('INVALID_PARAMETER', `stability selection needs at least 4 rows (two halves of 2); got ${n}`, { parameter: 'X' });
  const penaltyFactor = opts.penaltyFactor === undefined ? undefined : toVector(opts.penaltyFactor, p, 'penaltyFactor');

  const { prepared: full } = prepareInput(Xd, yv, common, weights, penaltyFactor);
  let alphas: Float64Array;
  try {
    alphas = pathAlphas(full, resolveGrid(opts, l1Ratio, n, p), l1Ratio, common);
  } finally {
    release(full);
  }
  checkStabilityRoom(pairs, n, alphas.length, p);
  const rand = createRng(seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const halves: Int32Array[] = [];
  for (let b = 0; b < pairs; b++) {
    shuffle(order, rand);
    halves.push(order.slice(0, half).sort(), order.slice(half, 2 * half).sort());
  }
  if (weights !== undefined) checkHalfWeights(halves, weights, seed);
  return { data: cvData(Xd, yv, weights, penaltyFactor, common), alphas, l1Ratio, halves, threshold, q };
}

/**
 * Every half-sample needs a row of positive weight, else its path has nothing to fit (and said
 * "weights must not all be zero" of weights that are not). Named by half, with how many rows weigh
 * anything. The weights are already checked (finite, ≥ 0, not all 0). O(pairs·n).
 */
function checkHalfWeights(halves: readonly Int32Array[], weights: Float64Array, seed: number): void {
  const k = halves.findIndex((rows) => rows.every((i) => weights[i] === 0));
  if (k < 0) return;
  const weighted = weights.reduce((count, w) => count + (w > 0 ? 1 : 0), 0);
  throw new LassoKitError(
    'INVALID_WEIGHTS',
    `half-sample ${k % 2} of pair ${Math.floor(k / 2)} (seed ${seed}) has no row of positive weight: only ${weighted} of ${weights.length} rows weigh more than 0. Stability selection fits every half on its own — give weight to more rows`,
    { parameter: 'weights', pair: Math.floor(k / 2) },
  );
}

/**
 * Which coefficients of one half-sample's path are nonzero: one byte per (α, feature), α-major.
 * What a worker thread computes and sends back.
 *
 * Cost: one path on the half's rows.
 */
export function halfSampleMask(data: CvData, rows: Int32Array, alphas: Float64Array, l1Ratio: number): Uint8Array {
  const { X, y, weights, weighted, common, penaltyFactor } = data;
  const { prepared: sub } = prepareInput(rowsOf(X, rows), Float64Array.from(rows, (i) => y[i]), common, weighted ? Float64Array.from(rows, (i) => weights[i]) : undefined, penaltyFactor);
  let path;
  try {
    path = solvePath(sub, alphas, l1Ratio, common);
  } finally {
    release(sub);
  }
  const p = X.cols;
  const mask = new Uint8Array(alphas.length * p);
  path.coef.forEach((coef, a) => {
    for (let j = 0; j < p; j++) if (coef[j] !== 0) mask[a * p + j] = 1;
  });
  return mask;
}

/** Selection probabilities, the first-q selections and the stable set from every half's mask. */
export function assembleStability(plan: StabilityPlan, masks: readonly Uint8Array[]): StabilityResult {
  const { alphas, q, threshold } = plan;
  const p = plan.data.X.cols;
  const total = masks.length;
  const perAlpha = Array.from(alphas, () => new Float64Array(p));
  const selectedCount = new Float64Array(p);
  let selectedTotal = 0;
  for (const mask of masks) {
    const chosen = new Uint8Array(p);
    let nChosen = 0;
    let open = true;
    for (let a = 0; a < alphas.length; a++) {
      const row = perAlpha[a];
      let entering = 0;
      for (let j = 0; j < p; j++) {
        if (mask[a * p + j] === 0) continue;
        row[j]++;
        if (!chosen[j]) entering++;
      }
      // The first q features to enter: stop at the α where adding its newcomers would exceed q.
      if (!open || nChosen + entering > q) {
        open = false;
        continue;
      }
      for (let j = 0; j < p; j++) if (mask[a * p + j] !== 0) chosen[j] = 1;
      nChosen += entering;
    }
    for (let j = 0; j < p; j++) selectedCount[j] += chosen[j];
    selectedTotal += nChosen;
  }
  const selection = selectedCount.map((c) => c / total);
  const stable: number[] = [];
  selection.forEach((s, j) => {
    if (s >= threshold) stable.push(j);
  });
  return {
    alphas,
    probabilities: perAlpha.map((row) => row.map((c) => c / total)),
    selection,
    stable,
    threshold,
    q,
    errorBound: (q * q) / ((2 * threshold - 1) * p),
    meanSelected: selectedTotal / total,
    nSubsamples: total,
    subsampleSize: plan.halves[0].length,
  };
}

/**
 * Most bytes a stability run keeps: its half-samples (4 bytes per row of each) and their masks
 * (a byte per α and feature of each), 2 GiB. `pairs: 1e9` grew past 2 GB in 30 s before this.
 */
const MAX_STABILITY_BYTES = 2 ** 31;

/** Refuses a run whose half-samples and masks would pass {@link MAX_STABILITY_BYTES}, naming the most pairs allowed. */
function checkStabilityRoom(pairs: number, n: number, m: number, p: number): void {
  const perPair = 4 * 2 * Math.floor(n / 2) + 2 * m * p;
  if (pairs * perPair <= MAX_STABILITY_BYTES) return;
  const most = Math.floor(MAX_STABILITY_BYTES / perPair);
  throw new LassoKitError(
    'INVALID_PARAMETER',
    `pairs = ${pairs} (half-samples of ${n} rows, over ${m} alphas and ${p} features) would keep ${gibibytes(pairs * perPair)} of samples and selections (more than ${gibibytes(MAX_STABILITY_BYTES)}): ask for at most ${most} pairs${most < 10 ? ', with fewer alphas' : ''}`,
    { parameter: 'pairs', received: pairs, max: most },
  );
}

/** q from the options: given, or the largest with q² / ((2π − 1)p) ≤ pfer (at least 1). */
function resolveQ(opts: StabilityOptions, threshold: number, p: number): number {
  if (opts.q !== undefined) {
    if (!Number.isInteger(opts.q) || opts.q < 1 || opts.q > p) invalidParameter('q', `an integer in [1, p = ${p}]`, opts.q);
    if (opts.pfer !== undefined) throw new LassoKitError('INVALID_PARAMETER', 'give q or pfer, not both (pfer only chooses q)', { parameter: 'pfer' });
    return opts.q;
  }
  const pfer = opts.pfer ?? 1;
  if (typeof pfer !== 'number' || !(pfer > 0)) invalidParameter('pfer', 'a number > 0', pfer);
  return Math.max(1, Math.min(p, Math.floor(Math.sqrt(pfer * (2 * threshold - 1) * p))));
}

function shuffle(order: Int32Array, rand: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const k = Math.floor(rand() * (i + 1));
    const t = order[i];
    order[i] = order[k];
    order[k] = t;
  }
}
