import { Command } from 'commander';
import { UsageError } from './errors.js';

/**
 * A subcommand with the program's conventions: errors go through `main.ts` (exit codes), and a
 * `UsageError` thrown by the action becomes a commander usage error (exit 2). A usage error prints
 * the error, the command's usage line and where its options are — not the whole help, which would
 * bury the one line that matters under eighty.
 */
export function defineCommand(name: string, description: string): Command {
  const cmd: Command = new Command(name)
    .description(description)
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (message, write) => write(`${message}Usage: lassokit ${name} ${cmd.usage()}
Run 'lassokit ${name} --help' for its options.
`),
    });
  return cmd;
}

/** Wraps an action so UsageError reports as a usage error of this command. */
export function action<A extends unknown[]>(cmd: Command, fn: (...args: A) => void | Promise<void>) {
  return async (...args: A): Promise<void> => {
    try {
      await fn(...args);
    } catch (e) {
      if (e instanceof UsageError) cmd.error(`error: ${e.message}`, { exitCode: 2, code: 'lassokit.usage' });
      throw e;
    }
  };
}

/** Whether a flag was given on the command line (not its default): flags that would not apply are refused only then. */
export function given(cmd: Command, flag: string): boolean {
  return cmd.getOptionValueSource(flag) === 'cli';
}
