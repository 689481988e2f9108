import { PAD, type Workspace } from '../wasm/Workspace.js';
import { sameList } from './AndersonHistory.js';
import type { PenaltyState } from './penaltyState.js';

/**
 * What a WebAssembly pass kernel reads about the loop's set, next to the problem's data: the set's
 * indices, its β, and ‖x_j‖², λ1, λ2 per listed coordinate (copied again only when the set or the
 * penalty changed), and a byte per coordinate flagging the listed ones (the Gram problem's
 * gramSolve checks the others' KKT conditions). `load` before the kernel, `store` after it: β back,
 * and the ever-active flags of coordinates that became nonzero. Shared by the dense residual
 * problem (densePass) and the Gram problem (gramPass).
 *
 * Memory: ⌈p/2⌉ + 4p + ⌈p/8⌉ doubles in the workspace.
 */
export class PassPack {
  readonly set: Int32Array;
  readonly beta: Float64Array;
  readonly cst: Float64Array;
  /** inSet[j] = 1 for the listed coordinates, 0 for the others. */
  readonly inSet: Uint8Array;
  private readonly inSetWords: Int32Array;
  /** The set and penalty the copied set and λs are for. */
  private readonly list: number[] = [];
  private penalty = -1;

  constructor(ws: Workspace, p: number) {
    this.set = ws.allocInt(p);
    this.beta = ws.alloc(p);
    this.cst = ws.alloc(3 * p);
    this.inSetWords = ws.allocInt(Math.ceil(p / 4));
    this.inSet = new Uint8Array(this.inSetWords.buffer, this.inSetWords.byteOffset, p);
  }

  /** Workspace room (float64 values) a pack over p coordinates takes. */
  static workspaceDoubles(p: number): number {
    return Math.ceil(p / 2) + 4 * p + Math.ceil(p / 8) + 4 * PAD;
  }

  /** Whether every array is in the workspace's WebAssembly memory. */
  heldBy(ws: Workspace): boolean {
    return ws.holds(this.set) && ws.holds(this.beta) && ws.holds(this.cst) && ws.holds(this.inSetWords);
  }

  /** Copies `set`'s β (and, when the set or the penalty changed, its indices and constants). */
  load(set: readonly number[], state: PenaltyState, colSq: Float64Array, penalty: number): void {
    const count = set.length;
    const { beta } = state;
    if (penalty !== this.penalty || !sameList(set, this.list)) {
      for (let a = 0; a < this.list.length; a++) this.inSet[this.list[a]] = 0;
      for (let a = 0; a < count; a++) {
        const j = set[a];
        this.set[a] = j;
        this.cst[3 * a] = colSq[j];
        this.cst[3 * a + 1] = state.lambda1[j];
        this.cst[3 * a + 2] = state.lambda2[j];
        this.list[a] = j;
        this.inSet[j] = 1;
      }
      this.list.length = count;
      this.penalty = penalty;
    }
    for (let a = 0; a < count; a++) this.beta[a] = beta[set[a]];
  }

  /** β of `set` back from the pack; a coordinate that became nonzero is flagged ever-active. Returns whether any moved. */
  store(set: readonly number[], state: PenaltyState, everActive: Uint8Array): boolean {
    const { beta } = state;
    let moved = false;
    for (let a = 0; a < set.length; a++) {
      const b = this.beta[a];
      const j = set[a];
      if (b === beta[j]) continue;
      beta[j] = b;
      moved = true;
      if (b !== 0) everActive[j] = 1;
    }
    return moved;
  }
}
