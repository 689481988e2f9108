import type { Workspace } from '../wasm/Workspace.js';
import { gramColumns } from './gramColumn.js';
import type { KernelProblem } from './KernelProblem.js';

/**
 * XᵀX of a kernel problem, filled column by column on first use: entries already known by
 * symmetry are copied, the rest computed in one sweep (with the columns of `partners` in the same
 * sweep when asked — the memory traffic of one column for several). Entries do not depend on the
 * order columns are requested (see `gramColumn`). Used by the solver for its own Gram and by
 * cross-validation for the all-rows Gram the folds share. Up to {@link GROUP} columns are made in
 * one sweep (the one asked for and likely next ones, `partners`).
 *
 * Memory: p² doubles plus GROUP + 1 p-vectors. G is in the workspace up to MAX_P_IN_WORKSPACE columns
 * where the workspace was sized with room for it, and the kernels read it there: the Gram problem's
 * passes run in WebAssembly (gramPass) and its updates are WebAssembly axpys, which a first call in
 * a process runs compiled, not interpreted (boxing every double it touches).
 */
/**
 * Up to this p a Gram is kept in the workspace (134 MB); beyond, an ordinary array, whose passes
 * and gradient updates run in TypeScript — where a smaller bound sent 1,000- and 2,500-column
 * Grams there, their paths took up to twice as long (README: "Measurements behind the constants").
 */
const MAX_P_IN_WORKSPACE = 4096;
/** Most Gram columns made in one sweep over X (the one asked for and its partners). */
export const GROUP = 8;
const NONE: readonly number[] = [];

export class LazyGram {
  /** Row-major p×p; column j (= row j) is valid once `ready[j]`. */
  readonly G: Float64Array;
  readonly ready: Uint8Array;
  private readonly problem: KernelProblem;
  private readonly ws: Workspace;
  private readonly todo: Int32Array;
  /** A sweep's columns (the one asked for first) and their results, reused. */
  private readonly group: number[] = [];
  private readonly outs: Float64Array[];

  constructor(problem: KernelProblem, ws: Workspace) {
    const { p } = problem;
    this.problem = problem;
    this.ws = ws;
    this.G = LazyGram.buffer(ws, p);
    this.ready = LazyGram.flags(ws, p);
    this.todo = ws.allocInt(p);
    this.outs = Array.from({ length: GROUP }, () => ws.alloc(p));
  }

  /**
   * A p×p buffer for a Gram: in the workspace up to MAX_P_IN_WORKSPACE while it has room (see
   * {@link workspaceDoubles}), else an ordinary array.
   */
  static buffer(ws: Workspace, p: number): Float64Array {
    return p <= MAX_P_IN_WORKSPACE ? ws.alloc(p * p) : new Float64Array(p * p);
  }

  /**
   * The ready flags of a p-column Gram (zeroed), beside its `buffer`: in the workspace up to
   * MAX_P_IN_WORKSPACE, where the Gram problem's pass kernel reads them.
   */
  static flags(ws: Workspace, p: number): Uint8Array {
    if (p > MAX_P_IN_WORKSPACE) return new Uint8Array(p);
    const words = ws.allocInt(Math.ceil(p / 4));
    return new Uint8Array(words.buffer, words.byteOffset, p);
  }

  /** Workspace room it takes (float64 values), for whoever sizes the workspace. */
  static workspaceDoubles(p: number): number {
    return LazyGram.gramDoubles(p) + (GROUP + 1) * (p + 2);
  }

  /**
   * The part of {@link workspaceDoubles} that is G and its flags: a caller that leaves it out of
   * the workspace's size gets G as an ordinary array from {@link buffer}.
   */
  static gramDoubles(p: number): number {
    return p <= MAX_P_IN_WORKSPACE ? p * p + Math.ceil(p / 8) + 4 : 0;
  }

  /**
   * Makes column j ready, and with it those of `partners` not ready yet (up to GROUP − 1 of them),
   * in one sweep over X. Cost O(n·p) per column made, X read once.
   */
  ensure(j: number, partners: readonly number[] = NONE): void {
    const { n, p, X, excluded } = this.problem;
    const { G, ready, todo, group, outs } = this;
    if (ready[j]) return;
    group.length = 0;
    group.push(j);
    for (let t = 0; t < partners.length && group.length < GROUP; t++) {
      const k = partners[t];
      if (!ready[k] && !excluded[k] && !group.includes(k)) group.push(k);
    }
    let count = 0;
    for (let k = 0; k < p; k++) {
      if (excluded[k]) continue;
      if (!ready[k]) todo[count++] = k;
      else for (let q = 0; q < group.length; q++) G[group[q] * p + k] = G[k * p + group[q]];
    }
    gramColumns(this.ws, X, n, group, todo, count, outs);
    for (let q = 0; q < group.length; q++) {
      const off = group[q] * p;
      const out = outs[q];
      for (let t = 0; t < count; t++) G[off + todo[t]] = out[t];
      ready[group[q]] = 1;
    }
  }

  /**
   * One block of the whole Gram made in parts (by threads, see `runParallelPath`): for the columns
   * js = cols[from … from + size) (size ≤ GROUP), their entries against cols[from …] — the block's
   * share of the triangle, in one sweep over X. Row q of the result (cols.length − from values) is
   * column js[q]'s. The same kernel sums as {@link ensure}, so the same values. Leaves G as it is.
   *
   * Cost: O(n·size·(cols.length − from)).
   */
  triangle(cols: Int32Array, from: number, size: number): Float64Array {
    const { n, X } = this.problem;
    const count = cols.length - from;
    const js = Array.from(cols.subarray(from, from + size));
    this.todo.set(cols.subarray(from));
    gramColumns(this.ws, X, n, js, this.todo, count, this.outs);
    const block = new Float64Array(size * count);
    for (let q = 0; q < size; q++) block.set(this.outs[q].subarray(0, count), q * count);
    return block;
  }

  /**
   * Puts a {@link triangle} block into G, both halves. Once the blocks of every `from` (in steps
   * of their sizes) are in, {@link markReady} makes each column of `cols` ready.
   */
  putTriangle(cols: Int32Array, from: number, size: number, block: Float64Array): void {
    const { G } = this;
    const { p } = this.problem;
    const count = cols.length - from;
    for (let q = 0; q < size; q++) {
      const j = cols[from + q];
      const row = block.subarray(q * count, (q + 1) * count);
      for (let t = 0; t < count; t++) {
        const k = cols[from + t];
        G[j * p + k] = row[t];
        G[k * p + j] = row[t];
      }
    }
  }

  /** Marks the columns `cols` ready (their entries against each other all put in). */
  markReady(cols: Int32Array): void {
    for (const j of cols) this.ready[j] = 1;
  }
}
