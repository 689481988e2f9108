import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JobResult } from './fitting/jobs.js';
import { JobTimeoutError, PoolFullError } from './workers/WorkerPool.js';

/** The one error shape of every response: `{ error: { code, message, details? } }`. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

/** An error with its HTTP status, thrown by handlers and answered by `onError`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A schema violation: 400 with every field path (the shape every route uses). */
export function invalidRequest(issues: readonly { path: readonly PropertyKey[]; message: string }[]): ApiError {
  const details = issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = details[0];
  return new ApiError(400, 'INVALID_REQUEST', `invalid request: ${first.path === '' ? '' : `${first.path}: `}${first.message}`, details);
}

/** Turns a worker's failed job into the matching ApiError (data problems are 422). */
export function jobError(error: Extract<JobResult, { ok: false }>['error']): ApiError {
  if (error.name === 'DataError' || error.name === 'LassoKitError') {
    return new ApiError(422, error.code ?? 'INVALID_DATA', error.message, locationDetails(error.location));
  }
  if (error.name === 'LimitError') return new ApiError(413, 'TOO_LARGE', error.message);
  return new ApiError(500, 'INTERNAL', 'the fit failed unexpectedly');
}

/** Data-error locations as response details: `rows` sources give a row index, CSV a line. */
export function locationDetails(location: unknown): Record<string, unknown> | undefined {
  if (typeof location !== 'object' || location === null) return undefined;
  const { source, line, column, value } = location as { source?: string; line?: number; column?: string; value?: string };
  const details: Record<string, unknown> = {};
  if (line !== undefined) details[source === 'rows' ? 'row' : 'line'] = line;
  if (column !== undefined) details.column = column;
  if (value !== undefined) details.value = value;
  return Object.keys(details).length > 0 ? details : undefined;
}

/** Maps any thrown error to a response; unexpected ones are logged with the request id and hidden. */
export function errorResponse(e: unknown, c: Context, log: (line: Record<string, unknown>) => void): Response {
  const err = toApiError(e);
  if (err.status === 500) {
    log({ level: 'error', reqId: c.get('requestId'), method: c.req.method, path: c.req.path, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
  for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  const body: ErrorBody = { error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) } };
  return c.json(body, err.status);
}

function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof PoolFullError) return new ApiError(503, 'BUSY', e.message, undefined, { 'Retry-After': '5' });
  if (e instanceof JobTimeoutError) return new ApiError(504, 'FIT_TIMEOUT', e.message);
  if (e instanceof HTTPException) {
    if (e.status === 400) return new ApiError(400, 'MALFORMED_JSON', 'the request body is not valid JSON');
    if (e.status === 413) return new ApiError(413, 'BODY_TOO_LARGE', e.message);
    return new ApiError(e.status as ContentfulStatusCode, 'HTTP_ERROR', e.message);
  }
  if (e instanceof Error && (e.name === 'DataError' || e.name === 'LassoKitError')) {
    const located = e as Error & { code?: string; location?: unknown };
    return new ApiError(422, located.code ?? 'INVALID_DATA', e.message, locationDetails(located.location));
  }
  return new ApiError(500, 'INTERNAL', 'an unexpected error occurred; it has been logged');
}
