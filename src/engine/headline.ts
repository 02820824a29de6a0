// The headline figures: g/h now (last few ticks), last hour (observed), next hour (expected), and today's total.
import { embodiedRateGPerH } from '../core/embodied.js';
import { energyJ, joulesToKWh, operationalG } from '../core/energy.js';
import type { Headline } from '../shared/api.js';
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  SECONDS_PER_HOUR,
  SECONDS_PER_MINUTE,
} from '../shared/time.js';
import type { HistoryQueries } from './history/queries.js';
import type { ModelParams } from './model.js';

const WEEK_MS = 7 * MS_PER_DAY;
/** Ticks averaged for `now`. */
const NOW_TICKS = 5;
/** Weeks of history looked at for the same hour of the week. */
const SAME_HOUR_WEEKS = 4;

interface Slice {
  atMs: number;
  seconds: number;
  totalG: number;
  energyJ: number;
}

function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

function localMidnight(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * Keeps the last hour of settled ticks in memory (seeded from history at start) and the last few shown ticks, and
 * answers the headline. `now` is the mean of the shown ticks, settled or not; `nextHour` is the power seen at this
 * hour of the week in past weeks (else the last hour's mean power) at the expected intensity, plus the embodied
 * rate (docs/ARCHITECTURE.md, the model table: headline).
 */
export class HeadlineTracker {
  private readonly recent: Slice[] = [];
  private readonly shownTicks: { seconds: number; totalG: number }[] = [];
  private todayG = 0;
  private day: string;
  private nextHour: { atMs: number; gPerH: number | null } | null = null;

  constructor(
    private readonly history: HistoryQueries | null,
    nowMs: number,
  ) {
    this.day = localDay(nowMs);
    if (!history) return;
    this.todayG = history.machineTotals(localMidnight(nowMs), nowMs).totalG;
    for (const row of history.rawRows(nowMs - MS_PER_HOUR, nowMs)) {
      if (row.key !== 'machine' || row.bucketS !== SECONDS_PER_MINUTE || !row.observedS) continue;
      this.recent.push({
        atMs: row.at + MS_PER_MINUTE,
        seconds: row.observedS,
        totalG: row.operationalG + row.embodiedG,
        energyJ: row.energyJ,
      });
    }
  }

  /** Counts one settled tick ending at `atMs` (last hour, today). */
  add(atMs: number, seconds: number, totalG: number, tickEnergyJ: number): void {
    const day = localDay(atMs);
    if (day !== this.day) {
      this.day = day;
      this.todayG = 0;
    }
    this.todayG += totalG;
    this.recent.push({ atMs, seconds, totalG, energyJ: tickEnergyJ });
    const hourAgoMs = atMs - MS_PER_HOUR;
    while (this.recent.length > 0 && (this.recent[0] as Slice).atMs <= hourAgoMs) this.recent.shift();
  }

  /** Counts one tick a snapshot shows (for `now`). */
  addShown(seconds: number, totalG: number): void {
    this.shownTicks.push({ seconds, totalG });
    if (this.shownTicks.length > NOW_TICKS) this.shownTicks.shift();
  }

  /** The headline at `nowMs`, given what the next hour is expected to cost. */
  headline(nowMs: number, expect: { intensityGPerKWh: number; model: ModelParams }): Headline {
    const nowS = this.shownTicks.reduce((s, t) => s + t.seconds, 0);
    const nowG = this.shownTicks.reduce((s, t) => s + t.totalG, 0);
    const hour = this.recent.filter((s) => s.atMs > nowMs - MS_PER_HOUR);
    const hourS = hour.reduce((s, t) => s + t.seconds, 0);
    const hourG = hour.reduce((s, t) => s + t.totalG, 0);
    const hourPowerW = hourS > 0 ? hour.reduce((s, t) => s + t.energyJ, 0) / hourS : null;
    return {
      nowGPerH: nowS > 0 ? (nowG / nowS) * SECONDS_PER_HOUR : 0,
      lastHourGPerH: hourS > 0 ? (hourG / hourS) * SECONDS_PER_HOUR : null,
      nextHourGPerH: this.expectNextHour(nowMs, hourPowerW, expect),
      todayG: this.todayG,
    };
  }

  /** Recomputed at most once a minute: it queries up to four past weeks. */
  private expectNextHour(
    nowMs: number,
    fallbackPowerW: number | null,
    expect: { intensityGPerKWh: number; model: ModelParams },
  ): number | null {
    if (this.nextHour && nowMs - this.nextHour.atMs < MS_PER_MINUTE) return this.nextHour.gPerH;
    const past: number[] = [];
    try {
      for (let k = 1; k <= SAME_HOUR_WEEKS && this.history; k++) {
        const p = this.history.meanPowerW(nowMs - k * WEEK_MS, nowMs - k * WEEK_MS + MS_PER_HOUR);
        if (p !== null) past.push(p);
      }
    } catch {
      // History that cannot be read (a damaged file: the engine's storage health says so) must not stop the tick.
      past.length = 0;
    }
    const powerW = past.length > 0 ? past.reduce((s, p) => s + p, 0) / past.length : fallbackPowerW;
    const m = expect.model;
    const gPerH =
      powerW === null
        ? null
        : operationalG(joulesToKWh(energyJ(powerW, SECONDS_PER_HOUR)), expect.intensityGPerKWh) +
          embodiedRateGPerH({
            embodiedKg: m.embodiedKg,
            lifetimeS: m.lifetimeS,
            ageS: m.ageS,
            policy: m.amortization,
          });
    this.nextHour = { atMs: nowMs, gPerH };
    return gPerH;
  }
}
