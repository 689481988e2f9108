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
}
