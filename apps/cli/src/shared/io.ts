import { accessSync, closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MAX_LINE_BYTES } from '@lassokit/data';
import { isParquet } from '@lassokit/sql';
import { CliError, UsageError } from './errors.js';

/** Why a file operation failed, in words (the errno code when there is no better one). */
function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EISDIR: 'is a directory',
    ENOTDIR: 'a part of the path is not a directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EEXIST: 'already exists',
  };
  return (code !== undefined ? words[code] : undefined) ?? (e as Error).message;
}

/**
 * Reads a text input: a file path, or '-' for standard input. Errors name the file. A file whose
 * first line (the header) has no line break within {@link MAX_LINE_BYTES} is refused after
 * reading only that much, instead of after reading and splitting all of it.
 */
export function readInput(path: string, tooLarge?: (bytes: number) => string): { text: string; source: string } {
  const source = path === '-' ? 'stdin' : path;
  const gzip = GZIP_FILE.test(path);
  const bytes = path === '-' ? 0 : checkTextFile(path, { header: !gzip });
  const refuse = (size: string) => new CliError(`${source} is ${size}; a file read whole must be under 512 MiB (the longest text Node.js holds)${tooLarge === undefined ? '' : `: ${tooLarge(bytes)}`}`);
  if (bytes > MAX_TEXT_BYTES) throw refuse(`${(bytes / 1e9).toFixed(2)} GB`);
  try {
    if (!gzip) return { text: readFileSync(path === '-' ? 0 : path, 'utf8'), source };
    // Decompressed whole, bounded as a text file is.
    return { text: gunzipSync(readFileSync(path), { maxOutputLength: MAX_TEXT_BYTES }).toString('utf8'), source };
  } catch (e) {
    if (e instanceof RangeError || /Cannot create a string longer than/.test((e as Error).message)) throw refuse(gzip ? 'more than 512 MiB decompressed' : 'more than 512 MiB');
    if (gzip && (e as NodeJS.ErrnoException).code?.startsWith('Z_')) throw new CliError(`${source}: not a readable gzip file (${(e as Error).message})`);
    throw cannotRead(source, e);
  }
}

/** A gzip-compressed text file, by its name (`data.csv.gz`): read decompressed. */
export const GZIP_FILE = /\.gz$/i;

/**
 * What a text file must pass before it is read (whole or in pieces): not Parquet, readable, and a
 * first line (the header) that ends within {@link MAX_LINE_BYTES}. Its size in bytes.
 */
export function checkTextFile(path: string, opts: { header?: boolean } = {}): number {
  if (isParquet(path)) throw new CliError(`${path} is Parquet; a text file is needed here`);
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw cannotRead(path, Object.assign(new Error(), { code: 'EISDIR' }));
    // (A compressed file's header is checked once decompressed.)
    if (opts.header !== false) checkHeaderLength(path, path);
    return stat.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw cannotRead(path, e);
  }
}

/** A failed read of a file, in words (`cannot read x.csv: is a directory`). */
export function cannotRead(source: string, e: unknown): CliError {
  return new CliError(`cannot read ${source}: ${reason(e)}`);
}

/** Longest text V8 holds as one string (2^29 − 24 characters): a file read whole must be under it. */
export const MAX_TEXT_BYTES = 0x1fffffe8;

