// The engine's history writer: failed writes wait in a bounded queue, in order, and are written once each when
// writes work again; each cause is said once; a deleted or replaced file is reopened at its path; nothing throws.
import { machineMinute } from '../../../helpers/minutes.js';
import { closeSync, mkdtempSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFault } from '../../../../src/engine/history/faults.js';
import { ResilientHistory } from '../../../../src/engine/history/resilient.js';
import { HistoryStore } from '../../../../src/engine/history/store.js';
import type { GapRecord, MinuteRecord } from '../../../../src/engine/history/types.js';
import { FileFault } from '../../../../src/shared/errors.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);

/** Minute `i` after T0: the machine observed 60 s and used 600 J, two apps 300 J each. */
function minute(i: number): MinuteRecord {
  const app = (key: string): MinuteRecord['apps'][number] => ({
    key,
    name: key,
    kind: 'app',
    energyJ: 300,
    operationalG: 0.025,
    embodiedG: 0.005,
    cpuS: 15,
    rssByteS: 1e9,
  });
  return {
    minuteMs: T0 + i * MIN,
    machine: machineMinute(),
    // A new app in every minute, so a rolled-back minute also rolls back an app row the store had cached.
    apps: [app('app:browser'), app(`app:job-${i}`)],
  };
}

/** An error as better-sqlite3 throws it: the message and SQLite's code. */
function sqliteError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
const FULL = sqliteError('SQLITE_FULL', 'database or disk is full');

/**
 * A real store whose writes can be made to fail the way SQLite fails: part of the minute is written inside the
 * store's transaction, then the error rolls all of it back. `order` lists what was committed.
 */
class FlakyStore extends HistoryStore {
  fail: unknown = null;
  readonly order: string[] = [];

  override writeMinute(record: MinuteRecord): void {
    const fail = this.fail;
    if (fail === null) {
      super.writeMinute(record);
      this.order.push(`minute ${(record.minuteMs - T0) / MIN}`);
      return;
    }
    // The store's own transaction fails after the machine row, its hour and every app row (a new app's too) are
    // written, as at COMMIT: all of it is rolled back.
    const apps = record.apps;
    function* failing(): Generator<MinuteRecord['apps'][number]> {
      yield* apps;
      throw fail;
    }
    super.writeMinute({ ...record, apps: failing() as unknown as MinuteRecord['apps'] });
  }

  override writeGap(gap: GapRecord): void {
    if (this.fail !== null) throw this.fail;
    super.writeGap(gap);
    this.order.push(`gap ${gap.reason}`);
  }
}

let dir: string;
let path: string;
let lines: string[];
let writer: ResilientHistory | null;
let flaky: FlakyStore;

function open(options: { maxPendingMinutes?: number } = {}): ResilientHistory {
  writer = new ResilientHistory(path, {
    log: (line) => lines.push(line),
    open: (p) => (flaky = new FlakyStore(p)),
    ...options,
  });
  return writer;
}

