import pc from 'picocolors';

/** Colors only when stdout is a terminal and NO_COLOR is unset (picocolors checks both). */
export const color = pc;

/** Formats a number for people: fixed significant digits, exact zeros shown as 0. */
export function num(v: number, digits = 4): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1e5 || abs < 1e-3) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}

/** SGR colour codes, to measure what a terminal shows. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/**
 * An aligned text table: numbers right-aligned; the first column, and any column named in
 * `textColumns`, left-aligned. Widths ignore colour codes.
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[], textColumns: readonly number[] = []): string {
  const visible = (s: string) => s.replace(ANSI, '').length;
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => visible(r[j] ?? ''))));
  const pad = (c: string, j: number) => {
    const fill = ' '.repeat(Math.max(0, widths[j] - visible(c)));
    return j === 0 || textColumns.includes(j) ? c + fill : fill + c;
  };
  const line = (cells: readonly string[]) => cells.map(pad).join('  ').trimEnd();
  return [color.bold(line(header)), ...rows.map(line)].join('\n');
}

/** Writes one JSON document to stdout. */
export function printJson(doc: unknown): void {
  process.stdout.write(`${JSON.stringify(doc, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v), 2)}\n`);
}

/** Human output to stdout. */
export function print(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** Notes and warnings: always stderr, so stdout stays clean for pipes. */
export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}
