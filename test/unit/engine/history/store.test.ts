// Tests the history store: minute writes, queries, hourly roll-up preserving sums, retention, gaps, migrations.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_SCHEMA_VERSION } from '../../../../src/engine/history/schema.js';
import { HistoryStore } from '../../../../src/engine/history/store.js';
import type { MinuteRecord } from '../../../../src/engine/history/types.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
// A fixed "now" (2026-03-02T00:00:00Z) so day and hour boundaries are known.
const NOW = Date.UTC(2026, 2, 2);

/** A minute where `browser` used 30 J and `idle` 30 J of the machine's 60 J (1 W for 60 s). */
function minute(minuteMs: number, scale = 1): MinuteRecord {
  return {
    minuteMs,
    machine: {
      observedS: 60,
      energyJ: 60 * scale,
      operationalG: 0.006 * scale,
      embodiedG: 0.3,
      cpuS: 12,
      intensityGPerKWh: 360,
      utilization: 0.1,
      powerSource: 'model',
      intensitySource: 'annual',
    },
    apps: [
      {
        key: 'app:browser',
        name: 'Browser',
        kind: 'app',
        energyJ: 30 * scale,
        operationalG: 0.003 * scale,
        embodiedG: 0.1,
        cpuS: 10,
        rssByteS: 60e9,
      },
      {
        key: 'idle',
        name: 'Idle capacity',
        kind: 'idle',
        energyJ: 30 * scale,
        operationalG: 0.003 * scale,
        embodiedG: 0.2,
        cpuS: 2,
        rssByteS: 0,
      },
    ],
  };
}

