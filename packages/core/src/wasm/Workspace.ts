import { axpy as jsAxpy } from '../math/axpy.js';
import { choleskyInPlace } from '../math/choleskySolve.js';
import { dot as jsDot } from '../math/dot.js';
import { alphaKernelModule, columnKernelModule, factorKernelModule, functionTable, instanceOver, kernelModule, MAX_WASM_BYTES, PAGE, simdEnabled, type AlphaExports, type ColumnExports, type FactorExports, type KernelExports } from './kernelModule.js';
import { newMemory, returnToPool, takePooled, type PooledMemory } from './memoryPool.js';

/**
 * Memory for one prepared problem and the solver working on it, plus the vector kernels over it.
 * With SIMD available the arrays live in one WebAssembly memory, sized once (it never grows, so
 * views stay valid) and the kernels run as 128-bit SIMD (f64x2); otherwise they are ordinary
 * typed arrays and the kernels the unrolled TypeScript loops. Arrays from `alloc` after the
 * reserve runs out are ordinary ones; every kernel checks that its operands share the memory and
 * falls back to TypeScript when they do not, so mixing is always correct.
 *
 * Kernel semantics (offsets in elements): dot Σ a[aOff+i]·b[bOff+i]; axpy y[yOff+i] += α·x[xOff+i];
 * gemvT out[j] = x_jᵀv over the n×p column-major X; gatherDots out[t] = x_{cols[t]}ᵀ(v[vOff …])
 * (four columns per sweep over v: Gram columns are bound by memory traffic); moments and
 * shiftScale centre and scale a column in place; scatterShift files a column's
 * rows into places given by index.
 */
/**
 * Doubles an array may take in a workspace beyond its length: each is placed at a 16-byte boundary
 * (see `reserve`). What sizes a workspace counts per array.
 */
export const PAD = 2;

export class Workspace {
  readonly simd: boolean;
  private readonly buffer: ArrayBuffer | null;
  private readonly k: KernelExports | null;
  private next = 0;
  private readonly end: number;
  /**
   * Two doubles for kernels that return a pair; the first allocation, at byte 0 (which the scatter
   * kernel reads as "no scale"). Kept at 16 bytes: X then starts at byte 16, and one layout with X
   * at byte 32 made 20,000 × 50 paths ~15 % slower (alternating runs; 48 and 64 were as fast as 16).
   */
  private pair: Float64Array = new Float64Array(2);
  private memory: PooledMemory | null = null;
  /** Bytes from the start that may hold a former owner's values (a pooled memory taken as it was). */
  private dirty = 0;

  private constructor(doubles: number, useSimd: boolean, mostDoubles?: number) {
    const module = useSimd && Workspace.fits(doubles) ? kernelModule() : null;
    const bytes = workspaceBytes(doubles);
    // Memories are whole pages: the most wanted, rounded up to one.
    const most = mostDoubles === undefined ? undefined : Math.ceil(workspaceBytes(Math.max(doubles, mostDoubles)) / PAGE) * PAGE;
    const memory = module === null ? null : memoryFor(module, bytes, most);
    if (memory === null) {
      this.simd = false;
      this.buffer = null;
      this.k = null;
      this.end = 0;
      return;
    }
    this.memory = memory;
    this.dirty = memory.used;
    this.k = memory.k;
    this.buffer = memory.buffer;
    this.simd = true;
    this.end = memory.buffer.byteLength;
    this.pair = this.alloc(2);
  }

  /** Whether room for `doubles` float64 values fits in one WebAssembly memory (else `create` makes a plain workspace). */
  static fits(doubles: number): boolean {
    return workspaceBytes(doubles) <= MAX_WASM_BYTES;
  }

  /**
   * A workspace with room for `doubles` float64 values (SIMD when enabled and it fits). Given
   * `mostDoubles`, a pooled memory with room for up to that many may serve: for an owner that
   * grows (a factor whose rows double), which reads its room from {@link roomDoubles}.
   */
  static create(doubles: number, mostDoubles?: number): Workspace {
    return new Workspace(doubles, simdEnabled(), mostDoubles);
  }

  /** Float64 values `alloc` can still place in this workspace's memory (0 without one). */
  get roomDoubles(): number {
    return this.buffer === null ? 0 : Math.floor((this.end - this.next) / 8);
  }

