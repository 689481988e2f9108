/**
 * `pnpm bench:cold`: the first `lassoPath` and the first `lassoCV` in a fresh Node process — module
 * load, WebAssembly compile and JIT warm-up included — next to warm calls in the same process, and
 * next to `Rscript` (glmnet) and `python3` (scikit-learn) doing the same from a fresh process,
 * import included. Data are generated beforehand and read from files (reading is not timed).
 * Beside them, our process again under `node --no-opt` (V8 without its optimizing compiler,
 * TurboFan): its first call is the first call less the optimizing compiles it waits on, and its
 * warm call is the steady state of code that is never optimized — how far a first call can come
 * down while JavaScript runs the solver's loop per α. The second lassoPath of a process (after
 * the first path and CV) shows how long the compiles go on. Each figure is the median of RUNS
 * fresh processes (default 3). Prints; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alphaGrid, foldIds, lassoPath } from '../dist/index.js';
import { generate } from './designs.js';
import { median } from './measure.js';
import { drop, scratchDir } from './scratch.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 3);
const SHAPES: readonly [number, number][] = [[200, 50], [442, 10], [1000, 100], [5000, 100]];

interface Times {
  import: number;
  path: number;
  cv: number;
  secondPath?: number;
  warmPath?: number;
  warmCv?: number;
}

function fresh(cmd: string, args: string[]): Times {
  const all = Array.from({ length: RUNS }, () => JSON.parse(execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as Times);
  const pick = (k: keyof Times) => median(all.map((t) => t[k] ?? NaN));
  return { import: pick('import'), path: pick('path'), cv: pick('cv'), secondPath: pick('secondPath'), warmPath: pick('warmPath'), warmCv: pick('warmCv') };
}

const missing = new Map<string, string>();

/** A peer's times, or — where it cannot run here (its interpreter or library is missing) — none, said once below the table. */
function peer(name: string, install: string, cmd: string, args: string[]): Times {
  try {
    return fresh(cmd, args);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? `${cmd} not found` : `${cmd} failed: ${String((e as { stderr?: string }).stderr ?? (e as Error).message).trim().split('\n').at(-1)}`;
    missing.set(name, `${name}: not measured (${why}; apt-get install -y ${install})`);
    return { import: NaN, path: NaN, cv: NaN };
  }
}

const ms = (s: number | undefined) => (s === undefined || Number.isNaN(s) ? '—' : `${(1000 * s).toFixed(1)}`).padStart(7);
console.log(`first calls in a fresh process (median of ${RUNS} processes), milliseconds; lassoPath / lasso_path / glmnet with 100 alphas (eps 1e-3), 10-fold CV on the same grid`);
console.log(`${'shape'.padEnd(10)} | lassokit: import  1st path  1st cv 2nd path warm path  warm cv  1st/warm | --no-opt: 1st path warm path | glmnet: library  1st path  1st cv | sklearn: import  1st path  1st cv`);
for (const [n, p] of SHAPES) {
  const dir = scratchDir('lassokit-cold-');
  const { X, y } = generate(n, p, { kind: 'equi', rho: 0.5 }, 'dense', 7);
  const grid = alphaGrid(lassoPath(X, y, { fitIntercept: false, standardize: false, nAlphas: 1 }).alphaMax, 100, 1e-3);
  writeFileSync(join(dir, 'X.bin'), X.data);
  writeFileSync(join(dir, 'y.bin'), y);
  writeFileSync(join(dir, 'alphas.bin'), grid);
  writeFileSync(join(dir, 'folds.bin'), foldIds(n, 10, 1));
  const args = [dir, String(n), String(p)];
  const ours = fresh(process.execPath, [join(here, 'cold/lassokit_cold.mjs'), ...args]);
  // The same without V8's optimizing compiler (TurboFan): what a first call costs besides its
  // compiles, and the steady state of code that is never optimized.
  const plain = fresh(process.execPath, ['--no-opt', join(here, 'cold/lassokit_cold.mjs'), ...args]);
  const glm = peer('glmnet', 'r-cran-glmnet r-cran-jsonlite', 'Rscript', [join(here, 'cold/glmnet_cold.R'), ...args]);
  const sk = peer('scikit-learn', 'python3-sklearn', '/usr/bin/python3', [join(here, 'cold/sklearn_cold.py'), ...args]);
  console.log(
    `${`${n}×${p}`.padEnd(10)} | ${ms(ours.import)} ${ms(ours.path)} ${ms(ours.cv)} ${ms(ours.secondPath)} ${ms(ours.warmPath)} ${ms(ours.warmCv)}  ${(ours.path / (ours.warmPath as number)).toFixed(1).padStart(5)}× |          ${ms(plain.path)} ${ms(plain.warmPath)} | ${ms(glm.import)} ${ms(glm.path)} ${ms(glm.cv)} | ${ms(sk.import)} ${ms(sk.path)} ${ms(sk.cv)}`,
  );
  drop(dir);
}
for (const line of missing.values()) console.log(line);
