import type { PreparedProblem } from '../prepare/prepareProblem.js';
import { gramColumns } from '../solver/gramColumn.js';
import { GROUP, LazyGram } from '../solver/LazyGram.js';
import type { GramSource } from '../solver/KernelProblem.js';
import { Workspace } from '../wasm/Workspace.js';

/**
 * What a covariance-mode cross-validation run whose folds keep their rows (see `foldsFromStats`)
 * shares between its all-rows path and its folds: the Gram of the all-rows problem X̃ (X̃_ij =
 * √w_i (x_ij − m_j)/s_j), filled lazily one column at a time — the all-rows path's, and a fold's
 * Gram is this one minus its held-out rows' products, re-centred and re-scaled (see
 * {@link foldGram}), so K folds cost one Gram plus K held-out parts (≈ 2 Grams) instead of K
 * Grams of 0.9·n rows each.
 * Entries do not depend on the order columns are requested (see `gramColumn`). The parallel path
 * (`runParallelPath`) fills it whole instead, in blocks made by several threads.
 */
export class SharedGram implements GramSource {
  readonly full: PreparedProblem;
  private readonly gram: LazyGram;

  constructor(full: PreparedProblem) {
    this.full = full;
    this.gram = new LazyGram(full.kernel, full.kernel.workspace ?? Workspace.plain());
  }

  /**
   * The all-rows Gram column j (a view; computed on first use, together with the columns of
   * `partners` when given: one sweep over X for all). Cost O(n·p) once.
   */
  fullColumn(j: number, partners?: readonly number[]): Float64Array {
    this.gram.ensure(j, partners);
    const p = this.full.kernel.p;
    return this.gram.G.subarray(j * p, (j + 1) * p);
  }

  columns(js: readonly number[], G: Float64Array): void {
    for (const j of js) G.set(this.fullColumn(j, js), j * this.full.kernel.p);
  }

  /** The columns a whole Gram is made of: those of X̃ not excluded (constant), in order. */
  gramColumns(): Int32Array {
    const { p, excluded } = this.full.kernel;
    return Int32Array.from({ length: p }, (_, j) => j).filter((j) => !excluded[j]);
  }

  /** One block of the whole Gram made in parts (see `LazyGram.triangle`): what a thread computes. */
  triangle(cols: Int32Array, from: number, size: number): Float64Array {
    return this.gram.triangle(cols, from, size);
  }

  /** Puts one {@link triangle} block in place, wherever it was made. */
  put(cols: Int32Array, from: number, size: number, block: Float64Array): void {
    this.gram.putTriangle(cols, from, size, block);
  }

  /** Marks every column of `cols` ready: the blocks of each `from` (in steps of their sizes) are all in. */
  markReady(cols: Int32Array): void {
    this.gram.markReady(cols);
  }
}

/**
 * The Gram source of one fold: with T its training rows, W_T = Σ_T w_i (all-rows weights),
 * d = (fold means) − (all-rows means) and s, s' the all-rows and fold scales,
 *
 *     G_f[j][k] = ( s_j·s_k/W_T · (G̃[j][k] − H[j][k]) − d_j·d_k ) / (s'_j·s'_k)
 *
 * where H is the held-out rows' part of X̃ᵀX̃ (O(n_held·p) per column). Exact algebra; the fold's
 * own rows are never multiplied out.
 */
export function foldGram(
  shared: SharedGram,
  fold: PreparedProblem,
  rows: { readonly train: Int32Array; readonly test: Int32Array },
): GramSource & { release(): void } {
  const full = shared.full;
  const { n, p, X } = full.kernel;
  const heldOut = rows.test;
  const m = heldOut.length;
  let trainWeight = 0;
  for (const i of rows.train) trainWeight += full.weights[i];
  const d = Float64Array.from(fold.xMean, (mu, j) => mu - full.xMean[j]);
  // Held-out rows of X̃, compact and column-major, in a workspace of their own (SIMD), with room
  // for a group's held-out products.
  const ws = Workspace.create(m * p + (GROUP + 1) * (p + 2) + 8);
  const Xh = ws.alloc(m * p);
  for (let j = 0; j < p; j++) for (let t = 0; t < m; t++) Xh[j * m + t] = X[j * n + heldOut[t]];
  const cols = ws.allocInt(p);
  for (let k = 0; k < p; k++) cols[k] = k;
  const hs = Array.from({ length: GROUP }, () => ws.alloc(p));
  const s = full.xScale;
  const sf = fold.xScale;
  return {
    columns(js: readonly number[], G: Float64Array): void {
      // The held-out products of the whole group in one sweep over Xh (each entry the same sum as
      // one column at a time).
      gramColumns(ws, Xh, m, js, cols, p, hs);
      js.forEach((j, q) => {
        const g = shared.fullColumn(j, js);
        const h = hs[q];
        const a = s[j] / trainWeight;
        const at = j * p;
        for (let k = 0; k < p; k++) G[at + k] = (a * s[k] * (g[k] - h[k]) - d[j] * d[k]) / (sf[j] * sf[k]);
      });
    },
    /** Returns the held-out rows' workspace for reuse (when the fold is done). */
    release: () => ws.release(),
  };
}
