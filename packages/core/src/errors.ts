/**
 * Machine-readable error codes. Every error thrown by `@lassokit/core` is a
 * {@link LassoKitError} carrying one of these, so callers (CLI, API, web) can map
 * them to exit codes, HTTP statuses or form messages without parsing text.
 */
export type ErrorCode =
  | 'EMPTY_INPUT'
  | 'RAGGED_ROWS'
  | 'DIMENSION_MISMATCH'
  | 'NON_FINITE'
  | 'INVALID_WEIGHTS'
  | 'INVALID_PARAMETER'
  | 'INVALID_MODEL';

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

/** Throws `INVALID_PARAMETER` naming the parameter, the allowed range and what was received. */
export function invalidParameter(name: string, allowed: string, received: unknown): never {
  throw new LassoKitError(
    'INVALID_PARAMETER',
    `${name} must be ${allowed}; got ${describeValue(received)}`,
    { parameter: name, received },
  );
}
