/** Machine-readable codes of every error `@lassokit/data` throws. */
export type DataErrorCode =
  | 'EMPTY_FILE'
  | 'RAGGED_ROW'
  | 'DUPLICATE_COLUMN'
  | 'NOT_A_NUMBER'
  | 'UNKNOWN_COLUMN'
  | 'MISSING_VALUE'
  | 'TOO_MANY_LEVELS'
  | 'INVALID_SPEC'
  | 'INVALID_RECIPE';

/** Where in the input a problem is: file (or "input"), 1-based line, column name. */
export interface DataLocation {
  readonly source?: string;
  readonly line?: number;
  readonly column?: string;
  readonly value?: string;
}

/**
 * A data problem, located. The message reads like a compiler's:
 * `data.csv:17: column "weight": "3,504" is not a number` — lower-case after the location,
 * no trailing period.
 */
export class DataError extends Error {
  readonly code: DataErrorCode;
  readonly location: DataLocation;

  constructor(code: DataErrorCode, problem: string, location: DataLocation = {}) {
    super(formatLocated(problem, location));
    this.name = 'DataError';
    this.code = code;
    this.location = location;
  }
}

function formatLocated(problem: string, { source, line, column }: DataLocation): string {
  const where = source !== undefined ? (line !== undefined ? `${source}:${line}: ` : `${source}: `) : line !== undefined ? `line ${line}: ` : '';
  const col = column !== undefined ? `column ${JSON.stringify(column)}: ` : '';
  return `${where}${col}${problem}`;
}
