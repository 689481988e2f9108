import { checkCsc, isCsc } from '../matrix/CscMatrix.js';
import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { rowsMatrix, toDenseMatrix } from '../matrix/toDenseMatrix.js';
import { readVector, toVector } from '../matrix/toVector.js';
import type { ResolvedCommon } from './checkOptions.js';
import type { Prepared } from './Prepared.js';
import { prepareProblem } from './prepareProblem.js';
import { prepareSparse } from './prepareSparse.js';

/**
 * The prepared problem of any design input: dense X through `prepareProblem` (SIMD workspace),
 * a CSC matrix through `prepareSparse` (never densified). What the fits and paths start from.
 *
 * Cost: O(n·p) dense, O(nnz + n + p) sparse (plus its Gram for n ≫ p).
 */
export function prepareInput(X: MatrixInput, y: VectorInput, common: ResolvedCommon, weights: VectorInput | undefined, penaltyFactor: VectorInput | undefined): { prepared: Prepared; rows: number; cols: number } {
  if (isCsc(X)) {
    checkCsc(X);
    const yv = toVector(y, X.rows, 'y');
    return { prepared: prepareSparse(X, yv, common, weights, penaltyFactor), rows: X.rows, cols: X.cols };
  }
  // Rows go straight into prepareProblem's workspace (their values checked as they are copied); a
  // column-major matrix's values are checked by prepareProblem's column sums, which read every one
  // of them anyway.
  const Xd = Array.isArray(X) ? rowsMatrix(X) : toDenseMatrix(X, 'X', false);
  // Read only (copied into the workspace by prepareProblem): a Float64Array y is not copied first.
  const yv = readVector(y, Xd.rows, 'y');
  return { prepared: prepareProblem(Xd, yv, common, weights, penaltyFactor, 1), rows: Xd.rows, cols: Xd.cols };
}

/** Returns a prepared problem's workspace (dense problems hold one; sparse ones none). */
export function release(prepared: Prepared): void {
  if ('kernel' in prepared) prepared.kernel.workspace?.release();
}
