import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { DataError, detectDelimiter, parseTable, scanRecords, thousands, type Table } from '@lassokit/data';
import { CliError } from './errors.js';
import { GZIP_FILE, cannotRead, checkTextFile } from './io.js';

/**
 * Bytes of a CSV file read at a time by {@link csvPieces}: a piece's table takes about 7× its
 * text in memory (text cells), so a file of any size is read in ~110 MB of tables at a time.
 * `LASSOKIT_PIECE_BYTES` sets another size (the tests cut small files into many pieces).
 */
export const PIECE_BYTES = Number(process.env.LASSOKIT_PIECE_BYTES) > 0 ? Math.ceil(Number(process.env.LASSOKIT_PIECE_BYTES)) : 16 * 1024 * 1024;

/**
 * A CSV file (or stdin, `-`; a `.gz` file decompressed as it is read) as tables of about `bytes`
 * of text each, cut between records (at a line break outside quotes, so a quoted field's line
 * breaks stay in its piece): the first piece is parsed with its header (and its delimiter
 * detected), the others as rows of those columns and that delimiter, their lines numbered as the
 * file's. Memory is one piece's, whatever the file's size; a file up to `bytes` is one piece, read
 * as a whole file is.
 *
 * @example
 * for await (const table of csvPieces('big.csv')) predictRows(table);
 */
export async function* csvPieces(path: string, bytes = PIECE_BYTES): AsyncGenerator<Table> {
  const stdin = path === '-';
  const source = stdin ? 'stdin' : path;
  const gzip = !stdin && GZIP_FILE.test(path);
  if (!stdin) checkTextFile(path, { header: !gzip });
  const raw = stdin ? process.stdin : createReadStream(path, { highWaterMark: Math.min(1 << 20, bytes) });
  const input = gzip ? raw.pipe(createGunzip()) : raw;
  if (gzip) raw.on('error', (e: Error) => input.destroy(e));
  let first: Table | null = null;
  let delimiter: string | undefined;
  let line = 1;
  function* parsed(piece: Buffer, last: boolean): Generator<Table> {
    const text = piece.toString('utf8');
    if (first === null) {
      // The first piece has the header (an empty input is refused by the parser, as a whole file is).
      if (text.trim() === '' && !last) return;
      first = parseTable(text, { source, delimiter });
      yield first;
    } else if (text.trim() !== '') {
      yield parseTable(text, { source, header: false, columns: first.columns, delimiter: first.delimiter, firstLine: line });
    }
    line += countLineBreaks(piece);
  }
  try {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for await (const chunk of input as AsyncIterable<Buffer>) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < bytes) continue;
      const buffer = Buffer.concat(pending);
      // Cut after the last record, the quotes read as the parser reads them (the delimiter is the
      // first piece's, or the one its header line shows).
      const headerEnd = buffer.indexOf(0x0a);
      if (delimiter === undefined && headerEnd >= 0) delimiter = detectDelimiter(buffer.subarray(0, headerEnd).toString('utf8'));
      const cut = scanRecords(buffer.length, (i: number) => buffer[i], delimiter ?? ',').end;
      if (cut === 0) {
        // No record ends in several pieces' worth: a quote left open swallows the rest of the file.
        if (buffer.length > 4 * bytes) throw new CliError(`${source}:${line}: no record ends within ${thousands(Math.ceil(buffer.length / 1024))} KiB of this line (a double quote left open?)`);
        pending = [buffer];
        continue;
      }
      yield* parsed(buffer.subarray(0, cut), false);
      const rest = Buffer.from(buffer.subarray(cut));
      pending = rest.length > 0 ? [rest] : [];
      pendingBytes = rest.length;
    }
    yield* parsed(Buffer.concat(pending), true);
  } catch (e) {
    if (e instanceof CliError || e instanceof DataError) throw e;
    if (gzip && (e as NodeJS.ErrnoException).code?.startsWith('Z_')) throw new CliError(`${source}: not a readable gzip file (${(e as Error).message})`);
    throw cannotRead(source, e);
  } finally {
    if (!stdin) raw.destroy();
  }
}

function countLineBreaks(buffer: Buffer): number {
  let count = 0;
  for (let i = buffer.indexOf(0x0a); i >= 0; i = buffer.indexOf(0x0a, i + 1)) count++;
  return count;
}
