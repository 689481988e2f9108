import { expect } from 'vitest';
import { createRng, elasticNetCV, elasticNetCVFromStats, predict, sufficientStats, toDenseMatrix, type CscMatrix, type DenseMatrix, type FoldedStats, type ModelJSON, type SufficientStats } from '@lassokit/core';
import { expectClose } from '@lassokit/testing';
import { DataError, applyRecipe, buildDesign, parseTable, type DesignSpec, type Recipe } from '@lassokit/data';
import { statsFromSource, trainFromSource, type Runner, type SourceCalibration, type SourceSpec } from '../src/index.js';

/** The design both engines' tests fit: numeric features, a text and a numeric categorical column, folds from a column. */
export const spec = { target: 'y', features: ['a', 'b', 'c', 'd', 'city', 'cyl'], categorical: ['city', 'cyl'], fold: { column: 'fold' } } as const;

/** 400 rows: four numeric features (means far from zero), a text and a numeric categorical column, a fold column. */
export function csvText(withMissing = false): string {
  const rand = createRng(3);
  const lines = ['y,a,b,c,d,city,cyl,fold'];
  for (let i = 0; i < 400; i++) {
    const a = 1e4 + rand() * 3;
    const b = rand() - 0.5;
    const c = 50 * (rand() - 0.5) + 0.3 * b;
    const d = rand();
    const city = ['paris', 'oslo', "l'aquila", 'rome'][i % 4];
    const cyl = [4, 6, 8][i % 3];
    const y = 2 * (a - 1e4) - 3 * b + 0.05 * c + (city === 'oslo' ? 1 : 0) - 0.2 * cyl + 0.5 * (rand() - 0.5);
    const miss = withMissing && i % 37 === 5;
    lines.push([y, miss ? '' : a, b, c, d, city, cyl, i % 5].join(','));
  }
  return `${lines.join('\n')}\n`;
}


/**
 * `csvText` with a weights column `w` (over two decades, every 13th row 0): the rows and their
 * weights as a weighted fit reads them.
 */
export function weightedCsvText(withMissing = false): string {
  const rand = createRng(5);
  const [header, ...rows] = csvText(withMissing).trimEnd().split('\n');
  return `${[`${header},w`, ...rows.map((r, i) => `${r},${i % 13 === 0 ? 0 : (10 ** (2 * rand() - 1)).toPrecision(6)}`)].join('\n')}\n`;
}

/** The weights of `weightedCsvText` for the rows a design kept. */
export function weightsOf(text: string, lines: readonly number[]): Float64Array {
  const table = parseTable(text, { source: 'source' });
  const j = table.columns.indexOf('w');
  const rowOfLine = new Map(table.lines.map((line, i) => [line, i]));
  return Float64Array.from(lines, (line) => Number(table.rows[rowOfLine.get(line) as number][j]));
}

/** The in-memory design and CV with the same folds (the spec's missing-value policy and steps as given). */
export function inMemory(text: string, missing: DesignSpec['missing'] = 'error', steps: Pick<DesignSpec, 'log' | 'clip' | 'reference'> = {}) {
  const table = parseTable(text, { source: 'source' });
  const design = buildDesign(table, { ...spec, ...steps, missing });
  const foldOf = table.columns.indexOf('fold');
  const rowOfLine = new Map(table.lines.map((line, i) => [line, i]));
  const foldIds = design.lines.map((line) => Number(table.rows[rowOfLine.get(line) as number][foldOf]));
  return { design, foldIds };
}


