import { sameList } from './AndersonHistory.js';

/** Constants per packed column: ‖x_j‖², λ1_j, λ2_j, wSum_j, μ_j, s_j. */
export const PACKED = 6;

/**
 * One set of sparse columns packed contiguously for the sparse residual problem's TypeScript pass
 * (see `SparseResidualProblem.passOver`): their start offsets, rows, nonzeros and constants. Knows
 * which set and which penalty setting it holds, so a pass over the same set again does not pack it again.
 */
export class PackedColumns {
  /** The set packed (column indices, in pass order) and the penalty setting its λ1, λ2 belong to. */
  readonly set: number[] = [];
  penalty = -1;
  start: Int32Array = new Int32Array(1);
  row: Int32Array = new Int32Array(0);
  value: Float64Array = new Float64Array(0);
  cst: Float64Array = new Float64Array(0);

  holds(set: readonly number[], penalty: number): boolean {
    return penalty === this.penalty && sameList(set, this.set);
  }

  /** Room for `count` columns of `nnz` nonzeros (old contents not kept); then fill and call {@link filled}. */
  reserve(count: number, nnz: number): void {
    if (this.row.length < nnz) {
      this.row = new Int32Array(nnz);
      this.value = new Float64Array(nnz);
    }
    if (this.start.length < count + 1) {
      this.start = new Int32Array(count + 1);
      this.cst = new Float64Array(PACKED * count);
    }
  }

  /** Records what was packed (copied in place: a fresh slice per repack was a tenth of the bytes a sparse path allocated). */
  filled(set: readonly number[], penalty: number): void {
    const packed = this.set;
    for (let a = 0; a < set.length; a++) packed[a] = set[a];
    packed.length = set.length;
    this.penalty = penalty;
  }
}
