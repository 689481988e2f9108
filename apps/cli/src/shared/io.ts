import { readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { CliError } from './errors.js';

/** Reads a text input: a file path, or '-' for standard input. Errors name the file. */
export function readInput(path: string): { text: string; source: string } {
  const source = path === '-' ? 'stdin' : path;
  try {
    return { text: readFileSync(path === '-' ? 0 : path, 'utf8'), source };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new CliError(`cannot read ${source}: ${why}`);
  }
}

/**
 * Writes a file atomically: to a temporary file beside it, then rename — a reader never sees a
 * half-written file, and a failure leaves any previous file untouched.
 */
export function writeAtomic(path: string, content: string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new CliError(`cannot write ${path}: ${(e as Error).message}`);
  }
}