function checkHeaderLength(path: string, source: string): void {
  const fd = openSync(path, 'r');
  try {
    if (!fstatSync(fd).isFile() || fstatSync(fd).size <= MAX_LINE_BYTES) return;
    const head = Buffer.alloc(MAX_LINE_BYTES);
    const read = readSync(fd, head, 0, MAX_LINE_BYTES, 0);
    if (head.subarray(0, read).includes(10)) return;
    throw new CliError(`${source}:1: the first line is longer than ${MAX_LINE_BYTES} bytes (no line break in the first ${MAX_LINE_BYTES / 1024 / 1024} MiB); is this a CSV file?`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes sure a directory exists and is writable before any work is done for it: finds the nearest
 * existing ancestor, checks it is a writable directory, then creates the missing levels one at a
 * time (Node 20's recursive mkdir loops forever under /proc). Any failure is a CliError naming
 * the path and why.
 */
export function ensureWritableDir(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    try {
      if (!statSync(at).isDirectory()) throw new CliError(`cannot write to ${dir}: ${at} is not a directory`);
      break;
    } catch (e) {
      if (e instanceof CliError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(at) === at) throw new CliError(`cannot write to ${dir}: ${reason(e)}`);
      missing.push(at);
      at = dirname(at);
    }
  }
  try {
    accessSync(at, constants.W_OK);
    for (const level of missing.reverse()) mkdirSync(level);
  } catch (e) {
    throw new CliError(`cannot write to ${dir}: ${reason(e)}`);
  }
}

/**
 * Writes a file atomically: to a temporary file beside it, then rename — a reader never sees a
 * half-written file, and a failure leaves any previous file untouched.
 */
export function writeAtomic(path: string, content: string): void {
  const file = openAtomic(path);
  file.write(content);
  file.commit();
}

/** A file written in parts, atomically (see {@link openAtomic}). */
export interface AtomicFile {
  write(text: string): void;
  /** Renames the finished file into place. */
  commit(): void;
  /** Removes the unfinished file; the path keeps what it had. */
  abort(): void;
}

const STANDARD_STREAMS: Readonly<Record<string, number>> = { '/dev/stdout': 1, '/dev/stderr': 2 };

/** A device or a pipe written as it is: nothing to rename, nothing to take back. */
function openInPlace(path: string): AtomicFile {
  // The process's own stdout and stderr by their descriptors (a socket cannot be opened by path).
  const own = STANDARD_STREAMS[path];
  const out = descriptorWriter(() => own ?? openSync(path, 'w'), own === undefined, (e) => new CliError(`cannot write ${path}: ${reason(e)}`));
  return { write: out.write, commit: out.close, abort: out.close };
}

/** Writes to the descriptor `open` gives (closed by `close` if `owned`); a failure closes it and throws `failed`'s error. */
function descriptorWriter(open: () => number, owned: boolean, failed: (e: unknown) => Error): { write(text: string): void; close(): void } {
  let fd: number;
  try {
    fd = open();
  } catch (e) {
    throw failed(e);
  }
  const close = () => {
    if (fd >= 0 && owned) closeSync(fd);
    fd = -1;
  };
  const write = (text: string) => {
    try {
      writeFileSync(fd, text);
    } catch (e) {
      close();
      throw failed(e);
    }
  };
  return { write, close };
}

/**
 * A file written in parts, then renamed into place by `commit`: as `writeAtomic`, for output too
 * large to hold as one string. A failure to write or rename removes the temporary file. A path
 * that is a device or a pipe (`--out /dev/null`) is written in place instead.
 */
export function openAtomic(path: string): AtomicFile {
  const dir = dirname(path);
  ensureWritableDir(dir);
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new CliError(`cannot write ${path}: is a directory`);
  // /dev/null, /dev/stdout, a named pipe: written in place (a rename would put a file where the device was).
  if (existing !== undefined && !existing.isFile()) return openInPlace(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  const failed = (e: unknown) => {
    rmSync(tmp, { force: true });
    return new CliError(`cannot write ${path}: ${reason(e)}`);
  };
  const out = descriptorWriter(() => openSync(tmp, 'w'), true, failed);
  return {
    write: out.write,
    commit() {
      try {
        out.close();
        renameSync(tmp, path);
      } catch (e) {
        throw failed(e);
      }
    },
    abort() {
      out.close();
      rmSync(tmp, { force: true });
    },
  };
}

/**
 * A file DuckDB will read, named as the in-memory reader names it when it is missing or a
 * directory ("cannot read x.parquet: no such file or directory", not DuckDB's "IO Error: No files
 * found that match the pattern"); a glob is left to DuckDB, which says when it matches nothing.
 */
export function readableFile(file: string): string {
  if (/[*?[]/.test(file)) return file;
  let stat;
  try {
    stat = statSync(file);
  } catch (e) {
    throw cannotRead(file, e);
  }
  if (stat.isDirectory()) throw cannotRead(file, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  // DuckDB reads its input more than once (sniffing, then each query): a pipe would be empty the second time.
  if (!stat.isFile()) throw new UsageError(`${file} is a pipe or a device, and DuckDB reads its input more than once: save it to a file first${isParquet(file) ? '' : ' (or read the CSV in memory: --engine memory, or - for standard input)'}`);
  return file;
}
