// The Prometheus exposition: gauges from the latest snapshot, counters summed over settled ticks, parseable text.
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { METRIC_FAMILIES, MetricsCollector } from '../../../src/server/metrics.js';
import type { AppRow, Snapshot } from '../../../src/shared/api.js';
import type { SettledTick } from '../../../src/shared/engine-facade.js';
import { STORAGE_OK } from '../../helpers/storage.js';

function row(key: string, name: string, energyJ: number, operationalG: number, embodiedG: number): AppRow {
  return {
    key,
    name,
    kind: key === 'idle' ? 'idle' : 'service',
    powerW: energyJ / 2,
    energyJ,
    operationalG,
    embodiedG,
    gPerH: (operationalG + embodiedG) * 1800,
    share: 0.5,
    cpuS: 0.1,
    rssBytes: 1e8,
    processCount: 1,
  };
}

/** A two-row tick of 2 s; the machine totals are the rows' sums, as the engine guarantees. */
function tick(at: number, rows: AppRow[]): Snapshot {
  const sum = (f: (r: AppRow) => number): number => rows.reduce((a, r) => a + f(r), 0);
  return {
    at,
    intervalS: 2,
    machine: {
      powerW: sum((r) => r.powerW),
      powerSource: 'model',
      powerDetail: 'model teads',
      energyJ: sum((r) => r.energyJ),
      operationalG: sum((r) => r.operationalG),
      embodiedG: sum((r) => r.embodiedG),
      intensityGPerKWh: 412,
      intensitySource: 'annual',
      intensityDetail: 'test',
      cpuUtilization: 0.25,
    },
    headline: { nowGPerH: 7.5, lastHourGPerH: null, nextHourGPerH: 8, todayG: 3 },
    rows,
    hardware: {
      deviceClass: 'server',
      embodiedKg: 950,
      embodiedIsDefault: true,
      lifetimeYears: 4,
      ageYears: null,
      ageSource: 'unknown',
      amortizedFraction: null,
      amortization: 'linear',
      embodiedGPerH: 27.1,
    },
    paused: false,
    detailed: true,
    storage: STORAGE_OK,
  };
}

/** The snapshot's tick as the engine delivers it once settled. */
function settledOf(snapshot: Snapshot): SettledTick {
  return { at: snapshot.at, intervalS: snapshot.intervalS, machine: snapshot.machine, rows: snapshot.rows };
}

/** A collector that saw each snapshot and, settled as shown, each of their ticks (someone looking). */
function collected(...snapshots: Snapshot[]): MetricsCollector {
  const metrics = new MetricsCollector();
  for (const s of snapshots) {
    metrics.observe(s);
    metrics.settled(settledOf(s));
  }
  return metrics;
}

