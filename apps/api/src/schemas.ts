import { z } from '@hono/zod-openapi';
import { closest, distance } from 'fastest-levenshtein';

/** The error shape, for every non-2xx response in the OpenAPI document. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'NOT_A_NUMBER' }),
      message: z.string().openapi({ example: 'rows:3: column "weight": "heavy" is not a number' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

/** Responses every route can give, by status. */
export function errors(...statuses: (400 | 401 | 403 | 404 | 413 | 415 | 422 | 502 | 503 | 504)[]) {
  const text: Record<number, string> = {
    400: 'malformed JSON or a schema violation (details list the field paths); a source outside what the server allows',
    401: 'missing or invalid API key (LASSOKIT_API_KEY is set)',
    403: 'the model is built in and read-only',
    404: 'unknown model, or a source file that does not exist',
    413: 'body, data, design after one-hot encoding, levels, batch, model size or worker memory over the configured limit (named in the message)',
    415: 'the body is not sent as Content-Type: application/json',
    422: 'the data cannot be used as asked: unknown column, not a number, ragged row (row and column named)',
    502: 'the configured ClickHouse or PostgreSQL is unreachable',
    503: 'every fit worker is busy and the queue is full; retry after Retry-After seconds',
    504: 'the fit ran past the time limit, or a cross-validation or stability selection stopped early as its pace said it would',
  };
  return Object.fromEntries(statuses.map((s) => [s, { description: text[s], content: { 'application/json': { schema: ErrorSchema } } }]));
}

/**
 * A request object that refuses fields it does not know — a misspelt `alhpa` would otherwise be
 * dropped and the request answered as if it were absent (α chosen by CV instead of the one asked
 * for). The message names the field and the nearest known one.
 */