  /**
   * Hands the memory back for reuse by a later workspace (fresh WebAssembly memory costs a page
   * fault per 4 KiB on first touch — more than the copy into it). Only for an owner that knows no
   * array from `alloc` is used afterwards: the paths, fits and CV runs that created it.
   */
  release(): void {
    const memory = this.memory;
    if (memory === null) return;
    this.memory = null;
    returnToPool(memory, Math.max(this.next, this.dirty));
  }

  /** A workspace of ordinary arrays and TypeScript kernels. */
  static plain(): Workspace {
    return new Workspace(0, false);
  }

  /**
   * A zeroed float64 array in this workspace's memory while room remains (16-byte aligned); an
   * ordinary array after that. Zeroed because fresh memory starts zeroed, a pooled memory's old
   * values are cleared here as they are handed out, and the bump allocator never hands out bytes twice.
   */
  alloc(length: number): Float64Array {
    const at = this.reserve(8 * length, true);
    return at < 0 ? new Float64Array(length) : new Float64Array(this.buffer as ArrayBuffer, at, length);
  }

  /**
   * As {@link alloc}, but its contents are undefined (a pooled memory's old values are left): for
   * an array the caller overwrites whole before anything reads it, such as the copy of X.
   */
  allocForOverwrite(length: number): Float64Array {
    const at = this.reserve(8 * length, false);
    return at < 0 ? new Float64Array(length) : new Float64Array(this.buffer as ArrayBuffer, at, length);
  }

  /** An int32 array in this workspace's memory while room remains (see {@link alloc}). */
  allocInt(length: number): Int32Array {
    const at = this.reserve(4 * length, true);
    return at < 0 ? new Int32Array(length) : new Int32Array(this.buffer as ArrayBuffer, at, length);
  }

  /** Byte offset of `bytes` more bytes in the memory (zeroed if `zero`), or −1 when they do not fit. */
  private reserve(bytes: number, zero: boolean): number {
    if (this.buffer === null || this.next + bytes > this.end) return -1;
    const at = this.next;
    this.next += (bytes + 15) & ~15;
    if (zero && at < this.dirty) new Uint8Array(this.buffer, at, Math.min(this.next, this.dirty) - at).fill(0);
    return at;
  }

  dot(a: Float64Array, aOff: number, b: Float64Array, bOff: number, n: number): number {
    const k = this.k;
    if (k === null || a.buffer !== this.buffer || b.buffer !== this.buffer) return jsDot(a, aOff, b, bOff, n);
    return k.dot(a.byteOffset + 8 * aOff, b.byteOffset + 8 * bOff, n);
  }

  /**
   * y −= Σ_t coef[t]·X[rows[t]·n …+n] for t < count: rows of a row-major matrix (Gram columns, by
   * symmetry) combined into y — by factorKernels.wat's subtractRows, four rows per sweep over y,
   * where all four arrays are in this memory; else one axpy per row. The same y either way, bit
   * for bit. The coefficients are nonzero (a zero one would still subtract 0·x: −0 and ∞ differ).
   */
  subtractRows(X: Float64Array, n: number, rows: Int32Array, coef: Float64Array, count: number, y: Float64Array): void {
    const buf = this.buffer;
    const kernels = X.buffer === buf && y.buffer === buf && rows.buffer === buf && coef.buffer === buf ? this.factorKernels() : null;
    if (kernels !== null) kernels.subtractRows(X.byteOffset, n, rows.byteOffset, coef.byteOffset, count, y.byteOffset);
    else for (let t = 0; t < count; t++) this.axpy(-coef[t], X, rows[t] * n, y, 0, n);
  }

  axpy(alpha: number, x: Float64Array, xOff: number, y: Float64Array, yOff: number, n: number): void {
    const k = this.k;
    if (k === null || x.buffer !== this.buffer || y.buffer !== this.buffer) jsAxpy(alpha, x, xOff, y, yOff, n);
    else k.axpy(alpha, x.byteOffset + 8 * xOff, y.byteOffset + 8 * yOff, n);
  }

