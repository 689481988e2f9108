import { LassoKitError, describeValue } from '../errors.js';
import { INTERVAL_VERSION } from '../intervals/IntervalModel.js';
import { MODEL_FORMAT, MODEL_SCHEMA_VERSION, type ModelJSON } from './ModelJSON.js';

/**
 * Parses and validates a model file (a JSON string or an already-parsed object). Every
 * problem is an `INVALID_MODEL` error naming the field: not JSON, not a lassokit model,
 * a newer schema than this library reads, wrong lengths, non-finite numbers.
 *
 * Cost: O(p).
 *
 * @example
 * const model = fromModelJSON(readFileSync('model.json', 'utf8'));
 * predict(model, [[3, 1.2]]);
 */
export function fromModelJSON(input: string | unknown): ModelJSON {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      throw invalid(`model is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalid(`model must be a JSON object; got ${describeValue(doc)}`);
  const m = doc as Record<string, unknown>;
  if (m.format !== MODEL_FORMAT) throw invalid(`model.format must be "${MODEL_FORMAT}"; got ${describeValue(m.format)}`);
  if (!Number.isInteger(m.schemaVersion) || (m.schemaVersion as number) < 1) {
    throw invalid(`model.schemaVersion must be a positive integer; got ${describeValue(m.schemaVersion)}`);
  }
  if ((m.schemaVersion as number) > MODEL_SCHEMA_VERSION) {
    const lib = (m.library as { version?: unknown } | undefined)?.version;
    throw invalid(
      `model schemaVersion ${m.schemaVersion} (written by lassokit ${describeValue(lib)}) is newer than this library reads (${MODEL_SCHEMA_VERSION}); upgrade lassokit`,
    );
  }
  if (!['lasso', 'elasticNet', 'ols', 'relaxedLasso'].includes(m.kind as string)) {
    throw invalid(`model.kind must be "lasso", "elasticNet", "ols" or "relaxedLasso"; got ${describeValue(m.kind)}`);
  }
  const names = m.featureNames;
  if (!Array.isArray(names) || names.length === 0 || names.some((s) => typeof s !== 'string')) {
    throw invalid('model.featureNames must be a non-empty array of strings');
  }
  const coef = m.coef;
  if (!Array.isArray(coef) || coef.length !== names.length) {
    throw invalid(`model.coef must be an array of ${names.length} numbers (one per feature); got ${describeValue(coef)}`);
  }
  coef.forEach((c, j) => finite(c, `model.coef[${j}]`));
  finite(m.intercept, 'model.intercept');
  if (m.alpha !== null) {
    finite(m.alpha, 'model.alpha');
    if ((m.alpha as number) < 0) throw invalid(`model.alpha must be ≥ 0 (a penalty); got ${describeValue(m.alpha)}`);
  }
  if (m.l1Ratio !== null) {
    finite(m.l1Ratio, 'model.l1Ratio');
    if ((m.l1Ratio as number) < 0 || (m.l1Ratio as number) > 1) throw invalid(`model.l1Ratio must be in [0, 1] (the L1 share of the penalty); got ${describeValue(m.l1Ratio)}`);
  }
  const pre = m.preprocessing as Record<string, unknown> | undefined;
  if (typeof pre !== 'object' || pre === null || typeof pre.fitIntercept !== 'boolean' || typeof pre.standardize !== 'boolean') {
    throw invalid('model.preprocessing must be an object with boolean fitIntercept and standardize');
  }
  if (typeof m.training !== 'object' || m.training === null) throw invalid('model.training must be an object');
  const lib = m.library as Record<string, unknown> | undefined;
  if (typeof lib !== 'object' || lib === null || typeof lib.version !== 'string') throw invalid('model.library.version must be a string');
  if (m.intervals !== undefined) checkIntervals(m.intervals, names.length);
  return m as unknown as ModelJSON;
}

/** Interval data: a known method and version, models of the right length, sorted non-negative residuals. */
function checkIntervals(iv: unknown, p: number): void {
  if (typeof iv !== 'object' || iv === null) throw invalid(`model.intervals must be an object; got ${describeValue(iv)}`);
  const o = iv as Record<string, unknown>;
  if (o.method !== 'split' && o.method !== 'cv+') throw invalid(`model.intervals.method must be "split" or "cv+"; got ${describeValue(o.method)}`);
  if (!Number.isInteger(o.version) || (o.version as number) < 1 || (o.version as number) > INTERVAL_VERSION) {
    throw invalid(`model.intervals.version must be an integer from 1 to ${INTERVAL_VERSION}; got ${describeValue(o.version)}`);
  }
  const models = o.models;
  if (!Array.isArray(models) || models.length === 0 || (o.method === 'split' && models.length !== 1)) {
    throw invalid(`model.intervals.models must be ${o.method === 'split' ? 'an array of one model' : 'a non-empty array of fold models'}`);
  }
  models.forEach((mod: unknown, k) => {
    const at = `model.intervals.models[${k}]`;
    const md = mod as Record<string, unknown> | null;
    if (typeof md !== 'object' || md === null) throw invalid(`${at} must be an object`);
    if (!Array.isArray(md.coef) || md.coef.length !== p) throw invalid(`${at}.coef must be an array of ${p} numbers`);
    md.coef.forEach((c, j) => finite(c, `${at}.coef[${j}]`));
    finite(md.intercept, `${at}.intercept`);
    const r = md.residuals;
    if (!Array.isArray(r) || r.length === 0) throw invalid(`${at}.residuals must be a non-empty array of numbers`);
    r.forEach((v, i) => {
      finite(v, `${at}.residuals[${i}]`);
      if ((v as number) < 0 || (i > 0 && (v as number) < (r[i - 1] as number))) throw invalid(`${at}.residuals must be non-negative and increasing (at index ${i})`);
    });
  });
}

function finite(v: unknown, field: string): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(`${field} must be a finite number; got ${describeValue(v)}`);
}

function invalid(message: string): LassoKitError {
  return new LassoKitError('INVALID_MODEL', message);
}
