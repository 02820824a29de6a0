// The result shape every power reader returns: watts for the interval, or why there are none.

/**
 * A power reading. `ok` carries watts (and reader-specific detail in `T`); `pending` means the reader
 * needs a second reading for an interval (RAPL's first call); `unavailable` says why, and how to fix it
 * when something can be done.
 */
export type PowerReading<T extends object = object> =
  | ({ status: 'ok'; powerW: number; detail: string } & T)
  | { status: 'pending'; reason: string }
  | { status: 'unavailable'; reason: string };

/** A one-line reason for a failed file read, with what to do about permissions. */
export function describeReadError(path: string, error: unknown, grantHint: string): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') return `${path}: permission denied. ${grantHint}`;
  if (code === 'ENOENT') return `${path} does not exist`;
  return `${path}: ${(error as Error | null)?.message ?? String(error)}`;
}
