// The engine's history writer: a write that fails (disk full, read-only, I/O, damage) is kept and retried, never thrown.
import { rmSync, statSync } from 'node:fs';
import type { StorageHealth } from '../../shared/api.js';
import { describeFileError, FileFault } from '../../shared/errors.js';
import { MINUTES_PER_HOUR } from '../../shared/time.js';
import { closerCause, codeOf, historyFaultKind, writeFault } from './faults.js';
import { HistoryQueries } from './queries.js';
import { HistoryStore } from './store.js';
import type { GapRecord, MinuteRecord } from './types.js';

/** What the engine writes history through (the recorder's minutes, the engine's gaps and maintenance). */
export interface HistoryWriter {
  writeMinute(record: MinuteRecord): void;
  writeGap(gap: GapRecord): void;
  /** Minute trimming then retention (see `HistoryStore.maintain`). */
  maintain(nowMs: number, retentionDays: number): void;
  /** Whether writes succeed, and what waits. */
  health(): StorageHealth;
  /** Writes what waits if it can, then closes the file. */
  close(): void;
}

/** The health of an engine that writes no history (`persist: false`). */
export const UNUSED_STORAGE: StorageHealth = {
  status: 'ok',
  reason: null,
  pendingMinutes: 0,
  droppedMinutes: 0,
  writeErrors: 0,
};

/** At most this many finished minutes wait in memory (a day); beyond, the oldest are dropped and counted. */
export const MAX_PENDING_MINUTES = 24 * MINUTES_PER_HOUR;

/** A write not yet done, in the order the engine asked for it. */
type Pending = { kind: 'minute'; record: MinuteRecord } | { kind: 'gap'; gap: GapRecord };

/** Options of `ResilientHistory`; the defaults are what the engine uses. */
export interface ResilientHistoryOptions {
  /** Where faults and recoveries are said, once each (default stderr). */
  log?: (line: string) => void;
  /** Opens the store at the path (tests pass one that fails on purpose). */
  open?: (path: string) => HistoryStore;
  /** Default `MAX_PENDING_MINUTES`. */
  maxPendingMinutes?: number;
}

/** Which file a path names: a deleted or replaced database shows as a missing or different inode. */
interface FileIdentity {
  dev: bigint;
  ino: bigint;
}

