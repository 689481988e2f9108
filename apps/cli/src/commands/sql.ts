import { dialect, fileSource, sourceStatsQuery } from '@lassokit/sql';
import { Option } from 'commander';
import { action, defineCommand } from '../shared/command.js';
import { checkFoldColumn, dataSource, engineStats, foldSpec, type EngineFlags } from '../shared/engine.js';
import { addModelFlags, numberFlag, type ModelFlags } from '../shared/flags.js';
import { print } from '../shared/output.js';

interface SqlFlags extends ModelFlags, EngineFlags {
  dialect: string;
  from?: string;
  folds?: number;
}

/**
 * `lassokit sql`: the statistics query of a design, for any engine. The recipe (levels, ranges)
 * and the pilot shift are learned from the file with DuckDB; the query is printed in the chosen
 * dialect over the FROM clause given, so it can be run where the full data live.
 */
export function sqlCommand() {
  const cmd = defineCommand('sql', "print the one aggregate query that computes a design's sufficient statistics, in an engine's dialect").argument('<data>', 'CSV or Parquet file or glob (a sample of the data is enough to learn the recipe)');
  addModelFlags(cmd)
    .addOption(new Option('--dialect <name>', 'SQL dialect of the printed query').choices(['duckdb', 'clickhouse', 'postgres', 'ansi']).default('duckdb'))
    .option('--from <clause>', 'the FROM clause of the printed query (default: the file as DuckDB reads it)')
    .option('--folds <k>', 'group by K folds from a hash of the used columns', numberFlag('--folds', { integer: true, min: 2 }))
    .option('--fold-column <column>', 'group by this column instead')
    .option('--memory-limit <size>', "DuckDB's memory limit while learning the recipe");
  return cmd.action(
    action(cmd, async (file: string, flags: SqlFlags) => {
      checkFoldColumn(cmd, flags, true, '--folds');
      const data = dataSource(file, { ...flags, engine: 'duckdb' });
      const source = await engineStats(data, flags, foldSpec(flags, flags.folds));
      await source.runner.close();
      const categorical = new Set(flags.categorical ?? []);
      const d = dialect(flags.dialect);
      const from = flags.from ?? (d.name === 'duckdb' ? fileSource(file, flags.na, flags.decimal) : d.ident('data'));
      print(`-- statistics of ${source.featureNames.length} features (${source.featureNames.join(', ')}) and target ${flags.target}; pilot shift from ${file}`);
      print(`${sourceStatsQuery(source.recipe, categorical, source.numericCategorical, d, from, source.fold, source.shiftX, source.shiftY, source.weights, source.levelReading)};`);
    }),
  );
}
