/** The CLI's own errors; main turns each into a message and an exit code. */

/** Bad or missing flags: main prints the message and the command's usage line, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The usage line of the command that was called, or undefined for the whole usage text. */
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** A problem the operator fixes outside opsdesk (configuration, a busy port): one line, exit 1. */
export class FatalError extends Error {
  override readonly name = 'FatalError';
}
