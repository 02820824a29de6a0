// Sums attributed ticks into per-minute records: machine totals plus the minute's top apps and an `Other` row.
import { SYNTHETIC_ROW_KINDS } from '../core/vocabulary.js';
import type { AppKind, AppRow } from '../shared/api.js';
import { MS_PER_MINUTE } from '../shared/time.js';
import type { AppMinute, MinuteRecord } from './history/types.js';
import type { MachineTickValues } from './machine.js';

/** Apps kept by name in each stored minute; the rest are summed into `other` so the minute still adds up. */
export const TOP_APPS_PER_MINUTE = 10;
const SYNTHETIC: readonly AppKind[] = SYNTHETIC_ROW_KINDS;

interface Open {
  minuteMs: number;
  observedS: number;
  energyJ: number;
  operationalG: number;
  embodiedG: number;
  cpuS: number;
  intensityS: number;
  utilizationS: number;
  machine: MachineTickValues;
  apps: Map<string, AppMinute>;
}

/**
 * Feed it attributed ticks in time order; it returns each minute once a tick of a later minute arrives (or on
 * `flush`). A tick belongs to the minute its end falls in.
 */
export class MinuteAccumulator {
  private open: Open | null = null;

  constructor(private readonly topApps = TOP_APPS_PER_MINUTE) {}

  /** Adds a tick ending at `atMs`; returns the minute it closed, if any. */
  add(atMs: number, machine: MachineTickValues, rows: readonly AppRow[]): MinuteRecord | null {
    const minuteMs = Math.floor(atMs / MS_PER_MINUTE) * MS_PER_MINUTE;
    let closed: MinuteRecord | null = null;
    if (this.open && this.open.minuteMs !== minuteMs) closed = this.flush();
    const m = (this.open ??= {
      minuteMs,
      observedS: 0,
      energyJ: 0,
      operationalG: 0,
      embodiedG: 0,
      cpuS: 0,
      intensityS: 0,
      utilizationS: 0,
      machine,
      apps: new Map(),
    });
    const s = machine.intervalS;
    m.observedS += s;
    m.energyJ += machine.energyJ;
    m.operationalG += machine.operationalG;
    m.embodiedG += machine.embodiedG;
    m.cpuS += machine.busyS;
    m.intensityS += machine.intensityGPerKWh * s;
    m.utilizationS += machine.cpuUtilization * s;
    m.machine = machine;
    for (const row of rows) {
      const app = m.apps.get(row.key) ?? {
        key: row.key,
        name: row.name,
        kind: row.kind,
        energyJ: 0,
        operationalG: 0,
        embodiedG: 0,
        cpuS: 0,
        rssByteS: 0,
      };
      app.energyJ += row.energyJ;
      app.operationalG += row.operationalG;
      app.embodiedG += row.embodiedG;
      app.cpuS += row.cpuS;
      app.rssByteS += row.rssBytes * s;
      m.apps.set(row.key, app);
    }
    return closed;
  }

  /** Closes the open minute (at stop, or before a gap) and returns it. */
  flush(): MinuteRecord | null {
    const m = this.open;
    this.open = null;
    if (!m || m.observedS <= 0) return null;
    const synthetic = [...m.apps.values()].filter((a) => SYNTHETIC.includes(a.kind as AppKind));
    const ranked = [...m.apps.values()]
      .filter((a) => !SYNTHETIC.includes(a.kind as AppKind))
      .sort((a, b) => b.operationalG + b.embodiedG - (a.operationalG + a.embodiedG));
    const kept = ranked.slice(0, this.topApps);
    const rest = ranked.slice(this.topApps);
    const apps = [...kept, ...synthetic];
    if (rest.length > 0) {
      const other: AppMinute = {
        key: 'other',
        name: 'Other',
        kind: 'other',
        energyJ: 0,
        operationalG: 0,
        embodiedG: 0,
        cpuS: 0,
        rssByteS: 0,
      };
      for (const a of rest) {
        other.energyJ += a.energyJ;
        other.operationalG += a.operationalG;
        other.embodiedG += a.embodiedG;
        other.cpuS += a.cpuS;
        other.rssByteS += a.rssByteS;
      }
      apps.push(other);
    }
    return {
      minuteMs: m.minuteMs,
      machine: {
        observedS: m.observedS,
        energyJ: m.energyJ,
        operationalG: m.operationalG,
        embodiedG: m.embodiedG,
        cpuS: m.cpuS,
        intensityGPerKWh: m.intensityS / m.observedS,
        utilization: m.utilizationS / m.observedS,
        powerSource: m.machine.powerSource,
        intensitySource: m.machine.intensitySource,
      },
      apps,
    };
  }
}
