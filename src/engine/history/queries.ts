// Read queries over the history database: top apps, series, per-day totals, raw rows and gaps (minutes + hours).
import type Database from 'better-sqlite3';
import type { AppKind, HistoryPoint, HistoryTopApp, HistoryTotals } from '../../shared/api.js';
import { checkHistoryWindow } from './check.js';
import type { GapRecord, RawHistoryRow } from './types.js';

import {
  MS_PER_HOUR as HOUR_MS,
  MS_PER_MINUTE as MINUTE_MS,
  MS_PER_SECOND,
  MINUTES_PER_HOUR,
  SECONDS_PER_DAY,
  SECONDS_PER_HOUR,
  SECONDS_PER_MINUTE,
} from '../../shared/time.js';

interface Sums {
  observed_s: number;
  energy_j: number;
  operational_g: number;
  embodied_g: number;
  cpu_s: number;
}

/** The stored rows that make up a window: two minute ranges and one hour range, each half-open, maybe empty. */
interface Ranges {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
  h0: number;
  h1: number;
}

/**
 * `SELECT` of `cols` over a window's rows of the machine or app tables (ranges bound as named parameters), with
 * the bucket `b` of each row when `stepMs` is given. Hour and minute tables have the same columns.
 */
function rowsOf(table: 'machine' | 'app', cols: string, stepMs: number | null, where = ''): string {
  const bm = stepMs === null ? '' : `(minute * ${MINUTE_MS} / ${stepMs}) * ${stepMs} b, `;
  const bh = stepMs === null ? '' : `(hour * ${HOUR_MS} / ${stepMs}) * ${stepMs} b, `;
  return `SELECT ${bm}${cols} FROM ${table}_minutes WHERE minute >= @a0 AND minute < @a1 ${where}
    UNION ALL SELECT ${bm}${cols} FROM ${table}_minutes WHERE minute >= @b0 AND minute < @b1 ${where}
    UNION ALL SELECT ${bh}${cols} FROM ${table}_hours WHERE hour >= @h0 AND hour < @h1 ${where}`;
}

const MACHINE_COLS = 'observed_s, energy_j, operational_g, embodied_g, cpu_s';
const APP_COLS = 'app_id, energy_j, operational_g, embodied_g, cpu_s, rss_byte_s';

function toPoint(at: number, s: Sums): HistoryPoint {
  return {
    at,
    energyJ: s.energy_j,
    operationalG: s.operational_g,
    embodiedG: s.embodied_g,
    cpuS: s.cpu_s,
    powerW: s.observed_s > 0 ? s.energy_j / s.observed_s : 0,
    totalG: s.operational_g + s.embodied_g,
  };
}

/**
 * Every read the shells and `carbon-tray export` need. Windows are half-open `[fromMs, toMs)` in epoch ms; a
 * stored bucket belongs to the window its start falls in. Hour roll-ups exist for all data and minutes for the last
 * 7 days, so a window reads whole hours from the roll-ups and only its ragged ends from minutes (windows reaching
 * further back than 7 days are resolved to the hour there). Every read refuses a bad window (`checkHistoryWindow`); steps
 * are not checked again: `getHistory`'s have passed `checkHistoryQuery`, the engine's own are constants.
 */
export class HistoryQueries {
  private readonly source: () => Database.Database;

  /**
   * @param db the database, or a function giving the one open now (the engine's writer reopens a history file
   *   that was deleted or replaced, and its queries follow it).
   */
  constructor(db: Database.Database | (() => Database.Database)) {
    this.source = typeof db === 'function' ? db : () => db;
  }

  private get db(): Database.Database {
    return this.source();
  }