/** What the file at the path holds, read by a connection of its own. */
function stored(): { minutes: { minute: number; observed_s: number }[]; hourS: number; appRows: number } {
  const store = new HistoryStore(path, { readonly: true });
  try {
    return {
      minutes: store.db.prepare('SELECT minute, observed_s FROM machine_minutes ORDER BY minute').all() as {
        minute: number;
        observed_s: number;
      }[],
      hourS: store.db
        .prepare('SELECT COALESCE(SUM(observed_s), 0) FROM machine_hours')
        .pluck()
        .get() as number,
      appRows: store.db.prepare('SELECT COUNT(*) FROM app_minutes').pluck().get() as number,
    };
  } finally {
    store.close();
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ct-resilient-'));
  path = join(dir, 'history.sqlite');
  lines = [];
  writer = null;
});
afterEach(() => {
  writer?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ResilientHistory', () => {
  it('keeps failed minutes in order and writes each exactly once when writes work again', () => {
    const w = open();
    w.writeMinute(minute(0));
    flaky.fail = FULL;
    for (let i = 1; i <= 5; i++) expect(() => w.writeMinute(minute(i))).not.toThrow();
    const degraded = w.health();
    expect(degraded).toMatchObject({
      status: 'degraded',
      pendingMinutes: 5,
      droppedMinutes: 0,
      writeErrors: 5,
    });
    expect(degraded.reason).toBe(
      `cannot write the history (${path}): the disk is full; free some space on that disk; until then the ` +
        'unwritten minutes wait in memory (at most a day) and are written as soon as it can',
    );
    flaky.fail = null;
    w.writeMinute(minute(6));
    expect(w.health()).toEqual({
      status: 'ok',
      reason: null,
      pendingMinutes: 0,
      droppedMinutes: 0,
      writeErrors: 5,
    });
    expect(flaky.order).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `minute ${i}`));
    w.close();
    writer = null;
    const s = stored();
    // 7 minutes of 60 s each: a minute written once more after its rolled-back attempt would hold 120 s.
    expect(s.minutes.map((m) => m.minute)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => (T0 + i * MIN) / MIN));
    expect(s.minutes.every((m) => m.observed_s === 60)).toBe(true);
    expect(s.hourS).toBe(7 * 60);
    // Two apps a minute; the rolled-back app rows were written again under ids that exist.
    expect(s.appRows).toBe(14);
  });

  it('says a fault once per distinct cause, not once a minute, and says when writes work again', () => {
    const w = open();
    flaky.fail = FULL;
    for (let i = 0; i < 10; i++) w.writeMinute(minute(i));
    flaky.fail = sqliteError('SQLITE_IOERR_WRITE', 'disk I/O error');
    for (let i = 10; i < 13; i++) w.writeMinute(minute(i));
    flaky.fail = null;
    w.writeMinute(minute(13));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^cannot write the history \(.*history\.sqlite\): the disk is full; free some space/,
    );
    // The probe beside the database succeeds here (the folder is writable), so SQLite's own cause stands.
    expect(lines[1]).toMatch(/^cannot write the history \(.*\): an input\/output error; check the disk/);
    expect(lines[2]).toBe(
      `history writes to ${path} work again; 14 minutes that waited in memory were written`,
    );
    expect(w.health().writeErrors).toBe(13);
  });

  it('keeps at most maxPendingMinutes: the oldest are dropped, counted and said once', () => {
    const w = open({ maxPendingMinutes: 3 });
    flaky.fail = FULL;
    for (let i = 0; i < 5; i++) w.writeMinute(minute(i));
    // Minutes 0 and 1 are the oldest beyond the 3 kept.
    expect(w.health()).toMatchObject({ pendingMinutes: 3, droppedMinutes: 2 });
    expect(lines.filter((l) => l.includes('the oldest are dropped'))).toHaveLength(1);
    flaky.fail = null;
    w.writeMinute(minute(5));
    expect(flaky.order).toEqual([2, 3, 4, 5].map((i) => `minute ${i}`));
    expect(w.health()).toMatchObject({ status: 'ok', pendingMinutes: 0, droppedMinutes: 2 });
  });

  it('keeps gaps in their place among the minutes', () => {
    const w = open();
    flaky.fail = FULL;
    w.writeMinute(minute(0));
    w.writeGap({ startMs: T0 + MIN, endMs: T0 + 5 * MIN, reason: 'suspend' });
    w.writeMinute(minute(5));
    flaky.fail = null;
    w.writeMinute(minute(6));
    expect(flaky.order).toEqual(['minute 0', 'gap suspend', 'minute 5', 'minute 6']);
  });

  it('drops a record the database refuses for itself (not a file fault) without holding up the rest', () => {
    const w = open();
    flaky.fail = new TypeError('a value of the wrong type');
    w.writeMinute(minute(0));
    flaky.fail = null;
    w.writeMinute(minute(1));
    expect(flaky.order).toEqual(['minute 1']);
    expect(w.health()).toMatchObject({ status: 'ok', pendingMinutes: 0, droppedMinutes: 1, writeErrors: 1 });
    expect(lines[0]).toMatch(/the minute was dropped.*a value of the wrong type/);
  });

  it('stays degraded after a damaged file was met, even when later writes succeed', () => {
    const w = open();
    flaky.fail = sqliteError('SQLITE_CORRUPT', 'database disk image is malformed');
    w.writeMinute(minute(0));
    flaky.fail = null;
    w.writeMinute(minute(1));
    const health = w.health();
    expect(health).toMatchObject({ status: 'degraded', pendingMinutes: 0 });
    expect(health.reason).toBe(
      `cannot write the history (${path}): the database file is damaged; stop CarbonTray, then either move ` +
        `${path} aside (a new, empty history is started) or run \`carbon-tray repair --data-dir ${dir}\`, which ` +
        'copies what can still be read into a new file and keeps the damaged one',
    );
  });

  it('notices a deleted database, creates it again at the path, and writes the later minutes there', () => {
    const w = open();
    w.writeMinute(minute(0));
    rmSync(path);
    w.writeMinute(minute(1));
    expect(lines).toEqual([
      `the history database ${path} was deleted while CarbonTray ran; a new one was created there (what the deleted file held went with it)`,
    ]);
    expect(w.health().status).toBe('ok');
    // Queries follow the new file.
    expect(w.queries.observedS(T0, T0 + 10 * MIN)).toBe(60);
    w.close();
    writer = null;
    expect(stored().minutes.map((m) => m.minute)).toEqual([(T0 + MIN) / MIN]);
  });

  it('notices a replaced database and writes into the file now at the path', () => {
    const w = open();
    w.writeMinute(minute(0));
    const other = new HistoryStore(join(dir, 'other.sqlite'));
    other.writeMinute(minute(9));
    other.close();
    renameSync(join(dir, 'other.sqlite'), path);
    w.writeMinute(minute(1));
    expect(lines[0]).toMatch(
      /was replaced by another file while CarbonTray ran; history is now written into that one$/,
    );
    w.close();
    writer = null;
    // The replacement's own minute and the one written after: the old file's -wal was not replayed into it.
    expect(stored().minutes.map((m) => m.minute)).toEqual([(T0 + MIN) / MIN, (T0 + 9 * MIN) / MIN]);
  });

  it('when the path cannot be opened again, is degraded with the cause and tries again at the next write', () => {
    let refuse = 0;
    writer = new ResilientHistory(path, {
      log: (line) => lines.push(line),
      open: (p) => {
        if (refuse > 0) {
          refuse -= 1;
          throw openFault(p, Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
        }
        return new HistoryStore(p);
      },
    });
    const w = writer;
    w.writeMinute(minute(0));
    rmSync(path);
    refuse = 1;
    w.writeMinute(minute(1));
    expect(w.health()).toMatchObject({ status: 'degraded', pendingMinutes: 1, writeErrors: 1 });
    // The opening's cause, told as a write's with the write's remedy.
    expect(w.health().reason).toMatch(/^cannot write the history \(.*\): permission denied; make the folder/);
    expect(() => w.queries.observedS(T0, T0 + MIN)).toThrow(FileFault);
    w.writeMinute(minute(2));
    expect(w.health()).toMatchObject({ status: 'ok', pendingMinutes: 0 });
    w.close();
    writer = null;
    expect(stored().minutes.map((m) => m.minute)).toEqual([(T0 + MIN) / MIN, (T0 + 2 * MIN) / MIN]);
  });

  it('at close, writes what waits if it can, else counts and says the minutes lost', () => {
    const w = open();
    flaky.fail = FULL;
    w.writeMinute(minute(0));
    w.writeMinute(minute(1));
    w.close();
    writer = null;
    expect(w.health()).toMatchObject({ pendingMinutes: 0, droppedMinutes: 2 });
    expect(lines.at(-1)).toMatch(/^2 finished minutes could not be written to .* and are lost: cannot write/);
  });

  it('refuses a damaged database at start, naming the path and both ways out', () => {
    const store = new HistoryStore(path);
    for (let i = 0; i < 400; i++) store.writeMinute(minute(i));
    store.close();
    // Garbage over every page but the first (the header and the schema): the tables are unreadable.
    const pages = statSync(path).size / 4096;
    const fd = openSync(path, 'r+');
    for (let p = 1; p < pages; p++) writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, p * 4096);
    closeSync(fd);
    let error: unknown = null;
    try {
      open();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FileFault);
    expect((error as FileFault).path).toBe(path);
    expect((error as Error).message).toBe(
      `cannot open the history database (${path}): the database file is damaged; stop CarbonTray, then either ` +
        `move ${path} aside (a new, empty history is started) or run \`carbon-tray repair --data-dir ${dir}\`, ` +
        'which copies what can still be read into a new file and keeps the damaged one',
    );
  });
});
