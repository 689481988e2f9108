/** A problem with how the command was called: exit code 2, usage printed. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A runtime problem the user can fix (missing file, bad model file): exit code 1, one line. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