  /**
   * `fine`: every minute row in the window, plus hour rows only where no minutes are kept (series by the minute,
   * raw rows). Otherwise whole hours from the roll-ups and the ends from minutes (fewest rows).
   */
  private ranges(fromMs: number, toMs: number, fine: boolean): Ranges {
    const m0 = Math.ceil(fromMs / MINUTE_MS);
    const m1 = Math.ceil(toMs / MINUTE_MS);
    if (fine) {
      const first = this.db.prepare('SELECT MIN(minute) FROM machine_minutes').pluck().get() as number | null;
      const minutesFromHour = first === null ? Infinity : Math.floor(first / MINUTES_PER_HOUR);
      return {
        a0: m0,
        a1: m1,
        b0: 0,
        b1: 0,
        h0: Math.ceil(fromMs / HOUR_MS),
        h1: Math.min(Math.ceil(toMs / HOUR_MS), minutesFromHour),
      };
    }
    const h0 = Math.ceil(fromMs / HOUR_MS);
    const h1 = Math.floor(toMs / HOUR_MS);
    if (h1 <= h0) return { a0: m0, a1: m1, b0: 0, b1: 0, h0: 0, h1: 0 };
    return { a0: m0, a1: h0 * MINUTES_PER_HOUR, b0: h1 * MINUTES_PER_HOUR, b1: m1, h0, h1 };
  }

  /** Observed (attributed) seconds in the window: wall time minus gaps. */
  observedS(fromMs: number, toMs: number): number {
    checkHistoryWindow(fromMs, toMs);
    const sql = `SELECT COALESCE(SUM(observed_s), 0) FROM (${rowsOf('machine', 'observed_s', null)})`;
    return this.db
      .prepare(sql)
      .pluck()
      .get(this.ranges(fromMs, toMs, false)) as number;
  }

  /**
   * The machine's series in buckets of `stepS` seconds (aligned on the epoch, so days are UTC days), only buckets
   * with data. `powerW` is the bucket's energy over its observed seconds.
   */
  machineSeries(fromMs: number, toMs: number, stepS: number): HistoryPoint[] {
    return this.machineBuckets(fromMs, toMs, stepS).map((r) => toPoint(r.b, r));
  }

  private machineBuckets(fromMs: number, toMs: number, stepS: number): (Sums & { b: number })[] {
    checkHistoryWindow(fromMs, toMs);
    const stepMs = stepS * MS_PER_SECOND;
    return this.db
      .prepare(
        `SELECT b, SUM(observed_s) observed_s, SUM(energy_j) energy_j, SUM(operational_g) operational_g,
                SUM(embodied_g) embodied_g, SUM(cpu_s) cpu_s FROM (${rowsOf('machine', MACHINE_COLS, stepMs)})
         GROUP BY b ORDER BY b`,
      )
      .all(this.ranges(fromMs, toMs, stepS < SECONDS_PER_HOUR)) as (Sums & { b: number })[];
  }

  /**
   * One app's series (by row key, e.g. `service:nginx.service`) in buckets of `stepS` seconds; only buckets where
   * the app was stored. `powerW` is the app's energy over the machine's observed seconds in the bucket.
   */
  appSeries(key: string, fromMs: number, toMs: number, stepS: number): HistoryPoint[] {
    checkHistoryWindow(fromMs, toMs);
    const stepMs = stepS * MS_PER_SECOND;
    const where = 'AND app_id = (SELECT id FROM apps WHERE key = @key)';
    const rows = this.db
      .prepare(
        `SELECT b, SUM(energy_j) energy_j, SUM(operational_g) operational_g, SUM(embodied_g) embodied_g, SUM(cpu_s) cpu_s
         FROM (${rowsOf('app', APP_COLS, stepMs, where)}) GROUP BY b ORDER BY b`,
      )
      .all({ key, ...this.ranges(fromMs, toMs, stepS < SECONDS_PER_HOUR) }) as (Omit<Sums, 'observed_s'> & {
      b: number;
    })[];
    const observed = new Map(this.machineBuckets(fromMs, toMs, stepS).map((m) => [m.b, m.observed_s]));
    return rows.map((r) => toPoint(r.b, { ...r, observed_s: observed.get(r.b) ?? 0 }));
  }

