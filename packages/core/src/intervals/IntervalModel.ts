/** Which conformal method produced an interval model. */
export type IntervalMethod = 'split' | 'cv+';

/** The version of the interval data this library writes and the newest it reads. */
export const INTERVAL_VERSION = 1;

/**
 * One fitted model of an interval method and the absolute residuals it scores on rows it did not
 * train on, sorted increasingly: for split conformal the model fitted on the proper training rows
 * and its calibration residuals; for CV+ one fold's model and its held-out residuals.
 */
export interface ScoredModel {
  readonly coef: readonly number[];
  readonly intercept: number;
  /** |y_i − ŷ_i| of the rows the model did not see, increasing. */
  readonly residuals: readonly number[];
}

/**
 * What a prediction interval needs, stored in the model file (`ModelJSON.intervals`) so every
 * front end gives the same intervals. Plain JSON; its size is O(K·p + n) numbers (the fold models
 * and one residual per scored row).
 */
export interface IntervalModel {
  readonly method: IntervalMethod;
  readonly version: number;
  /** One model for 'split'; the K fold models for 'cv+'. */
  readonly models: readonly ScoredModel[];
}

/** Lower and upper ends of prediction intervals, one per row. */
export interface PredictionIntervals {
  /** The point predictions of the model itself. */
  readonly prediction: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly level: number;
  readonly method: IntervalMethod;
}
