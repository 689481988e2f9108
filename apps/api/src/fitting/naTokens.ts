/**
 * `na` as missing tokens of the used columns — the target and the features (by default every
 * column but the target and the weights), those that are columns — as the CLI's --na reads them.
 */
export function naTokens(spec: { readonly na?: readonly string[]; readonly target?: string; readonly features?: readonly string[]; readonly weights?: string }, columns: readonly string[]): Record<string, string[]> | undefined {
  if (spec.na === undefined) return undefined;
  const used = spec.features === undefined ? columns.filter((c) => c !== spec.weights) : [spec.target, ...spec.features];
  return Object.fromEntries(used.filter((c): c is string => c !== undefined && columns.includes(c)).map((c) => [c, [...(spec.na as string[])]]));
}