/** A wide design (for the block and stream strategies): `p` numeric features with means far from 0, folds from a column. */
export function wideCsv(n: number, p: number): string {
  const rand = createRng(11);
  const header = ['y', ...Array.from({ length: p }, (_, j) => `x${j}`), 'fold'];
  const lines = [header.join(',')];
  for (let i = 0; i < n; i++) {
    const common = rand() - 0.5;
    const x = Array.from({ length: p }, (_, j) => 100 * (j + 1) + common + rand() - 0.5);
    const y = x[0] - 2 * x[p - 1] + 0.1 * rand();
    lines.push([y, ...x, i % 4].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The engine's statistics equal a two-pass float64 computation on the in-memory design, fold by fold. */
/** A design from `buildDesign` (dense or CSC), as the tests compare it. */
type AnyDesign = { X: DenseMatrix | CscMatrix; y: Float64Array };

export function expectSameStats(engine: SufficientStats | FoldedStats, design: AnyDesign, foldIds: readonly number[], weights?: Float64Array): void {
  const direct = sufficientStats(toDenseMatrix(design.X), design.y, { foldIds, weights });
  // A loop, not a spread: a wide Gram has 10⁵+ entries, past the call stack's argument limit.
  const maxAbs = (a: ArrayLike<number>) => {
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
    return m;
  };
  const scale = maxAbs(direct.xtx);
  expect(engine.n).toBe(direct.n);
  expect(Math.abs(engine.sumW - direct.sumW) / direct.sumW).toBeLessThan(1e-13);
  expect(Math.abs(engine.yty - direct.yty) / direct.yty).toBeLessThan(1e-12);
  expectClose(engine.xtx, direct.xtx, { atol: 1e-12 * scale });
  expectClose(engine.xty, direct.xty, { atol: 1e-12 * maxAbs(direct.xty) });
  expectClose(engine.xMean, direct.xMean, { rtol: 1e-14 });
  expect('folds' in engine && engine.folds.length).toBe(direct.folds.length);
  (engine as FoldedStats).folds.forEach((f, k) => expectClose(f.xtx, direct.folds[k].xtx, { atol: 1e-12 * scale }));
}

/** The in-memory design of `wideCsv` text, with its folds. */
export function inMemoryWide(text: string) {
  const table = parseTable(text, { source: 'source' });
  const features = table.columns.filter((c) => c !== 'y' && c !== 'fold');
  const design = buildDesign(table, { target: 'y', features });
  const foldOf = table.columns.indexOf('fold');
  return { design, features, foldIds: table.rows.map((r) => Number(r[foldOf])) };
}

/**
 * The elastic-net objective a model reaches on the in-memory design (standardized penalty, as the
 * fits use by default), with weights normalized to sum 1 (all equal when absent):
 * ½·Σw·residual² + α·(l1·Σ|s_j·β_j| + ½(1 − l1)·Σ(s_j·β_j)²), s_j the weighted 1/n standard deviation.
 */
export function objective(design: AnyDesign, model: { coef: ArrayLike<number>; intercept: number; alpha: number; l1Ratio: number }, weights?: Float64Array): number {
  const { rows: n, cols: p, data } = toDenseMatrix(design.X);
  const total = weights === undefined ? n : weights.reduce((a, v) => a + v, 0);
  const w = (i: number) => (weights === undefined ? 1 : weights[i]) / total;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let r = design.y[i] - model.intercept;
    for (let j = 0; j < p; j++) r -= data[j * n + i] * model.coef[j];
    loss += w(i) * r * r;
  }
  let l1 = 0;
  let l2 = 0;
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += w(i) * data[j * n + i];
    let v = 0;
    for (let i = 0; i < n; i++) v += w(i) * (data[j * n + i] - mean) ** 2;
    const b = Math.sqrt(v) * model.coef[j];
    l1 += Math.abs(b);
    l2 += b * b;
  }
  return loss / 2 + model.alpha * (model.l1Ratio * l1 + 0.5 * (1 - model.l1Ratio) * l2);
}

/**
 * The engine's statistics give the in-memory CV: the same statistics, grid, curve (1e-7), selected
 * indices, and a selected model that reaches the in-memory one's objective to 1e-10 relative.
 */
export function expectSameCv(engine: SufficientStats | FoldedStats, design: AnyDesign, foldIds: readonly number[], weights?: Float64Array): void {
  expectSameStats(engine, design, foldIds, weights);
  const opts = { l1Ratios: [1], tol: 1e-12, maxIter: 100_000, nAlphas: 40 };
  const rows = elasticNetCV(design.X, design.y, { ...opts, foldIds, weights });
  const fromStats = elasticNetCVFromStats(engine as FoldedStats, opts);
  expectClose(fromStats.alphas, rows.alphas, { rtol: 1e-12 });
  expectClose(fromStats.cvMean, rows.cvMean, { rtol: 1e-7 });
  expect([fromStats.indexMin, fromStats.index1se]).toEqual([rows.indexMin, rows.index1se]);
  const [a, b] = [objective(design, { ...fromStats.model, alpha: fromStats.alphaMin, l1Ratio: 1 }, weights), objective(design, { ...rows.model, alpha: rows.alphaMin, l1Ratio: 1 }, weights)];
  expect(Math.abs(a - b) / b).toBeLessThan(1e-10);
}

/** How a refusal of an infinite value ends (see statsFromSource's refuseUnusable). */
export const INFINITE = /holds an infinite value \("inf", "Infinity" or a number beyond ±1\.8e308\), not a usable number$/;
/** How a refusal of values whose squares overflow reads, for a column. */
export const overflowsIn = (column: string) => new RegExp(`^source: column "${column}": holds values beyond ±1e\\+154 whose squares overflow a double; rescale the column$`);

/** Statistics of y on the other columns of `from` are refused with a DataError whose message matches. */
export async function expectUnusable(runner: Runner, from: string, extra: Partial<Parameters<typeof statsFromSource>[2]>, message: RegExp): Promise<void> {
  const e = await statsFromSource(runner, from, { target: 'y', ...extra }).catch((err: unknown) => err);
  expect(e, String(e)).toBeInstanceOf(DataError);
  expect((e as DataError).message).toMatch(message);
}

/** A side of a source's calibration split, read back from the engine and transformed in memory by the model's recipe. */
export interface SplitSide {
  readonly X: DenseMatrix;
  readonly y: Float64Array;
  /** The weights (all 1 without a weights column). */
  readonly w: Float64Array;
  /** Each row's fold (the `foldSql` given, else 0). */
  readonly folds: number[];
}

/**
 * The rows a source held back for calibration and those left to fit, read back from the engine by
 * the calibration's own hash (`SELECT *`), and transformed in memory by the model's recipe
 * (`applyRecipe`, not the recipe's SQL): what the engine's split statistics and residuals are
 * checked against.
 */
export async function calibrationSides(runner: Runner, cal: SourceCalibration, model: ModelJSON, foldSql?: string): Promise<{ fit: SplitSide; held: SplitSide }> {
  const { design } = cal;
  const where = design.where.length > 0 ? ` WHERE ${design.where.join(' AND ')}` : '';
  const rows = await runner.query(`SELECT *, CASE WHEN ${design.hash} % ${design.buckets} = 0 THEN 1 ELSE 0 END AS held_back, ${design.weight ?? '1'} AS weight_of_row, ${foldSql ?? '0'} AS fold_of_row FROM ${design.from}${where}`);
  const records = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
  const side = (held: boolean): SplitSide => {
    const part = records.filter((r) => Number(r.held_back) === (held ? 1 : 0));
    const recipe = model.preprocessing.recipe as Recipe;
    const { X } = applyRecipe(recipe, part);
    return { X, y: Float64Array.from(part, (r) => Number(r[recipe.target as string])), w: Float64Array.from(part, (r) => Number(r.weight_of_row)), folds: part.map((r) => Number(r.fold_of_row)) };
  };
  return { fit: side(false), held: side(true) };
}

/** |y − ŷ| of a model on rows of positive weight, sorted increasingly (split conformal's residuals, computed in memory). */
export function residualsOf(model: { coef: ArrayLike<number>; intercept: number }, side: SplitSide): number[] {
  const fitted = predict(model, side.X);
  return Array.from(side.y, (y, i) => (side.w[i] > 0 ? Math.abs(y - fitted[i]) : -1)).filter((r) => r >= 0).sort((a, b) => a - b);
}

/**
 * Split intervals trained from a source, against the same split in memory: the rows held back and
 * left (read back by the calibration's own hash), the refit on the rest (`elasticNetCV` over the
 * same folds, weighted as the source is; 1e-4, as the CV tests) and its residuals on every
 * held-back row of positive weight (`predict`; 1e-9). Returns the model, the source and both sides.
 */
export async function expectSameSplit(runner: Runner, from: string, spec: SourceSpec, foldSql: string) {
  const { model, source } = await trainFromSource(runner, from, spec, { intervals: 'split' });
  const cal = source.calibration;
  if (cal === undefined || model.intervals === undefined) throw new Error('no calibration');
  const { fit, held } = await calibrationSides(runner, cal, model, foldSql);
  expect([cal.rows, cal.stats.n]).toEqual([held.y.length, fit.y.length]);
  const [proper] = model.intervals.models;
  const rows = elasticNetCV(fit.X, fit.y, { l1Ratios: [1], foldIds: fit.folds, weights: spec.weights === undefined ? undefined : fit.w });
  expectClose(proper.coef, rows.model.coef, { rtol: 1e-4, atol: 1e-6 });
  expectClose(proper.intercept, rows.model.intercept, { rtol: 1e-6 });
  expectClose(proper.residuals, residualsOf(proper, held), { rtol: 1e-9, atol: 1e-9 });
  return { model, source, cal, proper, fit, held };
}