  /**
   * One coordinate-descent pass of a dense residual problem in WebAssembly (kernels.wat's
   * densePass), or null where it cannot run — no kernels, or an operand outside this memory — and
   * the caller's own loop must. `set`, `beta` (of the listed coordinates) and `cst` (‖x_j‖², λ1, λ2
   * per listed coordinate) are filled by the caller; β and `resid` are updated in place.
   */
  densePass(X: Float64Array, n: number, set: Int32Array, count: number, beta: Float64Array, cst: Float64Array, resid: Float64Array, positive: boolean): number | null {
    const k = this.k;
    if (k === null || !this.holds(X) || !this.holds(set) || !this.holds(beta) || !this.holds(cst) || !this.holds(resid)) return null;
    return k.densePass(X.byteOffset, n, set.byteOffset, count, beta.byteOffset, cst.byteOffset, resid.byteOffset, positive ? 1 : 0);
  }

  /**
   * A coordinate-descent pass of a Gram problem over set[start …count) in WebAssembly (kernels.wat's
   * gramPass): c_j for the gradient, c −= δ·G_j for the update. Returns the largest weighted change
   * so far (`max` carried in), or, where a coordinate would move while its column is not ready
   * (`ready[j]` 0), its position — the caller makes the column and calls again from there with the
   * max it gets. Null where the kernels or an operand are not in this memory.
   */
  gramPass(G: Float64Array, p: number, set: Int32Array, start: number, count: number, beta: Float64Array, cst: Float64Array, grad: Float64Array, ready: Uint8Array, positive: boolean, max: number): { max: number; stoppedAt: number } | null {
    const k = this.k;
    if (k === null || !this.holds(G) || !this.holds(set) || !this.holds(beta) || !this.holds(cst) || !this.holds(grad) || ready.buffer !== this.buffer) return null;
    const r = k.gramPass(G.byteOffset, p, set.byteOffset, start, count, beta.byteOffset, cst.byteOffset, grad.byteOffset, ready.byteOffset, positive ? 1 : 0, max, this.pair.byteOffset);
    return r >= 0 ? { max: r, stoppedAt: -1 } : { max: this.pair[0], stoppedAt: -1 - r };
  }

  /**
   * One α of a Gram problem by plain passes over a packed set in WebAssembly (alphaKernels.wat's
   * gramSolve: gramPass, then at each check the KKT conditions off the set and the duality gap),
   * for a uniform penalty (λ1, λ2), every column of the set ready. Returns the kernel's status (1
   * converged, 2 a KKT violator off the set, 3 a column not ready, 0 out of passes), and `out` gets
   * the last gap, its primal objective and the passes made; null (nothing done) where the kernel or
   * an operand is not in this memory.
   */
  gramSolve(
    G: Float64Array,
    p: number,
    pack: { readonly set: Int32Array; readonly beta: Float64Array; readonly cst: Float64Array; readonly inSet: Uint8Array },
    count: number,
    grad: Float64Array,
    ready: Uint8Array,
    xty: Float64Array,
    problem: { readonly yty: number; readonly positive: boolean },
    settings: { readonly l1: number; readonly l2: number; readonly innerTol: number; readonly innerFloor: number; readonly tol: number; readonly floor: number; readonly maxPasses: number },
    out: Float64Array,
  ): number | null {
    const held = this.holds(G) && this.holds(pack.set) && this.holds(pack.beta) && this.holds(pack.cst) && pack.inSet.buffer === this.buffer && this.holds(grad) && ready.buffer === this.buffer && this.holds(xty) && this.holds(out);
    const k = held ? this.alphaKernels() : null;
    if (k === null) return null;
    const { l1, l2, innerTol, innerFloor, tol, floor, maxPasses } = settings;
    return k.gramSolve(G.byteOffset, p, pack.set.byteOffset, count, pack.beta.byteOffset, pack.cst.byteOffset, grad.byteOffset, ready.byteOffset, pack.inSet.byteOffset, problem.positive ? 1 : 0, xty.byteOffset, problem.yty, l1, l2, innerTol, innerFloor, tol, floor, maxPasses, out.byteOffset);
  }

  /** Whether an array lives in this workspace's WebAssembly memory (where the kernels can reach it). */
  holds(a: Float64Array | Int32Array): boolean {
    return this.k !== null && a.buffer === this.buffer;
  }

