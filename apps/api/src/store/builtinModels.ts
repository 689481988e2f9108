import { fromModelJSON } from '@lassokit/core';
import type { WorkerPool } from '../workers/WorkerPool.js';
import type { ModelStore } from './ModelStore.js';

/** The id of the built-in Auto-MPG model. */
export const AUTO_MPG_ID = 'auto-mpg';

/**
 * Trains and stores the built-in models that are missing (at first start): today `auto-mpg`,
 * the study's cleaned data with 10-fold CV and CV+ interval data. One stored by a version without
 * interval data is retrained. Runs in the worker pool like any fit.
 */
export async function ensureBuiltinModels(store: ModelStore, pool: WorkerPool): Promise<void> {
  const existing = store.get(AUTO_MPG_ID);
  if (existing !== null && existing.model.intervals !== undefined) return;
  if (existing !== null) store.dropBuiltin(AUTO_MPG_ID);
  const result = await pool.run({ kind: 'builtin-auto-mpg' });
  if (!result.ok) throw new Error(`could not train the built-in auto-mpg model: ${result.error.message}`);
  store.insert(fromModelJSON(result.body), { id: AUTO_MPG_ID, name: 'Auto-MPG (built in)', builtin: true });
}
