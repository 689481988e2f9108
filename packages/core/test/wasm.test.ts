import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CoordinateDescent, createRng, elasticNetCV, enetPath, toDenseMatrix, type KernelProblem } from '../src/index.js';
import { prepareProblem } from '../src/prepare/prepareProblem.js';
import { resolveCommon } from '../src/prepare/checkOptions.js';
import { GramProblem } from '../src/solver/GramProblem.js';
import { ResidualProblem } from '../src/solver/ResidualProblem.js';
import { setSimd, simdEnabled, Workspace } from '../src/internal.js';
import { choleskyInPlace } from '../src/math/choleskySolve.js';
import { dot, laneDot } from '../src/math/dot.js';
import { decodeBase64, type WasmApi } from '../src/wasm/kernelModule.js';
import { drainPool } from '../src/wasm/memoryPool.js';
import { scratchMatrix } from '../src/wasm/Workspace.js';
// @ts-expect-error — plain ESM build script without types
import { assemble, MODULES } from '../scripts/wasm.mjs';
import { expectClose, expectSamePath } from './helpers.js';

afterEach(() => setSimd(true));

/** The host's WebAssembly (core's tests compile without DOM types). */
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

describe('WebAssembly SIMD kernels', () => {
  it.each(MODULES as { wat: string; ts: string; name: string }[])('the checked-in $ts is $wat assembled (rerun `pnpm wasm` after editing it)', async (m) => {
    const bytes: Buffer = await assemble(new URL(`../src/wasm/${m.wat}`, import.meta.url).pathname);
    const checkedIn = (await import(`../src/wasm/${m.ts.replace('.ts', '.js')}`)) as Record<string, string>;
    expect(bytes.toString('base64')).toBe(checkedIn[m.name]);
    expect(readFileSync(new URL(`../src/wasm/${m.ts}`, import.meta.url), 'utf8')).toContain(checkedIn[m.name]);
    // Chromium refuses synchronous compilation of larger modules on a page's main thread.
    expect(bytes.length).toBeLessThan(4096);
  });

  it.each(MODULES as { wat: string; ts: string; name: string }[])("$ts decodes to the same bytes by Node's Buffer and by atob (a browser), and compiles", async (m) => {
    const base64 = ((await import(`../src/wasm/${m.ts.replace('.ts', '.js')}`)) as Record<string, string>)[m.name];
    const native = decodeBase64(base64);
    vi.stubGlobal('Buffer', undefined);
    try {
      expect(Array.from(decodeBase64(base64) ?? [])).toEqual(Array.from(native ?? [1]));
    } finally {
      vi.unstubAllGlobals();
    }
    expect(native?.length).toBeGreaterThan(0);
    expect(() => new wasmApi.Module(native as Uint8Array)).not.toThrow();
  });

  it('where the host cannot compile a module (no SIMD: the constructor throws), the TypeScript kernels serve', async () => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', {
      ...wasmApi,
      Module: function refuse() {
        throw new Error('WebAssembly.Module(): invalid value type 0x7b');
      },
    });
    try {
      const fresh = (await import('../src/wasm/kernelModule.js')) as typeof import('../src/wasm/kernelModule.js');
      expect([fresh.kernelModule(), fresh.factorKernelModule(), fresh.columnKernelModule(), fresh.alphaKernelModule(), fresh.sparseKernelModule()]).toEqual([null, null, null, null, null]);
      expect(fresh.simdEnabled()).toBe(false);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it("laneDot sums as the SIMD dot kernel does: the same bits, every length mod 4, values of mixed scale", () => {
    const rand = createRng(15);
    for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 31, 100, 257, 1001]) {
      const ws = Workspace.create(2 * n + 8);
      const a = ws.alloc(n);
      const b = ws.alloc(n);
      for (let i = 0; i < n; i++) {
        a[i] = (rand() - 0.5) * 10 ** Math.floor(8 * rand() - 4);
        b[i] = (rand() - 0.5) * 10 ** Math.floor(8 * rand() - 4);
      }
      expect(Object.is(laneDot(a, b, n), ws.dot(a, 0, b, 0, n))).toBe(true);
      ws.release();
    }
  });

  it('is available on Node 20 and agrees with the TypeScript kernels within 1e-12 (odd lengths, offsets)', () => {
    expect(simdEnabled()).toBe(true);
    const rand = createRng(5);
    for (const n of [1, 2, 3, 5, 8, 31, 100, 257]) {
      const p = 7;
      const simd = Workspace.create(n * p + 4 * n + 4 * p + 64);
      const plain = Workspace.plain();
      expect(simd.simd).toBe(true);
      const X = simd.alloc(n * p);
      X.forEach((_, i) => (X[i] = rand() - 0.5));
      const v = simd.alloc(n + 1);
      v.forEach((_, i) => (v[i] = rand() - 0.5));
      const out = simd.alloc(p);
      simd.gemvT(X, v, out, n, p);
      const ref = Float64Array.from({ length: p }, (_, j) => dot(X, j * n, v, 0, n));
      expectClose(out, ref, { rtol: 1e-12, atol: 1e-15 });
      expect(simd.dot(X, 2 * n + 0, v, 1, n)).toBeCloseTo(plain.dot(X, 2 * n, v, 1, n), 12);
      const cols = simd.allocInt(3);
      cols.set([4, 0, 6]);
      const gathered = simd.alloc(3);
      simd.gatherDots(X, X, n, cols, 3, gathered, n);
      expectClose(gathered, Float64Array.from([4, 0, 6], (k) => dot(X, k * n, X, n, n)), { rtol: 1e-12, atol: 1e-15 });
      const y1 = simd.alloc(n);
      const y2 = new Float64Array(n);
      y1.fill(0.25);
      y2.fill(0.25);
      simd.axpy(-1.5, X, 3 * n, y1, 0, n);
      plain.axpy(-1.5, X, 3 * n, y2, 0, n);
      expectClose(y1, y2, { rtol: 1e-15, atol: 0 });
      // An operand outside the workspace memory falls back to TypeScript instead of reading garbage.
      const outside = Float64Array.from(v);
      expect(simd.dot(X, 0, outside, 0, n)).toBeCloseTo(dot(X, 0, v, 0, n), 12);
    }
  });

  it('the triangular solve kernels agree with the TypeScript loops (strided rows, a row of L as the vector)', () => {
    const rand = createRng(11);
    for (const k of [1, 2, 3, 7, 40]) {
      const s = k + 3;
      const simd = Workspace.create(s * (s + 1) + 2 * s + 16);
      const plain = Workspace.plain();
      const L = simd.alloc(s * (s + 1));
      for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) L[i * s + j] = i === j ? 1 + rand() : rand() - 0.5;
      const b = Float64Array.from({ length: k }, () => rand() - 0.5);
      for (const solve of ['forward', 'backward'] as const) {
        const x = simd.alloc(k);
        x.set(b);
        const ref = Float64Array.from(b);
        if (solve === 'forward') {
          simd.forwardSolve(L, s, x, 0, k);
          plain.forwardSolve(Float64Array.from(L), s, ref, 0, k);
        } else {
          simd.backwardSolve(L, s, x, k);
          plain.backwardSolve(Float64Array.from(L), s, ref, k);
        }
        expectClose(x, ref, { rtol: 1e-12, atol: 1e-14 });
      }
      // In place on row k of L (a factor's new row): L[k, :k] solves L_kk·l = b.
      L.set(b, k * s);
      simd.forwardSolve(L, s, L, k * s, k);
      for (let i = 0; i < k; i++) expect(dot(L, i * s, L, k * s, i + 1)).toBeCloseTo(b[i], 12);
    }
  });

  it('the four-row forward solve (factorKernels.wat, over the same memory) equals four forward solves bit for bit', () => {
    const rand = createRng(13);
    for (const k of [0, 1, 3, 4, 5, 38]) {
      const s = k + 6;
      const simd = Workspace.create(2 * s * (s + 4) + 16);
      const L = simd.alloc(s * (k + 4));
      for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) L[i * s + j] = i === j ? 1 + rand() : rand() - 0.5;
      for (let t = 0; t < 4; t++) for (let j = 0; j < k; j++) L[(k + t) * s + j] = rand() - 0.5;
      const one = simd.alloc(L.length);
      one.set(L);
      const plain = Float64Array.from(L);
      for (let t = 0; t < 4; t++) simd.forwardSolve(one, s, one, (k + t) * s, k);
      simd.forwardSolve4(L, s, L, k * s, k);
      expect(Array.from(L)).toEqual(Array.from(one));
      // The TypeScript fallback (a plain workspace) agrees within rounding.
      Workspace.plain().forwardSolve4(plain, s, plain, k * s, k);
      expectClose(plain, one, { rtol: 1e-12, atol: 1e-14 });
    }
  });

  it('subtractRows (factorKernels.wat: four rows per sweep, then one at a time; odd n) equals one axpy per row bit for bit', () => {
    const rand = createRng(17);
    for (const n of [1, 2, 5, 43, 100]) {
      for (const count of [1, 3, 4, 5, 9]) {
        const rowsOf = count + 3;
        const simd = Workspace.create(n * rowsOf + 3 * n + 2 * count + 64);
        const X = simd.alloc(n * rowsOf);
        for (let i = 0; i < X.length; i++) X[i] = rand() - 0.5;
        const rows = simd.allocInt(count);
        const coef = simd.alloc(count);
        // Rows out of order and one of them twice: each is taken in the listed order.
        for (let t = 0; t < count; t++) {
          rows[t] = (5 * t + 2) % rowsOf;
          coef[t] = (rand() - 0.5) * 10 ** (t % 3);
        }
        if (count > 2) rows[2] = rows[0];
        const y = simd.alloc(n);
        for (let i = 0; i < n; i++) y[i] = rand() * 3;
        const one = simd.alloc(n);
        one.set(y);
        for (let t = 0; t < count; t++) simd.axpy(-coef[t], X, rows[t] * n, one, 0, n);
        simd.subtractRows(X, n, rows, coef, count, y);
        expect(Array.from(y)).toEqual(Array.from(one));
        // Arrays outside the memory take the axpy route: the same again.
        const outside = Float64Array.from(y);
        simd.subtractRows(X, n, Int32Array.from(rows), Float64Array.from(coef), count, outside);
        for (let t = 0; t < count; t++) simd.axpy(-coef[t], X, rows[t] * n, y, 0, n);
        expect(Array.from(outside)).toEqual(Array.from(y));
      }
    }
  });
  it('the four-row forward and back substitutions and Lᵀx (factorKernels.wat) equal the row-by-row loops bit for bit, for every k mod 4', () => {
    const rand = createRng(19);
    for (const k of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 42, 101, 102]) {
      const s = k + 5;
      const simd = Workspace.create(s * k + 8 * s + 64);
      const plain = Workspace.plain();
      const L = simd.alloc(s * k);
      // Entries past the diagonal hold garbage (a factor's stale rows): neither kernel may read them.
      for (let i = 0; i < L.length; i++) L[i] = Number.NaN;
      for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) L[i * s + j] = i === j ? 0.5 + rand() : (rand() - 0.5) * 10 ** ((i + j) % 4 - 2);
      const b = Float64Array.from({ length: k }, () => (rand() - 0.5) * 10 ** (rand() * 6 - 3));
      // Forward: against a dot kernel call per row.
      const f = simd.alloc(k);
      f.set(b);
      simd.forwardSolve(L, s, f, 0, k);
      const byRow = simd.alloc(k);
      byRow.set(b);
      for (let i = 0; i < k; i++) byRow[i] = (byRow[i] - simd.dot(L, i * s, byRow, 0, i)) / L[i * s + i];
      expect(Array.from(f)).toEqual(Array.from(byRow));
      const x = simd.alloc(k);
      x.set(b);
      simd.backwardSolve(L, s, x, k);
      const ref = Float64Array.from(b);
      plain.backwardSolve(Float64Array.from(L), s, ref, k);
      expect(Array.from(x)).toEqual(Array.from(ref));
      // v += Lᵀ·b onto a v that is not zero, against one axpy per row.
      const v = simd.alloc(k);
      for (let i = 0; i < k; i++) v[i] = rand() - 0.5;
      const want = Float64Array.from(v);
      for (let i = 0; i < k; i++) plain.axpy(b[i], L, i * s, want, 0, i + 1);
      const bIn = simd.alloc(k);
      bIn.set(b);
      simd.transposeTimes(L, s, bIn, k, v);
      expect(Array.from(v)).toEqual(Array.from(want));
      // x outside the memory: the per-row route, the same values.
      const v2 = new Float64Array(k);
      const w2 = new Float64Array(k);
      simd.transposeTimes(L, s, Float64Array.from(b), k, v2);
      for (let i = 0; i < k; i++) plain.axpy(b[i], L, i * s, w2, 0, i + 1);
      expect(Array.from(v2)).toEqual(Array.from(w2));
      // Every array the kernels took lives in the workspace's memory (else the loops were compared with themselves).
      for (const a of [L, f, byRow, x, v, bIn]) expect(simd.holds(a)).toBe(simd.simd);
    }
  });
  it('the column kernels (columnKernels.wat: eight values a step, then pairs, then the odd one) give the moments and the scaled column of the TypeScript loops', () => {
    const rand = createRng(21);
    for (const n of [0, 1, 2, 3, 7, 8, 9, 10, 12, 13, 15, 16, 17, 1001, 1004, 1005, 1006, 1007]) {
      const simd = Workspace.create(2 * n + 16);
      const v = simd.alloc(n);
      for (let i = 0; i < n; i++) v[i] = 40 * (rand() - 0.5) + 3;
      // The largest |v| anywhere in the column, the odd last value included.
      if (n > 0) v[(7 * n) >> 3] = -99;
      const plain = Float64Array.from(v);
      const [s1, s2, maxAbs] = simd.moments(v, 2.5);
      const [p1, p2, pMax] = Workspace.plain().moments(plain, 2.5);
      expect(maxAbs).toBe(pMax);
      expect(Math.abs(s1 - p1)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(p1), n * 99));
      expect(Math.abs(s2 - p2)).toBeLessThanOrEqual(1e-13 * Math.max(1, p2));
      // scaleMax: the largest |value| before (the odd last one included), each value one product.
      const [sSq, before] = simd.scaleMax(v, 0.7);
      const [spSq, pBefore] = Workspace.plain().scaleMax(plain, 0.7);
      expect(before).toBe(n > 0 ? 99 : 0);
      expect(pBefore).toBe(before);
      expect(Array.from(v)).toEqual(Array.from(plain));
      expect(Math.abs(sSq - spSq)).toBeLessThanOrEqual(1e-13 * Math.max(1, spSq));
      // shiftScale: each value one subtraction and one product, the same bits; their squares' sum
      // within rounding; Σ v·w after, each kernel's dot's (gemvT's) to the bit, the two within rounding.
      const w = simd.alloc(n);
      // Magnitudes over six decades: a sum in another order rounds differently.
      for (let i = 0; i < n; i++) w[i] = (rand() - 0.5) * 10 ** (6 * rand());
      expect(simd.holds(w)).toBe(true);
      const [sq, sDot] = simd.shiftScale(v, 1.25, 0.3, w);
      const [pSq, pDot] = Workspace.plain().shiftScale(plain, 1.25, 0.3, Float64Array.from(w));
      expect(Array.from(v)).toEqual(Array.from(plain));
      expect(Math.abs(sq - pSq)).toBeLessThanOrEqual(1e-13 * Math.max(1, pSq));
      let scale = 0;
      for (let i = 0; i < n; i++) scale += Math.abs(plain[i] * w[i]);
      expect(sDot).toBe(simd.dot(v, 0, w, 0, n));
      expect(pDot).toBe(Workspace.plain().dot(plain, 0, Float64Array.from(w), 0, n));
      expect(Math.abs(sDot - pDot)).toBeLessThanOrEqual(1e-13 * Math.max(1, scale));
      // y null gives 0; y the column itself gives its squares' sum in dot's order (each value read after written).
      expect(simd.shiftScale(v, 0, 1, null)[1]).toBe(0);
      expect(simd.shiftScale(v, 0, 1, v)[1]).toBe(simd.dot(v, 0, v, 0, n));
      expect(Array.from(v)).toEqual(Array.from(plain));
    }
  });

  it('the Cholesky kernel factors in place as the TypeScript one does, and refuses a singular matrix', () => {
    const rand = createRng(9);
    for (const k of [1, 2, 3, 5, 8, 33]) {
      const B = Float64Array.from({ length: k * k }, () => rand() - 0.5);
      const A = new Float64Array(k * k);
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) A[i * k + j] = dot(B, i * k, B, j * k, k) + (i === j ? 0.1 : 0);
      const { ws, A: inMemory } = scratchMatrix(k);
      expect(ws.simd).toBe(true);
      inMemory.set(A);
      const reference = Float64Array.from(A);
      expect(ws.cholesky(inMemory, k, 1e-14)).toBe(true);
      expect(choleskyInPlace(reference, k, 1e-14)).toBe(true);
      for (let i = 0; i < k; i++) expectClose(inMemory.subarray(i * k, i * k + i + 1), reference.subarray(i * k, i * k + i + 1), { rtol: 1e-12, atol: 1e-14 });
    }
    const { ws, A } = scratchMatrix(2);
    A.set([1, 1, 1, 1]);
    expect(ws.cholesky(A, 2, 1e-12)).toBe(false);
  });

  /** A workspace's array of `doubles` values, filled with 7 and its memory released to the pool (a stale view). */
  const releasedSevens = (doubles: number) => {
    const a = Workspace.create(doubles);
    const v = a.alloc(doubles);
    v.fill(7);
    a.release();
    return v;
  };

  it('a released workspace memory is reused zeroed, and a plain workspace ignores release', () => {
    const v = releasedSevens(1000);
    const b = Workspace.create(1000);
    const w = b.alloc(1000);
    expect(w.buffer).toBe(v.buffer); // the same memory again …
    expect(w.every((x) => x === 0)).toBe(true); // … cleared of the last owner's values
    b.release();
    expect(() => Workspace.plain().release()).not.toThrow();
  });

  it("allocForOverwrite leaves a pooled memory's old values; alloc still clears them, also after an owner that used less", () => {
    drainPool();
    const old = releasedSevens(3000);
    const b = Workspace.create(3000);
    const x = b.allocForOverwrite(1000);
    expect(x.buffer).toBe(old.buffer);
    expect(x.some((v) => v === 7)).toBe(true); // not cleared: its owner writes it whole
    expect(b.alloc(1000).every((v) => v === 0)).toBe(true);
    b.release(); // used 2000 doubles of the 3000 the first owner dirtied
    const c = Workspace.create(3000);
    expect(c.alloc(3000).every((v) => v === 0)).toBe(true);
    c.release();
  });

  it('a problem prepared in a dirty pooled memory solves as in a fresh one (weights, rows, excluded columns)', () => {
    const rand = createRng(31);
    const n = 60;
    const p = 7;
    const data = Float64Array.from({ length: n * p }, () => rand() - 0.5);
    data.fill(3, 2 * n, 3 * n); // a constant column: excluded
    const X = { rows: n, cols: p, data };
    const y = Float64Array.from({ length: n }, (_, i) => data[i] - 2 * data[n + i] + 0.1 * rand());
    const weights = Float64Array.from({ length: n }, () => 0.5 + rand());
    // Before each fit, the pool holds only memories full of NaN (the sizes the fits take).
    const poisoned = <T>(fit: () => T): T => {
      drainPool();
      for (const doubles of [n * p + 4 * n + 200, n * p + 8 * n + 400, (2 * n * p) / 3 + 400, n * p]) {
        const ws = Workspace.create(doubles);
        ws.alloc(doubles).fill(Number.NaN);
        ws.release();
      }
      return fit();
    };
    const fits = (wrap: <T>(fit: () => T) => T) => ({
      path: wrap(() => enetPath(X, y, { nAlphas: 20 })),
      weighted: wrap(() => enetPath(X, y, { nAlphas: 20, weights, updateMode: 'naive' })),
      weightedGram: wrap(() => enetPath(X, y, { nAlphas: 20, weights, updateMode: 'covariance' })),
      cv: wrap(() => elasticNetCV(X, y, { nAlphas: 20, nFolds: 3, weights })),
    });
    const fresh = fits((fit) => (drainPool(), fit()));
    const dirty = fits(poisoned);
    expect(dirty.path.coef).toEqual(fresh.path.coef);
    expect(dirty.weighted.coef).toEqual(fresh.weighted.coef);
    expect(dirty.weightedGram.coef).toEqual(fresh.weightedGram.coef);
    expect(dirty.cv.cvMean).toEqual(fresh.cv.cvMean);
    expect(dirty.cv.model.coef).toEqual(fresh.cv.model.coef);
  });

  it("prepared columns' means and scales equal a two-pass computation to 1e-13, also where the first rows are far from the rest", () => {
    const n = 50_000;
    const rand = createRng(17);
    // Sorted: the pilot rows (the first 1,024) are the column's smallest, ~2 sd below its mean.
    const sorted = Float64Array.from({ length: n }, () => 1e6 + rand()).sort();
    const outlier = Float64Array.from({ length: n }, (_, i) => (i < 1024 ? 1e9 : 0) + rand());
    const spiky = Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? 1e12 : 1e-3 * rand()));
    const columns = [sorted, outlier, spiky];
    const X = { rows: n, cols: columns.length, data: Float64Array.from(columns.flatMap((c) => Array.from(c))) };
    const y = Float64Array.from({ length: n }, () => rand());
    for (const simd of [true, false]) {
      setSimd(simd);
      const prepared = prepareProblem(X, y, resolveCommon({}), undefined, undefined);
      columns.forEach((c, j) => {
        // Compensated sums (Neumaier), two passes: the reference to ~1 ulp.
        const sum = (values: Iterable<number>) => {
          let s = 0;
          let comp = 0;
          for (const v of values) {
            const t = s + v;
            comp += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
            s = t;
          }
          return s + comp;
        };
        const mean = sum(c) / n;
        const sd = Math.sqrt(sum(Array.from(c, (v) => (v - mean) ** 2)) / n);
        // The mean as it matters for centring: to 1e-13 of the column's spread.
        expect(Math.abs(prepared.xMean[j] - mean)).toBeLessThanOrEqual(1e-13 * sd);
        expectClose(prepared.xScale[j], sd, { rtol: 1e-13 }, `sd of column ${j}`);
      });
      prepared.kernel.workspace?.release();
    }
  });

  it("a prepared problem's Xᵀy (from the scaling pass) equals gemvT's over its X and y to the bit: centred, scaled only, weighted, fold rows, excluded columns", () => {
    const n = 1003;
    const rand = createRng(29);
    const p = 7;
    const data = Float64Array.from({ length: n * p }, (_, k) => (Math.floor(k / n) === 3 ? 2.5 : 10 * rand() - 3));
    const X = { rows: n, cols: p, data };
    const y = Float64Array.from({ length: n }, () => rand() * 4 - 1);
    const weights = Float64Array.from({ length: n }, () => 0.2 + rand());
    const rows = Int32Array.from({ length: 601 }, (_, i) => (i * 5) % n);
    const cases = [
      { common: {}, weights: undefined, rows: undefined },
      { common: { fitIntercept: false, standardize: false }, weights: undefined, rows: undefined },
      { common: { standardize: false }, weights, rows: undefined },
      { common: {}, weights: undefined, rows },
    ];
    for (const simd of [true, false]) {
      setSimd(simd);
      for (const c of cases) {
        const { kernel } = prepareProblem(X, c.rows === undefined ? y : Float64Array.from(c.rows, (i) => y[i]), resolveCommon(c.common), c.weights === undefined ? undefined : c.rows === undefined ? c.weights : undefined, undefined, 1, c.rows);
        const ws = kernel.workspace ?? Workspace.plain();
        // Into an ordinary array and into the memory: the same values.
        const expected = new Float64Array(p);
        ws.gemvT(kernel.X, kernel.y, expected, kernel.n, p);
        const inMemory = ws.alloc(p);
        ws.gemvT(kernel.X, kernel.y, inMemory, kernel.n, p);
        expect(ws.holds(inMemory)).toBe(simd);
        expect(Array.from(inMemory)).toEqual(Array.from(expected));
        expect(ws.holds(kernel.X)).toBe(simd);
        expect(Array.from(kernel.xty ?? [])).toEqual(Array.from(expected));
        // The constant column is excluded (a zero column, Xᵀy 0) unless neither centred nor standardized.
        expect(kernel.excluded[3]).toBe(c === cases[1] ? 0 : 1);
        if (c !== cases[1]) expect(kernel.xty?.[3]).toBe(0);
        kernel.workspace?.release();
      }
    }
  });

  it('a pooled memory left unused for 2 s is dropped', () => {
    vi.useFakeTimers();
    try {
      const a = Workspace.create(3000);
      const buffer = a.alloc(3000).buffer;
      a.release();
      vi.advanceTimersByTime(2100);
      expect(Workspace.create(3000).alloc(3000).buffer).not.toBe(buffer);
    } finally {
      vi.useRealTimers();
    }
  });

  it('paths and CV with SIMD equal the TypeScript fallback (naive and covariance)', () => {
    const rand = createRng(9);
    for (const [n, p] of [
      [60, 200],
      [200, 30],
    ]) {
      const X = { rows: n, cols: p, data: Float64Array.from({ length: n * p }, () => rand() - 0.5) };
      const y = Float64Array.from({ length: n }, (_, i) => X.data[i] - 2 * X.data[n + i] + 0.1 * rand());
      // standardize: false, so the objective below (penalty on these coefficients) is the one solved.
      const opts = { l1Ratio: 0.8, nAlphas: 20, tol: 1e-14, maxIter: 100_000, standardize: false };
      setSimd(true);
      const a = enetPath(X, y, opts);
      const cvA = elasticNetCV(X, y, { nFolds: 3, nAlphas: 10 });
      setSimd(false);
      const b = enetPath(X, y, opts);
      const cvB = elasticNetCV(X, y, { nFolds: 3, nAlphas: 10 });
      const objective = (coef: Float64Array, b0: number, alpha: number) => {
        let rss = 0;
        for (let i = 0; i < n; i++) {
          let r = y[i] - b0;
          for (let j = 0; j < p; j++) r -= X.data[j * n + i] * coef[j];
          rss += r * r;
        }
        let l1 = 0;
        let l2 = 0;
        coef.forEach((c) => ((l1 += Math.abs(c)), (l2 += c * c)));
        return rss / (2 * n) + alpha * (0.8 * l1 + 0.1 * l2);
      };
      a.coef.forEach((c, k) => {
        const fa = objective(c, a.intercept[k], a.alphas[k]);
        const fb = objective(b.coef[k], b.intercept[k], b.alphas[k]);
        // Both are within the solver's rounding floor (100·ε of the null objective) of the optimum.
        const nullObjective = y.reduce((t, v) => t + v * v, 0) / (2 * n);
        expect(Math.abs(fa - fb)).toBeLessThan(1e-12 * fb + 1e-12 * nullObjective);
        expectClose(c, b.coef[k], { rtol: 1e-6, atol: 1e-8 });
      });
      expectClose(cvA.cvMean, cvB.cvMean, { rtol: 1e-6, atol: 1e-12 });
    }
  });
});

