import { DEFAULTS, LassoKitError, elasticNetCV, enetPath, fromModelJSON, stabilitySelection, stabilityReport, type CscMatrix, type DenseMatrix, type ModelJSON } from '@lassokit/core';
import { DataError, buildDesign, designWeights, foldsShortfall, loadAutoMpg, readSvmlight, trainModel, trainSparse, withFix, type Design, type FixWords, type SparseData } from '@lassokit/data';
import type { z } from '@hono/zod-openapi';
import type { JobLimits } from '../config.js';
import { ApiError, invalidRequest, locationDetails } from '../errors.js';
import { presentModel } from '../routes/models/present.js';
import { CvBodySchema, FitBodySchema, PathBodySchema, PredictBodySchema, StabilityBodySchema } from '../schemas.js';
import { NonFiniteResultError, stringifyFinite, summaryColumns, type ModelRow } from '../store/modelRow.js';
import { predictRows } from './predictRows.js';
import { fitFromSource } from './sourceFit.js';
import { LimitError, tableFromBody } from './tableFromBody.js';

/**
 * A job for a fit worker. Request bodies travel as raw bytes: parsing and validating them is
 * part of the job, so a large body costs the event loop only the copy of its bytes.
 */
export type Job =
  | { readonly kind: 'fit'; readonly body: ArrayBuffer; readonly id: string; readonly createdAt: string }
  | { readonly kind: 'path'; readonly body: ArrayBuffer }
  | { readonly kind: 'cv'; readonly body: ArrayBuffer }
  | { readonly kind: 'stability'; readonly body: ArrayBuffer }
  | { readonly kind: 'predict'; readonly body: ArrayBuffer; readonly model: { readonly key: string; readonly json: string } }
  | { readonly kind: 'builtin-auto-mpg' };

/** A failed job as the response it becomes (status, code, message, details); `internal` is logged, never sent. */
export interface JobFailure {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
  readonly internal?: string;
}

/**
 * A job's outcome, structured so it crosses a worker boundary intact: the response body as JSON
 * text, and for fits the row to store.
 */
export type JobResult = { readonly ok: true; readonly body: string; readonly row?: ModelRow } | { readonly ok: false; readonly error: JobFailure };

/** Runs one job to completion (in a worker thread in the server; directly in tests). */
export async function runJob(job: Job, limits: JobLimits): Promise<JobResult> {
  try {
    return { ok: true, ...(await execute(job, limits)) };
  } catch (e) {
    return { ok: false, error: toFailure(e) };
  }
}

