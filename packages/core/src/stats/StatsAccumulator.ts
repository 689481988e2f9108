import { invalidParameter, LassoKitError } from '../errors.js';
import { Workspace } from '../wasm/Workspace.js';
import type { ShiftedSums } from './statsFromSums.js';

/** Doubles of row buffers at most (32 MiB): blocks get fewer rows as p and the groups grow. */
const BUFFER_DOUBLES = 2 ** 22;
const MAX_BLOCK_ROWS = 1024;
const MIN_BLOCK_ROWS = 32;
/**
 * Rows filed at a time: each column's share is staged in the kernels' memory and filed by the
 * scatter kernel (`Workspace.scatterShift`). 20M × 21 values into 10 groups, CPU profile: staging
 * 0.3–0.45 s and kernel 0.55–0.75 s, against 2.0 s for the typed-array loop it replaced.
 */
const STAGE_ROWS = 2048;

/**
 * Shifted sums ({@link ShiftedSums}) of rows that arrive in chunks — record batches streamed out of
 * a database, a file read piece by piece — per group (fold) of rows, in bounded memory. Rows are
 * copied, shifted by the given pilot means, into a column-major block per group; a full block's
 * Gram (features and target together, (p + 1)² / 2 dot products) is added to the group's sums with
 * the SIMD Gram-column kernel, four columns per sweep. The same sums `sufficientStats` computes in
 * one pass over an in-memory X, for data that never are in memory.
 *
 * Weighted (`{ weighted: true }`, a weight per row to `add`): a row is stored as √w·(x − c),
 * √w·(y − c) and √w, so the block's Gram holds Σw·dx·dxᵀ, Σw·dx·dy, Σw·dy² and, against the √w
 * column, Σw·dx, Σw·dy and Σw — one more column, the same kernel.
 *
 * Memory: the blocks (≤ 32 MiB) plus (p + 2)² doubles per group.
 * Cost: O(rows · p²), with the inner products in SIMD where available.
 *
 * @example
 * const acc = new StatsAccumulator(p, 10, shiftX, shiftY);
 * for await (const batch of batches) acc.add(batch.columns, batch.y, batch.folds, batch.rows);
 * const folds = acc.sums().map(statsFromSums);
 */
export class StatsAccumulator {
  readonly p: number;
  readonly groups: number;
  private readonly shiftX: Float64Array;
  private readonly shiftY: number;
  readonly weighted: boolean;
  /** Columns of a block: the features, the target and, when weighted, √w. */
  private readonly width: number;
  /** Rows per block (the stride of a block's columns). */
  private readonly cap: number;
  private readonly ws: Workspace;
  /** Group g's block: columns 0 … p−1 features, p the target (p + 1: √w), each `cap` long, from g·cap·width. */
  private readonly blocks: Float64Array;
  private readonly fill: Int32Array;
  private readonly cols: Int32Array;
  private readonly out: Float64Array;
  private readonly out2: Float64Array;
  /** Per group, rows counted and the upper triangle of the width² Gram of shifted (x, y[, √w]), row-major. */
  private readonly n: Float64Array;
  private readonly gram: Float64Array[];
  private readonly sum: Float64Array[];
  /** Destination of each row being filed (at most STAGE_ROWS at a time), from its group's block. */
  private readonly slot: Int32Array;
  /** A column's values of the rows being filed, staged where the kernel reads them. */
  private readonly stage: Float64Array;
  /** √w of each row being filed (weighted). */
  private readonly root: Float64Array;
  private done = false;

