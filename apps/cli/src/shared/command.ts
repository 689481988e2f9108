import { Command } from 'commander';
import { UsageError } from './errors.js';

/**
 * A subcommand with the program's conventions: errors go through `main.ts` (exit codes), usage is
 * shown after a usage error, and a `UsageError` thrown by the action becomes a commander usage
 * error (exit 2, usage printed).
 */
export function defineCommand(name: string, description: string): Command {
  return new Command(name).description(description).exitOverride().showHelpAfterError().configureOutput({
    writeErr: (s) => process.stderr.write(s),
  });
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
