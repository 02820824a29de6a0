// Refused input in every layer: the one FieldError shape, and how a refused value is shown in its message.
import type { SettingsError } from './api.js';

/**
 * Input refused because of one field — a setting, a history-query field, an IPC argument, a query parameter, a
 * command-line flag. `message` starts with the field (`stepS: must be one of …`). The shells pass it on as
 * `{ field, message }`: IPC as data (`IpcResult`), HTTP as 400 `{ error, field }`, the CLI as one line.
 */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
    // Subclasses name the layer that refused (HistoryQueryError, UsageError, …) without a constructor of their own.
    this.name = new.target.name;
  }

  /** The Api's `{ field, message }` (`SettingsError`), as IPC and JSON carry it. */
  toJSON(): SettingsError {
    return { field: this.field, message: this.message };
  }
}

/** Plain words for the errno codes a file operation meets, so a message says the cause rather than `EACCES`. */
const ERRNO_WORDS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  SQLITE_FULL: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  SQLITE_READONLY: 'the database is read-only',
  ENOENT: 'it does not exist',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  EIO: 'an input/output error',
  SQLITE_IOERR: 'an input/output error',
  SQLITE_CORRUPT: 'the database file is damaged',
  SQLITE_NOTADB: 'it is not a CarbonTray database',
  EEXIST: 'it already exists',
};

/** The cause of a file error in plain words: its errno or SQLite code when known, else its message. */
export function describeFileError(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const words =
    typeof code === 'string'
      ? (ERRNO_WORDS[code] ?? ERRNO_WORDS[code.split('_').slice(0, 2).join('_')])
      : undefined;
  if (words !== undefined) return words;
  return error instanceof Error ? error.message : String(error);
}

/**
 * A fault of a file CarbonTray keeps (settings, history, lock, an output file): not the user's input but the
 * machine's state. `message` names the path, the cause in plain words and what to do; HTTP answers it 503
 * `{ error, path }`, the CLI prints it as one line.
 */
export class FileFault extends Error {
  constructor(
    readonly path: string,
    /** What CarbonTray was doing, e.g. `cannot save the settings`. */
    doing: string,
    cause: unknown,
    /** What the user can do about it. */
    remedy: string,
  ) {
    super(`${doing} (${path}): ${describeFileError(cause)}; ${remedy}`);
    this.name = 'FileFault';
  }
}

/**
 * What a rejected Api call says, whichever transport carried it: over IPC a plain `{ field, message }` (the
 * context bridge keeps only an Error's message, so the preload rejects with data), over HTTP an Error with the
 * `field` of the server's 400. `field` is null when no single field was refused.
 */
export function describeRefusal(error: unknown): { field: string | null; message: string } {
  const { field, message } = (typeof error === 'object' && error !== null ? error : {}) as {
    field?: unknown;
    message?: unknown;
  };
  return {
    field: typeof field === 'string' ? field : null,
    message: typeof message === 'string' ? message : String(error),
  };
}

/** A refused value as a message shows it: strings quoted and cut at 40 characters, objects by their kind. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === 'object' ? 'an object' : String(value);
}

/** True for `{…}` literals and JSON objects only (no arrays, class instances or prototype tricks). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