  /**
   * L·z = x in place over x[xOff …xOff + k) (forward substitution), L lower triangular, row-major
   * with row stride s; x may be a row of L below the k rows read. One kernel call per solve.
   */
  forwardSolve(L: Float64Array, s: number, x: Float64Array, xOff: number, k: number): void {
    const kernels = this.k;
    if (kernels !== null && L.buffer === this.buffer && x.buffer === this.buffer) {
      kernels.forwardSolve(L.byteOffset, s, x.byteOffset + 8 * xOff, k);
      return;
    }
    for (let i = 0; i < k; i++) x[xOff + i] = (x[xOff + i] - jsDot(L, i * s, x, xOff, i)) / L[i * s + i];
  }

  /**
   * {@link forwardSolve} for four right-hand sides: x[xOff + t·s …] for t < 4 (a factor's next four
   * rows), each over rows i < k of L, which is read once for the four. The same values as four
   * forwardSolve calls, bit for bit.
   */
  forwardSolve4(L: Float64Array, s: number, x: Float64Array, xOff: number, k: number): void {
    const kernels = L.buffer === this.buffer && x.buffer === this.buffer && x.length >= xOff + 3 * s + k ? this.factorKernels() : null;
    if (kernels !== null) {
      kernels.forwardSolve4(L.byteOffset, s, x.byteOffset + 8 * xOff, k);
      return;
    }
    for (let t = 0; t < 4; t++) this.forwardSolve(L, s, x, xOff + t * s, k);
  }

  /** The factor kernels over this workspace's memory (see {@link companion}), or null without SIMD. */
  private factorKernels(): FactorExports | null {
    return this.companion('factor', factorKernelModule);
  }

  /** The column kernels over this workspace's memory (see {@link companion}), or null without SIMD. */
  private columnKernels(): ColumnExports | null {
    return this.companion('column', columnKernelModule);
  }

  /** The α kernel over this workspace's memory (see {@link companion}; it calls this memory's gramPass from a table), or null without SIMD. */
  private alphaKernels(): AlphaExports | null {
    return this.companion('alpha', alphaKernelModule, () => ({ passes: functionTable((this.k as KernelExports).gramPass) }));
  }

  /**
   * A second module's instance over this workspace's memory (kernels.wat has no room for more:
   * Chromium compiles a module synchronously only up to 4 KB): instantiated on first use, kept with
   * the memory in `slot`; null without SIMD.
   */
  private companion<S extends 'factor' | 'column' | 'alpha'>(slot: S, module: () => object | null, imports?: () => object): NonNullable<PooledMemory[S]> | null {
    const memory = this.memory;
    if (memory === null) return null;
    if (memory[slot] === undefined) {
      const compiled = module();
      memory[slot] = (compiled === null ? null : instanceOver(compiled, memory.memory, imports?.())) as PooledMemory[S];
    }
    return memory[slot] ?? null;
  }

  /**
   * Lᵀ·z = x in place over x[0 …k) (back substitution), L as in {@link forwardSolve}: for i from
   * k − 1 down, x[i] /= L[i, i], then x[:i] −= x[i]·L[i, :i]. In WebAssembly four rows of L per
   * sweep over x (factorKernels.wat's backwardSolve4), the same values bit for bit.
   */
  backwardSolve(L: Float64Array, s: number, x: Float64Array, k: number): void {
    const kernels = L.buffer === this.buffer && x.buffer === this.buffer ? this.factorKernels() : null;
    if (kernels !== null) {
      kernels.backwardSolve4(L.byteOffset, s, x.byteOffset, k);
      return;
    }
    for (let i = k - 1; i >= 0; i--) {
      const xi = (x[i] /= L[i * s + i]);
      jsAxpy(-xi, L, i * s, x, 0, i);
    }
  }

  /**
   * v[0 …k) += Lᵀ·x, L as in {@link forwardSolve}: for i from 0 up, v[:i + 1] += x[i]·L[i, :i + 1].
   * In WebAssembly four rows of L per sweep over v (factorKernels.wat's transposeTimes), the same
   * values bit for bit; one kernel call instead of an axpy call per row.
   */
  transposeTimes(L: Float64Array, s: number, x: Float64Array, k: number, v: Float64Array): void {
    const kernels = L.buffer === this.buffer && x.buffer === this.buffer && v.buffer === this.buffer ? this.factorKernels() : null;
    if (kernels !== null) {
      kernels.transposeTimes(L.byteOffset, s, x.byteOffset, k, v.byteOffset);
      return;
    }
    // (x outside the memory: an axpy call per row, in WebAssembly where L and v are there.)
    for (let i = 0; i < k; i++) this.axpy(x[i], L, i * s, v, 0, i + 1);
  }

