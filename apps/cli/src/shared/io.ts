import { accessSync, closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MAX_LINE_BYTES } from '@lassokit/data';
import { isParquet } from '@lassokit/sql';
import { CliError } from './errors.js';

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
export function readInput(path: string): { text: string; source: string } {
  const source = path === '-' ? 'stdin' : path;
  if (isParquet(path)) throw new CliError(`${source} is Parquet; a text file is needed here`);
  try {
    if (path !== '-') checkHeaderLength(path, source);
    return { text: readFileSync(path === '-' ? 0 : path, 'utf8'), source };
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot read ${source}: ${reason(e)}`);
  }
}

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
  const dir = dirname(path);
  ensureWritableDir(dir);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new CliError(`cannot write ${path}: ${reason(e)}`);
  }
}
