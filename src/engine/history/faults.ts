// How the history database's file faults are told: the path, the cause in plain words, and what the user can do.
import { rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FileFault } from '../../shared/errors.js';

/** The kinds of fault the history meets; each has its own remedy. */
export type HistoryFaultKind = 'full' | 'readonly' | 'io' | 'corrupt' | 'newer' | 'invalid' | 'other';

/** The code a refused newer schema carries (see `migrate`). */
export const NEWER_SCHEMA_CODE = 'CARBONTRAY_NEWER_SCHEMA';

/** The errno or SQLite code of an error, `''` when it has none. */
export function codeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
}

/** Which kind of fault an error of SQLite or of the file system is. */
export function historyFaultKind(error: unknown): HistoryFaultKind {
  const code = codeOf(error);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'full';
  if (
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_PERM') ||
    code.startsWith('SQLITE_AUTH') ||
    code === 'EROFS' ||
    code === 'EACCES' ||
    code === 'EPERM'
  )
    return 'readonly';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'EIO') return 'io';
  if (code === NEWER_SCHEMA_CODE) return 'newer';
  // The record, not the file: writing it again fails again.
  if (
    code.startsWith('SQLITE_CONSTRAINT') ||
    code === 'SQLITE_MISMATCH' ||
    code === 'SQLITE_RANGE' ||
    code === 'SQLITE_TOOBIG' ||
    error instanceof TypeError ||
    error instanceof RangeError
  )
    return 'invalid';
  return 'other';
}

/** True for a damaged database: only `carbon-tray repair` or a new file helps, waiting does not. */
export function isCorruption(error: unknown): boolean {
  return historyFaultKind(error) === 'corrupt';
}

/**
 * The two ways out of a damaged history database, named with its path: move it aside and start fresh, or let
 * `carbon-tray repair` copy what can still be read into a new file.
 */
export function corruptAdvice(path: string): string {
  return (
    `stop CarbonTray, then either move ${path} aside (a new, empty history is started) or run ` +
    `\`carbon-tray repair --data-dir ${dirname(path)}\`, which copies what can still be read into a new file and keeps the damaged one`
  );
}

/** What happens to the minutes while writes fail, said after each remedy. */
const WAITING =
  'until then the unwritten minutes wait in memory (at most a day) and are written as soon as it can';

/** A history write (or read) that failed, as a `FileFault`: the path, the cause in plain words, the remedy. */
export function writeFault(path: string, error: unknown, doing: 'write' | 'read' = 'write'): FileFault {
  const kind = historyFaultKind(error);
  const remedy: Record<HistoryFaultKind, string> = {
    full: `free some space on that disk; ${WAITING}`,
    readonly: `make the folder and the file writable again (is the disk mounted read-only?); ${WAITING}`,
    io: `check the disk (dmesg, SMART) and the folder; ${WAITING}`,
    corrupt: corruptAdvice(path),
    newer: 'this CarbonTray does not write into a database of a newer version; use that version',
    invalid: 'the minute was dropped (please report this)',
    other: WAITING,
  };
  return new FileFault(path, `cannot ${doing} the history`, error, remedy[kind]);
}

/** A history database that cannot be opened, as a `FileFault` with the remedy for its cause. */
export function openFault(path: string, error: unknown): FileFault {
  const kind = historyFaultKind(error);
  const remedy: Record<HistoryFaultKind, string> = {
    full: 'free some space on that disk and start again',
    readonly: 'make the folder writable (or choose another with --data-dir) and start again',
    io: 'check the disk (dmesg, SMART) and the folder, and start again',
    corrupt: corruptAdvice(path),
    newer: `use the CarbonTray that wrote it, or move ${path} aside to start a new history`,
    invalid: `move ${path} aside to start a new history`,
    other: `move ${path} aside to start a new history`,
  };
  // The cause stays on the fault (and its code), so a writer that meets it mid-run tells it in its own words.
  return Object.assign(new FileFault(path, 'cannot open the history database', error, remedy[kind]), {
    code: codeOf(error) || undefined,
    cause: error,
  });
}

/**
 * A closer cause for a vague SQLite error. SQLite reports a write refused by a read-only file system or a failing
 * disk as `SQLITE_IOERR_*` ("disk I/O error"); writing a small file beside the database tells which it is
 * (`EROFS`, `ENOSPC`, `EACCES`, `EIO`). Any other error, or a probe that succeeds, keeps the original.
 */
export function closerCause(path: string, error: unknown): unknown {
  const kind = historyFaultKind(error);
  if (kind !== 'io' && kind !== 'other') return error;
  const probe = `${path}.write-check`;
  try {
    writeFileSync(probe, 'x');
    rmSync(probe, { force: true });
    return error;
  } catch (probed) {
    return codeOf(probed) === '' ? error : probed;
  }
}
