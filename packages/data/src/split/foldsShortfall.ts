/**
 * Why k-fold cross-validation cannot run on this many rows, in the words every front end shares,
 * or null when it can. `fixable`: more rows than one, so fewer folds would do — each front end
 * then adds its own fix (the CLI's flags, the API's fields). The library's own error names its
 * parameter (`nFolds`), which no front end's user typed.
 *
 * @example
 * foldsShortfall(7, 10); // { message: '7 rows are too few for 10-fold cross-validation', fixable: true }
 */
export function foldsShortfall(rows: number, folds: number): { readonly message: string; readonly fixable: boolean } | null {
  if (rows >= folds) return null;
  if (rows < 2) return { message: `${rows} row${rows === 1 ? ' is' : 's are'} too few for cross-validation (it needs at least 2)`, fixable: false };
  return { message: `${rows} rows are too few for ${folds}-fold cross-validation`, fixable: true };
}