let dir: string;
let store: HistoryStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ct-history-'));
  store = new HistoryStore(join(dir, 'history.sqlite'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('HistoryStore', () => {
  it('opens in WAL mode at the current schema version', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('user_version', { simple: true })).toBe(HISTORY_SCHEMA_VERSION);
    expect(store.integrityCheck()).toBe('ok');
  });

  it('creates the database and its WAL readable by their owner only (0600), whatever the umask', () => {
    store.writeMinute(minute(NOW - MIN));
    // The process umask (often 022) would give 0644: the file is created 0600 first, and SQLite gives the WAL the
    // database's own mode (os_unix.c, findCreateFileMode).
    expect(statSync(join(dir, 'history.sqlite')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'history.sqlite-wal')).mode & 0o777).toBe(0o600);
  });

  it('refuses a database written by a newer schema, naming the file', () => {
    store.close();
    const db = new Database(join(dir, 'history.sqlite'));
    db.pragma('user_version = 99');
    db.close();
    expect(() => new HistoryStore(join(dir, 'history.sqlite'))).toThrow(/history\.sqlite.*schema 99, newer/);
    store = new HistoryStore(':memory:');
  });

  it('answers top apps, series, totals and raw rows for the last hour', () => {
    for (let i = 0; i < 60; i++) store.writeMinute(minute(NOW - HOUR + i * MIN));
    const q = store.queries;
    const top = q.topApps(NOW - HOUR, NOW, 5);
    // 60 minutes × (0.003 + 0.1) g = 6.18 g for the browser, 60 × 0.203 = 12.18 g idle; machine 60 × 0.306 = 18.36 g.
    expect(top.map((t) => t.key)).toEqual(['idle', 'app:browser']);
    expect(top[1]?.totalG).toBeCloseTo(6.18, 9);
    expect(top[1]?.share).toBeCloseTo(6.18 / 18.36, 9);
    expect(top[1]?.gPerH).toBeCloseTo(6.18, 9); // one observed hour
    const series = q.machineSeries(NOW - HOUR, NOW, 600);
    expect(series).toHaveLength(6);
    expect(series[0]?.powerW).toBeCloseTo(1, 9); // 600 J over 600 s
    expect(q.appSeries('app:browser', NOW - HOUR, NOW, 3600)[0]?.powerW).toBeCloseTo(0.5, 9);
    expect(q.appTotals('app:browser', NOW - HOUR, NOW).rssByteS).toBeCloseTo(3600e9, 0);
    expect(q.machineTotals(NOW - HOUR, NOW).gPerH).toBeCloseTo(18.36, 9);
    expect(q.observedS(NOW - HOUR, NOW)).toBe(3600);
    expect(q.rawRows(NOW - 2 * MIN, NOW).map((r) => r.key)).toEqual([
      'machine',
      'app:browser',
      'idle',
      'machine',
      'app:browser',
      'idle',
    ]);
  });

  it('keeps hour roll-ups with every minute and trims minutes older than 7 days without changing any sum', () => {
    const start = NOW - 8 * DAY;
    for (let i = 0; i < 180; i++) store.writeMinute(minute(start + i * MIN, 1 + (i % 7)));
    const before = store.queries.machineTotals(start, NOW);
    const beforeTop = store.queries.topApps(start, NOW);
    store.trimMinutes(NOW);
    store.trimMinutes(NOW);
    const after = store.queries.machineTotals(start, NOW);
    expect(after.energyJ).toBeCloseTo(before.energyJ, 6);
    expect(after.totalG).toBeCloseTo(before.totalG, 9);
    expect(store.queries.topApps(start, NOW)[1]?.energyJ).toBeCloseTo(beforeTop[1]?.energyJ ?? NaN, 6);
    expect(store.db.prepare('SELECT COUNT(*) FROM machine_minutes').pluck().get()).toBe(0);
    expect(store.db.prepare('SELECT COUNT(*) FROM machine_hours').pluck().get()).toBe(3);
    expect(store.queries.rawRows(start, NOW)[0]).toMatchObject({
      bucketS: 3600,
      key: 'machine',
      observedS: 3600,
    });
  });

  it('reads whole hours from the roll-ups and ragged ends from minutes, with the same totals as the minutes', () => {
    const start = NOW - 3 * HOUR;
    for (let i = 0; i < 180; i++) store.writeMinute(minute(start + i * MIN, 1 + (i % 5)));
    const from = start + 17 * MIN;
    const to = start + 2 * HOUR + 43 * MIN;
    // Expected: the minutes starting in [from, to): i = 17 … 162, each 30 × (1 + i mod 5) J for the browser.
    let browserJ = 0;
    let machineJ = 0;
    for (let i = 17; i < 163; i++) {
      browserJ += 30 * (1 + (i % 5));
      machineJ += 60 * (1 + (i % 5));
    }
    expect(store.queries.topApps(from, to).find((t) => t.key === 'app:browser')?.energyJ).toBeCloseTo(
      browserJ,
      6,
    );
    expect(store.queries.machineTotals(from, to).energyJ).toBeCloseTo(machineJ, 6);
    expect(store.queries.observedS(from, to)).toBe(146 * 60);
    expect(store.queries.machineSeries(from, to, 60).reduce((s, p) => s + p.energyJ, 0)).toBeCloseTo(
      machineJ,
      6,
    );
    expect(
      store.queries.appSeries('app:browser', from, to, 3600).reduce((s, p) => s + p.energyJ, 0),
    ).toBeCloseTo(browserJ, 6);
  });

  it('deletes data older than the retention and forgets apps nobody refers to', () => {
    store.writeMinute(minute(NOW - 10 * DAY));
    store.writeMinute({ ...minute(NOW - MIN), apps: [minute(0).apps[1]!] });
    store.maintain(NOW, 5);
    expect(store.queries.observedS(NOW - 30 * DAY, NOW)).toBe(60);
    expect(store.db.prepare('SELECT key FROM apps').pluck().all()).toEqual(['idle']);
  });

  it('records gaps', () => {
    store.writeGap({ startMs: NOW - 3 * HOUR, endMs: NOW - 2 * HOUR, reason: 'suspend' });
    expect(store.queries.gaps(NOW - DAY, NOW)).toEqual([
      { startMs: NOW - 3 * HOUR, endMs: NOW - 2 * HOUR, reason: 'suspend' },
    ]);
  });

  it('refuses a window with to < from with a message', () => {
    expect(() => store.queries.machineSeries(NOW, NOW - 1, 60)).toThrow(/to: must not be before from/);
  });
});
