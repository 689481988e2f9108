import { readFileSync } from 'node:fs';
import type { DenseMatrix } from '../dist/index.js';
import { friedman } from './friedman.js';

/** One benchmark problem of issue 7: standardized X (1/n sd), centred y. */
export interface Problem {
  readonly name: string;
  readonly load: () => { X: DenseMatrix; y: Float64Array };
}

/**
 * scikit-learn's diabetes data (442 × 10; `scripts/diabetes_data.py` wrote the JSON), standardized
 * and centred like the synthetic problems.
 */
function diabetes(): { X: DenseMatrix; y: Float64Array } {
  const raw = JSON.parse(readFileSync(new URL('./data/diabetes.json', import.meta.url), 'utf8')) as { rows: number[][]; target: number[] };
  const n = raw.rows.length;
  const p = raw.rows[0].length;
  const data = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    const col = Float64Array.from(raw.rows, (r) => r[j]);
    const mean = col.reduce((a, v) => a + v, 0) / n;
    const sd = Math.sqrt(col.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
    for (let i = 0; i < n; i++) data[j * n + i] = (col[i] - mean) / sd;
  }
  const yMean = raw.target.reduce((a, v) => a + v, 0) / n;
  return { X: { rows: n, cols: p, data }, y: Float64Array.from(raw.target, (v) => v - yMean) };
}

const synthetic = (n: number, p: number): Problem => ({ name: `${n}x${p}`, load: () => friedman(n, p, 0.5, 2010) });

/** The problems of issue 7's table, smallest first. */
export const PROBLEMS: readonly Problem[] = [
  { name: 'diabetes', load: diabetes },
  synthetic(1000, 100),
  synthetic(5000, 100),
  synthetic(100, 10_000),
  synthetic(10_000, 1000),
];

/** The problems named in a comma-separated list (env var), or all of them. */
export function selectProblems(list: string | undefined): Problem[] {
  if (list === undefined || list === '') return [...PROBLEMS];
  return list.split(',').map((name) => {
    const found = PROBLEMS.find((p) => p.name === name.trim());
    if (found === undefined) throw new Error(`unknown problem "${name}"; known: ${PROBLEMS.map((p) => p.name).join(', ')}`);
    return found;
  });
}
