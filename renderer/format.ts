// Formatting of the engine's numbers for people (units mg/g/kg, W, Wh, h); never computes a new quantity.
import type { AppKind, IntensitySource, PowerSource } from '../src/shared/api.js';

const SIG3 = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });
const INT = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/** Three significant digits, no exponent: 0.000123 → "0.000123", 12345 → "12,300". */
export function sig3(value: number): string {
  return SIG3.format(value);
}

/** Below a thousandth of the smallest unit, a figure reads "< 0.001 µg" rather than a row of zeros. */
function belowFloor(value: number, unit: string): string {
  return `${value < 0 ? '> -' : '< '}0.001 ${unit}`;
}

/** A mass of CO2e with a sensible unit: "42 µg", "520 mg", "12.3 g", "1.24 kg", "3.1 t". */
export function formatGrams(g: number): string {
  const abs = Math.abs(g);
  if (abs === 0) return '0 g';
  if (abs < 1e-9) return belowFloor(g, 'µg');
  if (abs < 1e-4) return `${sig3(g * 1e6)} µg`;
  if (abs < 1) return `${sig3(g * 1000)} mg`;
  if (abs < 1000) return `${sig3(g)} g`;
  if (abs < 1_000_000) return `${sig3(g / 1000)} kg`;
  return `${sig3(g / 1_000_000)} t`;
}

/** A rate in CO2e per hour: "12.3 g/h". */
export function formatGPerH(gPerH: number | null): string {
  return gPerH === null ? '—' : `${formatGrams(gPerH)}/h`;
}

/** Power: "42 µW", "850 mW", "23.4 W", "1.2 kW". */
export function formatWatts(w: number): string {
  const abs = Math.abs(w);
  if (abs === 0) return '0 W';
  if (abs < 1e-9) return belowFloor(w, 'µW');
  if (abs < 1e-3) return `${sig3(w * 1e6)} µW`;
  if (abs < 1) return `${sig3(w * 1000)} mW`;
  if (abs < 1000) return `${sig3(w)} W`;
  return `${sig3(w / 1000)} kW`;
}

/** Energy from joules in watt-hours, the unit on electricity bills: "0.42 Wh", "1.3 kWh". */
export function formatEnergy(j: number): string {
  const wh = j / 3600;
  const abs = Math.abs(wh);
  if (abs === 0) return '0 Wh';
  if (abs < 1) return `${sig3(wh * 1000)} mWh`;
  if (abs < 1000) return `${sig3(wh)} Wh`;
  return `${sig3(wh / 1000)} kWh`;
}

/** A duration in seconds: "350 ms", "12.3 s", "4.5 min", "2.1 h", "3.2 d". */
export function formatDuration(s: number): string {
  const abs = Math.abs(s);
  if (abs === 0) return '0 s';
  if (abs < 1) return `${sig3(s * 1000)} ms`;
  if (abs < 60) return `${sig3(s)} s`;
  if (abs < 3600) return `${sig3(s / 60)} min`;
  if (abs < 86_400) return `${sig3(s / 3600)} h`;
  return `${sig3(s / 86_400)} d`;
}

/** Memory in decimal units (as the engine's GB): "512 MB", "1.2 GB". */
export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs < 1e6) return `${sig3(bytes / 1e3)} kB`;
  if (abs < 1e9) return `${sig3(bytes / 1e6)} MB`;
  return `${sig3(bytes / 1e9)} GB`;
}

/** RAM time from byte-seconds: "1.2 GB·h". */
export function formatRamTime(byteS: number): string {
  const gbH = byteS / 1e9 / 3600;
  return gbH < 1 ? `${sig3(gbH * 1000)} MB·h` : `${sig3(gbH)} GB·h`;
}

/** A 0..1 fraction as a percentage: "42 %", "0.3 %". */
export function formatPercent(fraction: number | null): string {
  if (fraction === null) return '—';
  const pct = fraction * 100;
  if (pct !== 0 && Math.abs(pct) < 0.01) return pct < 0 ? '> -0.01 %' : '< 0.01 %';
  return `${pct !== 0 && Math.abs(pct) < 10 ? sig3(pct) : INT.format(pct)} %`;
}

/** Carbon intensity: "412 g/kWh". */
export function formatIntensity(gPerKWh: number): string {
  return `${INT.format(gPerKWh)} g/kWh`;
}

/** Years with one decimal: "4 y", "2.5 y". */
export function formatYears(years: number | null): string {
  return years === null ? 'unknown' : `${sig3(years)} y`;
}

/** How long ago: "just now", "12 s ago", "3 min ago". */
export function formatAgo(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 3) return 'just now';
  if (s < 120) return `${s} s ago`;
  return `${Math.round(s / 60)} min ago`;
}

/** Local clock time of an epoch-ms instant: "14:05", or "14:05:12" with seconds. */
export function formatClock(at: number, seconds = false): string {
  return new Date(at).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
  });
}

/** Local day of an epoch-ms instant: "Mon 23". */
export function formatDay(at: number): string {
  return new Date(at).toLocaleDateString([], { weekday: 'short', day: 'numeric' });
}

/** People's names for the kinds of rows. */
export const KIND_LABELS: Record<AppKind, string> = {
  app: 'App',
  service: 'Service',
  container: 'Container',
  kernel: 'Kernel',
  system: 'System',
  idle: 'Idle capacity',
  exited: 'Exited processes',
  self: 'CarbonTray',
};

/** Whether the power figure is measured or modelled, in words. */
export function powerSourceLabel(source: PowerSource): string {
  return source === 'model' ? 'modelled' : `measured (${source === 'rapl' ? 'RAPL' : 'battery'})`;
}

/** The intensity's origin in words. */
export const INTENSITY_SOURCE_LABELS: Record<IntensitySource, string> = {
  annual: 'annual avg',
  custom: 'custom',
  live: 'live',
  'annual-fallback': 'annual avg, live failed',
};
