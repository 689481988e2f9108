import { dsvFormat } from 'd3-dsv';
import { DataError } from '../errors.js';
import type { Table } from './Table.js';
import { checkColumnNames } from './checkColumnNames.js';

export interface ParseOptions {
  /** ',' (CSV), '\t' (TSV), ';', or 'auto' (default: the most frequent of the three in the header line, outside quotes; ties go to the comma). */
  readonly delimiter?: string;
  /** First row is a header (default true unless `columns` is given). */
  readonly header?: boolean;
  /** Column names to use (required when `header` is false; replaces the header when both are given). */
  readonly columns?: readonly string[];
  /** Cell values read as missing (default: '', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL'). */
  readonly missing?: readonly string[];
  /** Name used in error messages (default "input"). */
  readonly source?: string;
  /** Line number of the text's first line (default 1): a piece of a larger file names the file's lines. */
  readonly firstLine?: number;
}

export const DEFAULT_MISSING: readonly string[] = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL'];

/**
 * Longest line the text readers accept, in characters (bytes for ASCII text): 16 MiB, room for a
 * million columns. A longer line is refused, located, before it is split into fields.
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * Parses CSV/TSV text into a {@link Table} with d3-dsv (RFC 4180 quoting), tolerating a UTF-8 BOM,
 * CRLF line ends and blank lines. Refuses, with file and line: an empty file, a header without
 * data rows, empty or duplicate column names, and rows whose field count differs from the header.
 * Cells stay strings (trimmed) until a design matrix asks for numbers, so a bad number is reported
 * by the step that needed it, with its line and column.
 *
 * Cost: O(size of text); rows are kept as arrays of strings.
 *
 * @example
 * parseTable('a,b\n1,2\n', { source: 'x.csv' }).rows; // [['1', '2']]
 */
export function parseTable(text: string, opts: ParseOptions = {}): Table {
  const source = opts.source ?? 'input';
  if (typeof text !== 'string') throw new DataError('NOT_TEXT', 'input is not text', { source });
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.includes('\u0000')) throw new DataError('NOT_TEXT', 'looks like a binary file, not CSV text (it contains NUL bytes)', { source });
  const firstLine = opts.firstLine ?? 1;
  checkLineLengths(body, source, firstLine);
  const delimiter = resolveDelimiter(body, opts.delimiter, source);
  const missing = new Set(opts.missing ?? DEFAULT_MISSING);
  const open = body.includes('"') ? scanRecords(body.length, (i) => body.charCodeAt(i), delimiter, firstLine).open : null;
  if (open !== null) throw new DataError('RAGGED_ROWS', 'a double quote opens a field here that is not closed before the end of the file (the rest of the file would be read as that one field)', { source, line: open });
  const raw = dsvFormat(delimiter).parseRows(body);

  const records: { fields: string[]; line: number }[] = [];
  let line = firstLine;
  for (const fields of raw) {
    if (!(fields.length === 1 && fields[0].trim() === '')) records.push({ fields, line });
    line += 1 + countNewlines(fields);
  }
  if (records.length === 0) throw new DataError('EMPTY_INPUT', 'is empty (no rows)', { source });

  const header = opts.header ?? opts.columns === undefined;
  let columns: string[];
  let start = 0;
  const unnamed: string[] = [];
  if (header) {
    // DuckDB's names: the position zero-padded to the width of the last one (column00 … column10).
    const width = String(records[0].fields.length - 1).length;
    columns = records[0].fields.map((f, j) => {
      const name = f.trim();
      if (name !== '' || opts.columns !== undefined) return name;
      unnamed.push(`column${String(j).padStart(width, '0')}`);
      return unnamed[unnamed.length - 1];
    });
    start = 1;
    if (opts.columns !== undefined) columns = [...opts.columns];
  } else {
    if (opts.columns === undefined) throw new DataError('INVALID_SPEC', 'header is false, so column names must be given (columns)', { source });
    columns = [...opts.columns];
  }
  checkColumnNames(columns, source, header ? records[0].line : undefined);
  if (records.length === start) throw new DataError('EMPTY_INPUT', 'has a header but no data rows', { source, line: records[0].line });

  const rows: (string | null)[][] = [];
  const lines: number[] = [];
  for (let r = start; r < records.length; r++) {
    const { fields, line: at } = records[r];
    if (fields.length !== columns.length) {
      throw new DataError('RAGGED_ROWS', `expected ${columns.length} fields (as in the header), found ${fields.length}`, { source, line: at });
    }
    rows.push(
      fields.map((f) => {
        const v = f.trim();
        return missing.has(v) ? null : v;
      }),
    );
    lines.push(at);
  }
  return { columns, rows, lines, source, delimiter, ...(unnamed.length > 0 ? { unnamed } : {}) };
}

