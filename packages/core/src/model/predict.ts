import { LassoKitError } from '../errors.js';
import type { MatrixInput } from '../matrix/DenseMatrix.js';
import { nonFiniteValue, rowsMatrix, toDenseMatrix, type RowsMatrix } from '../matrix/toDenseMatrix.js';
import { checkCsc, cscPredict, isCsc } from '../matrix/CscMatrix.js';

/** Anything with coefficients and an intercept: a `ModelJSON`, a `FitResult`, an `OlsResult`. */
export interface LinearModel {
  readonly coef: ArrayLike<number>;
  readonly intercept: number;
}

/**
 * Predictions b0 + Xβ for rows already on the model's feature scale (use `@lassokit/data`'s
 * `applyRecipe` first for raw inputs).
 *
 * Cost: O(n·p).
 *
 * @example
 * predict({ coef: [2], intercept: 1 }, [[1], [2]]); // Float64Array [3, 5]
 */
export function predict(model: LinearModel, X: MatrixInput): Float64Array {
  const p = model.coef.length;
  if (isCsc(X)) {
    checkCsc(X);
    checkWidth(X.cols, p);
    return cscPredict(X, model.coef, model.intercept);
  }
  // Rows are predicted where they are: a column-major copy made first cost a fresh n·p array, whose
  // first touch (page faults) took longer than the products.
  if (Array.isArray(X)) {
    const rows = rowsMatrix(X);
    checkWidth(rows.cols, p);
    return rowsPredict(model, rows);
  }
  const { rows: n, cols, data } = toDenseMatrix(X);
  checkWidth(cols, p);
  const out = new Float64Array(n).fill(model.intercept);
  for (let j = 0; j < p; j++) {
    const b = model.coef[j];
    if (b === 0) continue;
    const off = j * n;
    for (let i = 0; i < n; i++) out[i] += b * data[off + i];
  }
  return out;
}

function checkWidth(cols: number, p: number): void {
  if (cols !== p) throw new LassoKitError('DIMENSION_MISMATCH', `X has ${cols} columns; the model has ${p} features`, { parameter: 'X', received: cols, expected: p });
}

/**
 * b0 + Xβ of an array of rows (each of the model's length), summed in the
 * order the column-major route sums (b0, then each nonzero b_j·x_ij by j): the same predictions, bit
 * for bit. Every value is checked, the first bad one in row order named (NON_FINITE), as
 * toDenseMatrix names it. O(n·p).
 */
function rowsPredict(model: LinearModel, X: RowsMatrix): Float64Array {
  const p = model.coef.length;
  const coef = Float64Array.from(model.coef);
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    const row = X.list[i];
    let s = model.intercept;
    for (let j = 0; j < p; j++) {
      const v = row[j];
      // v − v is 0 for a finite number only (see copyRows).
      if (typeof v !== 'number' || v - v !== 0) throw nonFiniteValue('X', i, j, v);
      const b = coef[j];
      if (b !== 0) s += b * v;
    }
    out[i] = s;
  }
  return out;
}
