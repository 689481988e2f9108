import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { axpy } from '../src/math/axpy.js';
import { choleskyFactor, choleskySolve, choleskySolveFactored } from '../src/math/choleskySolve.js';
import { dot } from '../src/math/dot.js';
import { neumaierSum } from '../src/math/neumaierSum.js';
import { projectOffColumns } from '../src/math/projectOffColumns.js';
import { UpdatableCholesky } from '../src/math/UpdatableCholesky.js';
import { Workspace } from '../src/wasm/Workspace.js';
import { PairProducts } from '../src/solver/PairProducts.js';
import { dualityGap } from '../src/solver/dualityGap.js';
import { createRng } from '../src/random/createRng.js';
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

  it.each([
    [30, 200, 0],
    [400, 60, 300], // past KERNEL_ROWS: the factor in WebAssembly memory, row operations as kernels
  ])('UpdatableCholesky follows a changing index set and solves like a fresh factorization (%i indices)', (p, steps, start) => {
    // A = BᵀB + I over p indices; walk through random sets with adds, removes and rebuilds.
    const rand = createRng(7);
    const B = Float64Array.from({ length: 40 * p }, () => rand() - 0.5);
    const A = new Float64Array(p * p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) A[a * p + b] = dot(B, a * 40, B, b * 40, 40) + (a === b ? 1 : 0);
    const f = new UpdatableCholesky((a, b) => A[a * p + b], 1e-12);
    let S: number[] = Array.from({ length: start }, (_, j) => j);
    for (let step = 0; step < steps; step++) {
      const j = Math.floor(rand() * p);
      S = S.includes(j) && S.length > 1 ? S.filter((v) => v !== j) : S.includes(j) ? S : [...S, j];
      if (step % 37 === 0) S = S.slice(0, Math.max(1, S.length - 5)); // several removals at once
      expect(f.setTo(S)).toBe(true);
      const k = S.length;
      const order = f.order;
      expect([...order].sort((x, y) => x - y)).toEqual([...S].sort((x, y) => x - y));
      const M = new Float64Array(k * k);
      for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) M[a * k + b] = A[order[a] * p + order[b]];
      const rhs = Float64Array.from({ length: k }, () => rand() - 0.5);
      expectClose(f.solve(rhs), choleskySolve(M, rhs, k) as Float64Array, { rtol: 1e-10, atol: 1e-12 });
      let xMx = 0;
      for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) xMx += rhs[a] * M[a * k + b] * rhs[b];
      expect(f.quadraticForm(rhs)).toBeCloseTo(xMx, 10);
    }
  });

  it('UpdatableCholesky takes a new row from a batch callback and factors as with entries one by one', () => {
    const p = 50;
    const rand = createRng(3);
    const B = Float64Array.from({ length: 20 * p }, () => rand() - 0.5);
    const entry = (a: number, b: number) => dot(B, a * 20, B, b * 20, 20) + (a === b ? 1 : 0);
    const single = new UpdatableCholesky(entry, 1e-12);
    let rows = 0;
    const batched = new UpdatableCholesky(entry, 1e-12, (list, j, out) => {
      rows++;
      list.forEach((a, i) => (out[i] = entry(a, j)));
    });
    for (const S of [[3, 7, 11], [3, 7, 11, 20, 41], [7, 11, 20, 41, 2]]) {
      expect(single.setTo(S)).toBe(true);
      expect(batched.setTo(S)).toBe(true);
      const rhs = Float64Array.from(S, () => rand());
      expect(batched.solve(rhs)).toEqual(single.solve(rhs));
    }
    expect(rows).toBe(6); // one call per appended index
  });

  it('UpdatableCholesky in an arena takes its room there at the first row, solves as without one (to rounding), and grows past it into a memory of its own', () => {
    const p = 160;
    const m = 400;
    const rand = createRng(5);
    const B = Float64Array.from({ length: m * p }, () => rand() - 0.5);
    const entry = (a: number, b: number) => dot(B, a * m, B, b * m, m) + (a === b ? 1 : 0);
    const ws = Workspace.create(UpdatableCholesky.arenaDoubles(p));
    expect(ws.simd).toBe(true);
    const inArena = new UpdatableCholesky(entry, 1e-12, undefined, { ws, p });
    const plain = new UpdatableCholesky(entry, 1e-12);
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, t) => from + t);
    // Kernels from 16 rows, appends four at a time, removals, then past the arena's 128-row stride.
    const sets = [range(0, 12), range(0, 40), [...range(0, 30), ...range(35, 90)], range(0, 150), range(10, 70)];
    sets.forEach((S, t) => {
      expect(inArena.setTo(S)).toBe(true);
      expect(plain.setTo(S)).toBe(true);
      const rhs = Float64Array.from(S, () => rand() - 0.5);
      expectClose(inArena.solve(rhs), plain.solve(rhs), { rtol: 1e-9, atol: 1e-12 });
      expect(inArena.quadraticForm(rhs)).toBeCloseTo(plain.quadraticForm(rhs), 9);
      // The factor took the arena's room at its first row: what the arena hands out next lies past it.
      if (t === 0) expect(ws.alloc(2).byteOffset).toBeGreaterThanOrEqual(8 * (128 * 128 + 3 * 128));
    });
  });

  it('PairProducts.row copies cached pairs and computes the others in one batch, then caches them', () => {
    const X = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]];
    const product = (a: number, b: number) => X[a][0] * X[b][0] + X[a][1] * X[b][1];
    let singles = 0;
    const batches: number[][] = [];
    const many = {
      cols: new Int32Array(5),
      values: new Float64Array(5),
      compute(j: number, count: number) {
        batches.push(Array.from(this.cols.subarray(0, count)));
        for (let t = 0; t < count; t++) this.values[t] = product(this.cols[t], j);
      },
    };
    const pairs = new PairProducts(5, 4, (a, b) => (singles++, product(a, b)), many);
    expect(pairs.get(0, 3)).toBe(product(0, 3));
    const out = new Float64Array(3);
    pairs.row([0, 1, 2], 3, out);
    expect(Array.from(out)).toEqual([0, 1, 2].map((a) => product(a, 3)));
    expect(batches).toEqual([[1, 2]]); // (0, 3) was cached
    expect(pairs.get(3, 2)).toBe(product(2, 3));
    expect(singles).toBe(1);
    // A column past the capacity (4 slots) starts the cache over: everything computed in the batch.
    pairs.row([0, 1, 2], 4, out);
    expect(Array.from(out)).toEqual([0, 1, 2].map((a) => product(a, 4)));
    expect(batches[1]).toEqual([0, 1, 2]);
  });

  it('PairProducts.pair computes two columns\' missing pairs in one sweep, which row then copies — and never starts the cache over', () => {
    const X = Array.from({ length: 8 }, (_, a) => [a + 1, 2 * a - 3, (a * a) % 5]);
    const product = (a: number, b: number) => X[a].reduce((s, v, i) => s + v * X[b][i], 0);
    const sweeps: string[] = [];
    const many = {
      cols: new Int32Array(8),
      values: new Float64Array(8),
      values2: new Float64Array(8),
      compute(j: number, count: number) {
        sweeps.push(`${j}: ${this.cols.subarray(0, count).join(',')}`);
        for (let t = 0; t < count; t++) this.values[t] = product(this.cols[t], j);
      },
      compute2(j: number, j2: number, count: number) {
        sweeps.push(`${j}+${j2}: ${this.cols.subarray(0, count).join(',')}`);
        for (let t = 0; t < count; t++) {
          this.values[t] = product(this.cols[t], j);
          this.values2[t] = product(this.cols[t], j2);
        }
        return true;
      },
    };
    const pairs = new PairProducts(8, 7, product, many);
    pairs.get(1, 5); // cached: (1, 5) is missing for 6 only, left to row
    pairs.pair([0, 1, 2], 5, 6);
    expect(sweeps).toEqual(['5+6: 0,2']);
    const out = new Float64Array(3);
    pairs.row([0, 1, 2], 5, out);
    expect(Array.from(out)).toEqual([0, 1, 2].map((a) => product(a, 5)));
    pairs.row([0, 1, 2], 6, out);
    expect(Array.from(out)).toEqual([0, 1, 2].map((a) => product(a, 6)));
    expect(sweeps).toEqual(['5+6: 0,2', '6: 1']);
    // Slots for 0, 1, 2, 5, 6 are taken; 3, 4 and 7 would pass the capacity of 7: no sweep, nothing
    // forgotten (row starts the cache over where it must).
    pairs.pair([0, 1, 3], 4, 7);
    expect(sweeps).toHaveLength(2);
    pairs.row([0, 1, 2], 5, out);
    expect(sweeps).toHaveLength(2);
  });

  it('PairProducts grows its values as columns get slots and keeps every cached pair through the growth', () => {
    const p = 60;
    const product = (a: number, b: number) => (a + 1) * (b + 1) + Math.min(a, b);
    let computed = 0;
    const pairs = new PairProducts(p, 100, (a, b) => (computed++, product(a, b)));
    // 50 columns: past the first allocation (16 slots) and its doubling, under the capacity.
    for (let a = 0; a < 50; a++) for (let b = 0; b <= a; b++) expect(pairs.get(a, b)).toBe(product(a, b));
    expect(computed).toBe((50 * 51) / 2);
    for (let a = 0; a < 50; a++) for (let b = 0; b < 50; b++) expect(pairs.get(b, a)).toBe(product(a, b));
    expect(computed).toBe((50 * 51) / 2); // all cached, in either order
  });

  it.each([
    ['entries', false],
    ['a row callback', true],
  ])('UpdatableCholesky appends rows four at a time past 256 rows (%s) exactly as one at a time', (_name, withRow) => {
    // A = BᵀB + I over 300 indices. One factor grows an index per setTo (rows appended singly);
    // the other is set to all 300 at once (a rebuild: four rows per solve from 256 rows on). The
    // factors must solve bit for bit alike, and a failure inside a four must keep the same rows.
    const p = 300;
    const rand = createRng(11);
    const B = Float64Array.from({ length: 40 * p }, () => rand() - 0.5);
    const A = new Float64Array(p * p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) A[a * p + b] = dot(B, a * 40, B, b * 40, 40) + (a === b ? 1 : 0);
    const entry = (a: number, b: number) => A[a * p + b];
    const make = () => new UpdatableCholesky(entry, 1e-12, withRow ? (list, j, out) => list.forEach((a, i) => (out[i] = entry(a, j))) : undefined);
    const order = Array.from({ length: p }, (_, j) => (j * 7) % p);
    const single = make();
    for (let k = 1; k <= p; k++) expect(single.setTo(order.slice(0, k))).toBe(true);
    const four = make();
    expect(four.setTo(order)).toBe(true);
    expect(four.order).toEqual(single.order);
    const b = Float64Array.from({ length: p }, () => rand() - 0.5);
    expect(Array.from(four.solve(b))).toEqual(Array.from(single.solve(b)));
    expect(four.quadraticForm(b)).toBe(single.quadraticForm(b));

    // Index 298 a copy of index 5 (A singular there): the set fails at it, in the middle of a four.
    const C = Float64Array.from(A);
    for (let t = 0; t < p; t++) {
      C[298 * p + t] = C[5 * p + t];
      C[t * p + 298] = C[t * p + 5];
    }
    C[298 * p + 298] = C[5 * p + 5];
    const copied = (a: number, c: number) => C[a * p + c];
    const failing = new UpdatableCholesky(copied, 1e-10);
    const S = Array.from({ length: 300 }, (_, j) => j);
    expect(failing.setTo(S)).toBe(false);
    expect(failing.order).toEqual(S.slice(0, 298));
    // 298 is what failed, so the set without it factors (and 299 is appended to the rows kept).
    expect(failing.setTo(S.filter((j) => j !== 298))).toBe(true);
  });

  it('UpdatableCholesky.changeCost counts the indices a set adds and removes', () => {
    const f = new UpdatableCholesky((a, b) => (a === b ? 2 : 0.1), 1e-10);
    expect(f.setTo([0, 1, 2])).toBe(true);
    expect(f.changeCost([0, 1, 2], 100)).toBe(0);
    // Adds 3 and 4, removes 2; k = 4: 2·4·(100 + 4) + 1·4².
    expect(f.changeCost([0, 1, 3, 4], 100)).toBe(2 * 4 * 104 + 16);
    expect([...f.order]).toEqual([0, 1, 2]); // only estimated
  });

  it('UpdatableCholesky reports a singular set until the set changes', () => {
    const A = Float64Array.of(1, 1, 0, 1, 1, 0, 0, 0, 1); // indices 0 and 1 are the same column
    const f = new UpdatableCholesky((a, b) => A[a * 3 + b], 1e-10);
    expect(f.setTo([0, 2])).toBe(true);
    expect(f.setTo([0, 2, 1])).toBe(false);
    expect(f.setTo([1, 0, 2])).toBe(false);
    expect(f.setTo([1, 2])).toBe(true);
    expect([...f.order].sort()).toEqual([1, 2]);
    // A_SS = I in any order.
    expect(f.solve(Float64Array.of(2, 3))).toEqual(Float64Array.of(2, 3));
  });

  it('UpdatableCholesky refuses a superset of a singular set without work, and starts the next set from the rows it kept', () => {
    // Columns 1 and 3 are the same; the rest are orthonormal (A = XᵀX of a 4 × 5 X).
    const X = [
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 1, 0, 0],
      [0, 0, 0, 1],
    ];
    let reads = 0;
    const f = new UpdatableCholesky((a, b) => (reads++, X[a].reduce((t, v, i) => t + v * X[b][i], 0)), 1e-10);
    expect(f.setTo([0, 1, 2, 3])).toBe(false);
    reads = 0;
    expect(f.setTo([0, 1, 2, 3, 4])).toBe(false);
    expect(f.setTo([4, 3, 2, 1, 0])).toBe(false);
    expect(reads).toBe(0);
    // Without 3: only 4 is appended to the rows 0, 1, 2 kept from the failure (4 entries read).
    expect(f.setTo([0, 1, 2, 4])).toBe(true);
    expect(reads).toBe(4);
    expect(f.solve(Float64Array.of(1, 2, 3, 4))).toEqual(Float64Array.of(1, 2, 3, 4));
    // Without 1, 3 is fine again.
    expect(f.setTo([0, 2, 3, 4])).toBe(true);
    expect([...f.order].sort()).toEqual([0, 2, 3, 4]);
  });
});

