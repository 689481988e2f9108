import { createRoute, z } from '@hono/zod-openapi';
import { fromModelJSON, predict } from '@lassokit/core';
import { applyRecipe, checkRecipe, compileRecipe, type CompiledRecipe } from '@lassokit/data';
import type { ModelJSON } from '@lassokit/core';
import type { App, Deps } from '../../deps.js';
import { ApiError, invalidRequest, jobError } from '../../errors.js';
import { FitBodySchema, IdParamSchema, ModelSchema, ModelSummarySchema, PredictBodySchema, PredictResponseSchema, errors } from '../../schemas.js';
import { presentModel, summarizeModel } from './present.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const create = createRoute({
  method: 'post',
  path: '/v1/models',
  tags: ['models'],
  summary: 'fit a model on the posted data and store it',
  description: 'Cross-validated (10 folds) unless alpha is given. The fit runs in a worker thread with a time limit.',
  request: { body: { content: json(FitBodySchema), required: true } },
  responses: {
    201: { description: 'the stored model; Location names it', content: json(ModelSchema), headers: z.object({ Location: z.string() }) },
    ...errors(400, 401, 413, 422, 503, 504),
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
  responses: { 204: { description: 'deleted' }, ...errors(401, 404) },
});

const predictRoute = createRoute({
  method: 'post',
  path: '/v1/models/{id}/predict',
  tags: ['models'],
  summary: "predict from raw values; the model's recipe transforms them",
  request: { params: IdParamSchema, body: { content: json(PredictBodySchema), required: true } },
  responses: { 200: { description: 'one prediction per row; warnings for unknown levels and values outside the training range', content: json(PredictResponseSchema) }, ...errors(400, 401, 404, 413, 422) },
});

export function registerModels(app: App, { store, pool, config }: Deps): void {
  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const result = await pool.run({ kind: 'fit', ...body });
    if (!result.ok) throw jobError(result.error);
    const stored = store.insert(fromModelJSON(result.value), { name: body.name ?? null });
    c.header('Location', `/v1/models/${stored.id}`);
    return c.json(presentModel(stored), 201);
  });

  app.openapi(list, (c) => {
    const { limit, offset } = c.req.valid('query');
    const { items, total } = store.list(limit, offset);
    const next = offset + items.length < total ? `/v1/models?limit=${limit}&offset=${offset + items.length}` : null;
    return c.json({ items: items.map(summarizeModel), total, limit, offset, next }, 200);
  });

  app.openapi(get, (c) => c.json(presentModel(found(store.get(c.req.valid('param').id), c.req.valid('param').id)), 200));

  app.openapi(remove, (c) => {
    const { id } = c.req.valid('param');
    if (!store.delete(id)) throw notFound(id);
    return c.body(null, 204);
  });

  // The hottest route: documented from the same schemas, but the body is validated by calling the
  // schema directly (the validator middleware costs more than the prediction itself).
  app.openAPIRegistry.registerPath(predictRoute);
  app.post('/v1/models/:id/predict', async (c) => {
    const id = c.req.param('id');
    let json: unknown;
    try {
      json = await c.req.json();
    } catch {
      throw new ApiError(400, 'MALFORMED_JSON', 'the request body is not valid JSON');
    }
    const parsed = PredictBodySchema.safeParse(json);
    if (!parsed.success) throw invalidRequest(parsed.error.issues);
    const { rows } = parsed.data;
    if (rows.length > config.maxPredictRows) {
      throw new ApiError(413, 'TOO_MANY_ROWS', `${rows.length} rows in one request; the limit is ${config.maxPredictRows} (LASSOKIT_MAX_PREDICT_ROWS)`);
    }
    const { model } = found(store.get(id), id);
    // Clean rows take the compiled transform; anything it declines gets applyRecipe's errors or warnings.
    const fastX = compiled(model)(rows);
    if (fastX !== null) return c.json({ predictions: Array.from(predict(model, fastX)) }, 200);
    const recipe = model.preprocessing.recipe;
    checkRecipe(recipe);
    const { X, warnings } = applyRecipe(recipe, rows);
    const predictions = Array.from(predict(model, X));
    return c.json(warnings.length > 0 ? { predictions, warnings: [...warnings] } : { predictions }, 200);
  });
}

const compiledRecipes = new WeakMap<ModelJSON, CompiledRecipe>();

/** The model's recipe compiled once (models are cached by the store, so this is per model). */
function compiled(model: ModelJSON): CompiledRecipe {
  let transform = compiledRecipes.get(model);
  if (transform === undefined) {
    const recipe = model.preprocessing.recipe;
    checkRecipe(recipe);
    transform = compileRecipe(recipe);
    compiledRecipes.set(model, transform);
  }
  return transform;
}

function found<T>(value: T | null, id: string): T {
  if (value === null) throw notFound(id);
  return value;
}

function notFound(id: string): ApiError {
  return new ApiError(404, 'NOT_FOUND', `no model with id ${JSON.stringify(id)}`);
}
