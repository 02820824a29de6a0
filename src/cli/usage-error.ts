// The one error type for bad command-line input: printed as one line, exit status 2, never a stack trace.
import { FieldError } from '../shared/errors.js';

/** Bad input from the user; the field is the flag that is wrong (e.g. `--duration`). */
export class UsageError extends FieldError {
  /** The flag this refusal names (its `field`). */
  get flag(): string {
    return this.field;
  }
}

/** Exit status for bad usage (as in sysexits' EX_USAGE convention used by most CLIs: 2). */
export const USAGE_EXIT = 2;
