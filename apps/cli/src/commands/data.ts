import { csvFormatRows } from 'd3-dsv';
import { loadAutoMpg } from '@lassokit/data';
import { action, defineCommand } from '../shared/command.js';
import { UsageError } from '../shared/errors.js';

interface DataFlags {
  clean?: boolean;
}

export function dataCommand() {
  const cmd = defineCommand('data', 'write a bundled dataset as CSV to stdout')
    .argument('<name>', 'dataset name: auto-mpg')
    .option('--clean', "apply the study's cleaning recipe (392 rows, 10 features and mpg)")
    .option('--debug', 'show stack traces');
  return cmd.action(
    action(cmd, (name: string, flags: DataFlags) => {
      if (name !== 'auto-mpg') throw new UsageError(`unknown dataset ${JSON.stringify(name)}; available: auto-mpg`);
      if (!flags.clean) {
        const raw = loadAutoMpg({ raw: true });
        process.stdout.write(`${csvFormatRows([[...raw.columns], ...raw.rows.map((r) => r.map((v) => v ?? ''))])}\n`);
        return;
      }
      const { X, y, featureNames } = loadAutoMpg();
      const rows = Array.from(y, (v, i) => [...featureNames.map((_, j) => String(X.data[j * X.rows + i])), String(v)]);
      process.stdout.write(`${csvFormatRows([[...featureNames, 'mpg'], ...rows])}\n`);
    }),
  );
}
