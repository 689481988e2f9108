import { createRoute, z } from '@hono/zod-openapi';
import type { App, Deps } from '../../deps.js';
import { jsonText, runBodyJob } from '../../workers/runBodyJob.js';
import { CvBodySchema, PathBodySchema, StabilityBodySchema, StabilityResponseSchema, errors } from '../../schemas.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const PathResponse = z
  .object({ featureNames: z.array(z.string()), alphas: z.array(z.number()), coef: z.array(z.array(z.number())), intercept: z.array(z.number()), df: z.array(z.number()), alphaMax: z.number(), converged: z.array(z.boolean()) })
  .openapi('Path');
const CvResponse = z
  .object({
    featureNames: z.array(z.string()),
    l1Ratio: z.number(),
    alphas: z.array(z.number()),
    cvMean: z.array(z.number()),
    cvSe: z.array(z.number()),
    alphaMin: z.number(),
    alpha1se: z.number(),
    loss: z.string(),
    nFolds: z.number(),
    df: z.array(z.number()),
    converged: z.array(z.boolean()).openapi({ description: "per alpha, whether the all-rows path's fit converged (false: it stopped at the pass limit first)" }),
    foldConverged: z.array(z.array(z.boolean())).openapi({ description: "per fold and alpha, whether the fold's fit converged: where false, that held-out error scores a model short of the optimum" }),
  })
  .openapi('CrossValidation');

const pathRoute = createRoute({
  method: 'post',
  path: '/v1/path',
  tags: ['analysis'],
  summary: 'the regularization path of the posted data (nothing stored)',
  request: { body: { content: json(PathBodySchema), required: true } },
  responses: { 200: { description: 'coefficients per alpha', content: json(PathResponse) }, ...errors(400, 401, 413, 415, 422, 503, 504) },
});

const cvRoute = createRoute({
  method: 'post',
  path: '/v1/cv',
  tags: ['analysis'],
  summary: 'the cross-validation curve of the posted data (nothing stored)',
  request: { body: { content: json(CvBodySchema), required: true } },
  responses: { 200: { description: 'held-out error per alpha, alphaMin and alpha1se', content: json(CvResponse) }, ...errors(400, 401, 413, 415, 422, 503, 504) },
});

const stabilityRoute = createRoute({
  method: 'post',
  path: '/v1/stability',
  tags: ['analysis'],
  summary: 'stability selection on the posted data: how often each feature is kept over random half-samples (nothing stored)',
  description:
    'Complementary pairs of half-samples (Shah & Samworth 2013), each fitted along the all-rows alpha grid: selection probabilities per alpha and feature, the stable set at the threshold, and the bound on the expected number of false selections (Meinshausen & Bühlmann 2010). Runs in a worker with the fit time limit; at most 100 pairs.',
  request: { body: { content: json(StabilityBodySchema), required: true } },
  responses: { 200: { description: 'selection probabilities, the stable set and its error bound', content: json(StabilityResponseSchema) }, ...errors(400, 401, 413, 415, 422, 503, 504) },
});

export function registerAnalysis(app: App, { pool }: Deps): void {
  // Documented from the schemas; the body is parsed and validated in a worker (runBodyJob).
  app.openAPIRegistry.registerPath(pathRoute);
  app.post('/v1/path', async (c) => jsonText(c, (await runBodyJob(c, pool, (body) => ({ kind: 'path', body }))).body, 200));
  app.openAPIRegistry.registerPath(cvRoute);
  app.post('/v1/cv', async (c) => jsonText(c, (await runBodyJob(c, pool, (body) => ({ kind: 'cv', body }))).body, 200));
  app.openAPIRegistry.registerPath(stabilityRoute);
  app.post('/v1/stability', async (c) => jsonText(c, (await runBodyJob(c, pool, (body) => ({ kind: 'stability', body }))).body, 200));
}
