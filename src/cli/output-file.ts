// Files the CLI writes (`export --output`, `measure --output`): checked before anything runs, never one of
// CarbonTray's own files, an existing file only with --force, and written whole or not at all.
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  fsyncSync,
  linkSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { defaultDataDir, ownDataFiles } from '../engine/index.js';
import { FileFault } from '../shared/errors.js';
import type { FlagSpec } from './flags.js';
import { UsageError } from './usage-error.js';

/** `--force`: the one way to replace an existing output file. */
export const FORCE_FLAG: FlagSpec = { type: 'boolean', about: 'replace the --output file if it exists' };

/** A checked output path: where to write, and how. */
export interface OutputFile {
  /** The path as given, for messages. */
  given: string;
  /** The file written: the real path (a symbolic link is followed, so the link stays). */
  path: string;
  /** An existing regular file is replaced (by rename, keeping its mode). */
  replaces: Stats | null;
  /** A device or pipe (`/dev/stdout`): written in place, nothing to replace. */
  inPlace: boolean;
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** File names compare without case where the file system usually ignores it. */
function sameName(a: string, b: string): boolean {
  const fold = process.platform === 'darwin' || process.platform === 'win32';
  return fold ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** The data folder whose own file `path` is (by real path, or the same inode for a hard link), if any. */
function ownFileOf(path: string, existing: Stats | null, dataDirs: readonly string[]): string | null {
  const real = join(realOrResolved(dirname(path)), basename(existing ? realOrResolved(path) : path));
  for (const dataDir of dataDirs) {
    const realDir = realOrResolved(dataDir);
    for (const own of ownDataFiles(realDir)) {
      if (sameName(own, real)) return dataDir;
      const ownStat = existing ? statOrNull(own) : null;
      if (ownStat && existing && ownStat.dev === existing.dev && ownStat.ino === existing.ino) return dataDir;
    }
  }
  return null;
}

/**
 * Checks an output path before the command reads history or runs anything: its folder exists and is writable,
 * it is not a folder, not one of the data folders' own files (the history database and its WAL/SHM files, the
 * settings, the lock; refused even with --force) and, unless `force`, not an existing file. Throws `UsageError`
 * naming `flag` with what to do. `dataDirs`: the command's data folder; the default one is always included.
 */
export function checkOutputFile(
  given: string,
  options: { force: boolean; dataDirs: readonly string[]; flag?: string },
): OutputFile {
  const flag = options.flag ?? '--output';
  if (given.trim() === '') throw new UsageError(flag, 'needs a file name');
  const absolute = resolve(given);
  const folder = dirname(absolute);
  const folderStat = statOrNull(folder);
  if (folderStat === null)
    throw new UsageError(flag, `the folder ${folder} does not exist; create it, or choose another path`);
  if (!folderStat.isDirectory()) throw new UsageError(flag, `${folder} is not a folder; choose another path`);
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch {
    throw new UsageError(
      flag,
      `cannot write into the folder ${folder} (permission denied); choose another path`,
    );
  }
  const existing = statOrNull(absolute);
  const dataDirs = [...new Set([...options.dataDirs, defaultDataDir()])];
  const owner = ownFileOf(absolute, existing, dataDirs);
  if (owner !== null) {
    throw new UsageError(
      flag,
      `${given} is one of CarbonTray's own files in ${owner} (history, settings or lock); writing it would destroy it, so it is refused even with --force: choose another path`,
    );
  }
  if (existing?.isDirectory()) throw new UsageError(flag, `${given} is a folder; give a file name`);
  const inPlace = existing !== null && !existing.isFile();
  if (existing !== null && !inPlace && !options.force) {
    throw new UsageError(flag, `${given} already exists; give --force to replace it, or choose another path`);
  }
  return {
    given,
    path: existing ? realOrResolved(absolute) : absolute,
    replaces: existing !== null && !inPlace ? existing : null,
    inPlace,
  };
}

function writeWhole(path: string, text: string, mode: number): void {
  const fd = openSync(path, 'wx', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `text` to a checked output: into a temporary file beside it, then renamed over the old one (or linked
 * into place when there was none, so a file that appeared meanwhile is not replaced). A failed write leaves the
 * old file as it was. Throws `FileFault` naming the path and the cause.
 */
export function writeOutputFile(output: OutputFile, text: string): void {
  const fault = (error: unknown): FileFault =>
    new FileFault(
      output.path,
      'cannot write the output file',
      error,
      'nothing was changed; free some space or choose another path',
    );
  if (output.inPlace) {
    try {
      writeFileSync(output.path, text);
    } catch (error) {
      throw fault(error);
    }
    return;
  }
  const temp = join(dirname(output.path), `.${basename(output.path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeWhole(temp, text, 0o666);
    if (output.replaces) {
      chmodSync(temp, output.replaces.mode & 0o7777);
      renameSync(temp, output.path);
      return;
    }
    try {
      linkSync(temp, output.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        throw new UsageError(
          '--output',
          `${output.given} appeared meanwhile; give --force to replace it, or choose another path`,
        );
      }
      // File systems without hard links (FAT, some network shares): rename, which is still whole or nothing.
      if (statOrNull(output.path) !== null) throw error;
      renameSync(temp, output.path);
      return;
    }
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Never created, or renamed into place.
    }
    if (error instanceof UsageError) throw error;
    throw fault(error);
  }
  try {
    unlinkSync(temp);
  } catch {
    // The output is in place; a leftover hidden temporary name is harmless.
  }
}