function family(parsed: PrometheusFamily[], name: string): PrometheusFamily {
  const found = parsed.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no family ${name}`);
  return found;
}

function value(f: PrometheusFamily, labels: Record<string, string>): number {
  const sample = f.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  if (sample === undefined) throw new Error(`no sample ${JSON.stringify(labels)} in ${f.name}`);
  return Number(sample.value);
}

describe('MetricsCollector', () => {
  const nginx1 = row('service:nginx.service', 'nginx', 10, 0.001, 0.0005);
  const idle1 = row('idle', 'Idle capacity', 30, 0.003, 0.0015);
  const nginx2 = row('service:nginx.service', 'nginx', 14, 0.0014, 0.0005);
  const odd = row('app:odd', 'say "hi"\\ \nnow', 1, 0.0001, 0.00005);

  it('renders text that parses, with every family typed and documented', () => {
    const metrics = collected(tick(1000, [nginx1, idle1]), tick(3000, [nginx2, odd]));
    const parsed = parsePrometheusTextFormat(metrics.render());
    const expected = Object.values(METRIC_FAMILIES).filter((f) => f.name !== METRIC_FAMILIES.amortized.name);
    for (const f of expected) {
      const got = family(parsed, f.name);
      expect(got.type).toBe(f.type.toUpperCase());
      expect(got.help).toBe(f.help);
    }
    // amortizedFraction is null (age unknown), so that family is left out rather than shown as 0.
    expect(parsed.find((f) => f.name === METRIC_FAMILIES.amortized.name)).toBeUndefined();
    // Label values with quotes, backslashes and newlines survive escaping.
    expect(value(family(parsed, 'carbontray_app_energy_joules_total'), { key: 'app:odd' })).toBe(1);
    expect(
      family(parsed, 'carbontray_app_energy_joules_total').metrics.some(
        (m) => m.labels?.app === 'say "hi"\\ \nnow',
      ),
    ).toBe(true);
  });

  it('sums per-app counters over ticks and keeps gauges from the latest tick', () => {
    const metrics = collected(tick(1000, [nginx1, idle1]), tick(3000, [nginx2, idle1]));
    // The same tick delivered twice is counted once.
    metrics.settled(settledOf(tick(3000, [nginx2, idle1])));
    const parsed = parsePrometheusTextFormat(metrics.render());
    const nginx = { key: 'service:nginx.service', app: 'nginx', kind: 'service' };
    // 10 J + 14 J over the two ticks.
    expect(value(family(parsed, 'carbontray_app_energy_joules_total'), nginx)).toBeCloseTo(24, 9);
    // 0.001 + 0.0014 g operational; 0.0005 + 0.0005 g embodied.
    const emissions = family(parsed, 'carbontray_app_emissions_grams_total');
    expect(value(emissions, { ...nginx, component: 'operational' })).toBeCloseTo(0.0024, 12);
    expect(value(emissions, { ...nginx, component: 'embodied' })).toBeCloseTo(0.001, 12);
    // Machine energy: (10 + 30) + (14 + 30) J.
    expect(value(family(parsed, 'carbontray_machine_energy_joules_total'), {})).toBeCloseTo(84, 9);
    expect(value(family(parsed, 'carbontray_ticks_total'), {})).toBe(2);
    // 0.1 s of CPU in each row of each tick (row() above).
    expect(value(family(parsed, 'carbontray_app_cpu_seconds_total'), nginx)).toBeCloseTo(0.2, 12);
    // Gauges: the latest tick's power is 14/2 + 30/2 W (row powerW = energyJ / 2 s above).
    expect(value(family(parsed, 'carbontray_machine_power_watts'), { source: 'model' })).toBeCloseTo(22, 9);
    expect(value(family(parsed, 'carbontray_app_power_watts'), nginx)).toBeCloseTo(7, 9);
    const rate = family(parsed, 'carbontray_emissions_rate_grams_per_hour');
    expect(value(rate, { window: 'now' })).toBe(7.5);
    expect(value(rate, { window: 'next_hour' })).toBe(8);
    // lastHourGPerH is null before any history: no sample rather than a fake 0.
    expect(rate.metrics.some((m) => m.labels?.window === 'last_hour')).toBe(false);
    expect(value(family(parsed, 'carbontray_last_tick_timestamp_seconds'), {})).toBe(3);
  });

  it('counts settled ticks, not the provisional split a snapshot showed while nobody looked', () => {
    const metrics = new MetricsCollector();
    // Shown at 1000 with the previous window's proportions (nginx 10 J); the window's read then settled the tick
    // with its real split (nginx 4 J, the rest idle) and a second tick with it.
    metrics.observe({ ...tick(1000, [nginx1, idle1]), detailed: false });
    const settledNginx = row('service:nginx.service', 'nginx', 4, 0.0004, 0.0002);
    const settledIdle = row('idle', 'Idle capacity', 36, 0.0036, 0.0018);
    metrics.settled(settledOf(tick(1000, [settledNginx, settledIdle])));
    metrics.settled(settledOf(tick(3000, [settledNginx, settledIdle])));
    const parsed = parsePrometheusTextFormat(metrics.render());
    const nginx = { key: 'service:nginx.service', app: 'nginx', kind: 'service' };
    expect(value(family(parsed, 'carbontray_app_energy_joules_total'), nginx)).toBeCloseTo(8, 9);
    expect(value(family(parsed, 'carbontray_ticks_total'), {})).toBe(2);
    // Gauges still show the latest snapshot.
    expect(value(family(parsed, 'carbontray_app_power_watts'), nginx)).toBeCloseTo(5, 9);
  });

  it('exposes the history health of the latest tick: failed writes, minutes waiting, minutes dropped', () => {
    const metrics = new MetricsCollector();
    metrics.observe(tick(1000, [nginx1]));
    const degraded = {
      status: 'degraded' as const,
      reason: 'cannot write the history (/d/history.sqlite): the disk is full; free some space',
      pendingMinutes: 4,
      droppedMinutes: 1,
      writeErrors: 7,
    };
    metrics.observe({ ...tick(3000, [nginx2]), storage: degraded });
    const parsed = parsePrometheusTextFormat(metrics.render());
    // The engine's counts pass through as they are: they are the engine's since it started, not summed per tick.
    expect(value(family(parsed, 'carbontray_history_write_errors_total'), {})).toBe(7);
    expect(value(family(parsed, 'carbontray_history_pending_minutes'), {})).toBe(4);
    expect(value(family(parsed, 'carbontray_history_dropped_minutes_total'), {})).toBe(1);
    expect(family(parsed, 'carbontray_history_write_errors_total').type).toBe('COUNTER');
    expect(family(parsed, 'carbontray_history_pending_minutes').type).toBe('GAUGE');
  });

  it('exposes only the counters before the first tick', () => {
    const parsed = parsePrometheusTextFormat(new MetricsCollector().render());
    expect(value(family(parsed, 'carbontray_ticks_total'), {})).toBe(0);
    expect(parsed.find((f) => f.name === 'carbontray_machine_power_watts')).toBeUndefined();
  });
});
