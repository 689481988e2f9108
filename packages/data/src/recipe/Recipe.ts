/**
 * A cleaning recipe as data: which raw columns go in, the steps, the output features. A recipe
 * is written unfitted (a spec), fitted on training rows (`fitRecipe` fills in quantile bounds,
 * one-hot levels, imputation values and input ranges) and stored with the model, so predict-time
 * raw inputs pass through exactly the same transformation (`applyRecipe`) in every front end.
 */
export type RecipeStep =
  /** Drop rows with a missing value in any of these columns (training only; at predict time a missing value is an error). */
  | { readonly op: 'dropMissing'; readonly columns: readonly string[] }
  /** Replace missing values by the training mean or median. */
  | { readonly op: 'impute'; readonly column: string; readonly strategy: 'mean' | 'median'; readonly value?: number }
  /** output = offset + scale · column (e.g. age = 93 − model_year). */
  | { readonly op: 'affine'; readonly column: string; readonly output: string; readonly scale: number; readonly offset: number }
  /** Clip to the training quantiles (linear interpolation, as pandas' `quantile`). */
  | {
      readonly op: 'clip';
      readonly column: string;
      readonly quantiles: readonly [number, number];
      readonly bounds?: readonly [number, number];
    }
  /** output = ln(column); values must be > 0. */
  | { readonly op: 'log'; readonly column: string; readonly output: string }
  /**
   * One indicator column `${column}_${level}` per level; `reference` drops that level's column.
   * `binaryAsOne`: a column found to hold exactly two levels (and given no reference) gets one
   * indicator, the second level's — the first is fitted as its reference (see `fittedReference`).
   */
  | {
      readonly op: 'oneHot';
      readonly column: string;
      readonly levels?: readonly string[];
      readonly reference?: string | null;
      readonly maxLevels?: number;
      readonly binaryAsOne?: boolean;
    };

export interface RecipeInput {
  readonly name: string;
  readonly type: 'numeric' | 'categorical';
  /** Training range of a numeric input (set when fitted); outside it predictions extrapolate. */
  readonly range?: readonly [number, number];
  /**
   * Cell values that mean "missing" in this column beyond the readers' defaults (e.g. `?` in the
   * UCI files): read as missing when fitting and again at predict time, so the model's inputs
   * are read the way its training data were.
   */
  readonly missing?: readonly string[];
}

export interface Recipe {
  readonly kind: 'lassokit-recipe';
  readonly version: 1;
  readonly inputs: readonly RecipeInput[];
  /** Numeric target column, or null for a recipe used only for features. */
  readonly target: string | null;
  readonly steps: readonly RecipeStep[];
  /**
   * Output features in order. A one-hot column's name stands for all its indicator columns; after
   * fitting the list is expanded (e.g. 'cylinders' → 'cylinders_3', …, 'cylinders_8').
   */
  readonly features: readonly string[];
  readonly fitted: boolean;
  /**
   * The decimal mark of the numbers in the rows (numeric inputs and the target): ',' when the
   * training file wrote them with a decimal comma (`18,5`), read so at predict time too (a cell
   * with a point is then refused). Absent: a point.
   */
  readonly decimal?: ',';
}

/** What fitting did to the rows: counts, never silent. */
export interface RecipeReport {
  readonly rowsIn: number;
  readonly rowsOut: number;
  /** Rows dropped, by the first column found missing. */
  readonly dropped: readonly { readonly column: string; readonly count: number; readonly reason: string }[];
  readonly imputed: readonly { readonly column: string; readonly count: number; readonly value: number }[];
  readonly warnings: readonly string[];
}
