// Human formatting of measured quantities for terminal output: grams, durations, bytes, energy, ratios.

/** Three significant digits, without exponent notation for the ranges people read. */
function sig(value: number, digits = 3): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return value.toFixed(Math.min(decimals, 20));
}

/** Below a thousandth of the smallest unit a value reads as `< 0.001 unit`, not as a row of zeros. */
const FLOOR = 0.001;

/** Picks the largest unit whose size is ≤ |value| (the smallest unit below that). */
function scaled(value: number, units: readonly (readonly [string, number])[]): string {
  const abs = Math.abs(value);
  let chosen = units[0] as readonly [string, number];
  if (abs > 0 && abs < FLOOR * chosen[1]) return `${value < 0 ? '> -' : '< '}${FLOOR} ${chosen[0]}`;
  for (const unit of units) if (abs >= unit[1]) chosen = unit;
  return `${sig(value / chosen[1])} ${chosen[0]}`;
}

const GRAM_UNITS = [
  ['µg', 1e-6],
  ['mg', 1e-3],
  ['g', 1],
  ['kg', 1e3],
  ['t', 1e6],
] as const;

/** gCO2e as µg / mg / g / kg / t, three significant digits: `0.0123` → `12.3 mg`. */
export function formatGrams(co2eG: number): string {
  return co2eG === 0 ? '0 g' : scaled(co2eG, GRAM_UNITS);
}

/** Seconds as `850 ms`, `2.35s`, `1m 2.3s`, `2h 03m`, `3d 4h`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  if (seconds < 1) return `${sig(seconds * 1000)} ms`;
  if (seconds < 60) return `${sig(seconds)}s`;
  if (seconds < 3600) {
    const minutes = Math.floor(seconds / 60);
    return `${minutes}m ${(seconds - minutes * 60).toFixed(1)}s`;
  }
  if (seconds < 86_400) {
    const hours = Math.floor(seconds / 3600);
    return `${hours}h ${String(Math.floor((seconds - hours * 3600) / 60)).padStart(2, '0')}m`;
  }
  const days = Math.floor(seconds / 86_400);
  return `${days}d ${Math.floor((seconds - days * 86_400) / 3600)}h`;
}

const BYTE_UNITS = [
  ['B', 1],
  ['kB', 1e3],
  ['MB', 1e6],
  ['GB', 1e9],
  ['TB', 1e12],
] as const;

/** Bytes in decimal units (1 MB = 10⁶ B, as `BYTES_PER_GB` in src/core): `2.10e8` → `210 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes === 0) return '0 B';
  if (Math.abs(bytes) < 1000) return `${Math.round(bytes)} B`;
  return scaled(bytes, BYTE_UNITS);
}

const ENERGY_UNITS = [
  ['mJ', 1e-3],
  ['J', 1],
  ['kJ', 1e3],
  ['kWh', 3.6e6],
  ['MWh', 3.6e9],
] as const;

/** Joules as mJ / J / kJ, then kWh from 1 kWh on. */
export function formatEnergy(energyJ: number): string {
  return energyJ === 0 ? '0 J' : scaled(energyJ, ENERGY_UNITS);
}

const POWER_UNITS = [
  ['µW', 1e-6],
  ['mW', 1e-3],
  ['W', 1],
  ['kW', 1e3],
] as const;

/** Watts, three significant digits: `12.3 W`, `850 mW`, `42.0 µW`. */
export function formatPower(powerW: number): string {
  return powerW === 0 ? '0 W' : scaled(powerW, POWER_UNITS);
}

/** A plain number with three significant digits (`1.23`, `0.00456`, `12300`). */
export function formatNumber(value: number): string {
  return Math.abs(value) >= 1000 ? String(Math.round(value)) : sig(value);
}

/** A ratio as `2.03×`. */
export function formatRatio(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  return `${sig(ratio)}×`;
}

/** A fraction 0..1 as a percentage, two significant digits below 10 %: `0.0456` → `4.6 %`; under 0.01 %, `< 0.01 %`. */
export function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  if (percent !== 0 && Math.abs(percent) < 0.01) return percent < 0 ? '> -0.01 %' : '< 0.01 %';
  return `${Math.abs(percent) >= 10 ? percent.toFixed(0) : sig(percent, 2)} %`;
}
