import { closeSync, openSync, readSync } from 'node:fs';
import { parseTable, type Table } from '@lassokit/data';
import { CliError } from './errors.js';
import { cannotRead, checkTextFile } from './io.js';

/**
 * Bytes of a CSV file read at a time by {@link csvPieces}: a piece's table takes about 7× its
 * text in memory (text cells), so a file of any size is read in ~110 MB of tables at a time.
 * `LASSOKIT_PIECE_BYTES` sets another size (the tests cut small files into many pieces).
 */
export const PIECE_BYTES = Number(process.env.LASSOKIT_PIECE_BYTES) > 0 ? Math.ceil(Number(process.env.LASSOKIT_PIECE_BYTES)) : 16 * 1024 * 1024;

/**
 * A CSV file (or stdin, `-`) read as tables of about `bytes` of text each, cut between records (at a line break
 * outside quotes, so a quoted field's line breaks stay in its piece): the first piece is parsed
 * with its header (and its delimiter detected), the others as rows of those columns and that
 * delimiter, their lines numbered as the file's. Memory is one piece's, whatever the file's size;
 * a file up to `bytes` is one piece, read as a whole file is.
 *
 * @example
 * for (const table of csvPieces('big.csv')) predictRows(table);
 */
export function* csvPieces(path: string, bytes = PIECE_BYTES): Generator<Table> {
  const stdin = path === '-';
  const source = stdin ? 'stdin' : path;
  if (!stdin) checkTextFile(path);
  const fd = stdin ? 0 : openSync(path, 'r');
  try {
    let carry = Buffer.alloc(0);
    let line = 1;
    let first: Table | null = null;
    let ended = false;
    while (!ended) {
      // The rest of the last piece first, then new bytes after it (not copied again). A pipe gives
      // at most 64 KiB a read: read on until the piece is full or the input ends.
      const fresh = Buffer.allocUnsafe(carry.length + bytes);
      carry.copy(fresh);
      let read = 0;
      try {
        for (let got = -1; got !== 0 && read < bytes; read += got) got = readSync(fd, fresh, carry.length + read, bytes - read, null);
      } catch (e) {
        throw cannotRead(source, e);
      }
      ended = read < bytes;
      const buffer = fresh.subarray(0, carry.length + read);
      // The whole file is read: the rest is the last piece. Else cut after the last record end.
      const cut = ended ? buffer.length : lastRecordEnd(buffer);
      if (cut <= 0 && !ended) {
        // No record ends in several pieces' worth: a quote left open swallows the rest of the file.
        if (buffer.length > 4 * bytes) throw new CliError(`${source}:${line}: no record ends within ${Math.ceil(buffer.length / 1024).toLocaleString('en-US')} KiB of this line (a double quote left open?)`);
        carry = buffer;
        continue;
      }
      const piece = buffer.subarray(0, cut);
      carry = Buffer.from(buffer.subarray(cut));
      const text = piece.toString('utf8');
      if (first === null) {
        first = parseTable(text, { source });
        yield first;
      } else if (text.trim() !== '') {
        yield parseTable(text, { source, header: false, columns: first.columns, delimiter: first.delimiter, firstLine: line });
      }
      line += countLineBreaks(piece);
      if (ended && first === null) return;
    }
  } finally {
    if (!stdin) closeSync(fd);
  }
}

/**
 * The offset after the last line break outside double quotes (0: none), the buffer starting at a
 * record: a line break is outside quotes when an even number of quotes come before it. The quotes
 * are found first (native search; most files have few), then line breaks from the end.
 */
function lastRecordEnd(buffer: Buffer): number {
  const quotes: number[] = [];
  for (let i = buffer.indexOf(0x22); i >= 0; i = buffer.indexOf(0x22, i + 1)) quotes.push(i);
  let q = quotes.length;
  for (let i = buffer.lastIndexOf(0x0a); i >= 0; i = i > 0 ? buffer.lastIndexOf(0x0a, i - 1) : -1) {
    while (q > 0 && quotes[q - 1] > i) q--;
    if (q % 2 === 0) return i + 1;
  }
  return 0;
}

function countLineBreaks(buffer: Buffer): number {
  let count = 0;
  for (let i = buffer.indexOf(0x0a); i >= 0; i = buffer.indexOf(0x0a, i + 1)) count++;
  return count;
}
