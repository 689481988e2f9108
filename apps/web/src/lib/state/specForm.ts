import { thousands } from '@lassokit/data';
import type { CarSpecs } from './carModels.js';

export interface SpecField {
  readonly key: keyof CarSpecs;
  readonly label: string;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly default: number;
  /** Allowed values (a choice), or undefined for a number input. */
  readonly options?: readonly number[];
}

/** The Predict form: real specs, with units, defaults and plausible ranges for a car of 1970–1982. */
export const SPEC_FIELDS: readonly SpecField[] = [
  { key: 'cylinders', label: 'Cylinders', unit: '', min: 3, max: 8, step: 1, default: 4, options: [3, 4, 5, 6, 8] },
  { key: 'displacement', label: 'Displacement', unit: 'cu in', min: 50, max: 500, step: 1, default: 120 },
  { key: 'horsepower', label: 'Horsepower', unit: 'hp', min: 30, max: 300, step: 1, default: 90 },
  { key: 'weight', label: 'Weight', unit: 'lb', min: 1000, max: 6000, step: 10, default: 2500 },
  { key: 'acceleration', label: 'Acceleration, 0–60 mph', unit: 's', min: 5, max: 30, step: 0.1, default: 16 },
  { key: 'model_year', label: 'Model year', unit: '19xx', min: 70, max: 82, step: 1, default: 78 },
];

export const DEFAULT_SPECS: CarSpecs = Object.fromEntries(SPEC_FIELDS.map((f) => [f.key, f.default])) as unknown as CarSpecs;

/**
 * Validates the form's raw values (strings or numbers) field by field. Every field gets a message that says what is
 * wrong and what is allowed; values are returned only when all fields are valid.
 */
export function validateSpecs(raw: Readonly<Record<string, string | number | null | undefined>>): { values?: CarSpecs; errors: Partial<Record<keyof CarSpecs, string>> } {
  const errors: Partial<Record<keyof CarSpecs, string>> = {};
  const values: Partial<CarSpecs> = {};
  for (const f of SPEC_FIELDS) {
    // Number inputs bound in Svelte give numbers (null when empty); text fields give strings.
    const given = raw[f.key];
    const text = given === null || given === undefined ? '' : String(given).trim();
    const v = Number(text);
    const range = `${thousands(f.min)}–${thousands(f.max)}${f.unit && f.unit !== '19xx' ? ` ${f.unit}` : ''}`;
    if (text === '') errors[f.key] = `${f.label} is required (${range})`;
    else if (!Number.isFinite(v)) errors[f.key] = `${f.label} must be a number, like ${thousands(f.default)}`;
    else if (f.options && !f.options.includes(v)) errors[f.key] = `${f.label} must be one of ${f.options.join(', ')}`;
    else if (v <= 0) errors[f.key] = `${f.label} must be positive`;
    else if (v < f.min || v > f.max) errors[f.key] = `${f.label} must be between ${range}`;
    else values[f.key] = v;
  }
  return Object.keys(errors).length === 0 ? { values: values as CarSpecs, errors } : { errors };
}