async function execute(job: Job, limits: JobLimits): Promise<{ body: string; row?: ModelRow }> {
  const started = performance.now();
  switch (job.kind) {
    case 'builtin-auto-mpg':
      return { body: stringifyFinite(trainModel(loadAutoMpg(), { cv: { nFolds: 10, seed: 0 }, source: 'auto-mpg.data (bundled)', name: 'Auto-MPG (built in)', intervals: 'cv+' }).model) };
    case 'fit': {
      const spec = validated(FitBodySchema, job.body);
      const cv = { nFolds: spec.cv?.folds, seed: spec.cv?.seed, select: spec.cv?.select };
      // Folds are used for choosing alpha, and for CV+ interval data also with a given alpha.
      const checkRows = (rows: number) => {
        if (spec.alpha === undefined) checkFolds(rows, cv.nFolds ?? DEFAULTS.nFolds, 'cv.folds', (max) => `give cv.folds ≤ ${max}, or give alpha to fit without cross-validation`);
        else if (spec.intervals === 'cv+') checkFolds(rows, DEFAULTS.nFolds, 'cv.folds', (max) => `CV+ interval data with alpha use ${DEFAULTS.nFolds} folds; drop alpha and give cv.folds ≤ ${max}, or use intervals: 'split'`);
      };
      let model: ModelJSON;
      if (spec.source !== undefined) {
        model = await fitFromSource(spec, limits).catch((e: unknown) => {
          throw withFix(e, { target: spec.target }, sourceWords(spec));
        });
      } else {
        // In memory, from a sparse body or rows: the same options, the CV paced (see `paced`).
        const train = { ...common(spec), alpha: spec.alpha, cv, source: 'request body', name: spec.name, intervals: spec.intervals, relax: spec.relax, maxRefitFeatures: spec.maxRefitFeatures, onProgress: paced(limits, started, CV, spec.relax === true ? RELAX_FIX : FIT_FIX) };
        if ('svmlight' in (spec.data as object)) {
          const sparse = sparseOf(spec.data as { svmlight: string }, limits);
          checkRows(sparse.X.rows);
          model = trainSparse(sparse, { ...train, target: 'label' }).model;
        } else {
          const { design, weights } = designOf({ ...spec, data: spec.data as DataSpec['data'] }, limits);
          checkRows(design.X.rows);
          model = trainModel(design, { ...train, weights }).model;
        }
      }
      const json = stringifyFinite(model);
      const bytes = Buffer.byteLength(json);
      if (bytes > limits.maxModelBytes) {
        throw new ApiError(413, 'MODEL_TOO_LARGE', `the fitted model is ${bytes} bytes of JSON; the limit is ${limits.maxModelBytes} (LASSOKIT_MAX_MODEL_BYTES); fit fewer features`);
      }
      const row: ModelRow = { id: job.id, name: spec.name ?? null, created_at: job.createdAt, builtin: 0, model_json: json, ...summaryColumns(model, json) };
      const body = stringifyFinite(presentModel({ id: row.id, name: row.name, createdAt: row.created_at, builtin: false, model }));
      return { body, row };
    }
    case 'path': {
      const spec = validated(PathBodySchema, job.body);
      const { X, y, featureNames, weights } = rowsOf(spec, limits);
      const path = enetPath(X, y, { ...common(spec), ...grid(spec), weights });
      return {
        body: stringifyFinite({ featureNames, alphas: Array.from(path.alphas), coef: path.coef.map((c) => Array.from(c)), intercept: Array.from(path.intercept), df: Array.from(path.df), alphaMax: path.alphaMax, converged: path.converged }),
      };
    }
    case 'cv': {
      const spec = validated(CvBodySchema, job.body);
      const { X, y, featureNames, weights } = rowsOf(spec, limits);
      checkFolds(X.rows, spec.folds ?? DEFAULTS.nFolds, 'folds', (max) => `give folds ≤ ${max}`);
      const base = common(spec);
      const cv = elasticNetCV(X, y, { ...base, ...grid(spec), weights, l1Ratios: spec.l1Ratios ? [...spec.l1Ratios] : [base.l1Ratio], nFolds: spec.folds, seed: spec.seed, loss: spec.loss, onProgress: paced(limits, started, CV, CV_FIX) });
      return {
        body: stringifyFinite({
          featureNames,
          l1Ratio: cv.l1Ratio,
          alphas: Array.from(cv.alphas),
          cvMean: Array.from(cv.cvMean),
          cvSe: Array.from(cv.cvSe),
          alphaMin: cv.alphaMin,
          alpha1se: cv.alpha1se,
          loss: cv.loss,
          nFolds: cv.nFolds,
          df: Array.from(cv.path.df),
          converged: cv.path.converged,
          foldConverged: cv.foldConverged.map((fold) => Array.from(fold, (ok) => ok === 1)),
        }),
      };
    }
    case 'stability': {
      const spec = validated(StabilityBodySchema, job.body);
      const { X, y, featureNames, weights } = rowsOf(spec, limits);
      const s = stabilitySelection(X, y, { ...common(spec), weights, pairs: spec.pairs, threshold: spec.threshold, pfer: spec.pfer, q: spec.q, seed: spec.seed, nAlphas: spec.nAlphas, onProgress: paced(limits, started, STABILITY, STABILITY_FIX) });
      return { body: stringifyFinite(stabilityReport(s, featureNames)) };
    }
    case 'predict': {
      const json = readJson(job.body);
      const rows = predictBodyRows(json, limits.maxPredictRows);
      return { body: stringifyFinite(predictRows(cachedModel(job.model), rows, predictOptions(json))) };
    }
  }
}

/**
 * A progress callback for work of many paths (a cross-validation, a stability selection) that
 * gives up once its own pace says the job cannot finish within the fit limit: after each path
 * from the second on, the job's time so far plus the last path's time for each path left. Past
 * PACE_MARGIN × the limit it answers 504 FIT_TIMEOUT then, naming the estimate and what to change,
 * rather than at the limit — the worker freed for other requests. (The largest svmlight body the
 * API takes, 80,000 × 50,000: its CV's paths took ~20 s each, eleven against a 60 s limit; the
 * request held a worker for the whole minute.) The first path is not a pace: it carries the
 * work's one-time costs — a stability selection of a 218,000-row one-hot body took 2.5 s to its
 * first half-sample path and ~0.1 s for each after — and the paths after it only get faster as
 * the code warms, so the last one is the estimate's unit. `now` is the clock (tests give their own).
 */
