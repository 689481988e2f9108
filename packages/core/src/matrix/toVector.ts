import { LassoKitError, describeValue } from '../errors.js';
import { isNumericArray, type VectorInput } from './DenseMatrix.js';

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
  checkShape(v, expectedLength, name);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) throw nonFinite(name, i, x);
    out[i] = x;
  }
  return out;
}

/**
 * {@link toVector} for a caller that only reads the vector before it returns: a Float64Array is
 * validated and given back as it is, not copied (a fresh n-long copy per call cost its first touch —
 * page faults — besides the copy: y of a 100,000-row path, 800 KB each call).
 *
 * Cost: O(n).
 */
export function readVector(v: VectorInput, expectedLength: number | undefined, name: string): Float64Array {
  if (!(v instanceof Float64Array)) return toVector(v, expectedLength, name);
  checkShape(v, expectedLength, name);
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) throw nonFinite(name, i, v[i]);
  return v;
}

/** An array (or typed array of numbers) of the expected length, not empty. */
function checkShape(v: VectorInput, expectedLength: number | undefined, name: string): void {
  if (!isNumericArray(v)) {
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
}

function nonFinite(name: string, index: number, received: unknown): LassoKitError {
  return new LassoKitError('NON_FINITE', `${name} has a non-finite value at index ${index}: ${describeValue(received)}`, {
    parameter: name,
    index,
    received,
  });
}
