// History rows as CSV with CodeCarbon's emissions.csv column names where a field applies, ours after them.
import { joulesToKWh } from '../../engine/index.js';
import { G_PER_KG } from '../../engine/index.js';
import type { RawHistoryRow } from '../../engine/index.js';
import { MS_PER_SECOND } from '../../shared/time.js';

/** Facts about this machine that CodeCarbon writes on every row. */
export interface MachineFacts {
  /** Like CodeCarbon's `platform.platform()`, e.g. `Linux-6.1.0-x86_64`. */
  os: string;
  cpuCount: number | null;
  cpuModel: string | null;
  /** Total RAM in GB (CodeCarbon's `ram_total_size`). */
  ramTotalGB: number | null;
  pue: number;
  /** ISO alpha-3 country of the intensity setting, when set. */
  countryIsoCode: string | null;
}

/**
 * CodeCarbon's `EmissionsData` fields (codecarbon/output_methods/emissions_data.py) that CarbonTray fills, in
 * CodeCarbon's order. Units as CodeCarbon's: duration s, emissions kgCO2e, emissions_rate kg/s, energy kWh,
 * ram_total_size GB. `emissions` is operational (energy × intensity) as in CodeCarbon; embodied is separate.
 */
export const CODECARBON_COLUMNS = [
  'timestamp',
  'project_name',
  'run_id',
  'duration',
  'emissions',
  'emissions_rate',
  'energy_consumed',
  'country_iso_code',
  'os',
  'cpu_count',
  'cpu_model',
  'ram_total_size',
  'tracking_mode',
  'on_cloud',
  'pue',
] as const;

/** CarbonTray's own columns, after CodeCarbon's. */
export const EXTRA_COLUMNS = [
  'embodied_emissions',
  'cpu_time',
  'carbon_intensity',
  'app_kind',
  'bucket_duration',
] as const;

type Column = (typeof CODECARBON_COLUMNS)[number] | (typeof EXTRA_COLUMNS)[number];

/** One CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
function field(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** ISO time to the second, as CodeCarbon writes its timestamps. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/**
 * The CSV document: one line per stored bucket and row (the machine, then each app). `timestamp` is the end of
 * the bucket (CodeCarbon stamps a measurement when it is taken); `duration` is the bucket's observed seconds
 * (an app row takes its machine row's); `tracking_mode` is `machine` for the machine row, `process` for apps.
 */
export function toCodeCarbonCsv(rows: readonly RawHistoryRow[], machine: MachineFacts): string {
  const observed = new Map<number, number>();
  for (const row of rows)
    if (row.kind === 'machine' && row.observedS !== null) observed.set(row.at, row.observedS);
  const lines = [[...CODECARBON_COLUMNS, ...EXTRA_COLUMNS].join(',')];
  for (const row of rows) {
    const durationS = row.observedS ?? observed.get(row.at) ?? row.bucketS;
    const emissionsKg = row.operationalG / G_PER_KG;
    const values: Record<Column, string | number | null> = {
      timestamp: isoSeconds(row.at + row.bucketS * MS_PER_SECOND),
      project_name: row.name,
      run_id: row.key,
      duration: durationS,
      emissions: emissionsKg,
      emissions_rate: durationS > 0 ? emissionsKg / durationS : 0,
      energy_consumed: joulesToKWh(row.energyJ),
      country_iso_code: machine.countryIsoCode,
      os: machine.os,
      cpu_count: machine.cpuCount,
      cpu_model: machine.cpuModel,
      ram_total_size: machine.ramTotalGB,
      tracking_mode: row.kind === 'machine' ? 'machine' : 'process',
      on_cloud: 'N',
      pue: machine.pue,
      embodied_emissions: row.embodiedG / G_PER_KG,
      cpu_time: row.cpuS,
      carbon_intensity: row.intensityGPerKWh,
      app_kind: row.kind,
      bucket_duration: row.bucketS,
    };
    lines.push([...CODECARBON_COLUMNS, ...EXTRA_COLUMNS].map((c) => field(values[c])).join(','));
  }
  return `${lines.join('\n')}\n`;
}