describe('dualityGap', () => {
  // One feature, ½(1 − β)² + λ1|β| + ½λ2β²: the optimum β = (1 − λ1)/(1 + λ2), r = 1 − β, c = r.
  const at = (lambda1: number, lambda2: number, beta: number) => {
    const r = 1 - beta;
    return dualityGap({ beta: [beta], grad: [r], rss: r * r, yTr: r, lambda1: [lambda1], lambda2: [lambda2], positive: false }).gap;
  };

  it('is 0 at the optimum of the Lasso, of the Elastic Net and of a nearly-Lasso Elastic Net', () => {
    for (const lambda2 of [0, 0.3, 1e-16]) expect(Math.abs(at(0.5, lambda2, 0.5 / (1 + lambda2)))).toBeLessThan(1e-15);
  });

  it('as λ2 → 0, stays as small as the Lasso gap near the optimum (the ridge conjugate alone divided its excess by λ2)', () => {
    // β a rounding-size step off the optimum: |c| exceeds λ1 by 1e-10.
    const lasso = at(0.5, 0, 0.5 - 1e-10);
    const nearlyLasso = at(0.5, 1e-16, 0.5 - 1e-10);
    expect(lasso).toBeLessThan(1e-15);
    expect(nearlyLasso).toBeLessThan(1e-15);
    // Where the ridge dominates, the scaled point with its conjugate is the better one: still exact there.
    expect(Math.abs(at(0, 2, 1 / 3))).toBeLessThan(1e-15);
  });

  it('equals the dual objective by its definition at the two scaled points, on mixed penalties', () => {
    // D(s·θ₀) = s·yᵀθ₀ − ½s²‖θ₀‖² − Σ_j g_j*(s·x_jᵀθ₀), g_j*(u) = (|u| − λ1_j)₊²/(2λ2_j) for λ2_j > 0
    // and 0 (feasible) for λ2_j = 0; s the largest scale ≤ 1 keeping the λ2 = 0 coordinates within
    // λ1, then that and the one keeping every coordinate within λ1. Coordinates of every kind: pure
    // L1, pure ridge (λ1 = 0), both, unpenalized, excluded; signs for `positive`.
    const rand = createRng(11);
    for (let trial = 0; trial < 40; trial++) {
      const p = 30;
      const positive = trial % 4 === 3;
      const kind = (j: number) => (trial + j) % 5;
      const lambda1 = Array.from({ length: p }, (_, j) => (kind(j) === 1 || kind(j) === 3 ? 0 : 0.2 + rand()));
      // A large ridge (every third trial) makes the first point's conjugate small enough to win.
      const lambda2 = Array.from({ length: p }, (_, j) => (kind(j) === 0 || kind(j) === 3 ? 0 : (0.05 + rand()) * (trial % 3 === 0 ? 30 : 1)));
      const excluded = Uint8Array.from({ length: p }, (_, j) => (j % 11 === 7 ? 1 : 0));
      const beta = Array.from({ length: p }, () => (rand() < 0.5 ? 0 : rand() - 0.3));
      // Products near λ1 (0.5–2×, either sign), where the conjugate's terms start; in even trials the
      // pure-L1 coordinates are within their λ1, so the first point is θ₀ itself (scale 1).
      const grad = Array.from({ length: p }, (_, j) => {
        const size = lambda1[j] > 0 ? lambda1[j] * (trial % 2 === 0 && lambda2[j] === 0 ? 0.99 * rand() : 0.5 + 1.5 * rand()) : 3 * rand();
        return rand() < 0.5 ? -size : size;
      });
      const rss = 1 + rand();
      const yTr = rss + rand();
      const got = dualityGap({ beta, grad, rss, yTr, lambda1, lambda2, positive, excluded });
      const u = (j: number) => (positive ? grad[j] : Math.abs(grad[j]));
      const inPlay = [...Array(p).keys()].filter((j) => !excluded[j]);
      const within = (js: number[]) => Math.min(1, ...js.filter((j) => lambda1[j] > 0 && u(j) > lambda1[j]).map((j) => lambda1[j] / u(j)));
      const scale = within(inPlay.filter((j) => lambda2[j] === 0));
      const tight = Math.min(scale, within(inPlay));
      const dual = (sc: number) => sc * yTr - 0.5 * sc * sc * rss - inPlay.filter((j) => lambda2[j] > 0).reduce((t, j) => t + Math.max(u(j) * sc - lambda1[j], 0) ** 2 / (2 * lambda2[j]), 0);
      const primal = 0.5 * rss + inPlay.reduce((t, j) => t + lambda1[j] * Math.abs(beta[j]) + 0.5 * lambda2[j] * beta[j] ** 2, 0);
      expectClose(got.primal, primal, { rtol: 1e-13, atol: 1e-13 });
      expectClose(got.dual, Math.max(dual(scale), dual(tight)), { rtol: 1e-13, atol: 1e-13 });
    }
  });
});

