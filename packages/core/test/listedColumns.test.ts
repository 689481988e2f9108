import { describe, expect, it } from 'vitest';
import { createRng } from '../src/index.js';
import { ListedColumns } from '../src/solver/ListedColumns.js';
import { Workspace } from '../src/wasm/Workspace.js';

describe('ListedColumns (columns of nonzero coefficients into a vector, one kernel call)', () => {
  const rand = createRng(31);
  const n = 37;
  const p = 11;

  it('equals one axpy per column in order, bit for bit: a list, or every column (S null); sign −1 adds; zero coefficients are skipped and their columns never made ready', () => {
    for (const simd of [true, false]) {
      const ws = simd ? Workspace.create(n * p + 4 * n + 4 * p + 64) : Workspace.plain();
      const X = ws.alloc(n * p);
      for (let i = 0; i < X.length; i++) X[i] = rand() - 0.5;
      const listed = new ListedColumns(ws, p);
      const S = [7, 2, 9, 4, 0, 5];
      const coef = Float64Array.from([0.3, 0, -1.7, 2.5, 0, 1e-3]);
      for (const sign of [1, -1] as const) {
        const y = ws.alloc(n);
        for (let i = 0; i < n; i++) y[i] = rand();
        const one = Float64Array.from(y);
        for (let t = 0; t < S.length; t++) if (coef[t] !== 0) ws.axpy(-sign * coef[t], X, S[t] * n, one, 0, n);
        const made: number[] = [];
        const count = listed.list(S, coef, S.length, sign, (j) => made.push(j));
        expect(made).toEqual([7, 9, 4, 5]);
        listed.take(X, n, count, y);
        expect(Array.from(y)).toEqual(Array.from(one));
      }
      const beta = Float64Array.from({ length: p }, (_, j) => (j % 3 === 0 ? 0 : rand() - 0.5));
      const r = ws.alloc(n);
      const one = new Float64Array(n);
      for (let j = 0; j < p; j++) if (beta[j] !== 0) ws.axpy(-beta[j], X, j * n, one, 0, n);
      listed.subtract(X, n, null, beta, p, r);
      expect(Array.from(r)).toEqual(Array.from(one));
    }
  });
});
