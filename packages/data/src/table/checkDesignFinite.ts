import { MIN_MAGNITUDE, type CscMatrix, type DenseMatrix } from '@lassokit/core';
import { DataError } from '../errors.js';

/**
 * Refuses a design whose moments overflow float64 — a column (or the target) whose sum or sum of
 * squared deviations is infinite although every value is finite, e.g. values near ±1e308. The
 * solver would otherwise produce NaN coefficients, metrics and alphas; here the column is named
 * (`NON_FINITE`, with the largest magnitude) so the user can rescale it. Likewise a column whose
 * nonzero values are all below core's MIN_MAGNITUDE (~3e-151), whose squares underflow
 * (`OUT_OF_DOMAIN`): the fit would refuse it by index, here it is named.
 *
 * Cost: O(n·p), two passes per column.
 *
 * @example
 * checkDesignFinite({ rows: 2, cols: 1, data: Float64Array.of(1e308, -1e308) }, Float64Array.of(1, 2), ['a'], 'y', 'x.csv'); // throws
 */
export function checkDesignFinite(X: DenseMatrix | CscMatrix, y: Float64Array, featureNames: readonly string[], target: string, source?: string): void {
  check(y, target, 'target', source);
  if ('colPtr' in X) {
    // Sparse: the nonzeros decide whether the moments overflow (zeros add nothing to the squares).
    for (let j = 0; j < X.cols; j++) if (X.colPtr[j + 1] > X.colPtr[j]) check(X.values.subarray(X.colPtr[j], X.colPtr[j + 1]), featureNames[j], 'feature', source);
    return;
  }
  const { rows: n, cols: p, data } = X;
  for (let j = 0; j < p; j++) check(data.subarray(j * n, (j + 1) * n), featureNames[j], 'feature', source);
}

function check(values: Float64Array, name: string, role: string, source: string | undefined): void {
  const n = values.length;
  let sum = 0;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    sum += values[i];
    maxAbs = Math.max(maxAbs, Math.abs(values[i]));
  }
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (values[i] - mean) * (values[i] - mean);
  if (maxAbs > 0 && maxAbs < MIN_MAGNITUDE) {
    throw new DataError('OUT_OF_DOMAIN', `${role} values underflow: they are too small in magnitude for float64 to square (largest |value| ${maxAbs.toPrecision(3)}); rescale the column`, { source, column: name }, { maxAbs });
  }
  if (Number.isFinite(sum) && Number.isFinite(sq)) return;
  throw new DataError('NON_FINITE', `${role} values overflow: their sum or sum of squares is beyond the float64 range (largest |value| ${maxAbs.toPrecision(3)}); rescale the column`, { source, column: name }, { maxAbs });
}
