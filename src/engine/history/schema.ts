// The history database's schema as explicit, ordered migrations tracked by SQLite's `user_version`.
import type Database from 'better-sqlite3';
import { NEWER_SCHEMA_CODE } from './faults.js';

/** One schema step; `version` is the `user_version` after it ran. */
interface SchemaMigration {
  version: number;
  sql: string;
}

/**
 * Minutes and hours are epoch-based integers (`minute = floor(ms / 60 000)`, `hour = floor(ms / 3 600 000)`);
 * apps are interned in `apps` so per-minute rows stay small. `*_minutes` hold the last 7 days; `*_hours` are
 * hourly roll-ups of everything, updated with each minute.
 */
const MIGRATIONS: readonly SchemaMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE apps (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL
      );
      CREATE TABLE machine_minutes (
        minute INTEGER PRIMARY KEY,
        observed_s REAL NOT NULL,
        energy_j REAL NOT NULL,
        operational_g REAL NOT NULL,
        embodied_g REAL NOT NULL,
        cpu_s REAL NOT NULL,
        intensity_g_per_kwh REAL NOT NULL,
        utilization REAL NOT NULL,
        power_source TEXT NOT NULL,
        intensity_source TEXT NOT NULL
      );
      CREATE TABLE app_minutes (
        minute INTEGER NOT NULL,
        app_id INTEGER NOT NULL REFERENCES apps(id),
        energy_j REAL NOT NULL,
        operational_g REAL NOT NULL,
        embodied_g REAL NOT NULL,
        cpu_s REAL NOT NULL,
        rss_byte_s REAL NOT NULL,
        PRIMARY KEY (minute, app_id)
      ) WITHOUT ROWID;
      CREATE INDEX app_minutes_by_app ON app_minutes (app_id, minute);
      CREATE TABLE machine_hours (
        hour INTEGER PRIMARY KEY,
        observed_s REAL NOT NULL,
        energy_j REAL NOT NULL,
        operational_g REAL NOT NULL,
        embodied_g REAL NOT NULL,
        cpu_s REAL NOT NULL,
        intensity_g_per_kwh REAL NOT NULL,
        utilization REAL NOT NULL
      );
      CREATE TABLE app_hours (
        hour INTEGER NOT NULL,
        app_id INTEGER NOT NULL REFERENCES apps(id),
        energy_j REAL NOT NULL,
        operational_g REAL NOT NULL,
        embodied_g REAL NOT NULL,
        cpu_s REAL NOT NULL,
        rss_byte_s REAL NOT NULL,
        PRIMARY KEY (hour, app_id)
      ) WITHOUT ROWID;
      CREATE INDEX app_hours_by_app ON app_hours (app_id, hour);
      CREATE TABLE gaps (
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (start_ms, reason)
      );
    `,
  },
];

/** The schema version this code writes. */
export const HISTORY_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/**
 * Brings the database to `HISTORY_SCHEMA_VERSION`, each step in its own transaction. Refuses a database written
 * by a newer CarbonTray instead of guessing at its shape.
 */
export function migrate(db: Database.Database, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > HISTORY_SCHEMA_VERSION) {
    throw Object.assign(
      new Error(
        `the history database ${path} has schema ${current}, newer than this CarbonTray understands (${HISTORY_SCHEMA_VERSION})`,
      ),
      { code: NEWER_SCHEMA_CODE },
    );
  }
  for (const step of MIGRATIONS) {
    if (step.version <= current) continue;
    db.transaction(() => {
      db.exec(step.sql);
      db.pragma(`user_version = ${step.version}`);
    })();
  }
}
