import { LassoKitError, type ErrorCode } from '@lassokit/core';

/**
 * Where in the input a problem is: file (or "input") and 1-based line for text sources, or the
 * 0-based index of a record for row objects; column name; the offending value (truncated).
 */
export interface DataLocation {
  readonly source?: string;
  readonly line?: number;
  readonly row?: number;
  readonly column?: string;
  readonly value?: string;
}

/**
 * A data problem, located: a {@link LassoKitError} (one code list, one base class) with where it is. The message reads like a compiler's:
 * `data.csv:17: column "weight": "3,504" is not a number` — lower-case after the location,
 * no trailing period.
 */
export class DataError extends LassoKitError {
  /** Where; a long `value` is cut to {@link MAX_QUOTED} characters. */
  readonly location: DataLocation;

  constructor(code: ErrorCode, problem: string, location: DataLocation = {}, details?: Record<string, unknown>) {
    super(code, formatLocated(problem, location), details);
    this.name = 'DataError';
    const { value } = location;
    this.location = value !== undefined && value.length > MAX_QUOTED ? { ...location, value: `${value.slice(0, MAX_QUOTED)}…` } : location;
  }
}

/** The location prefix of a message: `data.csv:17: `, `row 3: `, or ''. */
export function formatWhere({ source, line, row }: DataLocation): string {
  if (row !== undefined) return `row ${row}: `;
  if (source !== undefined) return line !== undefined ? `${source}:${line}: ` : `${source}: `;
  return line !== undefined ? `line ${line}: ` : '';
}

function formatLocated(problem: string, location: DataLocation): string {
  const col = location.column !== undefined ? `column ${quote(location.column)}: ` : '';
  return `${formatWhere(location)}${col}${problem}`;
}

/** Longest user value quoted in a message before it is cut. */
export const MAX_QUOTED = 80;
/** Most names listed in a message before the rest are counted instead. */
export const MAX_LISTED = 20;

/**
 * A user's value, JSON-quoted for a message and cut to {@link MAX_QUOTED} characters — an error
 * must never echo a megabyte cell back.
 *
 * @example
 * quote('x'.repeat(1000)); // '"xxx…" (1000 characters)'
 */
export function quote(value: string): string {
  if (value.length <= MAX_QUOTED) return JSON.stringify(value);
  return `${JSON.stringify(`${value.slice(0, MAX_QUOTED)}…`)} (${value.length} characters)`;
}

/**
 * A number with thousands separators as en-US writes it ("1,234,567", "-2,500", "12,345.5"),
 * without Intl: the first `toLocaleString` call of a process loads locale data, ~32 ms of every
 * CLI run that printed a row count (and ~35 ms of the demo page's start-up).
 *
 * @example
 * thousands(1234567); // '1,234,567'
 */
export function thousands(v: number): string {
  const [whole, frac] = String(v).split('.');
  const grouped = /e/i.test(whole) ? whole : whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** {@link quote} without the quotes, for values that read better bare (levels, numbers). */
export function shorten(value: string): string {
  return value.length <= MAX_QUOTED ? value : `${value.slice(0, MAX_QUOTED)}… (${value.length} characters)`;
}

/**
 * Names for a message, quoted and comma-separated, at most {@link MAX_LISTED} of them and then
 * how many were left out.
 *
 * @example
 * nameList(['a', 'b']); // '"a", "b"'
 */
export function nameList(names: readonly string[], max = MAX_LISTED, quoted = true): string {
  const shown = names.slice(0, max).map(quoted ? quote : shorten).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
