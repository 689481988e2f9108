import type { CdProblem } from '../solver/CdProblem.js';
import type { MergedColumns } from './equalColumns.js';
import type { PreparedProblem, Unscaling } from './prepareProblem.js';

/** A problem prepared from sufficient statistics: a Gram problem per solver, and the map back. */
export interface PreparedStats extends Unscaling {
  readonly p: number;
  /** A fresh Gram problem over the (shared, read-only) kernel Gram. */
  problem(): CdProblem;
  /** Where the statistics came from rows at hand (a sparse X): a residual problem of the same fit on them. */
  rowsProblem?(): CdProblem;
  /**
   * Where equal scaled columns of a sparse X are solved as one (see `MergedColumns`): the problem's
   * columns are the groups', and the unscaling's (xMean, xScale, excluded) X's own.
   */
  readonly merged?: MergedColumns;
}

/**
 * What a path can be solved on: a problem prepared from X (its kernel problem, solved in its
 * mode; `prepareProblem`) or from sufficient statistics (a Gram problem; `prepareStats`), with the
 * map back to the caller's scale.
 */
export type Prepared = PreparedProblem | PreparedStats;
