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

/**
 * Design-matrix input accepted everywhere: an array of rows, a column-major {@link DenseMatrix}, or
 * a sparse {@link CscMatrix} (fitted without densifying by the fits, paths, sequential CV and
 * `predict`; densified up to a stated size by the rest).
 */
export type MatrixInput = readonly (readonly number[])[] | DenseMatrix | CscMatrix;

/** Response / weight input: a plain array or a typed array. */
export type VectorInput = readonly number[] | Float64Array;