export function paced(limits: Pick<JobLimits, 'fitTimeoutMs'>, started: number, work: { readonly name: string; readonly paths: string }, fix: string, now: () => number = () => performance.now()): (done: number, total: number) => void {
  let last = Number.NaN;
  return (done, total) => {
    const t = now();
    const pathTime = t - last;
    last = t;
    if (done < 2 || done >= total) return;
    const estimate = t - started + pathTime * (total - done);
    if (estimate <= PACE_MARGIN * limits.fitTimeoutMs) return;
    throw new ApiError(
      504,
      'FIT_TIMEOUT',
      `the ${work.name} would take about ${seconds(estimate)} s (${done} of its ${total} ${work.paths} done, the last in ${seconds(pathTime)} s), past the ${limits.fitTimeoutMs} ms limit (LASSOKIT_FIT_TIMEOUT_MS); stopped early: ${fix}`,
      { estimateMs: Math.round(estimate), limitMs: limits.fitTimeoutMs, pathsDone: done, paths: total },
    );
  };
}

/** What a paced CV's 504 suggests: a fit's body has cv.folds and alpha (not with relax); a CV's, nAlphas and folds. */
const FIT_FIX = 'give fewer cv.folds, or alpha to fit without cross-validation';
const RELAX_FIX = 'give fewer cv.folds or a maxRefitFeatures (refit only narrower supports), or leave relax out and give alpha';
const CV_FIX = 'give fewer alphas (nAlphas) or folds';
const STABILITY_FIX = 'give fewer pairs or alphas (nAlphas)';
export const CV = { name: 'cross-validation', paths: 'paths' };
export const STABILITY = { name: 'stability selection', paths: 'half-sample paths' };

/** How far past the limit a paced estimate may run before the work stops (see `paced`). */
const PACE_MARGIN = 1.25;

function seconds(ms: number): string {
  return (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);
}

/** What to model: the fields every data-carrying request shares. */
type DataSpec = z.infer<typeof PathBodySchema>;

/** The α grid a path or cv request asks for (automatic unless alphas are given). */
function grid(spec: { readonly nAlphas?: number; readonly eps?: number; readonly alphas?: readonly number[] }) {
  return { nAlphas: spec.nAlphas, eps: spec.eps, alphas: spec.alphas ? [...spec.alphas] : undefined };
}

function common(spec: Pick<DataSpec, 'l1Ratio' | 'fitIntercept' | 'standardize' | 'positive'>) {
  // A Lasso unless told otherwise; the rest from core's one DEFAULTS.
  return { l1Ratio: spec.l1Ratio ?? 1, fitIntercept: spec.fitIntercept ?? DEFAULTS.fitIntercept, standardize: spec.standardize ?? DEFAULTS.standardize, positive: spec.positive ?? DEFAULTS.positive };
}

/** The rows of a data-carrying request (and their weights): a table or CSV through its design, or svmlight text as a sparse design. */
function rowsOf(spec: DataSpec, limits: JobLimits): { X: DenseMatrix | CscMatrix; y: Float64Array; featureNames: readonly string[]; weights?: Float64Array } {
  if ('svmlight' in spec.data) return sparseOf(spec.data, limits);
  const { design, weights } = designOf(spec, limits);
  return { ...design, weights };
}

/**
 * svmlight text as a sparse design, never densified: its nonzeros count against LASSOKIT_MAX_CELLS
 * (the cells a dense body could send) and its largest index against LASSOKIT_MAX_FEATURES.
 */
function sparseOf(data: { svmlight: string; zeroBased?: boolean }, limits: JobLimits): SparseData {
  try {
    return readSvmlight(data.svmlight, { source: 'svmlight', zeroBased: data.zeroBased ?? false, maxNonzeros: limits.maxCells, maxFeatures: limits.maxFeatures });
  } catch (e) {
    if (e instanceof DataError && e.code === 'DESIGN_TOO_LARGE') {
      throw new ApiError(413, e.code, `${e.message} (${e.details?.maxNonzeros !== undefined ? 'LASSOKIT_MAX_CELLS' : 'LASSOKIT_MAX_FEATURES'})`, locationDetails(e.location));
    }
    throw withFix(e, {}, fieldWords({}));
  }
}

