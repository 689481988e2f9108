import { thousands } from '../errors.js';

/** Located examples one run names of each kind of per-row warning about a column; the rest are counted. */
export const TALLY_EXAMPLES = 3;

/**
 * One kind of per-row warning about one column in a run (or several runs merged): a value outside
 * the training range, a value clipped, a level not seen in training. `key` says which kind and
 * column; `examples` are the first warnings, located; `rest(n)` words the line counting the others.
 */
export interface Tally {
  readonly key: string;
  readonly count: number;
  readonly examples: readonly string[];
  rest(n: number): string;
}

/**
 * A tally as warnings: its located examples, then one line counting the others — a file of a
 * million rows outside a range says so in four lines per column, not in the first hundred of a
 * million warnings.
 */
export function tallyWarnings(t: Tally): string[] {
  const more = t.count - t.examples.length;
  return more <= 0 ? [...t.examples] : [...t.examples, t.rest(more)];
}

/** Tallies of several runs (the pieces of one file) by key, in first-seen order: counts added, examples kept up to {@link TALLY_EXAMPLES}. */
export function mergeTallies(runs: readonly (readonly Tally[])[]): Tally[] {
  const byKey = new Map<string, Tally>();
  for (const run of runs) {
    for (const t of run) {
      const seen = byKey.get(t.key);
      byKey.set(t.key, seen === undefined ? t : { ...seen, count: seen.count + t.count, examples: [...seen.examples, ...t.examples].slice(0, TALLY_EXAMPLES) });
    }
  }
  return [...byKey.values()];
}

/** The tallies of one run, kept as rows come: `note` builds a row's warning only while it is among the first. */
export class Tallies {
  private readonly byKey = new Map<string, { count: number; examples: string[]; rest: (n: number) => string }>();

  note(key: string, example: () => string, rest: (n: number) => string): void {
    let t = this.byKey.get(key);
    if (t === undefined) this.byKey.set(key, (t = { count: 0, examples: [], rest }));
    if (t.count++ < TALLY_EXAMPLES) t.examples.push(example());
  }

  list(): Tally[] {
    return [...this.byKey].map(([key, t]) => ({ key, count: t.count, examples: t.examples, rest: t.rest }));
  }
}

/** "1 more value …" / "2,345 more values …": the count of a tally's rest, in words. */
export function more(n: number, noun: string): string {
  return `${thousands(n)} more ${noun}${n === 1 ? '' : 's'}`;
}
