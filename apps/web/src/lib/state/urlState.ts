import { DEFAULT_SPECS, SPEC_FIELDS } from './specForm.js';

/** Form values from the URL (missing keys take the defaults), as strings for the inputs. */
export function specsFromUrl(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries(SPEC_FIELDS.map((f) => [f.key, params.get(f.key) ?? String(DEFAULT_SPECS[f.key])]));
}

/** The query string for form values (only fields that differ from the defaults). */
export function specsToQuery(values: Readonly<Record<string, string | number | null>>): string {
  const params = new URLSearchParams();
  for (const f of SPEC_FIELDS) {
    const v = values[f.key];
    if (v !== undefined && v !== null && String(v) !== String(f.default)) params.set(f.key, String(v));
  }
  const q = params.toString();
  return q === '' ? '' : `?${q}`;
}

/** The index of a listed car from `?car=` (the no-JavaScript car picker), or null. */
export function carFromUrl(params: URLSearchParams, n: number): number | null {
  const v = Number(params.get('car'));
  return params.has('car') && Number.isInteger(v) && v >= 0 && v < n ? v : null;
}

/** The α index on the Explore page, from `?a=` (clamped; default given). */
export function alphaIndexFromUrl(params: URLSearchParams, n: number, fallback: number): number {
  const v = Number(params.get('a'));
  return params.has('a') && Number.isInteger(v) ? Math.min(n - 1, Math.max(0, v)) : fallback;
}
