import { axpy as jsAxpy } from '../math/axpy.js';
import { dot as jsDot } from '../math/dot.js';
import { KERNELS_WASM } from './kernelsWasm.js';

interface KernelExports {
  dot(a: number, b: number, n: number): number;
  axpy(alpha: number, x: number, y: number, n: number): void;
  gemvT(x: number, v: number, out: number, n: number, p: number): void;
  gatherDots(x: number, v: number, cols: number, count: number, out: number, n: number): void;
}

/** The part of the WebAssembly JS API used here (typed locally: core compiles without DOM or Node types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
}
const host = globalThis as { WebAssembly?: WasmApi; atob?: (text: string) => string };

/** Largest workspace put in WebAssembly memory (bytes); larger problems use the TypeScript kernels. */
const MAX_WASM_BYTES = 2 ** 31;
const PAGE = 65536;

let compiled: object | null | undefined;
let enabled = true;

/** The compiled SIMD module, or null where WebAssembly SIMD is unavailable. Compiled once, synchronously. */
function kernelModule(): object | null {
  if (compiled !== undefined) return compiled;
  try {
    const wasm = host.WebAssembly;
    const bytes = host.atob === undefined ? null : decodeBase64(host.atob(KERNELS_WASM));
    compiled = wasm !== undefined && bytes !== null && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/**
 * Whether new problems use the WebAssembly SIMD kernels (true where available). `setSimd(false)`
 * forces the TypeScript kernels — same results within rounding — for comparisons and tests.
 */
export function simdEnabled(): boolean {
  return enabled && kernelModule() !== null;
}

export function setSimd(on: boolean): void {
  enabled = on;
}

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
 * (four columns per sweep over v: Gram columns are bound by memory traffic).
 */
export class Workspace {
  readonly simd: boolean;
  private readonly buffer: ArrayBuffer | null;
  private readonly k: KernelExports | null;
  private next = 0;
  private readonly end: number;

  private constructor(doubles: number, useSimd: boolean) {
    const bytes = 8 * Math.ceil(doubles / 2) * 2 + 16;
    const module = useSimd && bytes <= MAX_WASM_BYTES ? kernelModule() : null;
    if (module === null) {
      this.simd = false;
      this.buffer = null;
      this.k = null;
      this.end = 0;
      return;
    }
    const pages = Math.ceil(bytes / PAGE);
    const wasm = host.WebAssembly as WasmApi;
    const memory = new wasm.Memory({ initial: pages, maximum: pages });
    this.k = new wasm.Instance(module, { env: { memory } }).exports as KernelExports;
    this.buffer = memory.buffer;
    this.simd = true;
    this.end = pages * PAGE;
  }

  /** A workspace with room for `doubles` float64 values (SIMD when enabled and it fits). */
  static create(doubles: number): Workspace {
    return new Workspace(doubles, simdEnabled());
  }

  /** A workspace of ordinary arrays and TypeScript kernels. */
  static plain(): Workspace {
    return new Workspace(0, false);
  }

  /**
   * A zeroed float64 array in this workspace's memory while room remains (16-byte aligned). Zeroed
   * because WebAssembly memory starts zeroed and the bump allocator never hands out bytes twice.
   */
  alloc(length: number): Float64Array {
    const bytes = 8 * length;
    if (this.buffer === null || this.next + bytes > this.end) return new Float64Array(length);
    const view = new Float64Array(this.buffer, this.next, length);
    this.next += (bytes + 15) & ~15;
    return view;
  }

  /** An int32 array in this workspace's memory while room remains. */
  allocInt(length: number): Int32Array {
    const bytes = 4 * length;
    if (this.buffer === null || this.next + bytes > this.end) return new Int32Array(length);
    const view = new Int32Array(this.buffer, this.next, length);
    this.next += (bytes + 15) & ~15;
    return view;
  }

  dot(a: Float64Array, aOff: number, b: Float64Array, bOff: number, n: number): number {
    const k = this.k;
    if (k === null || a.buffer !== this.buffer || b.buffer !== this.buffer) return jsDot(a, aOff, b, bOff, n);
    return k.dot(a.byteOffset + 8 * aOff, b.byteOffset + 8 * bOff, n);
  }

  axpy(alpha: number, x: Float64Array, xOff: number, y: Float64Array, yOff: number, n: number): void {
    const k = this.k;
    if (k === null || x.buffer !== this.buffer || y.buffer !== this.buffer) jsAxpy(alpha, x, xOff, y, yOff, n);
    else k.axpy(alpha, x.byteOffset + 8 * xOff, y.byteOffset + 8 * yOff, n);
  }

  gemvT(X: Float64Array, v: Float64Array, out: Float64Array, n: number, p: number): void {
    const k = this.k;
    if (k === null || X.buffer !== this.buffer || v.buffer !== this.buffer || out.buffer !== this.buffer) {
      for (let j = 0; j < p; j++) out[j] = jsDot(X, j * n, v, 0, n);
    } else {
      k.gemvT(X.byteOffset, v.byteOffset, out.byteOffset, n, p);
    }
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

function decodeBase64(raw: string): Uint8Array {
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}
