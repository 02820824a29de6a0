// The one error type for bad command-line input: printed as one line, exit status 2, never a stack trace.

/** Bad input from the user; `flag` names what is wrong (e.g. `--duration`). */
export class UsageError extends Error {
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(`${flag}: ${message}`);
    this.name = 'UsageError';
  }
}

/** Exit status for bad usage (as in sysexits' EX_USAGE convention used by most CLIs: 2). */
export const USAGE_EXIT = 2;
