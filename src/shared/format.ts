// The engine's numbers as people read them, one rule per quantity, for the popup, the CLI and the tray alike.
import { J_PER_KWH } from '../core/units.js';
import { MS_PER_SECOND, SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from './time.js';

/**
 * What every formatter shows for a figure that is not known (yet) or not a finite number: one em dash, so an
 * empty cell looks the same in the popup, the terminal and the tray.
 */
const UNKNOWN = '—';

/** A unit of a ladder: its symbol and its size in the ladder's base unit. */
type Unit = readonly [symbol: string, size: number];

/** Formatters for a fixed number of decimals, made once each (building an Intl.NumberFormat is slow). */
const FIXED = new Map<number, Intl.NumberFormat>();

/**
 * `value` with `decimals` decimals, no thousands separator (text that pastes into a shell or a spreadsheet in
 * any locale). Intl rounds the shortest decimal form of the number, as a person would: 5.015 → "5.02".
 */
function fixed(value: number, decimals: number): string {
  let format = FIXED.get(decimals);
  if (format === undefined) {
    format = new Intl.NumberFormat('en', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
      useGrouping: false,
    });
    FIXED.set(decimals, format);
  }
  return format.format(value);
}

/**
 * `digits` significant digits, trailing zeros kept ("2.00", "40.0"): they say how precise the figure is, and a
 * live figure keeps its width from one tick to the next. Whole digits are never dropped (12345 → "12345").
 */
function sig(value: number, digits: number): string {
  if (value === 0) return '0';
  // Intl takes at most 20 decimals; that is 1e-18 at three digits, far below any floor here.
  const decimals = Math.min(20, Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(value)))));
  const text = fixed(value, decimals);
  // 9.996 rounds to "10.00", one digit too many: one decimal fewer says it in `digits` digits ("10.0").
  return decimals > 0 && Math.abs(Number(text)) >= 10 ** (digits - decimals)
    ? fixed(value, decimals - 1)
    : text;
}

/** Below a thousandth of the smallest unit a value reads "< 0.001 µg" rather than a row of zeros. */
const FLOOR = 0.001;

/**
 * `value` in the largest unit of `units` (ascending) it is at least one of, so the number reads 1–999:
 * "12.3 mg", not "0.0123 g". When rounding reaches the next unit (999.6 g → "1000 g") the next unit is used
 * ("1.00 kg"). Zero reads `0 <zero>`; below a thousandth of the smallest unit, `< 0.001 <smallest>`.
 */
function scaled(value: number, units: readonly Unit[], zero: string, digits = 3): string {
  if (!Number.isFinite(value)) return UNKNOWN;
  if (value === 0) return `0 ${zero}`;
  const abs = Math.abs(value);
  const [smallest, smallestSize] = units[0] as Unit;
  if (abs < FLOOR * smallestSize) return `${value < 0 ? '> -' : '< '}${FLOOR} ${smallest}`;
  let index = 0;
  while (index + 1 < units.length && abs >= (units[index + 1] as Unit)[1]) index += 1;
  let [symbol, size] = units[index] as Unit;
  let text = sig(value / size, digits);
  const next = units[index + 1];
  if (next !== undefined && Math.abs(Number(text)) * size >= next[1]) {
    [symbol, size] = next;
    text = sig(value / size, digits);
  }
  return `${text} ${symbol}`;
}

const GRAM_UNITS: readonly Unit[] = [
  ['µg', 1e-6],
  ['mg', 1e-3],
  ['g', 1],
  ['kg', 1e3],
  ['t', 1e6],
];

/**
 * A mass of CO2e: "42.0 µg", "520 mg", "12.3 g", "1.24 kg", "3.10 t"; "< 0.001 µg" below a nanogram (an
 * exited app's '0.000000264 µg' once squeezed the names of `carbon-tray top` to 8 columns).
 */
export function formatGrams(co2eG: number): string {
  return scaled(co2eG, GRAM_UNITS, 'g');
}

