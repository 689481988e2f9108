/// <reference types="node" />
/**
 * Worker thread of {@link elasticNetCVParallel}: receives the CV data once (workerData), then
 * fits folds on request — `{ task, fold, alphas, l1Ratio }` in, `{ task, errors }` out — with the
 * same `foldError` the sequential `elasticNetCV` uses, so results are identical.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { foldError, prepareFull, type CvData, type Fold } from '../cv/elasticNetCV.js';
import { LassoKitError } from '../errors.js';

export interface FoldTask {
  readonly task: number;
  readonly fold: number;
  readonly alphas: Float64Array;
  readonly l1Ratio: number;
}

export type FoldReply =
  | { readonly task: number; readonly errors: Float64Array }
  | { readonly task: number; readonly failure: { readonly message: string; readonly code?: string } };

const { data, folds } = workerData as { data: CvData; folds: Fold[] };
// This thread's copy of the all-rows Gram, shared by the folds it fits (built as in planCV).
const { sharedGram } = prepareFull(data);
const port = parentPort;
if (port === null) throw new Error('cvWorker runs as a worker thread');
port.on('message', (t: FoldTask) => {
  try {
    const errors = foldError(data, folds[t.fold], t.alphas, t.l1Ratio, sharedGram);
    port.postMessage({ task: t.task, errors } satisfies FoldReply, [errors.buffer as ArrayBuffer]);
  } catch (err) {
    const failure = err instanceof LassoKitError ? { message: err.message, code: err.code } : { message: String(err) };
    port.postMessage({ task: t.task, failure } satisfies FoldReply);
  }
});
