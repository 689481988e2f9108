/**
 * Why k-fold cross-validation cannot run on this many rows, in the words every front end shares,
 * or null when it can. Where fewer folds would do (more than one row), `fix(maxFolds)` — the
 * front end's own words: the CLI's flags, the API's fields — says how. The library's own error
 * names its parameter (`nFolds`), which no front end's user typed.
 *
 * @example
 * foldsShortfall(7, 10, (k) => `give --folds ${k} or fewer`); // '7 rows are too few for 10-fold cross-validation: give --folds 7 or fewer'
 */
export function foldsShortfall(rows: number, folds: number, fix: (maxFolds: number) => string): string | null {
  if (rows >= folds) return null;
  if (rows < 2) return `${rows} row${rows === 1 ? ' is' : 's are'} too few for cross-validation (it needs at least 2)`;
  return `${rows} rows are too few for ${folds}-fold cross-validation: ${fix(rows)}`;
}
