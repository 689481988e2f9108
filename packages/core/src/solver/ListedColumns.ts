import { PAD, type Workspace } from '../wasm/Workspace.js';

/**
 * Listed columns of a matrix taken into a vector in one kernel call (`Workspace.subtractRows`,
 * four columns per sweep over the vector) instead of an axpy call per column: each such call went
 * through V8's generic JS-to-WebAssembly wrapper until its caller was optimized (a first
 * 1000 × 100 path made ~28,000 of them). Keeps the list — the columns of nonzero coefficients and
 * those coefficients — in the workspace where it has room. The same vector, bit for bit, as the
 * axpy calls in order.
 *
 * Memory: p int32 and p float64 values.
 */
export class ListedColumns {
  private readonly rows: Int32Array;
  private readonly coefs: Float64Array;

  constructor(
    private readonly ws: Workspace,
    p: number,
  ) {
    this.rows = ws.allocInt(p);
    this.coefs = ws.alloc(p);
  }

  /** Workspace room (float64 values) the list takes for p columns. */
  static workspaceDoubles(p: number): number {
    return Math.ceil(p / 2) + PAD + (p + PAD);
  }

  /**
   * y −= sign·Σ_i coef[i]·M[S_i·n … +n] over i < m where coef[i] ≠ 0 (S null: column i itself; M's
   * columns n long). sign −1 adds.
   */
  subtract(M: Float64Array, n: number, S: ArrayLike<number> | null, coef: ArrayLike<number>, m: number, y: Float64Array, sign: 1 | -1 = 1): void {
    const count = this.list(S, coef, m, sign);
    if (count > 0) this.take(M, n, count, y);
  }

  /**
   * Lists the columns S_i (S null: i) of nonzero coef[i], i < m, with sign·coef[i]; returns how
   * many. `ready(j)`, where given, is called for each (a lazy Gram makes its column).
   */
  list(S: ArrayLike<number> | null, coef: ArrayLike<number>, m: number, sign: 1 | -1 = 1, ready?: (j: number) => void): number {
    const { rows, coefs } = this;
    let count = 0;
    for (let i = 0; i < m; i++) {
      const c = coef[i];
      if (c === 0) continue;
      const j = S === null ? i : S[i];
      ready?.(j);
      rows[count] = j;
      coefs[count++] = sign * c;
    }
    return count;
  }

  /** y −= Σ_t listed coefficient t · M's listed column t over the first `count` listed. */
  take(M: Float64Array, n: number, count: number, y: Float64Array): void {
    this.ws.subtractRows(M, n, this.rows, this.coefs, count, y);
  }
}
