import { predict } from '@lassokit/core';
import { applyRecipe } from '@lassokit/data';
import { action, defineCommand } from '../shared/command.js';
import { UsageError } from '../shared/errors.js';
import { ensureWritableDir, writeAtomic } from '../shared/io.js';
import { dirname } from 'node:path';
import { readModelAndData } from '../shared/modelFile.js';
import { note, printJson } from '../shared/output.js';

interface PredictFlags {
  json?: boolean;
  out?: string;
}

export function predictCommand() {
  const cmd = defineCommand('predict', "predict with a model file; raw columns pass through the model's recipe")
    .argument('<model>', 'model JSON written by `lassokit fit --out`')
    .argument('<data>', 'CSV file with the raw input columns, or - for stdin')
    .option('--json', 'one JSON document { predictions, warnings } on stdout')
    .option('--out <file>', 'write predictions as CSV to this file instead of stdout')
    .option('--debug', 'show stack traces');
  return cmd.action(
    action(cmd, (modelFile: string, dataFile: string, flags: PredictFlags) => {
      if (flags.json && flags.out) throw new UsageError('give either --json or --out, not both');
      if (flags.out !== undefined) ensureWritableDir(dirname(flags.out));
      const { model, recipe, table } = readModelAndData(modelFile, dataFile);
      const applied = applyRecipe(recipe, table);
      const predictions = predict(model, applied.X);
      if (flags.json) {
        printJson({ predictions, warnings: applied.warnings });
        return;
      }
      for (const w of applied.warnings) note(`warning: ${w}`);
      const csv = `prediction\n${Array.from(predictions, (p) => String(p)).join('\n')}\n`;
      if (flags.out !== undefined) {
        writeAtomic(flags.out, csv);
        note(`wrote ${predictions.length} predictions to ${flags.out}`);
      } else {
        process.stdout.write(csv);
      }
    }),
  );
}