  /**
   * Apps ranked by carbon (operational + embodied) over the window, at most `limit`. Includes the synthetic rows
   * (`idle`, `exited`, `self`) and `other` (apps that were not in a minute's top list); filter on `kind`.
   */
  topApps(fromMs: number, toMs: number, limit = 10): HistoryTopApp[] {
    checkHistoryWindow(fromMs, toMs);
    const rows = this.db
      .prepare(
        `SELECT a.key, a.name, a.kind, t.energy_j, t.operational_g, t.embodied_g, t.cpu_s, t.rss_byte_s FROM (
           SELECT app_id, SUM(energy_j) energy_j, SUM(operational_g) operational_g, SUM(embodied_g) embodied_g,
                  SUM(cpu_s) cpu_s, SUM(rss_byte_s) rss_byte_s FROM (${rowsOf('app', APP_COLS, null)})
           GROUP BY app_id ORDER BY operational_g + embodied_g DESC LIMIT @limit) t
         JOIN apps a ON a.id = t.app_id ORDER BY t.operational_g + t.embodied_g DESC`,
      )
      .all({ ...this.ranges(fromMs, toMs, false), limit }) as {
      key: string;
      name: string;
      kind: string;
      energy_j: number;
      operational_g: number;
      embodied_g: number;
      cpu_s: number;
      rss_byte_s: number;
    }[];
    const machineG = this.machineBuckets(fromMs, toMs, SECONDS_PER_DAY).reduce(
      (g, b) => g + b.operational_g + b.embodied_g,
      0,
    );
    const observedH = this.observedS(fromMs, toMs) / SECONDS_PER_HOUR;
    return rows.map((r) => ({
      key: r.key,
      name: r.name,
      kind: r.kind as AppKind,
      energyJ: r.energy_j,
      operationalG: r.operational_g,
      embodiedG: r.embodied_g,
      cpuS: r.cpu_s,
      rssByteS: r.rss_byte_s,
      totalG: r.operational_g + r.embodied_g,
      gPerH: observedH > 0 ? (r.operational_g + r.embodied_g) / observedH : 0,
      share: machineG > 0 ? (r.operational_g + r.embodied_g) / machineG : 0,
    }));
  }

  /** The machine's totals over the window; `gPerH` is the SCI with R = one observed hour. */
  machineTotals(fromMs: number, toMs: number): HistoryTotals {
    let observedS = 0;
    const t = { energyJ: 0, operationalG: 0, embodiedG: 0, cpuS: 0 };
    for (const b of this.machineBuckets(fromMs, toMs, SECONDS_PER_DAY)) {
      observedS += b.observed_s;
      t.energyJ += b.energy_j;
      t.operationalG += b.operational_g;
      t.embodiedG += b.embodied_g;
      t.cpuS += b.cpu_s;
    }
    const rssByteS = this.rssByteS(null, fromMs, toMs);
    const totalG = t.operationalG + t.embodiedG;
    return { ...t, totalG, rssByteS, gPerH: observedS > 0 ? totalG / (observedS / SECONDS_PER_HOUR) : 0 };
  }

  /** One app's totals over the window (zeros when it was never stored); `gPerH` per observed machine hour. */
  appTotals(key: string, fromMs: number, toMs: number): HistoryTotals {
    const t = { energyJ: 0, operationalG: 0, embodiedG: 0, cpuS: 0 };
    for (const p of this.appSeries(key, fromMs, toMs, SECONDS_PER_DAY)) {
      t.energyJ += p.energyJ;
      t.operationalG += p.operationalG;
      t.embodiedG += p.embodiedG;
      t.cpuS += p.cpuS;
    }
    const observedS = this.observedS(fromMs, toMs);
    const totalG = t.operationalG + t.embodiedG;
    return {
      ...t,
      totalG,
      rssByteS: this.rssByteS(key, fromMs, toMs),
      gPerH: observedS > 0 ? totalG / (observedS / SECONDS_PER_HOUR) : 0,
    };
  }

