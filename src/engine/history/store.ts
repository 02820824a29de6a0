// The SQLite history store (better-sqlite3, WAL): writes minutes and gaps, rolls minutes up into hours, prunes.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { FileFault } from '../../shared/errors.js';
import { PRIVATE_FILE_MODE } from '../paths.js';
import { openFault } from './faults.js';
import { migrate } from './schema.js';
import { HistoryQueries } from './queries.js';
import type { GapRecord, MinuteRecord } from './types.js';

import {
  MINUTES_PER_HOUR,
  MS_PER_DAY as DAY_MS,
  MS_PER_HOUR as HOUR_MS,
  MS_PER_MINUTE as MINUTE_MS,
} from '../../shared/time.js';

/** Minutes younger than this stay at one-minute resolution; older ones are rolled up into hours. */
export const MINUTE_RESOLUTION_DAYS = 7;

/** Options of `HistoryStore`. */
export interface HistoryStoreOptions {
  /** Open read-only (nothing is created, migrated or written). */
  readonly?: boolean;
  /**
   * Run `PRAGMA quick_check` on open and refuse a damaged file (default true): a damaged database would otherwise
   * fail later, in the middle of a run, with `database disk image is malformed` and no word on what to do.
   */
  check?: boolean;
}

/** How a second write of the same minute or hour merges into a machine row: sums, intensity and use time-weighted. */
const MERGE_MACHINE = `
  intensity_g_per_kwh = (intensity_g_per_kwh * observed_s + excluded.intensity_g_per_kwh * excluded.observed_s)
                        / NULLIF(observed_s + excluded.observed_s, 0),
  utilization = (utilization * observed_s + excluded.utilization * excluded.observed_s)
                / NULLIF(observed_s + excluded.observed_s, 0),
  observed_s = observed_s + excluded.observed_s, energy_j = energy_j + excluded.energy_j,
  operational_g = operational_g + excluded.operational_g, embodied_g = embodied_g + excluded.embodied_g,
  cpu_s = cpu_s + excluded.cpu_s`;

/** How a second write of the same minute or hour merges into an app row: everything adds up. */
const MERGE_APP = `
  energy_j = energy_j + excluded.energy_j, operational_g = operational_g + excluded.operational_g,
  embodied_g = embodied_g + excluded.embodied_g, cpu_s = cpu_s + excluded.cpu_s,
  rss_byte_s = rss_byte_s + excluded.rss_byte_s`;

/**
 * The history database. Each minute is one transaction, so a crash (even SIGKILL) loses at most the minute in
 * progress: WAL with `synchronous = NORMAL` keeps every committed transaction across a process crash.
 * Read queries are on `queries` (see `HistoryQueries`).
 */
export class HistoryStore {
  readonly db: Database.Database;
  readonly queries: HistoryQueries;
  private readonly appIds = new Map<string, { id: number; name: string; kind: string }>();
  private readonly insertMachine: Database.Statement;
  private readonly insertApp: Database.Statement;
  private readonly upsertAppKey: Database.Statement;
  private readonly insertGap: Database.Statement;
  private readonly addMachineHour: Database.Statement;
  private readonly addAppHour: Database.Statement;

  /** @param path the database file, e.g. `<dataDir>/history.sqlite`; `:memory:` for tests. */
  constructor(
    readonly path: string,
    options: HistoryStoreOptions = {},
  ) {
    let db: Database.Database | null = null;
    try {
      if (path !== ':memory:' && !options.readonly) {
        mkdirSync(dirname(path), { recursive: true });
        // Created private (SQLite gives the WAL and shared-memory files the database's own mode); an existing
        // file keeps its mode, which `secureDataDir` tightens.
        closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
      }
      db = new Database(path, {
        readonly: options.readonly === true,
        fileMustExist: options.readonly === true,
      });
      if (options.check !== false) quickCheck(db);
      if (!options.readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('foreign_keys = ON');
        migrate(db, path);
      }
    } catch (error) {
      try {
        db?.close();
      } catch {
        // Closing a file that failed to open tells nothing more than the error below.
      }
      throw error instanceof FileFault ? error : openFault(path, error);
    }
    this.db = db;
    this.db.pragma('busy_timeout = 2000');
    this.queries = new HistoryQueries(this.db);
    if (options.readonly) {
      const none = this.db.prepare('SELECT 1');
      this.insertMachine = this.insertApp = this.upsertAppKey = this.insertGap = none;
      this.addMachineHour = this.addAppHour = none;
      return;
    }
    // A minute can be written twice (closed early by a gap or pause, then continued): the second write adds up.
    this.insertMachine = this.db.prepare(
      `INSERT INTO machine_minutes VALUES
       (@minute, @observedS, @energyJ, @operationalG, @embodiedG, @cpuS, @intensityGPerKWh, @utilization, @powerSource, @intensitySource)
       ON CONFLICT (minute) DO UPDATE SET ${MERGE_MACHINE}, power_source = excluded.power_source, intensity_source = excluded.intensity_source`,
    );
    this.insertApp = this.db.prepare(
      `INSERT INTO app_minutes VALUES (@minute, @appId, @energyJ, @operationalG, @embodiedG, @cpuS, @rssByteS)
       ON CONFLICT (minute, app_id) DO UPDATE SET ${MERGE_APP}`,
    );
    this.upsertAppKey = this.db.prepare(
      `INSERT INTO apps (key, name, kind) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET name = excluded.name, kind = excluded.kind RETURNING id`,
    );
    this.insertGap = this.db.prepare('INSERT OR REPLACE INTO gaps VALUES (?, ?, ?)');
    // Hour rows are kept up to date with every minute, so long windows read 60× fewer rows.
    this.addMachineHour = this.db.prepare(
      `INSERT INTO machine_hours VALUES
       (@hour, @observedS, @energyJ, @operationalG, @embodiedG, @cpuS, @intensityGPerKWh, @utilization)
       ON CONFLICT (hour) DO UPDATE SET ${MERGE_MACHINE}`,
    );
    this.addAppHour = this.db.prepare(
      `INSERT INTO app_hours VALUES (@hour, @appId, @energyJ, @operationalG, @embodiedG, @cpuS, @rssByteS)
       ON CONFLICT (hour, app_id) DO UPDATE SET ${MERGE_APP}`,
    );
  }

