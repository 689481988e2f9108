import { LassoKitError } from '../errors.js';
import type { MatrixInput } from '../matrix/DenseMatrix.js';
import { toDenseMatrix } from '../matrix/toDenseMatrix.js';
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
    if (X.cols !== p) throw new LassoKitError('DIMENSION_MISMATCH', `X has ${X.cols} columns; the model has ${p} features`, { parameter: 'X', received: X.cols, expected: p });
    return cscPredict(X, model.coef, model.intercept);
  }
  const Xd = toDenseMatrix(X);
  if (Xd.cols !== p) {
    throw new LassoKitError('DIMENSION_MISMATCH', `X has ${Xd.cols} columns; the model has ${p} features`, {
      parameter: 'X',
      received: Xd.cols,
      expected: p,
    });
  }
  const { rows: n, data } = Xd;
  const out = new Float64Array(n).fill(model.intercept);
  for (let j = 0; j < p; j++) {
    const b = model.coef[j];
    if (b === 0) continue;
    const off = j * n;
    for (let i = 0; i < n; i++) out[i] += b * data[off + i];
  }
  return out;
}
