import type { ModelJSON } from '@lassokit/core';

/** A model as stored: its JSON text and the summary columns the list reads (no JSON parsing). */
export interface ModelRow {
  readonly id: string;
  readonly name: string | null;
  readonly created_at: string;
  readonly builtin: number;
  readonly model_json: string;
  readonly kind: string;
  readonly target: string | null;
  readonly alpha: number | null;
  readonly n_features: number;
  readonly nonzero: number;
  readonly bytes: number;
}

/** What a model's summary columns hold, from the parsed model. */
export function summaryColumns(model: ModelJSON, json: string): Pick<ModelRow, 'kind' | 'target' | 'alpha' | 'n_features' | 'nonzero' | 'bytes'> {
  let nonzero = 0;
  for (const b of model.coef) if (b !== 0) nonzero++;
  return {
    kind: model.kind,
    target: model.training.target ?? null,
    alpha: model.alpha,
    n_features: model.featureNames.length,
    nonzero,
    bytes: Buffer.byteLength(json),
  };
}

/**
 * The model as JSON text, refusing any non-finite number (JSON would write it as null and the
 * stored model would no longer be what was fitted); the error names the field.
 */
export function stringifyFinite(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new NonFiniteResultError(`the fit produced a non-finite number (${String(v)}) in ${JSON.stringify(key)}; the data are likely too extreme — rescale them`);
    return v;
  });
}

/** A result with a non-finite number: answered 422, never stored. */
export class NonFiniteResultError extends Error {
  override readonly name = 'NonFiniteResultError';
}
