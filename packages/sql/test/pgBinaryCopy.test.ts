import { describe, expect, it } from 'vitest';
import { LassoKitError, createRng } from '@lassokit/core';
import { BinaryCopyDecoder } from '../src/pgBinaryCopy.js';

/** PostgreSQL's binary COPY of rows of doubles (null: a NULL field), by its documented layout. */
function binaryCopy(rows: readonly (readonly (number | null)[])[], extension = 0): Uint8Array {
  const parts: number[] = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
  const bytes = (n: number, write: (v: DataView) => void) => {
    const v = new DataView(new ArrayBuffer(n));
    write(v);
    parts.push(...new Uint8Array(v.buffer));
  };
  bytes(4, (v) => v.setInt32(0, 0));
  bytes(4, (v) => v.setUint32(0, extension));
  parts.push(...new Array<number>(extension).fill(7));
  for (const row of rows) {
    bytes(2, (v) => v.setInt16(0, row.length));
    for (const x of row) {
      if (x === null) bytes(4, (v) => v.setInt32(0, -1));
      else bytes(12, (v) => (v.setInt32(0, 8), v.setFloat64(4, x)));
    }
  }
  bytes(2, (v) => v.setInt16(0, -1));
  return Uint8Array.from(parts);
}

/** Feeds `data` in chunks of the given sizes (cycled) and collects the batches. */
function decode(data: Uint8Array, width: number, batchRows: number, sizes: readonly number[]) {
  const got: number[][] = Array.from({ length: width }, () => []);
  const batches: number[] = [];
  const decoder = new BinaryCopyDecoder(
    Array.from({ length: width }, (_, c) => `x${c}`),
    batchRows,
    (columns, rows) => {
      batches.push(rows);
      columns.forEach((col, c) => got[c].push(...col.subarray(0, rows)));
    },
  );
  for (let at = 0, k = 0; at < data.length; k++) {
    const size = sizes[k % sizes.length];
    decoder.push(data.subarray(at, at + size));
    at += size;
  }
  decoder.end();
  return { got, batches };
}

describe("PostgreSQL's binary COPY, decoded", () => {
  const rand = createRng(5);
  const rows = Array.from({ length: 37 }, () => Array.from({ length: 3 }, () => (rand() - 0.5) * 10 ** Math.floor(rand() * 20 - 10)));
  const expected = [0, 1, 2].map((c) => rows.map((r) => r[c]));

  it('gives every double exactly, in batches, however the bytes are split (tuples straddling chunks, a header extension)', () => {
    const data = binaryCopy(rows, 5);
    for (const sizes of [[data.length], [1], [2, 3, 5, 7], [11], [13, 1], [64]]) {
      const { got, batches } = decode(data, 3, 8, sizes);
      expect(got).toEqual(expected);
      expect(batches).toEqual([8, 8, 8, 8, 5]);
    }
  });

  it('refuses a NULL naming its column, a row of another width, a field that is not a double and a stream cut short', () => {
    const refused = (data: Uint8Array, width = 3) => {
      try {
        decode(data, width, 8, [5]);
      } catch (e) {
        return e as LassoKitError;
      }
      throw new Error('not refused');
    };
    expect(refused(binaryCopy([[1, 2, 3], [4, null, 6]]))).toMatchObject({ code: 'ENGINE_ERROR', message: 'streamed column x1 has a NULL', details: { nullIn: 'x1' } });
    expect(refused(binaryCopy([[1, 2, 3]]), 2).message).toBe('a streamed row has 3 fields; expected 2');
    const int4 = binaryCopy([[1]]);
    new DataView(int4.buffer).setInt32(21, 4);
    expect(refused(int4, 1).message).toBe('streamed column x0 is not DOUBLE PRECISION');
    const full = binaryCopy(rows);
    expect(refused(full.subarray(0, full.length - 2)).message).toBe('the streamed rows ended without the binary COPY trailer');
    expect(refused(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20])).message).toBe('the stream is not PostgreSQL binary COPY');
  });
});
