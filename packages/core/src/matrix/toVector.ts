import { LassoKitError, describeValue } from '../errors.js';
import type { VectorInput } from './DenseMatrix.js';

/**
 * Validates a vector (response, weights, predictions) of an expected length and
 * returns it as a fresh Float64Array. Throws `DIMENSION_MISMATCH` naming both lengths
 * and `NON_FINITE` naming the first bad index.
 *
 * Cost: O(n).
 *
 * @example
 * toVector([1, 2, 3], 3, 'y'); // Float64Array [1, 2, 3]
 */
export function toVector(v: VectorInput, expectedLength: number | undefined, name: string): Float64Array {
  if (!Array.isArray(v) && !(v instanceof Float64Array)) {
    throw new LassoKitError('INVALID_PARAMETER', `${name} must be an array of numbers; got ${describeValue(v)}`, {
      parameter: name,
    });
  }
  if (expectedLength !== undefined && v.length !== expectedLength) {
    throw new LassoKitError('DIMENSION_MISMATCH', `${name} has length ${v.length}; expected ${expectedLength} (one per row of X)`, {
      parameter: name,
      received: v.length,
      expected: expectedLength,
    });
  }
  if (v.length === 0) throw new LassoKitError('EMPTY_INPUT', `${name} is empty`, { parameter: name });
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new LassoKitError('NON_FINITE', `${name} has a non-finite value at index ${i}: ${describeValue(x)}`, {
        parameter: name,
        index: i,
        received: x,
      });
    }
    out[i] = x;
  }
  return out;
}