function closed<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      const [key] = issue.keys;
      const near = closest(key, known);
      const hint = distance(key, near) <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean "${near}"?)` : '';
      return `unknown field ${JSON.stringify(key.slice(0, 100))}${hint}; the fields here are ${known.join(', ')}`;
    },
  });
}

/** A table cell; the message says which rule a bad one broke (JSON's 1e400 parses to Infinity). */
const Cell = z.union([z.number(), z.string(), z.null()], {
  error: (issue) => (typeof issue.input === 'number' ? 'a number beyond the range of a double (±1.8e308)' : 'a cell must be a number, a string or null'),
});

/**
 * The message for data that match none of the three forms: the problem inside the form its keys
 * name (a bad cell of `rows`, an empty `csv`), located — not the union's bare "Invalid input".
 */
function dataError(issue: { input?: unknown; errors?: readonly (readonly { path: readonly PropertyKey[]; message: string }[])[] }): string {
  const keys = typeof issue.input === 'object' && issue.input !== null ? Object.keys(issue.input) : [];
  const form = ['rows', 'csv', 'svmlight'].findIndex((k) => keys.includes(k) || (k === 'rows' && keys.includes('columns')));
  const first = form >= 0 ? issue.errors?.[form]?.[0] : undefined;
  if (first === undefined) return 'give data as { columns, rows }, { csv } or { svmlight }';
  return first.path.length === 0 ? first.message : `${first.path.map(String).join('.')}: ${first.message}`;
}

export const DataSchema = z
  .union([
    closed({
      columns: z.array(z.string().min(1)).min(1).openapi({ example: ['mpg', 'weight', 'cylinders'] }),
      rows: z.array(z.array(Cell)).openapi({ example: [[18, 3504, 8], [27, 2130, 4]] }),
    }),
    closed({ csv: z.string().min(1).openapi({ example: 'mpg,weight\n18,3504\n27,2130\n' }) }),
    closed({
      svmlight: z
        .string()
        .min(1)
        .openapi({ example: '1.5 1:0.2 7:1\n-0.3 2:1 7:0.5\n', description: 'svmlight / libsvm text: `label index:value …` per line; fitted as a sparse design (its nonzeros count against LASSOKIT_MAX_CELLS); `target` is the label and `features`, `exclude`, `categorical`, `missing` do not apply' }),
      zeroBased: z.boolean().optional().openapi({ description: 'feature indices start at 0 (default false: at 1, as the svmlight format says; an index 0 is then an error)' }),
    }),
  ], { error: dataError })
  .openapi('Data', { description: 'A JSON table ({ columns, rows }), CSV text ({ csv }) or svmlight text ({ svmlight }, sparse)' });

const modelSpec = {
  data: DataSchema,
  target: z.string().min(1).optional().openapi({ example: 'mpg', description: 'the column to predict (required for tables and CSV; svmlight data carry their labels)' }),
  features: z.array(z.string().min(1)).min(1).optional().openapi({ description: 'default: every column but the target, the weights and `exclude`' }),
  exclude: z.array(z.string().min(1)).min(1).optional().openapi({ example: ['car_name'], description: 'columns to leave out of the default features, such as a name or an id (not with `features`)' }),
  categorical: z.array(z.string().min(1)).optional().openapi({ description: "columns to one-hot encode: an indicator per level; a column of two levels (yes/no) gets one, the second level's" }),
  missing: z.enum(['error', 'drop', 'mean', 'median']).optional().openapi({ description: "missing values: 'error' (default), drop the rows, or impute" }),
  weights: z.string().min(1).optional().openapi({ example: 'count', description: 'a column of sample weights (finite numbers ≥ 0, not all 0; not a feature): every row counts with its weight in the fit, the CV and the metrics' }),
  na: z
    .array(z.string().min(1).max(20))
    .min(1)
    .max(20)
    .optional()
    .openapi({ example: ['?'], description: "cell values that mean missing in the used columns besides empty, NA, NaN and null (a file's own mark, such as UCI's '?'): then handled by `missing`, and kept in the model so predictions read them alike. For data in the body and CSV files under LASSOKIT_DATA_DIR; a table turns them into NULL in a view" }),
  decimal: z
    .enum(['.', ','])
    .optional()
    .openapi({ example: ',', description: "the decimal mark of the numbers in CSV text (`data.csv`) or a CSV file (`source.path`): ',' reads 18,5 as 18.5 in the target, the numeric features and the weights (a number with a point is then refused: 3.504 may mean 3504); kept in the model, so predictions read string values alike. Default '.'" }),
  l1Ratio: z.number().min(0).max(1).optional().openapi({ description: '1 = Lasso (default), 0 = ridge' }),
  standardize: z.boolean().optional(),
  fitIntercept: z.boolean().optional(),
  positive: z.boolean().optional(),
};

/** Body rules shared by every data-carrying request: svmlight data carry their target; tables and CSV name it. */
interface DataBodyFields {
  readonly data?: unknown;
  readonly target?: string;
  readonly features?: unknown;
  readonly exclude?: unknown;
  readonly categorical?: unknown;
  readonly missing?: unknown;
  readonly weights?: unknown;
  readonly na?: unknown;
  readonly decimal?: unknown;
}
const isSparse = (b: DataBodyFields) => typeof b.data === 'object' && b.data !== null && 'svmlight' in b.data;
function dataRules<T extends z.ZodType<DataBodyFields>>(schema: T) {
  return schema
    .refine((b) => isSparse(b) || b.target !== undefined, { message: 'target is required (the column to predict)', path: ['target'] })
    .refine((b) => b.features === undefined || b.exclude === undefined, {
      message: 'give features or exclude, not both (exclude leaves columns out of the default features, every other column; with features, list only the columns to use)',
      path: ['exclude'],
    })
    .refine((b) => !isSparse(b) || (b.target === undefined && b.features === undefined && b.exclude === undefined && b.categorical === undefined && b.missing === undefined && b.weights === undefined && b.na === undefined && b.decimal === undefined), {
      message: 'svmlight data carry their labels and use every index as a feature: leave out target, features, exclude, categorical, missing, weights, na and decimal',
      path: ['data'],
    })
    .refine((b) => b.decimal !== ',' || (typeof b.data === 'object' && b.data !== null && 'csv' in b.data) || b.data === undefined, {
      message: "decimal ',' reads numbers written as text in CSV; a JSON table's numbers are JSON numbers",
      path: ['decimal'],
    });
}

export const SourceSchema = z
  .union([
    closed({
      path: z
        .string()
        .min(1)
        .max(500)
        .openapi({ example: 'cars/2024-*.parquet', description: 'a CSV or Parquet file under LASSOKIT_DATA_DIR, relative to it; * and ? may appear in the file name' }),
    }),
    closed({
      table: z.string().min(1).max(200).openapi({ example: 'cars', description: 'a table: on LASSOKIT_CLICKHOUSE_URL (e.g. a Distributed table) or LASSOKIT_POSTGRES_URL (e.g. partitioned by fold over postgres_fdw shards)' }),
      engine: z.enum(['clickhouse', 'postgres']).optional().openapi({ description: 'which configured server holds the table (default: ClickHouse when configured, else PostgreSQL)' }),
    }),
  ], {
    // Zod's own message for a union that no shape matches is "Invalid input". Said instead: the
    // problem of the shape the object chose by its key, or the two shapes there are.
    error: (issue) => {
      if (issue.code !== 'invalid_union') return undefined;
      const input = issue.input;
      const chosen = typeof input === 'object' && input !== null ? ['path', 'table'].findIndex((key) => key in input) : -1;
      const inner = chosen >= 0 ? issue.errors[chosen]?.[0] : undefined;
      if (inner !== undefined) return `${inner.path.length > 0 ? `${inner.path.join('.')}: ` : ''}${inner.message}`;
      return 'a source is { "path": a file under the data directory } or { "table": a table name, "engine"?: "clickhouse" | "postgres" }';
    },
  })
  .openapi('Source', { description: 'server-side data, read where it is (DuckDB for files, ClickHouse or PostgreSQL for tables): statistics in one pass, never loaded whole' });

/** Why ridge needs its alphas given (scikit-learn refuses an automatic ridge grid too). */
const RIDGE_HAS_NO_GRID = 'l1Ratio 0 (ridge) has no alphaMax to start an automatic alpha grid from';

export const FitBodySchema = dataRules(closed({
    ...modelSpec,
    data: DataSchema.optional(),
    source: SourceSchema.optional(),
    alpha: z.number().min(0).optional().openapi({ description: 'penalty; when absent, chosen by cross-validation' }),
    cv: closed({
      folds: z.number().int().min(2).max(100).optional(),
      seed: z.number().int().min(0).optional(),
      select: z.enum(['min', '1se']).optional(),
    }).optional(),
    name: z.string().max(200).optional(),
    intervals: z
      .enum(['cv+', 'split'])
      .optional()
      .openapi({ description: "store prediction-interval data: 'cv+' (the CV's fold models; coverage ≥ 1 − 2a, ≈ 1 − a in practice) or 'split' (a quarter of the rows calibrates; coverage ≥ 1 − a; from a `source`, the rows are held back by a hash of each row and up to 10,000 of their residuals are stored). Then predict with `interval`." }),
    relax: z.boolean().optional().openapi({ description: 'relaxed Lasso (glmnet relax = TRUE): α and the blend γ with least squares on the support chosen by CV; needs cross-validation and l1Ratio 1' }),
    maxRefitFeatures: z
      .number()
      .int()
      .min(0)
      .optional()
      .openapi({ description: "with relax: refit only supports of up to this many features (glmnet's maxp, there n − 3); at an α whose support is wider the fit stays the Lasso's. Default: every support" }),
  })
  .refine((b) => b.alpha === undefined || b.cv === undefined, { message: 'give either alpha or cv, not both', path: ['cv'] })
  .refine((b) => (b.data === undefined) !== (b.source === undefined), { message: 'give either data (in the body) or source (on the server), not both and not neither', path: ['data'] })
  .refine((b) => b.na === undefined || b.source === undefined || 'path' in b.source, { message: "na reads a file's marks as missing; a table turns them into NULL in a view (NULLIF(column, '?'))", path: ['na'] })
  .refine((b) => b.decimal !== ',' || b.source === undefined || 'path' in b.source, { message: "decimal ',' reads a CSV file's numbers; a table's columns are typed", path: ['decimal'] })
  .refine((b) => b.source === undefined || b.cv?.seed === undefined, { message: 'cv.seed does not apply to a source: its folds come from a hash of the used columns', path: ['cv', 'seed'] })
  .refine((b) => b.source === undefined || b.intervals !== 'cv+', { message: "intervals 'cv+' needs every row's held-out residual, not only statistics: use 'split' (a quarter of the rows held back where the data are), or send data in the body", path: ['intervals'] })
  .refine((b) => b.source === undefined || b.relax !== true, { message: 'relax needs the rows (least-squares refits on each support), not only statistics: send data in the body', path: ['relax'] })
  .refine((b) => b.relax !== true || b.alpha === undefined, { message: 'relax chooses alpha by cross-validation: leave alpha out', path: ['alpha'] })
  .refine((b) => b.relax === true || b.maxRefitFeatures === undefined, { message: "maxRefitFeatures bounds the relaxed Lasso's least-squares refits: it needs relax: true", path: ['maxRefitFeatures'] })
  .refine((b) => b.alpha !== undefined || b.l1Ratio !== 0, { message: `${RIDGE_HAS_NO_GRID} for cross-validation: give alpha, or choose among alphas with POST /v1/cv`, path: ['alpha'] })
  ).openapi('FitRequest');

/** The α grid of path and cv requests: automatic (nAlphas from alphaMax down to eps·alphaMax) or given. */
const gridSpec = {
  nAlphas: z.number().int().min(1).max(1000).optional(),
  eps: z.number().gt(0).lt(1).optional(),
  alphas: z.array(z.number().min(0)).min(1).max(1000).optional().openapi({ description: 'explicit alphas (instead of nAlphas and eps); required for ridge (l1Ratio 0), which has no alphaMax' }),
};

export const PathBodySchema = dataRules(closed({
    ...modelSpec,
    ...gridSpec,
  })
  .refine((b) => b.alphas !== undefined || b.l1Ratio !== 0, { message: `${RIDGE_HAS_NO_GRID}: give alphas`, path: ['alphas'] })
  ).openapi('PathRequest');

export const CvBodySchema = dataRules(closed({
    ...modelSpec,
    folds: z.number().int().min(2).max(100).optional(),
    seed: z.number().int().min(0).optional(),
    l1Ratios: z.array(z.number().min(0).max(1)).min(1).max(20).optional(),
    loss: z.enum(['mse', 'mae']).optional(),
    ...gridSpec,
  })
  .refine((b) => b.alphas !== undefined || !(b.l1Ratios ?? [b.l1Ratio]).includes(0), { message: `${RIDGE_HAS_NO_GRID}: give alphas`, path: ['alphas'] })
  ).openapi('CvRequest');

export const StabilityBodySchema = dataRules(closed({
    ...modelSpec,
    pairs: z.number().int().min(10).max(100).optional().openapi({ description: 'complementary pairs of half-samples (default 50: 100 Lasso paths)' }),
    threshold: z.number().gt(0.5).max(1).optional().openapi({ description: 'selection probability a stable feature reaches (default 0.75)' }),
    pfer: z.number().gt(0).optional().openapi({ description: 'bound on the expected number of false selections; chooses q (default 1)' }),
    q: z.number().int().min(1).optional().openapi({ description: 'features selected per half-sample: the first q to enter (instead of pfer)' }),
    seed: z.number().int().min(0).optional(),
    nAlphas: z.number().int().min(2).max(200).optional(),
  })
  .refine((b) => b.q === undefined || b.pfer === undefined, { message: 'give q or pfer, not both', path: ['q'] })
  .refine((b) => b.l1Ratio !== 0, { message: 'stability selection needs the L1 penalty to select features (ridge keeps them all): l1Ratio must be above 0', path: ['l1Ratio'] })
  ).openapi('StabilityRequest');

export const StabilityResponseSchema = z
  .object({
    featureNames: z.array(z.string()),
    stable: z.array(z.string()).openapi({ description: 'features whose selection probability (among the first q to enter) reaches the threshold' }),
    selection: z.record(z.string(), z.number()),
    threshold: z.number(),
    q: z.number(),
    errorBound: z.number().openapi({ description: "Meinshausen & Bühlmann's bound on the expected number of false selections, q² / ((2π − 1)·p)" }),
    meanSelected: z.number(),
    subsamples: z.number(),
    subsampleSize: z.number(),
    alphas: z.array(z.number()),
    probabilities: z.array(z.array(z.number())).openapi({ description: 'selection probability per alpha (rows) and feature (columns): the stability path' }),
  })
  .openapi('Stability');

const IntervalDataSchema = z
  .object({
    method: z.enum(['split', 'cv+']),
    version: z.number(),
    models: z.array(z.object({ coef: z.array(z.number()).readonly(), intercept: z.number(), residuals: z.array(z.number()).readonly() }).readonly()).readonly(),
  })
  .openapi('IntervalData', { description: 'what prediction intervals need: the fold models (cv+) or the calibration model (split) and their sorted absolute residuals on rows they did not see' });

export const ModelSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    createdAt: z.string(),
    builtin: z.boolean(),
    coefficients: z.record(z.string(), z.number()).openapi({ description: 'coefficient by feature name' }),
    metrics: z.record(z.string(), z.number()).optional(),
    format: z.literal('lassokit-model'),
    schemaVersion: z.number(),
    kind: z.enum(['lasso', 'elasticNet', 'ols', 'relaxedLasso']),
    featureNames: z.array(z.string()),
    coef: z.array(z.number()),
    intercept: z.number(),
    alpha: z.number().nullable(),
    l1Ratio: z.number().nullable(),
    preprocessing: z.object({ fitIntercept: z.boolean(), standardize: z.boolean(), recipe: z.unknown() }),
    training: z.record(z.string(), z.unknown()),
    library: z.object({ name: z.string(), version: z.string() }),
    intervals: IntervalDataSchema.optional(),
  })
  .openapi('Model', { description: 'the model file (the same JSON the CLI and the web demo use) plus its id, name and coefficients by feature name' });

export const ModelSummarySchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    createdAt: z.string(),
    builtin: z.boolean(),
    kind: z.string(),
    target: z.string().nullable(),
    alpha: z.number().nullable(),
    nFeatures: z.number(),
    nonzero: z.number(),
  })
  .openapi('ModelSummary');

export const PredictBodySchema = closed({
    rows: z
      .array(z.record(z.string(), Cell))
      .min(1)
      .optional()
      .openapi({ example: [{ cylinders: 4, displacement: 120, horsepower: 90, weight: 2500, acceleration: 16, model_year: 78 }], description: 'raw values by column, for models fitted on tables or CSV' }),
    svmlight: z.string().min(1).optional().openapi({ description: 'rows as svmlight text (labels ignored), for models fitted on svmlight data' }),
    interval: z.number().gt(0).lt(1).optional().openapi({ example: 0.9, description: 'also return prediction intervals at this coverage level (the model must be fitted with `intervals`)' }),
    skipMissing: z
      .boolean()
      .optional()
      .openapi({ description: 'rows: a row with a missing value that a model fitted with missing "drop" cannot use gets a null prediction (its index listed in `skipped`) instead of failing the request' }),
  })
  .refine((b) => (b.rows === undefined) !== (b.svmlight === undefined), { message: 'give either rows or svmlight, not both and not neither', path: ['rows'] })
  .refine((b) => b.skipMissing === undefined || b.rows !== undefined, { message: 'skipMissing applies to rows; svmlight text has no missing values', path: ['skipMissing'] })
  .openapi('PredictRequest');

export const PredictResponseSchema = z
  .object({
    predictions: z.array(z.number().nullable()).openapi({ description: 'one per row, in order; null only for a row `skipMissing` skipped' }),
    lower: z.array(z.number().nullable()).optional().openapi({ description: 'lower ends of the intervals (when `interval` was asked for)' }),
    upper: z.array(z.number().nullable()).optional(),
    skipped: z
      .object({ rows: z.array(z.number()), reasons: z.array(z.object({ column: z.string(), count: z.number(), reason: z.string() })) })
      .optional()
      .openapi({ description: 'with skipMissing, when rows were skipped: their 0-based indices and how many each missing column skipped' }),
    interval: z.object({ level: z.number(), method: z.enum(['split', 'cv+']) }).optional(),
    warnings: z.array(z.string()).optional(),
  })
  .openapi('Predictions');

export const IdParamSchema = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' }, example: 'auto-mpg' }) });
