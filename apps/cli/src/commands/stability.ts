import { stabilityReport, type StabilityResult } from '@lassokit/core';
import { stabilitySelectionParallel } from '@lassokit/core/parallel';
import { dirname } from 'node:path';
import { action, defineCommand } from '../shared/command.js';
import { loadRows } from '../shared/dataset.js';
import { UsageError } from '../shared/errors.js';
import { addGridFlags, addModelFlags, gridFlags, numberFlag, solverFlags, type GridFlags, type ModelFlags } from '../shared/flags.js';
import { ensureWritableDir, writeAtomic } from '../shared/io.js';
import { color, note, num, print, printJson, table } from '../shared/output.js';
import { createProgress } from '../shared/progress.js';
import { stabilityChart } from '../report/charts.js';

interface StabilityFlags extends ModelFlags, GridFlags {
  pairs: number;
  threshold: number;
  pfer?: number;
  q?: number;
  seed: number;
  svg?: string;
  workers?: number;
}

export function stabilityCommand() {
  const cmd = defineCommand('stability', 'stability selection: how often each feature is kept over random half-samples, the stable set and its error bound').argument('<data>', 'CSV, svmlight (.svm, .libsvm) or Matrix Market (.mtx) file, or - for stdin');
  addGridFlags(addModelFlags(cmd))
    // Up to 10,000 (20,000 paths): Meinshausen & Bühlmann used 100 half-samples; a typo's 10^9 grew past 2 GB in 30 s.
    .option('--pairs <b>', 'complementary pairs of half-samples (2·b Lasso paths), 10 to 10000', numberFlag('--pairs', { integer: true, min: 10, max: 10_000 }), 50)
    .option('--threshold <pi>', 'selection probability a stable feature reaches, in (0.5, 1]', numberFlag('--threshold', { min: 0.5, max: 1 }), 0.75)
    .option('--pfer <v>', 'bound on the expected number of false selections; chooses q (default 1)', numberFlag('--pfer', { min: 0, open: true }))
    .option('--q <n>', 'features selected per half-sample: the first q to enter its path (instead of --pfer)', numberFlag('--q', { integer: true, min: 1 }))
    .option('--seed <s>', 'seed of the half-samples', numberFlag('--seed', { integer: true, min: 0 }), 0)
    .option('--svg <file>', 'write the stability path chart to this SVG file')
    .option('--workers <n>', 'threads fitting half-samples (default: up to one per core, started once the halves show a second of work left; 1: no threads)', numberFlag('--workers', { integer: true, min: 1 }));
  return cmd.action(
    action(cmd, async (file: string, flags: StabilityFlags) => {
      if (flags.q !== undefined && flags.pfer !== undefined) throw new UsageError('give either --q or --pfer, not both');
      if (flags.l1Ratio === 0) throw new UsageError('stability selection needs the L1 penalty to select features (ridge keeps them all): --l1-ratio must be above 0');
      if (flags.threshold === 0.5) throw new UsageError('--threshold must be above 0.5 (the error bound needs 2π − 1 > 0); got 0.5');
      if (flags.svg !== undefined) ensureWritableDir(dirname(flags.svg));
      const design = await loadRows(file, flags);
      const { weights } = design;
      const progress = createProgress('fitting half-samples');
      const result = await stabilitySelectionParallel(design.X, design.y, {
        workers: flags.workers,
        ...solverFlags(flags),
        ...gridFlags(flags),
        weights,
        pairs: flags.pairs,
        threshold: flags.threshold,
        pfer: flags.pfer,
        q: flags.q,
        seed: flags.seed,
        onProgress: progress.update,
      });
      progress.done();
      const names = design.featureNames;
      if (flags.svg !== undefined) {
        writeAtomic(flags.svg, stabilityChart(result.alphas, result.probabilities, names, result.stable, result.threshold));
      }
      if (flags.json) {
        printJson(stabilityReport(result, names));
      } else {
        print(stabilityText(result, names));
      }
      if (flags.svg !== undefined) note(`wrote ${flags.svg}`);
    }),
  );
}

/** The stable set, the bound, and every feature's selection probability (the demo report reuses it). */
export function stabilityText(r: StabilityResult, names: readonly string[]): string {
  const maxAlong = names.map((_, j) => Math.max(...r.probabilities.map((row) => row[j])));
  const rows = names
    .map((name, j) => ({ name, s: r.selection[j], m: maxAlong[j], stable: r.stable.includes(j) }))
    .sort((a, b) => b.s - a.s || b.m - a.m)
    .map((e) => [e.stable ? color.bold(e.name) : e.name, num(e.s, 3), num(e.m, 3), e.stable ? 'stable' : '']);
  const head = `${r.stable.length} stable feature${r.stable.length === 1 ? '' : 's'} at threshold π = ${r.threshold} over ${r.nSubsamples} half-samples of ${r.subsampleSize} rows (first q = ${r.q} features to enter each; ${num(r.meanSelected, 3)} on average).
Expected number of falsely selected features ≤ q² / ((2π − 1)·p) = ${num(r.errorBound, 3)} (Meinshausen & Bühlmann 2010; complementary pairs, Shah & Samworth 2013).`;
  return `${head}\n${table(['feature', 'selected (first q)', 'max along path', ''], rows)}`;
}