describe("the dense problems' passes in WebAssembly", () => {
  // kernels.wat's densePass (residual problem, p > n) and gramPass (Gram problem, n > p, its Gram
  // columns made on the way) do the loop's generic pass with the problem's own dot and axpy: the
  // same β bit for bit, checked against the generic pass along a path (Lasso, Elastic Net, positive).
  const problems = {
    residual: { n: 40, p: 300, make: (k: KernelProblem) => new ResidualProblem(k) },
    // n not a multiple of four: the kernels' tails (densePass's held axpy done with the next dot).
    'residual, n = 43': { n: 43, p: 300, make: (k: KernelProblem) => new ResidualProblem(k) },
    Gram: { n: 300, p: 40, make: (k: KernelProblem) => GramProblem.fromKernel(k) },
  };
  it.each([
    ['residual', 'Lasso', 1, false],
    ['residual', 'Elastic Net', 0.5, false],
    ['residual', 'positive', 1, true],
    ['residual, n = 43', 'Lasso', 1, false],
    ['residual, n = 43', 'Elastic Net', 0.5, false],
    ['Gram', 'Lasso', 1, false],
    ['Gram', 'Elastic Net', 0.5, false],
    ['Gram', 'positive', 1, true],
  ] as const)('%s problem, %s: moves β exactly as the generic pass does', (kind, _name, l1Ratio, positive) => {
    const { n, p, make } = problems[kind];
    const rand = createRng(5);
    const rows = Array.from({ length: n }, () => Array.from({ length: p }, () => rand() - 0.5));
    const y = Float64Array.from(rows, (r) => r[0] - 2 * r[1] + r[5] + 0.1 * rand());
    const common = resolveCommon({ standardize: true, positive });
    const solver = (generic: boolean) => {
      const problem = make(prepareProblem(toDenseMatrix(rows), y, common, undefined, undefined).kernel);
      // A Gram problem's kernel pass is there once its Gram is made (by the first coordinate that
      // moves, or any Gram entry, as here): from the first pass on, where most of the moving is.
      expect(problem.passOver !== undefined).toBe(kind !== 'Gram');
      problem.cross(0, 0);
      expect(problem.passOver !== undefined).toBe(true);
      if (generic) Object.defineProperty(problem, 'passOver', { value: undefined });
      return new CoordinateDescent(problem);
    };
    const kernel = solver(false);
    const plain = solver(true);
    const alphaMax = Math.max(...Array.from(kernel.gradient(), Math.abs)) / l1Ratio;
    expectSamePath(kernel, plain, alphaMax, l1Ratio, [0.8, 0.3, 0.1, 0.03, 0.003]);
  });

  it.each([
    [600, true],
    [2049, true],
    [4097, false],
  ])('keeps a Gram of %i columns in WebAssembly memory: %s (the kernel pass, else the generic one)', (p, held) => {
    // Up to 4096 columns (134 MB) the Gram goes where gramPass reads it; a 10,000 × 1,000 path
    // from statistics had run its passes in TypeScript past the former bound of 512, a 10,000 ×
    // 2500 one past 2048.
    const n = p + 20;
    const rand = createRng(7);
    const data = Float64Array.from({ length: n * p }, () => rand() - 0.5);
    const y = Float64Array.from({ length: n }, (_, i) => data[i] - data[n + i]);
    const problem = GramProblem.fromKernel(prepareProblem({ rows: n, cols: p, data }, y, resolveCommon({}), undefined, undefined).kernel);
    problem.cross(0, 1);
    expect(problem.passOver !== undefined).toBe(held);
    problem.release?.();
  });

  it.each([
    [15, true],
    [30, false],
  ])('with %i solvers of 1,200 columns, keeps their Grams in the workspace: %s (256 MB of Grams at most)', (solvers, held) => {
    // 16 Grams of 11.5 MB fit under the bound; 31 would keep 357 MB for a whole CV run.
    const n = 1250;
    const p = 1200;
    const rand = createRng(8);
    const data = Float64Array.from({ length: n * p }, () => rand() - 0.5);
    const y = Float64Array.from({ length: n }, (_, i) => data[i]);
    const prepared = prepareProblem({ rows: n, cols: p, data }, y, resolveCommon({}), undefined, undefined, solvers);
    const problem = GramProblem.fromKernel(prepared.kernel);
    problem.cross(0, 1);
    expect(problem.passOver !== undefined).toBe(held);
    expect(prepared.kernel.workspace?.simd).toBe(true);
  });

  it('is left to the generic pass where X is not in WebAssembly memory (setSimd(false))', () => {
    setSimd(false);
    const rows = [[1, 2], [3, 4], [5, 7]];
    const kernel = prepareProblem(toDenseMatrix(rows), Float64Array.of(1, 2, 3), resolveCommon({}), undefined, undefined).kernel;
    expect(new ResidualProblem(kernel).passOver).toBeUndefined();
    expect(GramProblem.fromKernel(kernel).passOver).toBeUndefined();
  });
});