/** A table or CSV body through its design, with the weights of the rows it kept (when asked for). */
function designOf(spec: DataSpec, limits: JobLimits): { design: Design<DenseMatrix | CscMatrix>; weights?: Float64Array } {
  if ('svmlight' in spec.data) throw new ApiError(400, 'INVALID_REQUEST', 'svmlight data are read by rowsOf');
  const table = tableFromBody(spec.data, limits.maxCells);
  try {
    const design = buildDesign(table, {
      target: spec.target as string,
      features: spec.features,
      exclude: spec.exclude,
      weights: spec.weights,
      categorical: spec.categorical,
      missing: spec.missing,
      na: spec.na,
      decimal: spec.decimal,
      maxLevels: limits.maxLevels,
      maxFeatures: limits.maxFeatures,
      maxCells: limits.maxDesignCells,
    });
    return { design, weights: spec.weights === undefined ? undefined : designWeights(table, design, spec.weights) };
  } catch (e) {
    if (e instanceof DataError && e.code === 'DESIGN_TOO_LARGE') {
      const over = (e.details?.columns as number) > limits.maxFeatures ? 'LASSOKIT_MAX_FEATURES' : 'LASSOKIT_MAX_DESIGN_CELLS';
      throw new ApiError(413, e.code, `${e.message} (${over})`, e.details);
    }
    if (e instanceof DataError && e.code === 'TOO_MANY_LEVELS') throw new ApiError(413, e.code, `${e.message} (LASSOKIT_MAX_LEVELS)`, locationDetails(e.location));
    throw withFix(e, { target: spec.target }, fieldWords(spec));
  }
}

/** How a column is left out of the features: out of the "features" list where one was given, else with "exclude". */
function leaveOut(column: string, spec: { readonly features?: readonly string[] }): string {
  return spec.features === undefined ? `leave it out with "exclude": [${JSON.stringify(column)}]` : 'leave it out of "features"';
}

/** Each fix of a request table's data error in the API's words, for the fields given: the request field that does it. */
function fieldWords(spec: { readonly features?: readonly string[] }): FixWords {
  return {
    categorical: (column) => `if ${JSON.stringify(column)} is text (a category, a name), list it in "categorical" or ${leaveOut(column, spec)}`,
    missingMark: (mark) => `if ${JSON.stringify(mark)} marks a missing value, send "na": [${JSON.stringify(mark)}] (and "missing": "drop", "mean" or "median")`,
    missingPolicy: '(choose a policy: "missing": "drop", "mean" or "median")',
    dropMissingTarget: 'set "missing": "drop" (rows without a target cannot be used)',
    numericTarget: (column) => `${JSON.stringify(column)} is the target and must be numbers: send a numeric column as "target"`,
    date: (column) => `if ${JSON.stringify(column)} holds dates or times, ${leaveOut(column, spec)} (a date is not a number: to use it, send a number made from it, such as the year or the days since a start)`,
    formattedNumber: (plain, marks) => `${marks} in a number: send it plainly (${plain})`,
    decimalComma: (plain) => `if the numbers are written with a decimal comma (${plain}), send "decimal": ","`,
    zeroBased: '(indices start at 1; send "zeroBased": true beside "svmlight" if the text counts from 0)',
  };
}

/** The same for server-side data (`source`), which the request does not carry: the fix is in the source. */
function sourceWords(spec: { readonly features?: readonly string[] }): FixWords {
  return {
    ...fieldWords(spec),
    missingMark: (mark) => `if ${JSON.stringify(mark)} marks a missing value, send "na": [${JSON.stringify(mark)}] for a CSV file (and "missing": "drop", "mean" or "median"); a table turns it into NULL in a view (NULLIF(column, '${mark.replaceAll("'", "''")}'))`,
    formattedNumber: (plain, marks) => `${marks} in a number: write it plainly in the source (${plain})`,
    decimalComma: (plain) => `if the numbers are written with a decimal comma (${plain}), send "decimal": "," for a CSV file`,
  };
}

/**
 * The rows of a predict body, validated by its schema but taken from the parsed JSON itself:
 * a validator that copies records into `{}` would turn a `__proto__` key into a prototype.
 */