  /** Cholesky factor of the row-major k×k matrix A in place (lower triangle; see {@link choleskyInPlace}). */
  cholesky(A: Float64Array, k: number, minPivot: number): boolean {
    const kernels = this.k;
    if (kernels === null || A.buffer !== this.buffer) return choleskyInPlace(A, k, minPivot);
    return kernels.cholesky(A.byteOffset, k, minPivot) === 1;
  }

  /**
   * out[j] = x_jᵀv for j < p. The values depend only on where X and v are (the dot kernel's sums
   * when both are in this memory, else the TypeScript ones), not on out: a problem's Xᵀy and its
   * later Xᵀr agree to the bit wherever their outputs were put.
   */
  gemvT(X: Float64Array, v: Float64Array, out: Float64Array, n: number, p: number): void {
    const k = this.k;
    if (k === null || X.buffer !== this.buffer || v.buffer !== this.buffer) {
      for (let j = 0; j < p; j++) out[j] = jsDot(X, j * n, v, 0, n);
    } else if (out.buffer === this.buffer) {
      k.gemvT(X.byteOffset, v.byteOffset, out.byteOffset, n, p);
    } else {
      for (let j = 0; j < p; j++) out[j] = k.dot(X.byteOffset + 8 * j * n, v.byteOffset, n);
    }
  }

  /**
   * [Σ (v[i] − m), Σ (v[i] − m)², max |v[i]|]: a column's moments about a shift m in one pass (the
   * corrected two-pass moments when m is near the mean; its plain sum with m = 0).
   */
  moments(v: Float64Array, m: number): [number, number, number] {
    const k = v.buffer === this.buffer ? this.columnKernels() : null;
    if (k === null) {
      let s1 = 0;
      let s2 = 0;
      let maxAbs = 0;
      for (let i = 0; i < v.length; i++) {
        const d = v[i] - m;
        s1 += d;
        s2 += d * d;
        maxAbs = Math.max(maxAbs, Math.abs(v[i]));
      }
      return [s1, s2, maxAbs];
    }
    const maxAbs = k.moments(v.byteOffset, v.length, m, this.pair.byteOffset);
    return [this.pair[0], this.pair[1], maxAbs];
  }

  /**
   * v[i] ← (v[i] − shift)·f in place, in one pass: [Σ v[i]² after, Σ v[i]·y[i] after] (y null: the
   * second is 0). The second equals `dot`'s (and gemvT's) to the bit, in either kernel; y may be v
   * itself (read after it is written).
   */
  shiftScale(v: Float64Array, shift: number, f: number, y: Float64Array | null): [number, number] {
    const k = v.buffer === this.buffer && (y === null || y.buffer === this.buffer) ? this.columnKernels() : null;
    if (k !== null) {
      const sq = k.shiftScale(v.byteOffset, v.length, shift, f, (y ?? v).byteOffset, this.pair.byteOffset);
      return [sq, y === null ? 0 : this.pair[0]];
    }
    let sq = 0;
    for (let i = 0; i < v.length; i++) {
      const x = (v[i] - shift) * f;
      v[i] = x;
      sq += x * x;
    }
    return [sq, y === null ? 0 : jsDot(v, 0, y, 0, v.length)];
  }

