import type { Workspace } from '../wasm/Workspace.js';
import { gramColumn, gramColumnPair } from './gramColumn.js';
import type { KernelProblem } from './KernelProblem.js';

/**
 * XᵀX of a kernel problem, filled one column at a time on first use: entries already known by
 * symmetry are copied, the rest computed in one sweep (with a second, `partner` column in the
 * same sweep when asked — the memory traffic of one column for two). Entries do not depend on the
 * order columns are requested (see `gramColumn`). Used by the solver for its own Gram and by
 * cross-validation for the all-rows Gram the folds share.
 *
 * Memory: p² doubles plus three p-vectors. G is in the workspace up to MAX_P_IN_WORKSPACE columns,
 * where the kernels read it: the Gram problem's updates are then WebAssembly axpys, which a first
 * call in a process runs compiled, not interpreted (boxing every double it touches).
 */
/** Up to this p the Gram is kept in the workspace (2 MB); beyond, an ordinary array. */
const MAX_P_IN_WORKSPACE = 512;

export class LazyGram {
  /** Row-major p×p; column j (= row j) is valid once `ready[j]`. */
  readonly G: Float64Array;
  readonly ready: Uint8Array;
  private readonly problem: KernelProblem;
  private readonly ws: Workspace;
  private readonly todo: Int32Array;
  private readonly out: Float64Array;
  private readonly out2: Float64Array;

  constructor(problem: KernelProblem, ws: Workspace) {
    const { p } = problem;
    this.problem = problem;
    this.ws = ws;
    this.G = LazyGram.buffer(ws, p);
    this.ready = LazyGram.flags(ws, p);
    this.todo = ws.allocInt(p);
    this.out = ws.alloc(p);
    this.out2 = ws.alloc(p);
  }

  /** A p×p buffer for a Gram: in the workspace up to MAX_P_IN_WORKSPACE, else an ordinary array. */
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
    return (p <= MAX_P_IN_WORKSPACE ? p * p + Math.ceil(p / 8) + 4 : 0) + 3 * (p + 2);
  }

  /** Makes column j ready (and `partner`, if ≥ 0 and not ready, in the same sweep). Cost O(n·p). */
  ensure(j: number, partner = -1): void {
    const { n, p, X, excluded } = this.problem;
    const { G, ready, todo } = this;
    if (ready[j]) return;
    const pair = partner >= 0 && partner !== j && !ready[partner] && !excluded[partner] ? partner : -1;
    const off = j * p;
    let count = 0;
    for (let k = 0; k < p; k++) {
      if (excluded[k]) continue;
      if (ready[k]) {
        G[off + k] = G[k * p + j];
        if (pair >= 0) G[pair * p + k] = G[k * p + pair];
      } else todo[count++] = k;
    }
    if (pair < 0) {
      gramColumn(this.ws, X, n, j, todo, count, this.out);
    } else {
      gramColumnPair(this.ws, X, n, j, pair, todo, count, this.out, this.out2);
      for (let t = 0; t < count; t++) G[pair * p + todo[t]] = this.out2[t];
      ready[pair] = 1;
    }
    for (let t = 0; t < count; t++) G[off + todo[t]] = this.out[t];
    ready[j] = 1;
  }
}