export function predictBodyRows(json: unknown, maxRows: number): PredictInput {
  const parsed = PredictBodySchema.safeParse(json);
  if (!parsed.success) throw invalidRequest(parsed.error.issues);
  const body = json as { rows?: Record<string, unknown>[]; svmlight?: string };
  if (body.svmlight !== undefined) {
    const lines = body.svmlight.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#')).length;
    if (lines > maxRows) throw new ApiError(413, 'TOO_MANY_ROWS', `${lines} rows in one request; the limit is ${maxRows} (LASSOKIT_MAX_PREDICT_ROWS)`);
    return { svmlight: body.svmlight };
  }
  const rows = body.rows as Record<string, unknown>[];
  if (rows.length > maxRows) throw new ApiError(413, 'TOO_MANY_ROWS', `${rows.length} rows in one request; the limit is ${maxRows} (LASSOKIT_MAX_PREDICT_ROWS)`);
  return rows;
}

/** The rows of a predict request: raw records (tables, CSV models) or svmlight text (sparse models). */
export type PredictInput = readonly Record<string, unknown>[] | { readonly svmlight: string };

/** The interval level and skipMissing of a predict body already validated by its schema. */
export function predictOptions(json: unknown): { interval?: number; skipMissing: boolean } {
  const body = json as { interval?: number; skipMissing?: boolean };
  return { interval: body.interval, skipMissing: body.skipMissing === true };
}

/** Parses JSON bytes; not JSON is 400 MALFORMED_JSON. */
export function readJson(body: ArrayBuffer): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new ApiError(400, 'MALFORMED_JSON', 'the request body is not valid JSON');
  }
}

function validated<S extends z.ZodType>(schema: S, body: ArrayBuffer): z.infer<S> {
  const parsed = schema.safeParse(readJson(body));
  if (!parsed.success) throw invalidRequest(parsed.error.issues);
  return parsed.data;
}

/** Parsed models in this worker, by id and version; a few large models at most. */
const models = new Map<string, ModelJSON>();

function cachedModel({ key, json }: { key: string; json: string }): ModelJSON {
  let model = models.get(key);
  if (model === undefined) {
    model = fromModelJSON(json);
    if (models.size >= 8) models.delete(models.keys().next().value as string);
    models.set(key, model);
  }
  return model;
}

/**
 * Refuses k-fold cross-validation on fewer rows than folds in the request's own terms (the
 * library's error names its parameter, `nFolds`, which is not a field of any request).
 */
function checkFolds(rows: number, folds: number, field: string, fix: (maxFolds: number) => string): void {
  const message = foldsShortfall(rows, folds, fix);
  if (message !== null) throw new ApiError(422, 'INVALID_PARAMETER', message, { field, rows, folds });
}

/** Any thrown error as the response it becomes. */
function toFailure(e: unknown): JobFailure {
  if (e instanceof ApiError) return { status: e.status, code: e.code, message: e.message, details: e.details };
  if (e instanceof LimitError) return { status: 413, code: 'TOO_LARGE', message: e.message };
  if (e instanceof NonFiniteResultError) return { status: 422, code: 'NON_FINITE', message: e.message };
  if (e instanceof DataError) {
    const details = { ...locationDetails(e.location), ...e.details };
    return { status: 422, code: e.code, message: e.message, ...(Object.keys(details).length > 0 ? { details } : {}) };
  }
  if (e instanceof LassoKitError) {
    // Engines reading a server-side source: their time limit, memory and reachability.
    if (e.code === 'TIMEOUT') return { status: 504, code: e.code, message: e.message };
    if (e.code === 'ENGINE_ERROR' && /Out of Memory/i.test(e.message)) return { status: 413, code: 'OUT_OF_MEMORY', message: `${e.message.replace(/ \(raise the memory limit.*$/, '')} (LASSOKIT_DUCKDB_MEMORY)` };
    if (e.code === 'ENGINE_ERROR' && e.details?.unreachable === true) return { status: 502, code: e.code, message: e.message };
    // DuckDB's sandbox (a glob matching a symlink that leads out of the data directory).
    if (e.code === 'ENGINE_ERROR' && /Permission Error/.test(e.message)) return { status: 400, code: 'INVALID_SOURCE', message: `source.path leads out of the data directory (${e.message})` };
    // A row the engine could not read: its file and line.
    if (e.code === 'ENGINE_ERROR' && e.details?.line !== undefined) return { status: 422, code: e.code, message: e.message, details: { file: e.details.file, line: e.details.line } };
    return { status: 422, code: e.code, message: e.message };
  }
  return { status: 500, code: 'INTERNAL', message: 'the job failed unexpectedly', internal: e instanceof Error ? (e.stack ?? e.message) : String(e) };
}
