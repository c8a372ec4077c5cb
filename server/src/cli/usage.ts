/** A mistake in how the command was called: exit code 2 with the message (and by default a pointer to --help). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly showHelpHint = true,
  ) {
    super(message);
  }
}