function identityOf(path: string): FileIdentity | null {
  try {
    const st = statSync(path, { bigint: true });
    return { dev: st.dev, ino: st.ino };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The history store behind a queue. Every write goes through the queue in order: a minute (one transaction) leaves
 * it only once committed, so a retry after a failure writes each minute exactly once. A failure makes the state
 * `degraded` with a `FileFault` message, said once per distinct cause; the next write retries everything that
 * waits, and when it succeeds the state is `ok` again (and said). Before each write the file at the path is checked
 * (device and inode): a database deleted or replaced while the engine runs is reopened at the path, created and
 * migrated when missing, and what waits is written there. Nothing here throws but the constructor, which refuses a
 * database that cannot be opened or is damaged at start (the `FileFault` says the way out).
 */
export class ResilientHistory implements HistoryWriter {
  /** Read queries over whichever file is open now. */
  readonly queries: HistoryQueries;
  private store: HistoryStore | null;
  private identity: FileIdentity | null;
  private readonly pending: Pending[] = [];
  private pendingMinutes = 0;
  private droppedMinutes = 0;
  private writeErrors = 0;
  /** The current failure: what it says, and what it is keyed by for saying it once. */
  private fault: { key: string; message: string } | null = null;
  /** The open file was found damaged (sticky until another file is opened at the path). */
  private damaged = false;
  private saidDropping = false;
  private closed = false;
  private readonly log: (line: string) => void;
  private readonly open: (path: string) => HistoryStore;
  private readonly maxPending: number;

  constructor(
    readonly path: string,
    options: ResilientHistoryOptions = {},
  ) {
    this.log = options.log ?? ((line) => console.error(`carbon-tray: ${line}`));
    this.open = options.open ?? ((p) => new HistoryStore(p));
    this.maxPending = options.maxPendingMinutes ?? MAX_PENDING_MINUTES;
    this.store = this.open(path);
    this.identity = this.memory ? null : identityOf(path);
    this.queries = this.guarded(new HistoryQueries(() => this.readable()));
  }

  private get memory(): boolean {
    return this.path === ':memory:';
  }

  /** The open database for a query; a `FileFault` when none could be opened. */
  private readable(): HistoryStore['db'] {
    if (this.store) return this.store.db;
    throw new FileFault(
      this.path,
      'cannot read the history',
      this.fault?.message ?? 'it is not open',
      'see the log',
    );
  }

  health(): StorageHealth {
    return {
      status: this.fault === null ? 'ok' : 'degraded',
      reason: this.fault?.message ?? null,
      pendingMinutes: this.pendingMinutes,
      droppedMinutes: this.droppedMinutes,
      writeErrors: this.writeErrors,
    };
  }

  writeMinute(record: MinuteRecord): void {
    this.enqueue({ kind: 'minute', record });
    this.flush();
    this.trim();
  }

  writeGap(gap: GapRecord): void {
    this.enqueue({ kind: 'gap', gap });
    this.flush();
    this.trim();
  }

  maintain(nowMs: number, retentionDays: number): void {
    if (this.closed || !this.current()) return;
    try {
      (this.store as HistoryStore).maintain(nowMs, retentionDays);
    } catch (error) {
      this.failed(error);
    }
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.pendingMinutes > 0) {
      this.droppedMinutes += this.pendingMinutes;
      this.log(
        `${plural(this.pendingMinutes, 'finished minute')} could not be written to ${this.path} and are lost: ` +
          `${this.fault?.message ?? 'the database is not open'}`,
      );
    }
    this.pending.length = 0;
    this.pendingMinutes = 0;
    try {
      this.store?.close();
    } catch (error) {
      this.log(`closing the history database ${this.path} failed: ${describeFileError(error)}`);
    }
    this.store = null;
  }

  private enqueue(item: Pending): void {
    if (this.closed) return;
    this.pending.push(item);
    if (item.kind === 'minute') this.pendingMinutes += 1;
  }

  /** What still waits after a write is kept to `maxPending` minutes: the oldest go, counted (said the first time). */
  private trim(): void {
    let droppedNow = 0;
    while (this.pendingMinutes > this.maxPending || this.pending.length > 2 * this.maxPending) {
      const oldest = this.pending.shift() as Pending;
      if (oldest.kind === 'minute') {
        this.pendingMinutes -= 1;
        this.droppedMinutes += 1;
        droppedNow += 1;
      }
    }
    if (droppedNow > 0 && !this.saidDropping) {
      this.saidDropping = true;
      this.log(
        `more than ${plural(this.maxPending, 'minute')} of history wait to be written to ${this.path}: the oldest are ` +
          'dropped from now on (counted in droppedMinutes)',
      );
    }
  }

  /** Writes what waits, oldest first, until one fails; each leaves the queue only once it is committed. */
  private flush(): void {
    if (this.closed || this.pending.length === 0 || !this.current()) return;
    const store = this.store as HistoryStore;
    const waited = this.pendingMinutes;
    while (this.pending.length > 0) {
      const item = this.pending[0] as Pending;
      try {
        if (item.kind === 'minute') store.writeMinute(item.record);
        else store.writeGap(item.gap);
      } catch (error) {
        if (historyFaultKind(error) !== 'invalid') {
          this.failed(error);
          return;
        }
        // Not the file but this record: writing it again would fail again and hold up everything after it.
        this.writeErrors += 1;
        if (item.kind === 'minute') this.droppedMinutes += 1;
        this.log(`${writeFault(this.path, error).message}: ${describeFileError(error)}`);
      }
      this.pending.shift();
      if (item.kind === 'minute') this.pendingMinutes -= 1;
    }
    this.recovered(waited);
  }

  /**
   * True when the store is open on the file now at the path. A file deleted (or the folder with it) or replaced
   * since it was opened is closed and the path opened again; false (and degraded) when that fails.
   */
  private current(): boolean {
    if (this.memory) return this.store !== null;
    let now: FileIdentity | null;
    try {
      now = identityOf(this.path);
    } catch (error) {
      this.failed(error);
      return false;
    }
    const same =
      now !== null &&
      this.identity !== null &&
      now.dev === this.identity.dev &&
      now.ino === this.identity.ino;
    if (this.store !== null && same) return true;
    const what = this.store === null ? null : now === null ? 'was deleted' : 'was replaced by another file';
    if (this.store !== null) {
      try {
        this.store.close();
      } catch {
        // The old file is gone from the path; what closing it says does not matter any more.
      }
      this.store = null;
      // SQLite does not checkpoint a moved file at close: its -wal and -shm are left at the path and would be read
      // as the new file's. They belong to the old file, and go.
      this.removeLeftovers();
    } else if (now === null) {
      // A -wal or -shm without its database (left by the store closed above in an earlier attempt) is not a history.
      this.removeLeftovers();
    }
    try {
      this.store = this.open(this.path);
      this.identity = identityOf(this.path);
      this.damaged = false;
    } catch (error) {
      this.store = null;
      if (what !== null) this.log(`the history database ${this.path} ${what} while CarbonTray ran`);
      this.failed(error);
      return false;
    }
    if (what !== null) {
      this.log(
        now === null
          ? `the history database ${this.path} was deleted while CarbonTray ran; a new one was created there ` +
              '(what the deleted file held went with it)'
          : `the history database ${this.path} was replaced by another file while CarbonTray ran; history is now written into that one`,
      );
    } else {
      this.log(`the history database ${this.path} is open again`);
    }
    return true;
  }

  private removeLeftovers(): void {
    for (const suffix of ['-wal', '-shm']) {
      try {
        rmSync(`${this.path}${suffix}`, { force: true });
      } catch {
        // Left where it is: opening the path then fails and says why.
      }
    }
  }

  /** A write failed: degraded with the cause (said once per distinct cause), counted. */
  private failed(error: unknown): void {
    this.writeErrors += 1;
    this.degrade(error, 'write');
  }

  /**
   * Degraded with the cause, said once per distinct cause. A damaged file stays degraded until another file is
   * opened at the path: writes that still succeed do not make it sound.
   */
  private degrade(error: unknown, doing: 'write' | 'read'): FileFault {
    // A store that cannot be opened says so as a FileFault for a start; mid-run its cause is told as a write's.
    const raw = error instanceof FileFault && error.cause !== undefined ? error.cause : error;
    const cause = closerCause(this.path, raw);
    const fault = writeFault(this.path, cause, doing);
    const key = `${historyFaultKind(cause)}:${codeOf(cause) || describeFileError(cause)}`;
    if (historyFaultKind(cause) === 'corrupt') this.damaged = true;
    if (this.fault?.key !== key) this.log(fault.message);
    this.fault = { key, message: fault.message };
    return fault;
  }

  /**
   * The read queries, each guarded: a read that fails for the file's sake (damaged, I/O) degrades the state as a
   * write would and is rethrown as a `FileFault` with the remedy (HTTP answers it 503); a refused query is not.
   */
  private guarded(queries: HistoryQueries): HistoryQueries {
    return new Proxy(queries, {
      get: (target, name, receiver) => {
        const value = Reflect.get(target, name, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]): unknown => {
          try {
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          } catch (error) {
            if (error instanceof FileFault) throw error;
            const kind = historyFaultKind(error);
            if (kind === 'invalid' || kind === 'other' || kind === 'newer') throw error;
            throw this.degrade(error, 'read');
          }
        };
      },
    });
  }

  /** Everything that waited is written: ok again, said when it was not. */
  private recovered(waited: number): void {
    if (this.fault === null || this.damaged) return;
    this.fault = null;
    this.log(
      `history writes to ${this.path} work again` +
        (waited > 0 ? `; ${plural(waited, 'minute')} that waited in memory were written` : ''),
    );
  }
}