  private appId(key: string, name: string, kind: string): number {
    const known = this.appIds.get(key);
    if (known && known.name === name && known.kind === kind) return known.id;
    const row = this.upsertAppKey.get(key, name, kind) as { id: number };
    this.appIds.set(key, { id: row.id, name, kind });
    return row.id;
  }

  /** Writes one finished minute (machine row, app rows, and their hour roll-ups) in a single transaction. */
  writeMinute(record: MinuteRecord): void {
    const minute = Math.floor(record.minuteMs / MINUTE_MS);
    const hour = Math.floor(minute / MINUTES_PER_HOUR);
    const write = this.db.transaction(() => {
      this.insertMachine.run({ minute, ...record.machine });
      const { powerSource: _source, intensitySource: _intensity, ...sums } = record.machine;
      this.addMachineHour.run({ hour, ...sums });
      for (const app of record.apps) {
        const appId = this.appId(app.key, app.name, app.kind);
        const values = {
          energyJ: app.energyJ,
          operationalG: app.operationalG,
          embodiedG: app.embodiedG,
          cpuS: app.cpuS,
          rssByteS: app.rssByteS,
        };
        this.addAppHour.run({ hour, appId, ...values });
        this.insertApp.run({
          minute,
          appId,
          energyJ: app.energyJ,
          operationalG: app.operationalG,
          embodiedG: app.embodiedG,
          cpuS: app.cpuS,
          rssByteS: app.rssByteS,
        });
      }
    });
    try {
      write();
    } catch (error) {
      // The transaction was rolled back, apps it added too: their cached ids must not be used by a retry.
      this.appIds.clear();
      throw error;
    }
  }

  /** Records a stretch that was never attributed (suspend, stall, pause, stop). */
  writeGap(gap: GapRecord): void {
    this.insertGap.run(Math.round(gap.startMs), Math.round(gap.endMs), gap.reason);
  }

  /**
   * Deletes minute rows older than `MINUTE_RESOLUTION_DAYS` (whole hours only); their hour roll-ups, written with
   * every minute, stay. Idempotent.
   */
  trimMinutes(nowMs: number): void {
    const cutoffMinute = Math.floor((nowMs - MINUTE_RESOLUTION_DAYS * DAY_MS) / HOUR_MS) * MINUTES_PER_HOUR;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM app_minutes WHERE minute < ?').run(cutoffMinute);
      this.db.prepare('DELETE FROM machine_minutes WHERE minute < ?').run(cutoffMinute);
    })();
  }

  /** Deletes everything older than `retentionDays`, and apps no row refers to any more. */
  prune(nowMs: number, retentionDays: number): void {
    const cutoffMs = nowMs - retentionDays * DAY_MS;
    const cutoffMinute = Math.floor(cutoffMs / MINUTE_MS);
    const cutoffHour = Math.floor(cutoffMs / HOUR_MS);
    this.db.transaction(() => {
      const deleted =
        this.db.prepare('DELETE FROM app_minutes WHERE minute < ?').run(cutoffMinute).changes +
        this.db.prepare('DELETE FROM app_hours WHERE hour < ?').run(cutoffHour).changes;
      this.db.prepare('DELETE FROM machine_minutes WHERE minute < ?').run(cutoffMinute);
      this.db.prepare('DELETE FROM machine_hours WHERE hour < ?').run(cutoffHour);
      this.db.prepare('DELETE FROM gaps WHERE end_ms < ?').run(cutoffMs);
      // Looking for orphaned apps scans the app tables: only worth it when retention removed rows.
      if (deleted > 0) {
        this.db.exec(
          `DELETE FROM apps WHERE id NOT IN (SELECT app_id FROM app_minutes) AND id NOT IN (SELECT app_id FROM app_hours)`,
        );
      }
    })();
    this.appIds.clear();
  }

  /** Minute trimming then retention: what the engine runs at start and once an hour. */
  maintain(nowMs: number, retentionDays: number): void {
    this.trimMinutes(nowMs);
    this.prune(nowMs, retentionDays);
  }

  /** `PRAGMA quick_check` (the fast one, O(pages)): `ok` when the file is sound, else SQLite's first finding. */
  quickCheck(): string {
    try {
      quickCheck(this.db);
      return 'ok';
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  /** `PRAGMA integrity_check`: `ok` when the file is sound. */
  integrityCheck(): string {
    return (this.db.pragma('integrity_check', { simple: true }) as string) ?? 'no answer';
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * Throws an error coded `SQLITE_CORRUPT` (SQLite's own when it cannot even read the pages) unless
 * `PRAGMA quick_check` finds the file sound. quick_check reads every page once but skips the index-content checks
 * of integrity_check, so it is fast enough to run at every start.
 */
function quickCheck(db: Database.Database): void {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const first = rows[0]?.quick_check ?? 'no answer';
  if (rows.length === 1 && first === 'ok') return;
  throw Object.assign(new Error(`quick_check: ${first}`), { code: 'SQLITE_CORRUPT' });
}
