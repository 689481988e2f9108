import { createRoute, z } from '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import type { App, Deps } from '../../deps.js';
import { ApiError, requireJson } from '../../errors.js';
import { predictOptions, predictBodyRows, readJson } from '../../fitting/jobs.js';
import { predictRows } from '../../fitting/predictRows.js';
import { FitBodySchema, IdParamSchema, ModelSchema, ModelSummarySchema, PredictBodySchema, PredictResponseSchema, errors } from '../../schemas.js';
import type { ModelRow } from '../../store/modelRow.js';
import { jsonText, runBodyJob } from '../../workers/runBodyJob.js';
import { presentModel } from './present.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const create = createRoute({
  method: 'post',
  path: '/v1/models',
  tags: ['models'],
  summary: 'fit a model on the posted data and store it',
  description:
    'Cross-validated (10 folds) unless alpha is given. The data are in the body (`data`), or on the server (`source`: a file under LASSOKIT_DATA_DIR read by DuckDB, or a table on LASSOKIT_CLICKHOUSE_URL — statistics in one pass where the data are). The body is parsed and the model fitted in a worker thread, with a time limit and a bounded queue.',
  request: { body: { content: json(FitBodySchema), required: true } },
  responses: {
    201: { description: 'the stored model; Location names it', content: json(ModelSchema), headers: z.object({ Location: z.string() }) },
    ...errors(400, 401, 404, 413, 415, 422, 502, 503, 504),
  },
});

const list = createRoute({
  method: 'get',
  path: '/v1/models',
  tags: ['models'],
  summary: 'stored models, newest first (built-in ones on top)',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: {
      description: 'one page of models',
      content: json(z.object({ items: z.array(ModelSummarySchema), total: z.number(), limit: z.number(), offset: z.number(), next: z.string().nullable() })),
    },
    ...errors(400),
  },
});

const get = createRoute({
  method: 'get',
  path: '/v1/models/{id}',
  tags: ['models'],
  summary: 'one stored model',
  request: { params: IdParamSchema },
  responses: { 200: { description: 'the model', content: json(ModelSchema) }, ...errors(404) },
});

const remove = createRoute({
  method: 'delete',
  path: '/v1/models/{id}',
  tags: ['models'],
  summary: 'delete a stored model',
  request: { params: IdParamSchema },
  responses: { 204: { description: 'deleted' }, ...errors(401, 403, 404) },
});

const predictRoute = createRoute({
  method: 'post',
  path: '/v1/models/{id}/predict',
  tags: ['models'],
  summary: "predict from raw values; the model's recipe transforms them",
  request: { params: IdParamSchema, body: { content: json(PredictBodySchema), required: true } },
  description: 'With `interval` (e.g. 0.9), also the lower and upper ends of conformal prediction intervals at that level — the model must have been fitted with `intervals` (422 NO_INTERVALS otherwise, naming how to refit).',
  responses: { 200: { description: 'one prediction per row; warnings for unknown levels, values outside the training range or clipped, and missing values filled (a model fitted with missing: mean or median)', content: json(PredictResponseSchema) }, ...errors(400, 401, 404, 413, 415, 422, 503, 504) },
});

/** Predict bodies up to this size are handled on the event loop; larger ones (or chunked ones) in a worker. */
export const INLINE_PREDICT_BYTES = 64 * 1024;

export function registerModels(app: App, { store, pool, config }: Deps): void {
  // Documented from the schemas; the body is parsed, validated and fitted in a worker, which also
  // serializes the model and its summary, so the event loop only stores text.
  app.openAPIRegistry.registerPath(create);
  app.post('/v1/models', async (c) => {
    const id = randomUUID();
    const { body, row } = await runBodyJob(c, pool, (bytes) => ({ kind: 'fit', body: bytes, id, createdAt: new Date().toISOString() }));
    store.insertRow(row as ModelRow);
    c.header('Location', `/v1/models/${id}`);
    return jsonText(c, body, 201);
  });

  app.openapi(list, (c) => {
    const { limit, offset } = c.req.valid('query');
    const { items, total } = store.list(limit, offset);
    const next = offset + items.length < total ? `/v1/models?limit=${limit}&offset=${offset + items.length}` : null;
    return c.json({ items, total, limit, offset, next }, 200);
  });

  app.openapi(get, (c) => c.json(presentModel(found(store.get(c.req.valid('param').id), c.req.valid('param').id)), 200));

  app.openapi(remove, (c) => {
    const { id } = c.req.valid('param');
    const outcome = store.delete(id);
    if (outcome === 'not-found') throw notFound(id);
    if (outcome === 'builtin') throw new ApiError(403, 'READ_ONLY', `model ${JSON.stringify(id)} is built in and read-only; it cannot be deleted`);
    return c.body(null, 204);
  });

  // The hottest route: documented from the same schemas, but small bodies are validated by
  // calling the schema directly (the validator middleware costs more than the prediction itself),
  // and large ones go to a worker like fits do, so no body stalls the event loop.
  app.openAPIRegistry.registerPath(predictRoute);
  app.post('/v1/models/:id/predict', async (c) => {
    const id = c.req.param('id');
    requireJson(c);
    const length = Number(c.req.header('Content-Length') ?? Infinity);
    if (length > INLINE_PREDICT_BYTES) {
      const model = store.getText(id);
      if (model === null) throw notFound(id);
      return jsonText(c, (await runBodyJob(c, pool, (body) => ({ kind: 'predict', body, model }))).body, 200);
    }
    const { model } = found(store.get(id), id);
    const json = readJson(await c.req.arrayBuffer());
    const rows = predictBodyRows(json, config.maxPredictRows);
    return c.json(predictRows(model, rows, predictOptions(json)), 200);
  });
}

function found<T>(value: T | null, id: string): T {
  if (value === null) throw notFound(id);
  return value;
}

function notFound(id: string): ApiError {
  return new ApiError(404, 'NOT_FOUND', `no model with id ${JSON.stringify(id.slice(0, 200))}`);
}