  /** v[i] ← v[i]·f in place; returns Σ v[i]² after and max |v[i]| before, from one pass. */
  scaleMax(v: Float64Array, f: number): [number, number] {
    const k = v.buffer === this.buffer ? this.columnKernels() : null;
    if (k !== null) {
      const sq = k.scaleMax(v.byteOffset, v.length, f, this.pair.byteOffset);
      return [sq, this.pair[0]];
    }
    let sq = 0;
    let maxAbs = 0;
    for (let i = 0; i < v.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(v[i]));
      const x = v[i] * f;
      v[i] = x;
      sq += x * x;
    }
    return [sq, maxAbs];
  }

  /**
   * dst[dOff + slot[i]] = (src[sOff + i] − shift)·scale[i] (scale null: 1) for i < n — a column's
   * rows into their places, as the stats accumulator files them. In WebAssembly when every operand
   * is in this memory (src staged there by the caller), else a TypeScript loop.
   */
  scatterShift(src: ArrayLike<number>, sOff: number, slot: Int32Array, n: number, dst: Float64Array, dOff: number, shift: number, scale: Float64Array | null): void {
    const k = this.k;
    const buf = this.buffer;
    if (k !== null && src instanceof Float64Array && src.buffer === buf && slot.buffer === buf && dst.buffer === buf && (scale === null || scale.buffer === buf)) {
      const from = src.byteOffset + 8 * sOff;
      const to = dst.byteOffset + 8 * dOff;
      k.scatter(from, slot.byteOffset, n, to, shift, scale === null ? 0 : scale.byteOffset);
      return;
    }
    if (scale === null) for (let i = 0; i < n; i++) dst[dOff + slot[i]] = src[sOff + i] - shift;
    else for (let i = 0; i < n; i++) dst[dOff + slot[i]] = (src[sOff + i] - shift) * scale[i];
  }

  /**
   * gatherDots for two vectors in one sweep: out[t] = x_{cols[t]}ᵀv, out2[t] = x_{cols[t]}ᵀw. SIMD
   * only: returns false (computing nothing) when an operand is outside the memory or SIMD is off —
   * the caller then makes two gatherDots calls (see gramColumnPair).
   */
  gatherDots2(
    X: Float64Array,
    v: Float64Array,
    vOff: number,
    w: Float64Array,
    wOff: number,
    cols: Int32Array,
    count: number,
    out: Float64Array,
    out2: Float64Array,
    n: number,
  ): boolean {
    const k = this.k;
    const buf = this.buffer;
    if (k === null || X.buffer !== buf || v.buffer !== buf || w.buffer !== buf || cols.buffer !== buf || out.buffer !== buf || out2.buffer !== buf) return false;
    k.gatherDots2(X.byteOffset, v.byteOffset + 8 * vOff, w.byteOffset + 8 * wOff, cols.byteOffset, count, out.byteOffset, out2.byteOffset, n);
    return true;
  }

  gatherDots(X: Float64Array, v: Float64Array, vOff: number, cols: Int32Array, count: number, out: Float64Array, n: number): void {
    const k = this.k;
    const buf = this.buffer;
    if (k === null || X.buffer !== buf || v.buffer !== buf || cols.buffer !== buf || out.buffer !== buf) {
      for (let t = 0; t < count; t++) out[t] = jsDot(X, cols[t] * n, v, vOff, n);
    } else {
      k.gatherDots(X.byteOffset, v.byteOffset + 8 * vOff, cols.byteOffset, count, out.byteOffset, n);
    }
  }
}

/**
 * Memory of at least `bytes` for the kernels: pooled, else new — or null where the host refuses
 * it (a browser tab out of address space, a constrained host; whatever it throws, as the sparse
 * kernels do): the workspace then holds ordinary arrays, and the TypeScript kernels do the work.
 */
/** Bytes of WebAssembly memory a workspace of `doubles` values takes (16-byte rounding and the pair). */
function workspaceBytes(doubles: number): number {
  return 8 * Math.ceil(doubles / 2) * 2 + 32;
}

function memoryFor(module: object, bytes: number, most?: number): PooledMemory | null {
  try {
    return takePooled(module, bytes, true, most) ?? newMemory(module, bytes);
  } catch {
    return null;
  }
}

let scratchSpace: Workspace | null = null;
let scratchRoom = 0;
let scratchArray: Float64Array = new Float64Array(0);

/**
 * A k×k matrix in workspace memory shared by every caller in this thread (with SIMD, one
 * WebAssembly memory kept for it and grown by doubling): for dense work that ends before the
 * next call, such as factoring a Newton system. Its contents are undefined.
 */
export function scratchMatrix(k: number): { ws: Workspace; A: Float64Array } {
  if (scratchSpace === null || k * k > scratchRoom || scratchSpace.simd !== simdEnabled()) {
    scratchSpace?.release();
    scratchRoom = Math.max(k * k * 2, 4096);
    scratchSpace = Workspace.create(scratchRoom);
    scratchArray = scratchSpace.alloc(scratchRoom);
  }
  return { ws: scratchSpace, A: scratchArray.subarray(0, k * k) };
}
