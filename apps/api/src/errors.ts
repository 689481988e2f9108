import { LassoKitError } from '@lassokit/core';
import { DataError } from '@lassokit/data';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JobFailure } from './fitting/jobs.js';
import { JobTimeoutError, PoolFullError, WorkerOutOfMemoryError } from './workers/WorkerPool.js';

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
    /** What to log for a 500 (a worker's stack); never sent. */
    readonly internal?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Most schema problems listed in one 400; the message says how many more there were. */
const MAX_ISSUES = 20;
/** Longest error message sent; a longer one is cut (values and lists are cut where they are written, this is the last guard). */
const MAX_MESSAGE = 2000;

/** A schema violation: 400 with every field path (the shape every route uses). */
export function invalidRequest(issues: readonly { path: readonly PropertyKey[]; message: string }[]): ApiError {
  const details = issues.slice(0, MAX_ISSUES).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = details[0];
  const more = issues.length > MAX_ISSUES ? ` (and ${issues.length - 1} more problems; the first ${MAX_ISSUES} are in details)` : '';
  return new ApiError(400, 'INVALID_REQUEST', `invalid request: ${first.path === '' ? '' : `${first.path}: `}${first.message}${more}`, details);
}

/**
 * The one rule for request bodies, checked by every route that reads one before it reads a byte:
 * JSON, declared as `Content-Type: application/json` (parameters such as charset allowed); 415 otherwise.
 */
export function requireJson(c: Context): void {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `send the body as JSON with Content-Type: application/json; got ${type === '' ? 'no Content-Type' : JSON.stringify(type.slice(0, 100))}`);
  }
}

/** Turns a worker's failed job into the response it asked for. */
export function jobError(failure: JobFailure): ApiError {
  return new ApiError(failure.status as ContentfulStatusCode, failure.code, failure.message, failure.details, {}, failure.internal);
}

/**
 * Data-error locations as response details: `rows` sources and predict records give a row index
 * (0-based), CSV a line.
 */
export function locationDetails(location: unknown): Record<string, unknown> | undefined {
  if (typeof location !== 'object' || location === null) return undefined;
  const { source, line, row, column, value } = location as { source?: string; line?: number; row?: number; column?: string; value?: string };
  const details: Record<string, unknown> = {};
  if (row !== undefined) details.row = row;
  if (line !== undefined) details[source === 'rows' ? 'row' : 'line'] = line;
  if (column !== undefined) details.column = column;
  if (value !== undefined) details.value = value;
  return Object.keys(details).length > 0 ? details : undefined;
}

/** Maps any thrown error to a response; unexpected ones are logged with the request id and hidden. */
export function errorResponse(e: unknown, c: Context, log: (line: Record<string, unknown>) => void): Response {
  const err = toApiError(e);
  if (err.status === 500) {
    log({ level: 'error', reqId: c.get('requestId'), method: c.req.method, path: c.req.path, error: err.internal ?? (e instanceof Error ? (e.stack ?? e.message) : String(e)) });
  }
  for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  const message = err.message.length > MAX_MESSAGE ? `${err.message.slice(0, MAX_MESSAGE)}… (message cut at ${MAX_MESSAGE} characters)` : err.message;
  const body: ErrorBody = { error: { code: err.code, message, ...(err.details !== undefined ? { details: err.details } : {}) } };
  return c.json(body, err.status);
}

function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof PoolFullError) return new ApiError(503, 'BUSY', e.message, undefined, { 'Retry-After': '5' });
  if (e instanceof JobTimeoutError) return new ApiError(504, 'FIT_TIMEOUT', e.message);
  if (e instanceof WorkerOutOfMemoryError) return new ApiError(413, 'OUT_OF_MEMORY', e.message);
  if (e instanceof HTTPException) {
    if (e.status === 400) return new ApiError(400, 'MALFORMED_JSON', 'the request body is not valid JSON');
    if (e.status === 413) return new ApiError(413, 'BODY_TOO_LARGE', e.message);
    return new ApiError(e.status as ContentfulStatusCode, 'HTTP_ERROR', e.message);
  }
  if (e instanceof DataError) return new ApiError(422, e.code, e.message, locationDetails(e.location));
  if (e instanceof LassoKitError) return new ApiError(422, e.code, e.message);
  return new ApiError(500, 'INTERNAL', 'an unexpected error occurred; it has been logged');
}