/** A rate of CO2e per hour, "12.3 g/h", with the unit rule of `formatGrams`; unknown (null) is "—". */
export function formatGPerH(gPerH: number | null): string {
  return gPerH === null || !Number.isFinite(gPerH) ? UNKNOWN : `${formatGrams(gPerH)}/h`;
}

/**
 * The rate in the tray title (macOS menu bar) and tooltip: the same units as `formatGPerH` with two significant
 * digits instead of three ("4.3 g/h", "12 g/h", "999 g/h", "1.0 kg/h"), so the text stays short and changes
 * only when the reading visibly does. Negative rounding noise reads as 0; unknown keeps the unit, "— g/h", since
 * in the menu bar nothing else says what the dash stands for.
 */
export function formatGPerHShort(gPerH: number | null): string {
  if (gPerH === null || !Number.isFinite(gPerH)) return `${UNKNOWN} g/h`;
  return `${scaled(Math.max(0, gPerH), GRAM_UNITS, 'g', 2)}/h`;
}

const WATT_UNITS: readonly Unit[] = [
  ['µW', 1e-6],
  ['mW', 1e-3],
  ['W', 1],
  ['kW', 1e3],
];

/** Power: "42.0 µW", "850 mW", "23.4 W", "1.50 kW"; "< 0.001 µW" below a nanowatt. */
export function formatWatts(powerW: number): string {
  return scaled(powerW, WATT_UNITS, 'W');
}

/** 1 Wh = 3600 J. */
const J_PER_WH = J_PER_KWH / 1000;

const WATT_HOUR_UNITS: readonly Unit[] = [
  ['µWh', 1e-6 * J_PER_WH],
  ['mWh', 1e-3 * J_PER_WH],
  ['Wh', J_PER_WH],
  ['kWh', J_PER_KWH],
  ['MWh', 1e3 * J_PER_KWH],
];

/**
 * Energy from joules in watt-hours, the unit on the electricity bill and of the exports' `energy_consumed`
 * (kWh), so a figure can be held against either: "9.04 mWh", "2.00 Wh", "124 Wh", "2.50 kWh".
 */
export function formatEnergy(energyJ: number): string {
  return scaled(energyJ, WATT_HOUR_UNITS, 'Wh');
}

const SUB_MINUTE_UNITS: readonly Unit[] = [
  ['ms', 1e-3],
  ['s', 1],
];

/**
 * A duration in seconds, SI-spaced: "350 ms", "12.3 s" under a minute, then in the larger units people count
 * time in, rather than a decimal of one ("40 min 49.0 s", not "40.8 min"): "2 h 3 min", "3 d 4 h". Seconds keep
 * a tenth under an hour (two runs of a minute differ there); each form rounds before it splits, so 119.97 s
 * reads "2 min 0.0 s", never "1 min 60.0 s".
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return UNKNOWN;
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  // From 59.95 s, three digits would read "60.0 s": minutes take over there.
  if (seconds < SECONDS_PER_MINUTE - 0.05) return scaled(seconds, SUB_MINUTE_UNITS, 's');
  const tenths = Math.round(seconds * 10);
  if (tenths < SECONDS_PER_HOUR * 10) {
    const minutes = Math.floor(tenths / (SECONDS_PER_MINUTE * 10));
    return `${minutes} min ${fixed((tenths - minutes * SECONDS_PER_MINUTE * 10) / 10, 1)} s`;
  }
  const minutes = Math.round(seconds / SECONDS_PER_MINUTE);
  const minutesPerHour = SECONDS_PER_HOUR / SECONDS_PER_MINUTE;
  if (minutes < SECONDS_PER_DAY / SECONDS_PER_MINUTE) {
    return `${Math.floor(minutes / minutesPerHour)} h ${minutes % minutesPerHour} min`;
  }
  const hours = Math.round(seconds / SECONDS_PER_HOUR);
  const hoursPerDay = SECONDS_PER_DAY / SECONDS_PER_HOUR;
  return `${Math.floor(hours / hoursPerDay)} d ${hours % hoursPerDay} h`;
}

const BYTE_UNITS: readonly Unit[] = [
  ['B', 1],
  ['kB', 1e3],
  ['MB', 1e6],
  ['GB', 1e9],
  ['TB', 1e12],
];

const DISTANCE_UNITS: readonly Unit[] = [
  ['mm', 1e-6],
  ['m', 1e-3],
  ['km', 1],
];

/** A distance from kilometres: "12.3 km", "450 m", "3.20 mm"; "< 0.001 mm" below a micrometre. */
export function formatKm(km: number): string {
  return scaled(km, DISTANCE_UNITS, 'km');
}

