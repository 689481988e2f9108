import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();
process.on('exit', () => made.forEach(drop));

/**
 * A fresh directory under the system's temp dir for a benchmark's files, removed when the process
 * exits (or by {@link drop}). A run stopped by a signal leaves it: the benchmarks run synchronously
 * (execFileSync per peer), so a signal handler would only run once the whole run had ended — it
 * made Ctrl-C wait for the benchmark instead of stopping it.
 */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Removes a scratch directory now (a full-size problem's files run to hundreds of MB). */
export function drop(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  made.delete(dir);
}
