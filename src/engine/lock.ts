// One engine per data folder: the lock file that names the engine recording there, stale locks and their takeover.
import { closeSync, openSync, readFileSync, realpathSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { FileFault } from '../shared/errors.js';
import { formatClock, formatDay } from '../shared/format.js';
import { MS_PER_SECOND } from '../shared/time.js';
import { dataFiles, ensureDataDir, PRIVATE_FILE_MODE } from './paths.js';

/** What a lock file holds: who records into the folder, since when, on which machine and boot. */
export interface LockOwner {
  pid: number;
  /** Epoch ms when the lock was taken. */
  startedAt: number;
  /** Which shell runs the engine: `serve`, `tray`, or another name. */
  shell: string;
  host: string;
  /** `/proc/sys/kernel/random/boot_id` where there is one: a pid from another boot is not this boot's process. */
  bootId: string | null;
  /** The owner's start time in clock ticks since boot (`/proc/<pid>/stat` field 22): tells a reused pid apart. */
  procStart: string | null;
}

/** What deciding staleness needs from the system; tests pass their own. */
export interface LockSystem {
  pid: number;
  host: string;
  bootId(): string | null;
  /** False when no process has this pid (`kill(pid, 0)` fails with ESRCH). */
  alive(pid: number): boolean;
  processStart(pid: number): string | null;
  now(): number;
}

/** A lock file younger than this that cannot be parsed is taken to be one being written, not a stale one. */
export const LOCK_WRITE_GRACE_MS = 5 * MS_PER_SECOND;

/** How long a starting engine waits for another one that is taking over the same stale lock. */
const TAKEOVER_WAIT_MS = 2 * MS_PER_SECOND;

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** This process's start time since boot, from `/proc/<pid>/stat` (the fields after the command's `)`). */
function procStart(pid: number): string | null {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === null) return null;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}

/** The real system. */
export const SYSTEM_LOCK: LockSystem = {
  pid: process.pid,
  host: hostname(),
  bootId: () => readText('/proc/sys/kernel/random/boot_id')?.trim() ?? null,
  alive: (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: the process exists but belongs to someone else.
      return (error as NodeJS.ErrnoException).code !== 'ESRCH';
    }
  },
  processStart: procStart,
  now: () => Date.now(),
};

/** Parses a lock file's text; null when it is not a lock this code wrote. */
export function parseLock(text: string): LockOwner | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (!Number.isSafeInteger(v.pid) || (v.pid as number) <= 0 || typeof v.startedAt !== 'number') return null;
  const text_ = (x: unknown): string | null => (typeof x === 'string' ? x : null);
  return {
    pid: v.pid as number,
    startedAt: v.startedAt,
    shell: text_(v.shell) ?? 'engine',
    host: text_(v.host) ?? '',
    bootId: text_(v.bootId),
    procStart: text_(v.procStart),
  };
}

/**
 * Why a lock is stale, or null while its owner may still be recording. `heldHere`: this process holds the
 * folder's lock itself (so its own pid in the file is not a reused one).
 */
export function staleReason(owner: LockOwner, system: LockSystem, heldHere: boolean): string | null {
  // A process on another machine (a shared network folder) cannot be checked from here: it stays the owner.
  if (owner.host !== '' && owner.host !== system.host) return null;
  const bootId = system.bootId();
  if (owner.bootId !== null && bootId !== null && owner.bootId !== bootId)
    return 'the machine has restarted since';
  if (owner.pid === system.pid) return heldHere ? null : `process ${owner.pid} is this one now`;
  if (!system.alive(owner.pid)) return `process ${owner.pid} is no longer running`;
  const start = system.processStart(owner.pid);
  if (owner.procStart !== null && start !== null && start !== owner.procStart)
    return `process ${owner.pid} is another program now`;
  return null;
}

function shellName(shell: string): string {
  return shell === 'tray' ? 'the tray app' : shell;
}

/** "14:02" today, "Mon 23 14:02" on another day. */
function since(at: number, now: number): string {
  const day = new Date(at).toDateString() === new Date(now).toDateString() ? '' : `${formatDay(at)} `;
  return `${day}${formatClock(at)}`;
}

/** The owner as messages name it: `serve, pid 1234, since 14:02` (with the host when it is another machine). */
export function describeOwner(owner: LockOwner, system: LockSystem = SYSTEM_LOCK): string {
  const where = owner.host !== '' && owner.host !== system.host ? ` on ${owner.host}` : '';
  return `${shellName(owner.shell)}${where}, pid ${owner.pid}, since ${since(owner.startedAt, system.now())}`;
}