/**
 * Memory in decimal units (1 MB = 10⁶ B, as the engine's GB): "512 B", "210 MB", "5.02 GB". Below 1 kB the
 * count is whole bytes.
 */
export function formatBytes(bytes: number): string {
  if (Number.isFinite(bytes) && Math.abs(bytes) < 1000) return `${Math.round(bytes)} B`;
  return scaled(bytes, BYTE_UNITS, 'B');
}

const BYTE_HOUR_UNITS: readonly Unit[] = BYTE_UNITS.map(([symbol, size]) => [`${symbol}·h`, size]);

/** RAM time from byte-seconds, in byte-hours with the units of `formatBytes`: "500 MB·h", "2.00 GB·h". */
export function formatRamTime(byteS: number): string {
  return scaled(byteS / SECONDS_PER_HOUR, BYTE_HOUR_UNITS, 'B·h');
}

/**
 * A 0..1 fraction as a percentage: whole from 10 % ("42 %"), two significant digits below ("4.6 %", "0.31 %"),
 * enough for a share that is itself an estimate and short for the `top` table; "< 0.01 %" below a hundredth
 * (an exited app's '0.0000000000023 %'); unknown (null) is "—".
 */
export function formatPercent(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return UNKNOWN;
  const percent = fraction * 100;
  if (percent !== 0 && Math.abs(percent) < 0.01) return percent < 0 ? '> -0.01 %' : '< 0.01 %';
  return `${Math.abs(percent) >= 10 ? fixed(percent, 0) : sig(percent, 2)} %`;
}

/** A ratio as a multiplier with three significant digits, "2.03×" (× is an operator, so no space); "—" unknown. */
export function formatRatio(ratio: number | null): string {
  return ratio === null || !Number.isFinite(ratio) ? UNKNOWN : `${sig(ratio, 3)}×`;
}

/** A plain number with three significant digits, whole digits kept: "1.23", "0.00457", "12346". */
export function formatNumber(value: number): string {
  return Number.isFinite(value) ? sig(value, 3) : UNKNOWN;
}

/** Carbon intensity of electricity, with three significant digits like every figure: "487 g/kWh", "56.0 g/kWh". */
export function formatIntensity(intensityGPerKWh: number): string {
  return Number.isFinite(intensityGPerKWh) ? `${sig(intensityGPerKWh, 3)} g/kWh` : UNKNOWN;
}

/**
 * Years of a hardware lifetime or age: at most three significant digits and no trailing zeros ("4 y", "2.53 y"),
 * since a lifetime is a setting a person typed as 4, not a measurement of 4.00.
 */
export function formatYears(years: number): string {
  return Number.isFinite(years) ? `${Number(sig(years, 3))} y` : UNKNOWN;
}

/** How long ago, from milliseconds: "just now" under 3 s, "12 s ago" under 2 min, then "3 min ago". */
export function formatAgo(ms: number): string {
  const s = Math.max(0, Math.round(ms / MS_PER_SECOND));
  if (s < 3) return 'just now';
  if (s < 2 * SECONDS_PER_MINUTE) return `${s} s ago`;
  return `${Math.round(s / SECONDS_PER_MINUTE)} min ago`;
}

/** Local clock time of an epoch-ms instant in the system's locale: "14:05", or "14:05:12" with seconds. */
export function formatClock(at: number, seconds = false): string {
  return new Date(at).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
  });
}

/** Local day of an epoch-ms instant in the system's locale: "Mon 23". */
export function formatDay(at: number): string {
  return new Date(at).toLocaleDateString([], { weekday: 'short', day: 'numeric' });
}
