import { KERNELS_WASM } from './kernelsWasm.js';
import { COLUMN_KERNELS_WASM } from './columnKernelsWasm.js';
import { FACTOR_KERNELS_WASM } from './factorKernelsWasm.js';
import { SPARSE_KERNELS_WASM } from './sparseKernelsWasm.js';
import { ALPHA_KERNELS_WASM } from './alphaKernelsWasm.js';

/** The kernels a module instance exports (byte offsets into its memory). */
export interface KernelExports {
  dot(a: number, b: number, n: number): number;
  axpy(alpha: number, x: number, y: number, n: number): void;
  gemvT(x: number, v: number, out: number, n: number, p: number): void;
  gatherDots(x: number, v: number, cols: number, count: number, out: number, n: number): void;
  gatherDots2(x: number, v: number, w: number, cols: number, count: number, out: number, out2: number, n: number): void;
  scatter(src: number, slot: number, n: number, dst: number, shift: number, scale: number): void;
  cholesky(a: number, k: number, minPivot: number): number;
  forwardSolve(l: number, s: number, x: number, k: number): void;
  densePass(x: number, n: number, set: number, count: number, beta: number, cst: number, r: number, positive: number): number;
  gramPass(g: number, p: number, set: number, start: number, count: number, beta: number, cst: number, grad: number, ready: number, positive: number, max: number, out: number): number;
}

/** The kernels of the factor module (factorKernels.wat; byte offsets into the memory it shares with KernelExports'). */
export interface FactorExports {
  forwardSolve4(l: number, s: number, x: number, k: number): void;
  subtractRows(x: number, n: number, rows: number, coef: number, count: number, y: number): void;
  backwardSolve4(l: number, s: number, x: number, k: number): void;
  transposeTimes(l: number, s: number, x: number, k: number, v: number): void;
}

/** The kernels of the column module (columnKernels.wat; byte offsets into the memory it shares with KernelExports'). */
export interface ColumnExports {
  moments(x: number, n: number, m: number, out: number): number;
  shiftScale(x: number, n: number, shift: number, f: number, y: number, out: number): number;
  scaleMax(x: number, n: number, f: number, out: number): number;
}

/** The α kernel module's export (alphaKernels.wat; byte offsets into the memory it shares with KernelExports', whose gramPass it calls from a one-entry table). */
export interface AlphaExports {
  gramSolve(g: number, p: number, set: number, count: number, beta: number, cst: number, grad: number, ready: number, inSet: number, positive: number, xty: number, yty: number, l1: number, l2: number, innerTol: number, innerFloor: number, tol: number, floor: number, maxPasses: number, out: number): number;
}

/** The kernels of the sparse module (sparseKernels.wat; byte offsets into its memory). */
export interface SparseExports {
  sparsePass(start: number, row: number, val: number, cst: number, set: number, count: number, beta: number, ever: number, rs: number, st: number, out: number): number;
  sparseGradient(start: number, row: number, val: number, cst: number, p: number, u: number, out: number, m: number, vu: number, vv: number): void;
  sparseScatter(start: number, row: number, val: number, cst: number, set: number, count: number, coef: number, out: number): number;
}

/** The part of the WebAssembly JS API used here (typed locally: core compiles without DOM or Node types). */
export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
  Table: new (descriptor: { initial: number; element: 'anyfunc' }) => { set(index: number, fn: unknown): void };
}
export const host = globalThis as {
  WebAssembly?: WasmApi;
  atob?: (text: string) => string;
  /** Node's Buffer, where present: its base64 decoder is native (see {@link decodeBase64}). */
  Buffer?: { from(text: string, encoding: 'base64'): Uint8Array };
  setTimeout?: (fn: () => void, ms: number) => unknown;
};

/** Largest workspace put in WebAssembly memory (bytes); larger problems use the TypeScript kernels. */
export const MAX_WASM_BYTES = 2 ** 31;
export const PAGE = 65536;

const compiled = new Map<string, object | null>();
let enabled = true;

/** The compiled SIMD module, or null where WebAssembly SIMD is unavailable. Compiled once, synchronously. */
export function kernelModule(): object | null {
  return compileOnce(KERNELS_WASM);
}

/** The compiled factor kernels module (see factorKernels.wat), or null where WebAssembly SIMD is unavailable. */
export function factorKernelModule(): object | null {
  return compileOnce(FACTOR_KERNELS_WASM);
}

/** The compiled column kernels module (see columnKernels.wat), or null where WebAssembly SIMD is unavailable. */
export function columnKernelModule(): object | null {
  return compileOnce(COLUMN_KERNELS_WASM);
}

/** The compiled α kernel module (see alphaKernels.wat), or null where WebAssembly SIMD is unavailable. */
export function alphaKernelModule(): object | null {
  return compileOnce(ALPHA_KERNELS_WASM);
}

/** The compiled sparse kernels module (see sparseKernels.wat), or null where WebAssembly is unavailable. */
export function sparseKernelModule(): object | null {
  return compileOnce(SPARSE_KERNELS_WASM);
}

function compileOnce(base64: string): object | null {
  let module = compiled.get(base64);
  if (module !== undefined) return module;
  try {
    const wasm = host.WebAssembly;
    const bytes = decodeBase64(base64);
    // No `validate` first: constructing the module validates it, and throws (caught below) where
    // the host lacks SIMD; validating apart was a second pass over the bytes on every first call.
    module = wasm !== undefined && bytes !== null ? new wasm.Module(bytes) : null;
  } catch {
    module = null;
  }
  compiled.set(base64, module);
  return module;
}

/** An instance of `module` over a fresh memory of `pages` pages that never grows (so views into it stay valid); throws where the host refuses the memory. */
export function instantiate<E>(module: object, pages: number): { buffer: ArrayBuffer; memory: object; exports: E } {
  const wasm = host.WebAssembly as WasmApi;
  const memory = new wasm.Memory({ initial: pages, maximum: pages });
  return { buffer: memory.buffer, memory, exports: instanceOver<E>(module, memory) };
}

/** The exports of an instance of `module` over an existing memory (another module's, shared), with other imports where it has them. */
export function instanceOver<E>(module: object, memory: object, imports: object = {}): E {
  const wasm = host.WebAssembly as WasmApi;
  return new wasm.Instance(module, { env: { memory, ...imports } }).exports as E;
}

/** A table of one entry, `fn` (an exported WebAssembly function), for a module that calls it by call_indirect. */
export function functionTable(fn: unknown): object {
  const table = new (host.WebAssembly as WasmApi).Table({ initial: 1, element: 'anyfunc' });
  table.set(0, fn);
  return table;
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
 * A module's bytes from its base64 text: by Node's native decoder where there is one, else by
 * `atob` and a loop (a browser); null without either. The loop runs once per module, interpreted
 * on a first call: ~0.5–1 ms of a fresh process's first fit, against ~0.1 ms natively.
 */
export function decodeBase64(base64: string): Uint8Array | null {
  if (host.Buffer !== undefined) return host.Buffer.from(base64, 'base64');
  if (host.atob === undefined) return null;
  const raw = host.atob(base64);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}
