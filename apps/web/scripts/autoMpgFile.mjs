// The real Auto-MPG as a visitor would upload it: the UCI rows with a header, '?' where
// horsepower is missing, quoted where a car name holds a comma or quote. For the browser tests
// and the load figures.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAutoMpg } from '@lassokit/data';

/** Writes the file (auto-mpg.csv in `dir`, a caller's scratch folder) and returns its path. */
export function autoMpgFile(dir) {
  const raw = loadAutoMpg({ raw: true });
  const cell = (v) => (v === null ? '?' : /[,"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const file = join(dir, 'auto-mpg.csv');
  writeFileSync(file, `${raw.columns.join(',')}\n${raw.rows.map((r) => r.map(cell).join(',')).join('\n')}\n`);
  return file;
}