/** Refuses the first line over {@link MAX_LINE_BYTES}, naming it; one scan for line breaks. */
function checkLineLengths(text: string, source: string, firstLine: number): void {
  let line = firstLine;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > MAX_LINE_BYTES) {
      throw new DataError('LINE_TOO_LONG', `the line is ${end - start} characters long; the limit is ${MAX_LINE_BYTES} (is this a CSV file?)`, { source, line });
    }
    line++;
    start = end + 1;
  }
}

function resolveDelimiter(body: string, requested: string | undefined, source: string): string {
  if (requested !== undefined && requested !== 'auto') {
    if (requested.length !== 1) throw new DataError('INVALID_SPEC', `delimiter must be one character or 'auto'; got ${JSON.stringify(requested)}`, { source });
    return requested;
  }
  return detectDelimiter(body);
}

/**
 * The delimiter of CSV text: the most frequent of comma, semicolon and tab in its first line,
 * outside quotes (ties: comma) — what `parseTable` reads with unless told.
 *
 * @example
 * detectDelimiter('a;b;c\n1;2;3\n'); // ';'
 */
export function detectDelimiter(body: string): string {
  const end = body.indexOf('\n');
  const first = end < 0 ? body : body.slice(0, end);
  const counts = new Map([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of first) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) as number) + 1);
  }
  let best = ',';
  for (const [d, c] of counts) if (c > (counts.get(best) as number)) best = d;
  return best;
}

/**
 * The records of CSV text by its quotes, as d3-dsv reads them: a double quote opens a field only
 * at the field's start (`5'10"` is plain text), `""` inside one is a quote, and line breaks inside
 * a quoted field belong to it. `end`: the offset after the last line break outside quoted fields
 * (0: none); `open`: the line of a quoted field left open at the end (null: none). `at(i)` is the
 * i-th code unit — a string's char code, or a UTF-8 byte: quotes, delimiters and line breaks are
 * ASCII in both, and no other character's units are — so one scan serves text and bytes.
 *
 * Cost: O(length).
 *
 * @example
 * scanRecords(text.length, (i) => text.charCodeAt(i), ',').open; // null: every quote closed
 */
export function scanRecords(length: number, at: (i: number) => number, delimiter: string, firstLine = 1): { end: number; open: number | null } {
  const d = delimiter.charCodeAt(0);
  let line = firstLine;
  let fieldStart = true;
  let quoted = false;
  let opened = 0;
  let end = 0;
  for (let i = 0; i < length; i++) {
    const c = at(i);
    if (quoted) {
      if (c === QUOTE) {
        if (i + 1 < length && at(i + 1) === QUOTE) i++;
        else quoted = false;
      } else if (c === NEWLINE) line++;
    } else if (c === NEWLINE) {
      line++;
      fieldStart = true;
      end = i + 1;
    } else if (fieldStart && c === QUOTE) {
      quoted = true;
      opened = line;
      fieldStart = false;
    } else fieldStart = c === d || c === RETURN;
  }
  return { end, open: quoted ? opened : null };
}

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

function countNewlines(fields: readonly string[]): number {
  let count = 0;
  for (const f of fields) {
    for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) count++;
  }
  return count;
}
