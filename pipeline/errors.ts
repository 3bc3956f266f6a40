/**
 * An error the user can act on: its message names the file, line or option and what to do.
 * The CLI prints the message alone (no stack) and exits 1.
 */
export class FaultlineError extends Error {
  override readonly name = 'FaultlineError';
}

/** A bad command line: the CLI prints the message and exits 2. */
export class UsageError extends FaultlineError {}
