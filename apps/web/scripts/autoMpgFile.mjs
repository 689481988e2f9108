// The real Auto-MPG as a visitor would upload it: the UCI rows with a header, '?' where
// horsepower is missing, quoted where a car name holds a comma or quote. For the browser tests
// and the load figures.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAutoMpg } from '@lassokit/data';

/** Writes the file (auto-mpg.csv in a fresh temporary folder) and returns its path. */
export function autoMpgFile() {
  const raw = loadAutoMpg({ raw: true });
  const cell = (v) => (v === null ? '?' : /[,"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const file = join(mkdtempSync(join(tmpdir(), 'lassokit-web-')), 'auto-mpg.csv');
  writeFileSync(file, `${raw.columns.join(',')}\n${raw.rows.map((r) => r.map(cell).join(',')).join('\n')}\n`);
  return file;
}
