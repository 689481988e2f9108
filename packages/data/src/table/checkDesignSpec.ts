import { DataError, MAX_LISTED, nameList, quote } from '../errors.js';

/** What a design spec names: the target, features, categorical, log and clip columns. */
export interface DesignColumns {
  readonly target: string;
  readonly features?: readonly string[];
  readonly categorical?: readonly string[];
  readonly log?: readonly string[];
  readonly clip?: Readonly<Record<string, unknown>>;
  /** A column of sample weights: never a feature (the default feature list leaves it out). */
  readonly weights?: string;
  /** Columns the default feature list leaves out (every other column is a feature); not with `features`. */
  readonly exclude?: readonly string[];
}

/**
 * The features a spec asks for: its list, or every column but the target, the weights and the
 * excluded ones. The one rule for checking a spec and for whose cells its `na` reads as missing.
 *
 * Cost: O(columns + excluded).
 */
export function featureColumns(columns: readonly string[], spec: Pick<DesignColumns, 'target' | 'features' | 'weights' | 'exclude'>): readonly string[] {
  if (spec.features !== undefined) return spec.features;
  const left = new Set(spec.exclude);
  return columns.filter((c) => c !== spec.target && c !== spec.weights && !left.has(c));
}

/**
 * Checks the columns a design spec names against a table's header and returns the header's
 * index (name → position, a `Map`, so names like `__proto__` are ordinary keys) and the feature
 * list (without `features`: every column but the target, the weights and `exclude`). Refuses,
 * naming the column: an unknown target, feature or excluded column; `features` and `exclude` both;
 * the target excluded; a feature, excluded, categorical, log or clip column listed twice (a
 * repeated feature would split its effect between two identical columns); the target as a feature
 * or as categorical; an empty feature list; a categorical column that is not a feature; an unknown
 * weights column, or one that is the target or a feature.
 *
 * Cost: O(columns + named columns).
 *
 * @example
 * checkDesignSpec(['y', 'a'], { target: 'y', features: ['a', 'a'] }, 'x.csv'); // throws: "a" is listed twice
 */
export function checkDesignSpec(columns: readonly string[], spec: DesignColumns, source: string): { index: Map<string, number>; features: readonly string[] } {
  const index = new Map<string, number>();
  columns.forEach((c, j) => index.set(c, j));
  if (!index.has(spec.target)) {
    throw new DataError('UNKNOWN_COLUMN', `unknown target column ${quote(spec.target)} (columns: ${nameList(columns, MAX_LISTED, false)})`, { source });
  }
  const { weights } = spec;
  if (weights !== undefined && !index.has(weights)) {
    throw new DataError('UNKNOWN_COLUMN', `unknown weights column ${quote(weights)} (columns: ${nameList(columns, MAX_LISTED, false)})`, { source });
  }
  if (weights !== undefined && (weights === spec.target || spec.features?.includes(weights))) {
    throw new DataError('INVALID_SPEC', `it is the weights column; it cannot also be the target or a feature`, { source, column: weights });
  }
  const { exclude } = spec;
  if (exclude !== undefined && spec.features !== undefined) throw new DataError('INVALID_SPEC', 'give the features or the columns to exclude from them, not both', { source });
  if (exclude?.includes(spec.target)) throw new DataError('INVALID_SPEC', `the target ${quote(spec.target)} is never a feature; it cannot be excluded`, { source });
  const features = featureColumns(columns, spec);
  const lists: [string, readonly string[]][] = [
    ['exclude', exclude ?? []],
    ['features', features],
    ['categorical', spec.categorical ?? []],
    ['log', spec.log ?? []],
    ['clip', Object.keys(spec.clip ?? {})],
  ];
  for (const [what, names] of lists) {
    const seen = new Set<string>();
    for (const c of names) {
      if (!index.has(c)) throw new DataError('UNKNOWN_COLUMN', `unknown ${what === 'features' ? 'feature' : what === 'exclude' ? 'excluded' : what} column ${quote(c)} (columns: ${nameList(columns, MAX_LISTED, false)})`, { source });
      if (seen.has(c)) throw new DataError('INVALID_SPEC', `column ${quote(c)} is listed twice in ${what}`, { source });
      seen.add(c);
    }
  }
  if (features.includes(spec.target)) throw new DataError('INVALID_SPEC', `the target ${quote(spec.target)} cannot also be a feature`, { source });
  if (spec.categorical?.includes(spec.target)) throw new DataError('INVALID_SPEC', `the target ${quote(spec.target)} is numeric and cannot be categorical`, { source });
  if (features.length === 0) throw new DataError('INVALID_SPEC', 'no feature columns', { source });
  const featureSet = new Set(features);
  const notFeature = (spec.categorical ?? []).filter((c) => !featureSet.has(c));
  if (notFeature.length > 0) {
    throw new DataError('INVALID_SPEC', `categorical column${notFeature.length > 1 ? 's' : ''} ${nameList(notFeature)} ${notFeature.length > 1 ? 'are' : 'is'} not among the features`, { source });
  }
  return { index, features };
}