  /** RSS byte-seconds of one app, or of every row together (`key` null). */
  private rssByteS(key: string | null, fromMs: number, toMs: number): number {
    const where = key === null ? '' : 'AND app_id = (SELECT id FROM apps WHERE key = @key)';
    const ranges = this.ranges(fromMs, toMs, false);
    return this.db
      .prepare(`SELECT COALESCE(SUM(rss_byte_s), 0) FROM (${rowsOf('app', 'rss_byte_s', null, where)})`)
      .pluck()
      .get(key === null ? ranges : { ...ranges, key }) as number;
  }

  /**
   * Every stored row in the window, machine rows first within each bucket: minute rows (`bucketS` 60) for the
   * last 7 days, hourly roll-ups (`bucketS` 3600) before. For `carbon-tray export`.
   */
  rawRows(fromMs: number, toMs: number): RawHistoryRow[] {
    checkHistoryWindow(fromMs, toMs);
    const { a0, a1, h0, h1 } = this.ranges(fromMs, toMs, true);
    return this.db
      .prepare(
        `SELECT at, bucketS, key, name, kind, observedS, energyJ, operationalG, embodiedG, cpuS, rssByteS, intensityGPerKWh FROM (
           SELECT hour * ${HOUR_MS} at, ${SECONDS_PER_HOUR} bucketS, 0 o, 'machine' key, 'Machine' name, 'machine' kind, observed_s observedS,
                  energy_j energyJ, operational_g operationalG, embodied_g embodiedG, cpu_s cpuS, NULL rssByteS,
                  intensity_g_per_kwh intensityGPerKWh FROM machine_hours WHERE hour >= @h0 AND hour < @h1
           UNION ALL
           SELECT h.hour * ${HOUR_MS}, ${SECONDS_PER_HOUR}, 1, a.key, a.name, a.kind, NULL, h.energy_j, h.operational_g, h.embodied_g,
                  h.cpu_s, h.rss_byte_s, NULL FROM app_hours h JOIN apps a ON a.id = h.app_id WHERE h.hour >= @h0 AND h.hour < @h1
           UNION ALL
           SELECT minute * ${MINUTE_MS}, ${SECONDS_PER_MINUTE}, 0, 'machine', 'Machine', 'machine', observed_s, energy_j, operational_g,
                  embodied_g, cpu_s, NULL, intensity_g_per_kwh FROM machine_minutes WHERE minute >= @a0 AND minute < @a1
           UNION ALL
           SELECT m.minute * ${MINUTE_MS}, ${SECONDS_PER_MINUTE}, 1, a.key, a.name, a.kind, NULL, m.energy_j, m.operational_g, m.embodied_g,
                  m.cpu_s, m.rss_byte_s, NULL FROM app_minutes m JOIN apps a ON a.id = m.app_id
                  WHERE m.minute >= @a0 AND m.minute < @a1)
         ORDER BY at, o, key`,
      )
      .all({ a0, a1, h0, h1 }) as RawHistoryRow[];
  }

  /** Gaps overlapping the window, oldest first. */
  gaps(fromMs: number, toMs: number): GapRecord[] {
    checkHistoryWindow(fromMs, toMs);
    return this.db
      .prepare(
        'SELECT start_ms startMs, end_ms endMs, reason FROM gaps WHERE end_ms > ? AND start_ms < ? ORDER BY start_ms',
      )
      .all(fromMs, toMs) as GapRecord[];
  }

  /** Average machine power over the observed time of the window, or null without data. */
  meanPowerW(fromMs: number, toMs: number): number | null {
    let energyJ = 0;
    let observedS = 0;
    for (const bucket of this.machineBuckets(fromMs, toMs, SECONDS_PER_HOUR)) {
      energyJ += bucket.energy_j;
      observedS += bucket.observed_s;
    }
    return observedS > 0 ? energyJ / observedS : null;
  }

  /** Start (epoch ms) of the newest stored minute, or null for an empty store. */
  lastMinuteMs(): number | null {
    const row = this.db.prepare('SELECT MAX(minute) m FROM machine_minutes').get() as { m: number | null };
    return row.m === null ? null : row.m * MINUTE_MS;
  }
}
