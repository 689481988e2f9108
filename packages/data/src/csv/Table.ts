/**
 * A parsed table: raw cell strings (null where missing), the header, and for every row the
 * 1-based line of the source it started on — kept so later errors can say where a value came from.
 */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | null)[])[];
  readonly lines: readonly number[];
  /** File name (or "input") used in messages. */
  readonly source: string;
  /** The field delimiter the text was read with (given, or detected from the header line). */
  readonly delimiter?: string;
  /**
   * Columns the header leaves unnamed, by the names they were given: `column` and their 0-based
   * position, zero-padded to the width of the last position (column00 … column10), as DuckDB names them (a spreadsheet's trailing empty columns, the row index pandas'
   * `to_csv` writes first). No feature unless a spec lists it (see {@link unnamedColumns}).
   */
  readonly unnamed?: readonly string[];
}
