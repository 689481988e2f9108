import { instanceOver, kernelModule, MAX_WASM_BYTES, PAGE, simdEnabled, sparseKernelModule, type KernelExports, type SparseExports } from './kernelModule.js';
import { newMemory, returnToPool, takePooled, type PooledMemory } from './memoryPool.js';

/** A sparse design and the sparse residual problem's vectors, laid out in the kernels' memory. */
export interface SparseViews {
  /** The nonzeros the problem multiplies by (it fills them), and their rows and column starts (p + 1). */
  readonly value: Float64Array;
  readonly row: Int32Array;
  readonly start: Int32Array;
  /** Six constants per column: ‖x‖², λ1, λ2, wSum/s, μ/s (set by the problem) and one unused. */
  readonly cst: Float64Array;
  /**
   * The columns of a pass (filled before it); β of every column and the flags of those ever
   * nonzero: the solver's own (see `CdProblem.storage`).
   */
  readonly set: Int32Array;
  readonly beta: Float64Array;
  readonly everActive: Uint8Array;
  /** The residual and the check's dual point (n each), which the problem keeps here. */
  readonly rs: Float64Array;
  readonly theta: Float64Array;
  /** √w̃ (v) and ỹ (n each; copied in by the problem): what its n-long dots read besides the vectors above. */
  readonly sqrtW: Float64Array;
  readonly y: Float64Array;
  /** The problem's gradients Xᵀr and Xᵀθ (p each), written by {@link SparseKernels.gradient}. */
  readonly grad: Float64Array;
  readonly thetaGrad: Float64Array;
  /** Coefficients of the listed columns for {@link SparseKernels.scatter} (p), and a scratch vector it may scatter into (n). */
  readonly coef: Float64Array;
  readonly scratch: Float64Array;
  /** β of the last pass's columns after it, in the set's order (p; see {@link SparseKernels.pass}). */
  readonly passed: Float64Array;
  /** [m, vr, vv, positive, zeros] for a pass; m and vr updated by it, zeros set. */
  readonly st: Float64Array;
}

/**
 * The sparse residual problem's pass and gradient sweep in WebAssembly (sparseKernels.wat), over
 * the whole design held in the module's memory: a pass reads the listed columns where they are
 * (no packed copy per set) and the residual it updates lives there too (no copy per pass). The
 * same operations in the same order as the TypeScript code, so the same β bit for bit; the
 * gathers and scatters run without typed-array bounds checks (~3.5× faster on Zipf-like columns).
 *
 * Memory: 12 bytes per nonzero, 97 per column, 40 per row — in place of the problem's own scaled
 * copy of the nonzeros (8 per nonzero) and the packed copies of its sets.
 */
export class SparseKernels {
  private readonly k: SparseExports;
  /** The dense SIMD kernels over the same memory: dots and axpys of the n-long vectors (the residual, θ, the scratch vector, v, ỹ). */
  private readonly dense: KernelExports;
  private constructor(
    private readonly memory: PooledMemory<SparseExports>,
    readonly views: SparseViews,
    /** Bytes the views span (what a later user of the pooled memory must find zeroed). */
    private readonly bytes: number,
    dense: KernelExports,
  ) {
    this.k = memory.k;
    this.dense = dense;
  }

  /**
   * Gives the memory back to the pool (see `memoryPool`) for the next problem — cross-validation's
   * folds one after another reuse one memory instead of each faulting in its own (and leaving it to
   * the collector). Nothing may use these kernels or their views after it.
   */
  release(): void {
    returnToPool(this.memory, this.bytes);
  }

  /**
   * Kernels holding a design of `nnz` nonzeros over n × p, or null where WebAssembly is off
   * (unavailable, or `setSimd(false)`), the design does not fit a WebAssembly memory (over
   * MAX_WASM_BYTES) or the host refuses the memory: the problem then runs its TypeScript pass.
   */
  static create(n: number, p: number, nnz: number): SparseKernels | null {
    const module = sparseKernelModule();
    const denseModule = kernelModule();
    if (module === null || denseModule === null || !simdEnabled()) return null;
    const f64 = nnz + 6 * p + p + 5 * n + 4 * p + 5;
    const i32 = nnz + p + 1 + p;
    const bytes = 8 * f64 + 4 * i32 + p;
    const pages = Math.max(1, Math.ceil(bytes / PAGE));
    if (pages * PAGE > MAX_WASM_BYTES) return null;
    let memory;
    let dense;
    try {
      memory = takePooled<SparseExports>(module, bytes) ?? newMemory<SparseExports>(module, bytes);
      dense = memory.dense ??= instanceOver<KernelExports>(denseModule, memory.memory);
    } catch {
      return null;
    }
    const { buffer } = memory;
    let at = 0;
    const f = (length: number) => {
      const v = new Float64Array(buffer, at, length);
      at += 8 * length;
      return v;
    };
    const i = (length: number) => {
      const v = new Int32Array(buffer, at, length);
      at += 4 * length;
      return v;
    };
    const views = { value: f(nnz), cst: f(6 * p), beta: f(p), rs: f(n), theta: f(n), sqrtW: f(n), y: f(n), grad: f(p), thetaGrad: f(p), coef: f(p), scratch: f(n), passed: f(p), st: f(5), row: i(nnz), start: i(p + 1), set: i(p), everActive: new Uint8Array(buffer, at, p) };
    return new SparseKernels(memory, views, at + p, dense);
  }

  /** aᵀb over n, both views of this memory (SIMD; `laneDot`'s order, not a plain loop's). */
  dot(a: Float64Array, b: Float64Array): number {
    return this.dense.dot(a.byteOffset, b.byteOffset, a.length);
  }

  /** y += α·x over n, both views of this memory. */
  axpy(alpha: number, x: Float64Array, y: Float64Array): void {
    this.dense.axpy(alpha, x.byteOffset, y.byteOffset, x.length);
  }

  /**
   * One pass over the first `count` columns of `set` (set and st filled by the caller); max
   * (‖x‖² + λ2)·Δβ². Leaves β of those columns in `passed` (in the set's order) and in st[4] how
   * many of them are 0.
   */
  pass(count: number): number {
    const v = this.views;
    return this.k.sparsePass(v.start.byteOffset, v.row.byteOffset, v.value.byteOffset, v.cst.byteOffset, v.set.byteOffset, count, v.beta.byteOffset, v.everActive.byteOffset, v.rs.byteOffset, v.st.byteOffset, v.passed.byteOffset);
  }

  /**
   * `out[j]` = x̃_jᵀ(u + m·v) for every column (excluded ones too: the caller zeroes them), with
   * vu = vᵀu and vv = vᵀv; u is `rs` or `theta`, out `grad` or `thetaGrad`.
   */
  gradient(u: Float64Array, out: Float64Array, m: number, vu: number, vv: number): void {
    const v = this.views;
    this.k.sparseGradient(v.start.byteOffset, v.row.byteOffset, v.value.byteOffset, v.cst.byteOffset, v.start.length - 1, u.byteOffset, out.byteOffset, m, vu, vv);
  }

  /**
   * out += Σ_a coef[a]·(column set[a]'s values) over the first `count` listed columns (set and
   * coef filled by the caller; zero coefficients skipped); returns −Σ_a coef[a]·shift/scale. out is
   * `rs`, `theta` or `scratch`.
   */
  scatter(count: number, out: Float64Array): number {
    const v = this.views;
    return this.k.sparseScatter(v.start.byteOffset, v.row.byteOffset, v.value.byteOffset, v.cst.byteOffset, v.set.byteOffset, count, v.coef.byteOffset, out.byteOffset);
  }
}
