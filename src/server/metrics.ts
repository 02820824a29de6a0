// Prometheus text exposition of the engine's values: gauges from the latest snapshot, counters from settled ticks.
import type { AppKind, Snapshot } from '../shared/api.js';
import type { SettledTick } from '../shared/engine-facade.js';
import { MS_PER_SECOND } from '../shared/time.js';

/** One metric family of the exposition: its name, type and HELP text (documented in the README). */
export interface MetricFamily {
  name: string;
  type: 'gauge' | 'counter';
  help: string;
}

/** Every family this server exposes, in output order. */
export const METRIC_FAMILIES = {
  machinePower: {
    name: 'carbontray_machine_power_watts',
    type: 'gauge',
    help: 'Machine power over the latest tick (after PUE); label source is rapl, battery or model.',
  },
  cpuUtilization: {
    name: 'carbontray_machine_cpu_utilization_ratio',
    type: 'gauge',
    help: 'Machine CPU utilisation over the latest tick (0..1).',
  },
  intensity: {
    name: 'carbontray_grid_intensity_grams_per_kwh',
    type: 'gauge',
    help: 'Carbon intensity of electricity in use (gCO2e/kWh); label source is annual, custom, live or annual-fallback.',
  },
  rate: {
    name: 'carbontray_emissions_rate_grams_per_hour',
    type: 'gauge',
    help: 'Machine emissions rate (operational + embodied, gCO2e/h); label window is now, last_hour or next_hour.',
  },
  embodiedRate: {
    name: 'carbontray_embodied_rate_grams_per_hour',
    type: 'gauge',
    help: 'Embodied carbon amortized per hour under the chosen policy (gCO2e/h).',
  },
  amortized: {
    name: 'carbontray_hardware_amortized_ratio',
    type: 'gauge',
    help: 'Fraction of the hardware embodied carbon already amortized (0..1), when the age is known.',
  },
  todayG: {
    name: 'carbontray_today_grams',
    type: 'gauge',
    help: 'Emissions since local midnight (gCO2e), as reported by the engine.',
  },
  lastTick: {
    name: 'carbontray_last_tick_timestamp_seconds',
    type: 'gauge',
    help: 'Unix time of the latest tick.',
  },
  ticks: {
    name: 'carbontray_ticks_total',
    type: 'counter',
    help: "Settled ticks (attributed with their window's real CPU split) counted since this server started.",
  },
  machineEnergy: {
    name: 'carbontray_machine_energy_joules_total',
    type: 'counter',
    help: 'Machine energy since this server started (J).',
  },
  machineEmissions: {
    name: 'carbontray_machine_emissions_grams_total',
    type: 'counter',
    help: 'Machine emissions since this server started (gCO2e); label component is operational or embodied.',
  },
  historyWriteErrors: {
    name: 'carbontray_history_write_errors_total',
    type: 'counter',
    help: 'History writes that failed since the engine started (disk full, read-only, I/O error, damaged file); each is retried.',
  },
  historyPending: {
    name: 'carbontray_history_pending_minutes',
    type: 'gauge',
    help: 'Finished minutes waiting in memory to be written to history (at most a day of them).',
  },
  historyDropped: {
    name: 'carbontray_history_dropped_minutes_total',
    type: 'counter',
    help: 'Finished minutes given up since the engine started (beyond a day of waiting, or unwritten at stop).',
  },
  appPower: {
    name: 'carbontray_app_power_watts',
    type: 'gauge',
    help: 'Power attributed to an app, service or container over the latest tick (W).',
  },
  appEnergy: {
    name: 'carbontray_app_energy_joules_total',
    type: 'counter',
    help: 'Energy attributed to an app, service or container over settled ticks since this server started (J).',
  },
  appEmissions: {
    name: 'carbontray_app_emissions_grams_total',
    type: 'counter',
    help: 'Emissions attributed to an app, service or container over settled ticks since this server started (gCO2e); label component is operational or embodied.',
  },
  appCpu: {
    name: 'carbontray_app_cpu_seconds_total',
    type: 'counter',
    help: 'CPU time of an app, service or container (its processes and the children they reaped) over settled ticks since this server started (s).',
  },
} as const satisfies Record<string, MetricFamily>;

interface AppTotals {
  name: string;
  kind: AppKind;
  energyJ: number;
  operationalG: number;
  embodiedG: number;
  cpuS: number;
}

type Labels = Record<string, string>;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function sample(name: string, labels: Labels, value: number): string {
  const parts = Object.entries(labels).map(([key, v]) => `${key}="${escapeLabel(v)}"`);
  return parts.length === 0
    ? `${name} ${formatValue(value)}`
    : `${name}{${parts.join(',')}} ${formatValue(value)}`;
}

function appLabels(key: string, name: string, kind: AppKind): Labels {
  return { app: name, kind, key };
}

/**
 * Gauges from the latest snapshot; counters from settled ticks only, so they count what history stores: a tick a
 * snapshot showed with the previous window's split (nobody looking) is counted once its window is read.
 */
