// Shapes written to and read from the history store (one minute of the machine and its apps, gaps, raw rows).
import type { AppKind, IntensitySource, PowerSource } from '../../shared/api.js';
import type { GapReason } from '../../shared/engine-facade.js';

/** The machine over one minute (sums over the ticks that ended in it; averages are time-weighted). */
export interface MachineMinute {
  /** Seconds of attributed ticks in the minute (gaps excluded). */
  observedS: number;
  energyJ: number;
  operationalG: number;
  embodiedG: number;
  cpuS: number;
  intensityGPerKWh: number;
  /** Machine CPU utilisation 0..1. */
  utilization: number;
  powerSource: PowerSource;
  intensitySource: IntensitySource;
}

/** One row's sums over a minute; the rows of a minute add up to its `MachineMinute`. */
export interface AppMinute {
  key: string;
  name: string;
  kind: AppKind | 'other';
  energyJ: number;
  operationalG: number;
  embodiedG: number;
  cpuS: number;
  /** RSS × seconds, for RAM time. */
  rssByteS: number;
}

/** What the engine writes once a minute has ended. */
export interface MinuteRecord {
  /** Start of the minute, epoch ms (a multiple of 60 000). */
  minuteMs: number;
  machine: MachineMinute;
  /** The top apps of the minute, the synthetic rows, and `other` for the rest. */
  apps: AppMinute[];
}

/** A stretch of time that was never attributed. */
export interface GapRecord {
  startMs: number;
  endMs: number;
  reason: GapReason;
}

/** A raw stored row, for export: a minute (last 7 days) or an hour roll-up (older). */
export interface RawHistoryRow {
  /** Bucket start, epoch ms. */
  at: number;
  /** 60 for minute rows, 3600 for hourly roll-ups. */
  bucketS: number;
  /** `machine` for the machine row, else the app's key (`other` for the remainder). */
  key: string;
  name: string;
  kind: AppKind | 'other' | 'machine';
  observedS: number | null;
  energyJ: number;
  operationalG: number;
  embodiedG: number;
  cpuS: number;
  rssByteS: number | null;
  intensityGPerKWh: number | null;
}
