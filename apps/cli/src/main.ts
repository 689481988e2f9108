#!/usr/bin/env node
/**
 * `lassokit` — the command-line entry point. This file owns the exit codes:
 * 0 success, 1 data or runtime error (one line on stderr), 2 usage error (usage printed).
 * Stack traces only with --debug.
 */
import { Command, CommanderError } from 'commander';
import { LassoKitError, VERSION } from '@lassokit/core';
import { CliError } from './shared/errors.js';
import { cvCommand } from './commands/cv.js';
import { dataCommand } from './commands/data.js';
import { demoCommand } from './commands/demo.js';
import { evaluateCommand } from './commands/evaluate.js';
import { fitCommand } from './commands/fit.js';
import { pathCommand } from './commands/path.js';
import { predictCommand } from './commands/predict.js';
import { sqlCommand } from './commands/sql.js';
import { stabilityCommand } from './commands/stability.js';

const EXIT_OK = 0;
const EXIT_RUNTIME = 1;
const EXIT_USAGE = 2;

function program(): Command {
  return new Command('lassokit')
    .description('Lasso and Elastic Net regression on CSV and Parquet files: fit, inspect and apply sparse linear models')
    .version(VERSION, '-v, --version', 'print the version')
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .addCommand(demoCommand())
    .addCommand(fitCommand())
    .addCommand(pathCommand())
    .addCommand(cvCommand())
    .addCommand(predictCommand())
    .addCommand(stabilityCommand())
    .addCommand(evaluateCommand())
    .addCommand(dataCommand())
    .addCommand(sqlCommand())
    .addHelpText('after', '\nRun `lassokit COMMAND --help` for a command\'s options. Exit codes: 0 ok, 1 data or runtime error, 2 usage error.');
}

async function main(argv: string[]): Promise<number> {
  const cli = program();
  if (argv.length <= 2) {
    cli.outputHelp({ error: true });
    return EXIT_USAGE;
  }
  try {
    await cli.parseAsync(argv);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      const quiet = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(e.code);
      return quiet ? EXIT_OK : EXIT_USAGE;
    }
    const debug = argv.includes('--debug');
    // Data and library errors (one coded base class) and the CLI's own are the user's to fix.
    const known = e instanceof LassoKitError || e instanceof CliError;
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`lassokit: ${known ? '' : 'internal error: '}${message}\n`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return EXIT_RUNTIME;
  }
}

// A reader that closed early (`lassokit path data.csv | head`) is not an error: stop quietly, as
// pipeline tools do, instead of dying on EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT_OK);
    throw e;
  });
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`lassokit: internal error: ${String(e)}\n`);
    process.exitCode = EXIT_RUNTIME;
  },
);
