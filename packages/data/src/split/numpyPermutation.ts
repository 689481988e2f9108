import { LassoKitError } from '@lassokit/core';
import { Mt19937 } from './Mt19937.js';

/**
 * Exactly what `a = numpy.arange(n); numpy.random.RandomState(seed).shuffle(a)` leaves in `a`:
 * MT19937 seeded with `init_genrand(seed)`, then Fisher–Yates from the end, each index drawn
 * with numpy's legacy bounded-integer method (mask to the next power of two minus one and reject
 * values above the bound). With it the study's split (seed 42) is reproducible in TypeScript.
 *
 * Cost: O(n).
 *
 * @example
 * numpyPermutation(10, 0); // Int32Array [2, 8, 4, 9, 1, 6, 7, 3, 0, 5]
 */
export function numpyPermutation(n: number, seed: number): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new LassoKitError('INVALID_PARAMETER', `n must be an integer ≥ 0; got ${n}`, { parameter: 'n' });
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new LassoKitError('INVALID_PARAMETER', `seed must be an integer in [0, 2^32 − 1]; got ${seed}`, { parameter: 'seed' });
  const rng = new Mt19937(seed);
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = boundedUint32(rng, i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/** numpy's legacy `random_interval(max)`: masked rejection sampling of an integer in [0, max]. */
function boundedUint32(rng: Mt19937, max: number): number {
  let mask = max;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  let value: number;
  do value = (rng.nextUint32() & mask) >>> 0;
  while (value > max);
  return value;
}
