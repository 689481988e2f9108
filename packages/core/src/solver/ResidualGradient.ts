import type { CheckedPoint, DualPoint, SupportStep } from './CdProblem.js';

/**
 * What the two residual problems (dense {@link ResidualProblem}, sparse {@link SparseResidualProblem})
 * keep about the gradient, and how their checks use it: Xᵀr, recomputed from the residual only
 * when β has moved since (`refresh`), and Xᵀθ at the last check's dual point, which the strong
 * rule at the next α may read while β is unchanged. A check with a support step builds the
 * corrected point in the same sweep as its Xᵀθ (`correctedCheck`); without one it is the exact
 * gradient.
 */
export abstract class ResidualGradient {
  protected gradFresh = true;
  /** Whether `grad` holds stand-ins for coordinates a check bounded (see `CdProblem.checkPoint`). */
  protected gradBounded = false;
  protected thetaFresh = false;
  /** A row of `crossBlock`, reused. */
  private blockRow = new Float64Array(0);

  protected constructor(
    /** Xᵀr (exact when `gradFresh`). */
    protected readonly grad: Float64Array,
    /** Xᵀθ at the last check's dual point (current when `thetaFresh`). */
    protected readonly thetaGrad: Float64Array,
  ) {}

  abstract cross(a: number, b: number): number;

  /**
   * Products of `list` with column j, as `cross` gives them one by one (a problem that batches them
   * overrides this).
   */
  crossRow(list: readonly number[], j: number, out: Float64Array): void {
    for (let i = 0; i < list.length; i++) out[i] = this.cross(list[i], j);
  }

  /**
   * X_SᵀX_S's lower triangle row by row through `crossRow` (each product from the problem's cache,
   * or computed once; the missing ones of a row in one sweep where the problem batches them).
   */
  crossBlock(S: readonly number[], out: Float64Array): void {
    const k = S.length;
    const row = this.blockRow.length >= k ? this.blockRow : (this.blockRow = new Float64Array(k));
    const upTo: number[] = [];
    for (let a = 0; a < k; a++) {
      upTo.push(S[a]);
      this.crossRow(upTo, S[a], row);
      for (let b = 0; b <= a; b++) out[a * k + b] = row[b];
    }
  }

  /**
   * The gradient from the residual; sets `gradFresh`. Exact, or given `lambda1`, exact where a
   * coordinate is not proved below its λ1 (then sets `gradBounded`; see `CdProblem.checkPoint`).
   */
  protected abstract refresh(lambda1?: Float64Array): void;

  /** θ = r − X_S·δ with Xᵀθ written to `thetaGrad` (bounded as by `refresh`), and the point's moments, in one sweep. */
  protected abstract correctedCheck(step: SupportStep, lambda1?: Float64Array): CheckedPoint;

  moved(): void {
    this.gradFresh = false;
    this.thetaFresh = false;
  }

  gradient(): Float64Array {
    if (!this.gradFresh || this.gradBounded) this.refresh();
    return this.grad;
  }

  screeningGradient(): Float64Array | null {
    return this.gradFresh ? this.grad : this.thetaFresh ? this.thetaGrad : null;
  }

  /**
   * With a support step: the corrected point θ and Xᵀθ in one sweep (Xᵀr is never needed when θ
   * certifies). Without one: the gradient. Either bounded where given `lambda1`.
   */
  checkPoint(_beta: Float64Array, step: SupportStep | null, lambda1?: Float64Array): { grad: Float64Array; point: CheckedPoint | null } {
    if (step === null) {
      this.refresh(lambda1);
      return { grad: this.grad, point: null };
    }
    const point = this.correctedCheck(step, lambda1);
    this.thetaFresh = true;
    return { grad: this.thetaGrad, point };
  }

  /** The corrected point is made by {@link checkPoint} here. */
  correctedPoint(): DualPoint | null {
    return null;
  }
}
