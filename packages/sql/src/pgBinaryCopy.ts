import { LassoKitError } from '@lassokit/core';

/** The 11 bytes that open PostgreSQL's binary COPY format ("PGCOPY\n\xff\r\n\0"). */
const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];

/**
 * Decodes `COPY (…) TO STDOUT (FORMAT binary)` of DOUBLE PRECISION columns into batches of
 * columns, chunk by chunk as the bytes arrive (a tuple may straddle chunks): per tuple an int16
 * field count, then per field an int32 length (−1 for NULL) and 8 big-endian bytes. A NULL, a field
 * that is not 8 bytes or a tuple of another width is refused, naming the column. The batch arrays
 * are reused: `onBatch` must not keep them.
 *
 * @example
 * const decoder = new BinaryCopyDecoder(['x0', 'y'], 4096, (columns, rows) => acc.add(…));
 * for await (const chunk of copyStream) decoder.push(chunk);
 * decoder.end();
 */
export class BinaryCopyDecoder {
  private pending: Uint8Array = new Uint8Array(0);
  private headerRead = false;
  private ended = false;
  private readonly columns: Float64Array[];
  private rows = 0;

  constructor(
    private readonly names: readonly string[],
    private readonly batchRows: number,
    private readonly onBatch: (columns: readonly Float64Array[], rows: number) => void,
  ) {
    this.columns = names.map(() => new Float64Array(batchRows));
  }

  /** Takes the next bytes of the stream; decodes every whole tuple in them. */
  push(chunk: Uint8Array): void {
    const bytes = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = this.headerRead ? 0 : this.header(bytes, view);
    if (at < 0) {
      this.pending = bytes;
      return;
    }
    const width = this.names.length;
    const { columns } = this;
    while (!this.ended && at + 2 <= bytes.length) {
      const count = view.getInt16(at);
      if (count === -1) {
        this.ended = true;
        at += 2;
        break;
      }
      if (count !== width) throw new LassoKitError('ENGINE_ERROR', `a streamed row has ${count} fields; expected ${width}`, { engine: 'postgres' });
      // Whole tuple here? A double field is 12 bytes; a NULL 4 — the loop below stops where it ends.
      let end = at + 2;
      let whole = true;
      for (let c = 0; c < width; c++) {
        if (end + 4 > bytes.length) {
          whole = false;
          break;
        }
        const length = view.getInt32(end);
        if (length === -1) throw new LassoKitError('ENGINE_ERROR', `streamed column ${this.names[c]} has a NULL`, { engine: 'postgres', nullIn: this.names[c] });
        if (length !== 8) throw new LassoKitError('ENGINE_ERROR', `streamed column ${this.names[c]} is not DOUBLE PRECISION`, { engine: 'postgres' });
        end += 12;
      }
      if (!whole || end > bytes.length) break;
      const row = this.rows;
      for (let c = 0, f = at + 6; c < width; c++, f += 12) columns[c][row] = view.getFloat64(f);
      at = end;
      if (++this.rows === this.batchRows) this.flush();
    }
    this.pending = bytes.subarray(at);
  }

  /** After the last chunk: hands over the last batch; a stream cut short is refused. */
  end(): void {
    if (!this.ended) throw new LassoKitError('ENGINE_ERROR', 'the streamed rows ended without the binary COPY trailer', { engine: 'postgres' });
    this.flush();
  }

  /** The header's length once whole (signature, flags, extension), −1 until then. */
  private header(bytes: Uint8Array, view: DataView): number {
    if (bytes.length < 19) return -1;
    if (SIGNATURE.some((b, i) => bytes[i] !== b)) throw new LassoKitError('ENGINE_ERROR', 'the stream is not PostgreSQL binary COPY', { engine: 'postgres' });
    const extension = view.getUint32(15);
    if (bytes.length < 19 + extension) return -1;
    this.headerRead = true;
    return 19 + extension;
  }

  private flush(): void {
    if (this.rows === 0) return;
    this.onBatch(this.rows === this.batchRows ? this.columns : this.columns.map((c) => c.subarray(0, this.rows)), this.rows);
    this.rows = 0;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