  constructor(p: number, groups: number, shiftX: ArrayLike<number>, shiftY: number, opts: { readonly weighted?: boolean } = {}) {
    if (!Number.isInteger(p) || p < 1) invalidParameter('p', 'an integer ≥ 1', p);
    if (!Number.isInteger(groups) || groups < 1) invalidParameter('groups', 'an integer ≥ 1', groups);
    if (shiftX.length !== p) throw new LassoKitError('DIMENSION_MISMATCH', `shiftX has length ${shiftX.length}; expected ${p}`, { parameter: 'shiftX' });
    this.p = p;
    this.groups = groups;
    this.shiftX = Float64Array.from(shiftX);
    this.shiftY = shiftY;
    this.weighted = opts.weighted === true;
    const width = p + (this.weighted ? 2 : 1);
    this.width = width;
    this.cap = Math.max(MIN_BLOCK_ROWS, Math.min(MAX_BLOCK_ROWS, Math.floor(BUFFER_DOUBLES / (groups * width))));
    this.ws = Workspace.create(groups * this.cap * width + 3 * width + 3 * STAGE_ROWS + 16);
    this.blocks = this.ws.alloc(groups * this.cap * width);
    this.slot = this.ws.allocInt(STAGE_ROWS);
    this.stage = this.ws.alloc(STAGE_ROWS);
    this.root = this.ws.alloc(this.weighted ? STAGE_ROWS : 0);
    this.cols = this.ws.allocInt(width);
    for (let j = 0; j < width; j++) this.cols[j] = j;
    this.out = this.ws.alloc(width);
    this.out2 = this.ws.alloc(width);
    this.fill = new Int32Array(groups);
    this.n = new Float64Array(groups);
    this.gram = Array.from({ length: groups }, () => new Float64Array(width * width));
    this.sum = Array.from({ length: groups }, () => new Float64Array(width));
  }

  /**
   * Adds m rows: `columns[j][i]` is feature j of row i (p columns), `y[i]` the target, `group[i]`
   * the row's group in 0 … groups−1 (absent: every row in group 0), `weights[i]` its weight (a
   * finite number ≥ 0; required when the accumulator is weighted, refused otherwise). Values must
   * be finite.
   */
  add(columns: readonly ArrayLike<number>[], y: ArrayLike<number>, m: number, group?: ArrayLike<number>, weights?: ArrayLike<number>): void {
    if (this.done) throw new LassoKitError('INVALID_PARAMETER', 'the accumulator was already read; create a new one', { parameter: 'add' });
    const { p, cap, groups, width } = this;
    if (columns.length !== p) throw new LassoKitError('DIMENSION_MISMATCH', `got ${columns.length} columns; expected ${p}`, { parameter: 'columns' });
    if ((weights !== undefined) !== this.weighted) invalidParameter('weights', this.weighted ? 'a weight per row (the accumulator is weighted)' : 'absent (the accumulator is unweighted)', weights === undefined ? 'none' : 'weights');
    if (weights !== undefined) {
      for (let i = 0; i < m; i++) {
        const w = weights[i];
        if (!(w >= 0 && w < Infinity)) invalidParameter(`weights[${i}]`, 'a finite number ≥ 0', w);
      }
    }
    const { fill, slot } = this;
    const stride = cap * width;
    let start = 0;
    while (start < m) {
      // Assign rows to free places in their group's block until one is full (or the stage is).
      const last = Math.min(m, start + STAGE_ROWS);
      let end = start;
      for (; end < last; end++) {
        const g = group === undefined ? 0 : group[end];
        if (!(g >= 0 && g < groups && Number.isInteger(g))) invalidParameter(`group[${end}]`, `an integer in 0 … ${groups - 1}`, g);
        const f = fill[g];
        if (f === cap) break;
        slot[end - start] = g * stride + f;
        fill[g] = f + 1;
      }
      this.copy(columns, y, weights, start, end);
      for (let g = 0; g < groups; g++) if (fill[g] === cap) this.flush(g);
      start = end;
    }
  }

  /** Gives the memory back without reading the sums (no rows can be added afterwards). */
  discard(): void {
    if (this.done) return;
    this.done = true;
    this.ws.release();
  }

