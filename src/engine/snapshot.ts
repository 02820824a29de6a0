// Builds the Snapshot, the wire shape every shell shows, from one shown tick and the figures around it.
import type { HardwareSummary, Headline, MachineTick, Snapshot, StorageHealth } from '../shared/api.js';
import type { ShownTick } from './monitor.js';

/** What one snapshot is made of. */
export interface SnapshotInput {
  tick: ShownTick;
  headline: Headline;
  hardware: HardwareSummary;
  /** True while the user has paused attribution. */
  paused: boolean;
  /** Whether history writes succeed (`HistoryWriter.health()`). */
  storage: StorageHealth;
}

/**
 * The snapshot of a tick: its figures pass through unchanged; of the machine only the `MachineTick` fields go on
 * the wire (not the memory and idle parts attribution used).
 */
export function buildSnapshot({ tick, headline, hardware, paused, storage }: SnapshotInput): Snapshot {
  const m = tick.machine;
  const machine: MachineTick = {
    powerW: m.powerW,
    powerSource: m.powerSource,
    powerDetail: m.powerDetail,
    energyJ: m.energyJ,
    operationalG: m.operationalG,
    embodiedG: m.embodiedG,
    intensityGPerKWh: m.intensityGPerKWh,
    intensitySource: m.intensitySource,
    intensityDetail: m.intensityDetail,
    cpuUtilization: m.cpuUtilization,
  };
  return {
    at: tick.atMs,
    intervalS: m.intervalS,
    machine,
    headline,
    rows: tick.rows,
    hardware,
    paused,
    detailed: tick.detailed,
    storage,
  };
}
