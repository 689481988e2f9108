import { describe, expect, it } from 'vitest';
import { axpy } from '../src/math/axpy.js';
import { choleskyFactor, choleskySolve, choleskySolveFactored } from '../src/math/choleskySolve.js';
import { dot } from '../src/math/dot.js';
import { neumaierSum } from '../src/math/neumaierSum.js';
import { expectClose } from './helpers.js';

describe('math kernels', () => {
  it('dot and axpy handle lengths that are not multiples of the unroll and offsets', () => {
    const a = Float64Array.from({ length: 11 }, (_, i) => i + 1);
    const b = Float64Array.from({ length: 11 }, (_, i) => 2 * i - 3);
    let naive = 0;
    for (let i = 2; i < 9; i++) naive += a[i] * b[i - 1];
    expect(dot(a, 2, b, 1, 7)).toBe(naive);
    const y = new Float64Array(7).fill(1);
    axpy(2, a, 3, y, 0, 7);
    expect(Array.from(y)).toEqual([9, 11, 13, 15, 17, 19, 21]);
  });

  it('neumaierSum keeps what naive summation loses', () => {
    expect(neumaierSum([1e100, 1, -1e100])).toBe(1);
    expect(neumaierSum([1, 2, 3], [0.5, 0.5, 0.5])).toBe(3);
  });

  it('Cholesky solves an SPD system, reuses its factor, and refuses a singular one', () => {
    const A = Float64Array.of(4, 2, 0.4, 2, 3, 0.5, 0.4, 0.5, 2);
    const x = Float64Array.of(1, -2, 0.5);
    const b = Float64Array.from({ length: 3 }, (_, i) => A[i * 3] * x[0] + A[i * 3 + 1] * x[1] + A[i * 3 + 2] * x[2]);
    expectClose(choleskySolve(A, b, 3) as Float64Array, x, { rtol: 1e-14, atol: 1e-15 });
    const L = choleskyFactor(A, 3) as Float64Array;
    expectClose(choleskySolveFactored(L, b, 3), x, { rtol: 1e-14, atol: 1e-15 });
    const singular = Float64Array.of(1, 1, 1, 1);
    expect(choleskyFactor(singular, 2, 0, 1e-12)).toBeNull();
    expect(choleskySolve(singular, Float64Array.of(1, 1), 2, 1e-6)).not.toBeNull();
  });
});