export class MetricsCollector {
  private latest: Snapshot | null = null;
  private lastSettledAt = Number.NEGATIVE_INFINITY;
  private ticks = 0;
  private machineEnergyJ = 0;
  private machineOperationalG = 0;
  private machineEmbodiedG = 0;
  private readonly apps = new Map<string, AppTotals>();

  /** The latest snapshot, for the gauges; an older one delivered late is ignored. */
  observe(snapshot: Snapshot): void {
    if (this.latest !== null && snapshot.at < this.latest.at) return;
    this.latest = snapshot;
  }

  /** Adds one settled tick to the counters; the same tick delivered twice is counted once. */
  settled(tick: SettledTick): void {
    if (tick.at <= this.lastSettledAt) return;
    this.lastSettledAt = tick.at;
    this.ticks += 1;
    this.machineEnergyJ += tick.machine.energyJ;
    this.machineOperationalG += tick.machine.operationalG;
    this.machineEmbodiedG += tick.machine.embodiedG;
    for (const row of tick.rows) {
      const totals = this.apps.get(row.key) ?? {
        name: row.name,
        kind: row.kind,
        energyJ: 0,
        operationalG: 0,
        embodiedG: 0,
        cpuS: 0,
      };
      totals.name = row.name;
      totals.energyJ += row.energyJ;
      totals.operationalG += row.operationalG;
      totals.embodiedG += row.embodiedG;
      totals.cpuS += row.cpuS;
      this.apps.set(row.key, totals);
    }
  }

  /** The Prometheus text format (version 0.0.4) of everything observed so far. */
  render(): string {
    const out: string[] = [];
    const family = (f: MetricFamily, samples: string[]): void => {
      if (samples.length === 0) return;
      out.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`, ...samples);
    };
    const F = METRIC_FAMILIES;
    const s = this.latest;
    if (s !== null) {
      family(F.machinePower, [
        sample(F.machinePower.name, { source: s.machine.powerSource }, s.machine.powerW),
      ]);
      family(F.cpuUtilization, [sample(F.cpuUtilization.name, {}, s.machine.cpuUtilization)]);
      family(F.intensity, [
        sample(F.intensity.name, { source: s.machine.intensitySource }, s.machine.intensityGPerKWh),
      ]);
      const rates: [string, number | null][] = [
        ['now', s.headline.nowGPerH],
        ['last_hour', s.headline.lastHourGPerH],
        ['next_hour', s.headline.nextHourGPerH],
      ];
      family(
        F.rate,
        rates.flatMap(([window, v]) => (v === null ? [] : [sample(F.rate.name, { window }, v)])),
      );
      family(F.embodiedRate, [sample(F.embodiedRate.name, {}, s.hardware.embodiedGPerH)]);
      const amortized = s.hardware.amortizedFraction;
      family(F.amortized, amortized === null ? [] : [sample(F.amortized.name, {}, amortized)]);
      family(F.todayG, [sample(F.todayG.name, {}, s.headline.todayG)]);
      family(F.lastTick, [sample(F.lastTick.name, {}, s.at / MS_PER_SECOND)]);
      family(F.historyWriteErrors, [sample(F.historyWriteErrors.name, {}, s.storage.writeErrors)]);
      family(F.historyPending, [sample(F.historyPending.name, {}, s.storage.pendingMinutes)]);
      family(F.historyDropped, [sample(F.historyDropped.name, {}, s.storage.droppedMinutes)]);
      family(
        F.appPower,
        s.rows.map((r) => sample(F.appPower.name, appLabels(r.key, r.name, r.kind), r.powerW)),
      );
    }
    family(F.ticks, [sample(F.ticks.name, {}, this.ticks)]);
    family(F.machineEnergy, [sample(F.machineEnergy.name, {}, this.machineEnergyJ)]);
    family(F.machineEmissions, [
      sample(F.machineEmissions.name, { component: 'operational' }, this.machineOperationalG),
      sample(F.machineEmissions.name, { component: 'embodied' }, this.machineEmbodiedG),
    ]);
    const apps = [...this.apps.entries()];
    family(
      F.appEnergy,
      apps.map(([key, t]) => sample(F.appEnergy.name, appLabels(key, t.name, t.kind), t.energyJ)),
    );
    family(
      F.appCpu,
      apps.map(([key, t]) => sample(F.appCpu.name, appLabels(key, t.name, t.kind), t.cpuS)),
    );
    family(
      F.appEmissions,
      apps.flatMap(([key, t]) => [
        sample(
          F.appEmissions.name,
          { ...appLabels(key, t.name, t.kind), component: 'operational' },
          t.operationalG,
        ),
        sample(
          F.appEmissions.name,
          { ...appLabels(key, t.name, t.kind), component: 'embodied' },
          t.embodiedG,
        ),
      ]),
    );
    return `${out.join('\n')}\n`;
  }
}