  /**
   * The shifted sums of every group (the accumulator cannot be added to afterwards); each sumXX is
   * a fresh array, the caller's to keep or to write over (as `sufficientStats` does).
   */
  sums(): (ShiftedSums & { readonly sumXX: Float64Array })[] {
    if (!this.done) {
      for (let g = 0; g < this.groups; g++) if (this.fill[g] > 0) this.flush(g);
      this.done = true;
      this.ws.release();
    }
    const { p, width } = this;
    return Array.from({ length: this.groups }, (_, g) => {
      const G = this.gram[g];
      const sumXX = new Float64Array(p * p);
      for (let j = 0; j < p; j++) sumXX.set(G.subarray(j * width + j, j * width + p), j * p + j);
      const sumXY = Float64Array.from({ length: p }, (_, j) => G[j * width + p]);
      const s = this.sum[g];
      if (!G.every(Number.isFinite) || !s.every(Number.isFinite)) throw new LassoKitError('NON_FINITE', `group ${g} has a value that is not a finite number`, { parameter: 'columns' });
      const common = { n: this.n[g], p, shiftX: this.shiftX, shiftY: this.shiftY, sumXX, sumXY, sumYY: G[p * width + p] };
      if (!this.weighted) return { ...common, sumW: this.n[g], sumX: s.slice(0, p), sumY: s[p] };
      // Against the √w column (the last): Σw·dx, Σw·dy, and Σw on its diagonal.
      const last = p + 1;
      return { ...common, sumW: G[last * width + last], sumX: Float64Array.from({ length: p }, (_, j) => G[j * width + last]), sumY: G[p * width + last] };
    });
  }

  /**
   * Rows start … end−1 (≤ STAGE_ROWS), shifted (and scaled by √w), into their places, column by
   * column: each staged in the kernels' memory, then filed by the scatter kernel.
   */
  private copy(columns: readonly ArrayLike<number>[], y: ArrayLike<number>, weights: ArrayLike<number> | undefined, start: number, end: number): void {
    const { p, cap, blocks, slot, stage, ws } = this;
    const n = end - start;
    const staged = ws.holds(stage);
    const root = weights === undefined ? null : this.root;
    if (root !== null) for (let i = 0; i < n; i++) root[i] = Math.sqrt((weights as ArrayLike<number>)[start + i]);
    for (let j = 0; j <= p; j++) {
      const col = j < p ? columns[j] : y;
      const c = j < p ? this.shiftX[j] : this.shiftY;
      if (!staged) ws.scatterShift(col, start, slot, n, blocks, j * cap, c, root);
      else {
        if (col instanceof Float64Array) stage.set(start === 0 && end === col.length ? col : col.subarray(start, end));
        else for (let i = 0; i < n; i++) stage[i] = col[start + i];
        ws.scatterShift(stage, 0, slot, n, blocks, j * cap, c, root);
      }
    }
    if (root !== null) ws.scatterShift(root, 0, slot, n, blocks, (p + 1) * cap, 0, null);
  }

  /** Adds group g's block to its Gram and empties it. */
  private flush(g: number): void {
    const { cap, blocks, cols, out, out2, width } = this;
    const last = width - 1;
    const rows = this.fill[g];
    const base = g * cap * width;
    // The kernel reads columns of stride `rows`: pack a partial block's columns first.
    if (rows < cap) for (let j = 1; j <= last; j++) blocks.copyWithin(base + j * rows, base + j * cap, base + j * cap + rows);
    const X = blocks.subarray(base, base + width * rows);
    const G = this.gram[g];
    // Plain sums (weighted: they are products with the √w column instead).
    if (!this.weighted) {
      const sum = this.sum[g];
      for (let j = 0; j <= last; j++) sum[j] += this.ws.moments(X.subarray(j * rows, (j + 1) * rows), 0)[0];
    }
    // Two Gram rows per sweep where the kernel allows (each column read once for both).
    let j = 0;
    for (; j + 1 <= last && this.ws.gatherDots2(X, X, j * rows, X, (j + 1) * rows, cols.subarray(j + 1), width - j - 1, out, out2, rows); j += 2) {
      G[j * width + j] += this.ws.dot(X, j * rows, X, j * rows, rows);
      for (let t = 0; t < width - j - 1; t++) {
        G[j * width + j + 1 + t] += out[t];
        G[(j + 1) * width + j + 1 + t] += out2[t];
      }
    }
    for (; j <= last; j++) {
      this.ws.gatherDots(X, X, j * rows, cols.subarray(j), width - j, out, rows);
      for (let t = 0; t < width - j; t++) G[j * width + j + t] += out[t];
    }
    this.n[g] += rows;
    this.fill[g] = 0;
  }
}