describe('projectOffColumns: Householder QR on the rows', () => {
  // Columns of −50 with bumps of 1e-8 … 1e-5 (scripts/fixtures/near_parallel.py): their Gram's
  // pivots are the sines squared (~1e-18), below what X_UᵀX_U resolves; the rows resolve them.
  const doc = JSON.parse(readFileSync(new URL('./fixtures/nearParallelUnpenalized.json', import.meta.url), 'utf8')) as {
    cases: { seed: number; X: number[][]; y: number[]; kept: number[]; optimum: number }[];
  };

  it("leaves y's part off the columns: ½‖θ₀‖²/n is the 60-digit least squares, θ₀ orthogonal to every column to rounding", () => {
    for (const c of doc.cases) {
      const n = c.X.length;
      const p = c.X[0].length;
      const X = new Float64Array(n * p);
      for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) X[j * n + i] = c.X[i][j];
      const out = new Float64Array(n);
      projectOffColumns(X, n, c.kept, c.y, out);
      // 5e-8: a backward-stable QR solves the columns as rounded (ε of −50, ~1e-8 of a bump of 1e-8):
      // no arithmetic in doubles fixes this optimum closer (here within 1.1e-8).
      expectClose(dot(out, 0, out, 0, n) / (2 * n), c.optimum, { rtol: 5e-8 });
      const y = Float64Array.from(c.y);
      const yNorm = Math.sqrt(dot(y, 0, y, 0, n));
      for (const j of c.kept) {
        expect(Math.abs(dot(X, j * n, out, 0, n)), `case ${c.seed}, column ${j}`).toBeLessThanOrEqual(1e-13 * Math.sqrt(dot(X, j * n, X, j * n, n)) * yNorm);
      }
    }
  });

  it('takes a column in the span of the ones before it as adding nothing (an exact copy, a zero column)', () => {
    const X = Float64Array.of(1, 1, 0, /**/ 1, 1, 0, /**/ 0, 0, 0, /**/ 0, 1, 1);
    const out = new Float64Array(3);
    projectOffColumns(X, 3, [0, 1, 2], [1, 2, 3], out);
    expectClose(out, [-0.5, 0.5, 3], { rtol: 1e-15, atol: 1e-15 });
    projectOffColumns(X, 3, [0, 1, 2, 3], [1, 2, 3], out);
    // (1, 1, 0) and (0, 1, 1) span a plane; (1, 2, 3)'s part off it is along (1, −1, 1).
    expectClose(out, [2 / 3, -2 / 3, 2 / 3], { rtol: 1e-14, atol: 1e-15 });
  });
});
