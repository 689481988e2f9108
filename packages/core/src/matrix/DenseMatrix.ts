import type { CscMatrix } from './CscMatrix.js';

/**
 * A dense matrix stored column by column: element (i, j) is `data[j * rows + i]`.
 * Column-major storage makes the coordinate-descent inner loops (one column at a
 * time) contiguous in memory.
 */
export interface DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A typed array of numbers (not of BigInts): a row of X, or a vector, as well as a plain array. */
export type NumericArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | Uint8ClampedArray;

/**
 * Design-matrix input accepted everywhere: an array of rows (plain or typed arrays), a
 * column-major {@link DenseMatrix}, or a sparse {@link CscMatrix} (fitted without densifying by the
 * fits, paths, sequential CV and `predict`; densified up to a stated size by the rest).
 */
export type MatrixInput = readonly (readonly number[] | NumericArray)[] | DenseMatrix | CscMatrix;

/** Response / weight input: a plain array or a typed array of numbers. */
export type VectorInput = readonly number[] | NumericArray;

/** Whether `v` is a plain array or a typed array of numbers (a row of X, a vector). */
export function isNumericArray(v: unknown): v is readonly number[] | NumericArray {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array));
}
