/**
 * Machine-readable error codes: the one list for every lassokit package. Every error thrown by
 * `@lassokit/core` is a {@link LassoKitError} carrying one of these, and `@lassokit/data`'s
 * `DataError` extends it, so callers (CLI, API, web) map codes to exit codes, HTTP statuses or
 * form messages by class and code, never by parsing text.
 */
export type ErrorCode =
  // The shape of the input
  | 'EMPTY_INPUT'
  | 'NOT_TEXT'
  | 'RAGGED_ROWS'
  | 'DIMENSION_MISMATCH'
  | 'DUPLICATE_COLUMN'
  | 'LINE_TOO_LONG'
  // Values
  | 'NOT_A_NUMBER'
  | 'NON_FINITE'
  | 'OUT_OF_DOMAIN'
  | 'MISSING_VALUE'
  | 'INVALID_WEIGHTS'
  // What was asked for
  | 'INVALID_PARAMETER'
  | 'UNKNOWN_COLUMN'
  | 'INVALID_SPEC'
  | 'TOO_MANY_LEVELS'
  | 'DESIGN_TOO_LARGE'
  // Files written by lassokit
  | 'INVALID_MODEL'
  | 'INVALID_RECIPE'
  // A database engine computing statistics (its own message included), or stopped at its time limit
  | 'ENGINE_ERROR'
  | 'TIMEOUT';

/**
 * The one error type of the library. Messages are lower-case, have no trailing
 * period, name the offending parameter and say what was received.
 *
 * @example
 * try { lasso(X, y, { alpha: -1 }); }
 * catch (e) { if (e instanceof LassoKitError) console.log(e.code); } // 'INVALID_PARAMETER'
 */
export class LassoKitError extends Error {
  readonly code: ErrorCode;
  /** Structured context (parameter name, row, column, received value) when known. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'LassoKitError';
    this.code = code;
    this.details = details;
  }
}

/** Formats a received value for an error message without dumping huge arrays. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    return `an array of length ${(value as ArrayLike<unknown>).length}`;
  }
  return typeof value;
}

/** A size in bytes as messages give it, in GiB to one decimal ("22.4 GiB"). */
export function gibibytes(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

/** Throws `INVALID_PARAMETER` naming the parameter, the allowed range and what was received. */
export function invalidParameter(name: string, allowed: string, received: unknown): never {
  throw new LassoKitError(
    'INVALID_PARAMETER',
    `${name} must be ${allowed}; got ${describeValue(received)}`,
    { parameter: name, received },
  );
}