/** A second engine asked for a folder another one records into. Nothing has been written. */
export class EngineLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly lockPath: string,
    /** The engine that holds the folder; null when its lock is being written right now. */
    readonly owner: LockOwner | null,
    system: LockSystem = SYSTEM_LOCK,
  ) {
    const who =
      owner === null
        ? 'another CarbonTray engine (starting now)'
        : `another CarbonTray engine (${describeOwner(owner, system)})`;
    super(`${who} already records into ${dataDir}; stop it, or give --data-dir for a separate history`);
    this.name = 'EngineLockedError';
  }
}

/** A held lock. `release()` removes the file if it is still this engine's; it is safe to call twice. */
export interface EngineLock {
  readonly path: string;
  readonly owner: LockOwner;
  release(): void;
}

/** Data folders (by real path) whose lock this process holds, released on exit if nobody did. */
const held = new Map<string, EngineLock>();
let exitHook = false;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Creates `path` holding `text`, or returns false when it exists. */
function createExclusive(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new FileFault(path, 'cannot lock the data folder', error, 'give --data-dir a folder you can write');
  }
  let failure: unknown = null;
  try {
    writeSync(fd, text);
  } catch (error) {
    failure = error;
  } finally {
    closeSync(fd);
  }
  if (failure !== null) {
    unlinkSync(path);
    throw new FileFault(path, 'cannot write the lock file', failure, 'free some space in that folder');
  }
  return true;
}

function ageMs(path: string, now: number): number {
  try {
    return now - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Replaces the stale lock whose text was `staleText`, under a guard file so that two engines starting at once
 * cannot both take it; false when the lock changed meanwhile (the caller looks again).
 */
function takeOver(path: string, staleText: string, text: string, system: LockSystem): boolean {
  const guard = `${path}.takeover`;
  const deadline = system.now() + TAKEOVER_WAIT_MS;
  while (!createExclusive(guard, text)) {
    // A guard older than the wait belongs to an engine that died while taking over.
    if (ageMs(guard, system.now()) > TAKEOVER_WAIT_MS) {
      try {
        unlinkSync(guard);
      } catch {
        // Another engine removed it first.
      }
    } else if (system.now() > deadline) {
      return false;
    } else {
      sleep(50);
    }
  }
  try {
    if (readText(path) !== staleText) return false;
    unlinkSync(path);
    return createExclusive(path, text);
  } finally {
    try {
      unlinkSync(guard);
    } catch {
      // Already gone.
    }
  }
}

/**
 * Takes the lock of `dataDir` (created owner-only if missing) for an engine run by `shell`. A stale lock (its
 * process is gone, the machine has rebooted since, or its pid is another program now) is taken over and logged;
 * a live one throws `EngineLockedError` naming its owner. Throws `FileFault` when the folder is not writable.
 */
export function acquireEngineLock(
  dataDir: string,
  options: { shell: string; log: (line: string) => void; system?: LockSystem },
): EngineLock {
  const system = options.system ?? SYSTEM_LOCK;
  ensureDataDir(dataDir);
  const { lockPath } = dataFiles(dataDir);
  const key = realpathSync(dataDir);
  const owner: LockOwner = {
    pid: system.pid,
    startedAt: system.now(),
    shell: options.shell,
    host: system.host,
    bootId: system.bootId(),
    procStart: system.processStart(system.pid),
  };
  const text = `${JSON.stringify(owner)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (!createExclusive(lockPath, text)) {
      const found = readText(lockPath);
      if (found === null) continue; // released meanwhile: try again
      const current = parseLock(found);
      if (current === null && ageMs(lockPath, system.now()) < LOCK_WRITE_GRACE_MS) {
        throw new EngineLockedError(dataDir, lockPath, null, system);
      }
      const reason =
        current === null ? 'the lock file is unreadable' : staleReason(current, system, held.has(key));
      if (reason === null) throw new EngineLockedError(dataDir, lockPath, current, system);
      if (!takeOver(lockPath, found, text, system)) continue;
      const previous =
        current === null ? 'an unreadable lock' : `the lock of ${describeOwner(current, system)}`;
      options.log(`took over ${previous} in ${dataDir}: ${reason}`);
    }
    const lock: EngineLock = {
      path: lockPath,
      owner,
      release: () => {
        if (held.get(key) === lock) held.delete(key);
        if (readText(lockPath) !== text) return;
        try {
          unlinkSync(lockPath);
        } catch {
          // Removed already.
        }
      },
    };
    held.set(key, lock);
    if (!exitHook) {
      exitHook = true;
      process.on('exit', () => {
        for (const l of [...held.values()]) l.release();
      });
    }
    return lock;
  }
  throw new EngineLockedError(dataDir, lockPath, parseLock(readText(lockPath) ?? ''), system);
}

/** How the engine's lines start in each shell's log: `carbon-tray serve: …`, `CarbonTray: …` for the tray app. */
export function logPrefix(shell: string): string {
  return shell === 'tray' ? 'CarbonTray: ' : `carbon-tray ${shell}: `;
}
