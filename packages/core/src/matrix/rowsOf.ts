import { cscSelectRows, isCsc, type CscMatrix } from './CscMatrix.js';
import type { DenseMatrix } from './DenseMatrix.js';
import { selectRows } from './selectRows.js';

/** Rows `index` of a dense or sparse matrix, in the same form (folds and half-samples of either). */
export function rowsOf<T extends DenseMatrix | CscMatrix>(X: T, index: ArrayLike<number>): T {
  return (isCsc(X) ? cscSelectRows(X, index) : selectRows(X as DenseMatrix, index)) as T;
}
