// Power models: CPU power from TDP and utilisation (linear, TEADS, CodeCarbon), memory power, PUE.
import { DEVICE_CLASS_DEFAULTS } from './defaults.js';
import { InputError } from './errors.js';
import { BYTES_PER_GB } from './units.js';
import type { CpuPowerModel, DeviceClass } from './vocabulary.js';

/**
 * TEADS utilisation curve: fraction of TDP at 0 / 10 / 50 / 100 % utilisation (case TEADS, docs/ARCHITECTURE.md),
 * linear in between.
 */
const TEADS_POINTS: readonly (readonly [number, number])[] = [
  [0, 0.12],
  [0.1, 0.32],
  [0.5, 0.75],
  [1, 1.02],
];

function interpolate(points: readonly (readonly [number, number])[], u: number): number {
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i] as readonly [number, number];
    const [x0, y0] = points[i - 1] as readonly [number, number];
    // The last segment also extrapolates a utilisation slightly above 1 (case ART-1 in docs/ARCHITECTURE.md has 1.0047).
    if (u <= x1 || i === points.length - 1) return y0 + ((y1 - y0) * (u - x0)) / (x1 - x0);
  }
  return (points[0] as readonly [number, number])[1];
}

function assertNonNegative(value: number, what: string): void {
  if (!Number.isFinite(value) || value < 0)
    throw new InputError(`${what} must be a number ≥ 0, got ${value}`);
}

/**
 * Fraction of TDP drawn at machine CPU utilisation `u` (0..1, may slightly exceed 1):
 * `linear` f(u) = u (Green Algorithms, the seed article); `teads` the TEADS curve;
 * `codecarbon` f(u) = 0.1 + 0.9 u³ (docs/ARCHITECTURE.md).
 */
export function cpuFraction(model: CpuPowerModel, u: number): number {
  assertNonNegative(u, 'CPU utilisation');
  switch (model) {
    case 'linear':
      return u;
    case 'teads':
      return interpolate(TEADS_POINTS, u);
    case 'codecarbon':
      return 0.1 + 0.9 * u ** 3;
  }
}

/** Modelled CPU power `P = TDP × f(u)` in watts. */
export function cpuPowerW(model: CpuPowerModel, tdpW: number, u: number): number {
  assertNonNegative(tdpW, 'TDP');
  return tdpW * cpuFraction(model, u);
}

/** CPU power from watts per core × cores used (Green Algorithms' per-core form). */
export function cpuPowerFromCoresW(wPerCore: number, coresUsed: number): number {
  assertNonNegative(wPerCore, 'power per core');
  assertNonNegative(coresUsed, 'cores used');
  return wPerCore * coresUsed;
}

/** Memory power: resident GB × W per GB (default 0.375 W/GB, case ART-1, docs/ARCHITECTURE.md). */
export function memoryPowerW(memoryGB: number, wPerGB: number): number {
  assertNonNegative(memoryGB, 'memory');
  assertNonNegative(wPerGB, 'memory power per GB');
  return memoryGB * wPerGB;
}

/** Memory power of a resident size in bytes. */
export function memoryPowerFromBytesW(rssBytes: number, wPerGB: number): number {
  return memoryPowerW(rssBytes / BYTES_PER_GB, wPerGB);
}

/** Applies the data centre's PUE (≥ 1) to IT power. */
export function withPue(powerW: number, pue: number): number {
  if (!Number.isFinite(pue) || pue < 1) throw new InputError(`PUE must be a number ≥ 1, got ${pue}`);
  assertNonNegative(powerW, 'power');
  return powerW * pue;
}

/** The TDP a device class assumes when the CPU is not in the bundled table (docs/ARCHITECTURE.md). */
export function classTdpW(deviceClass: DeviceClass, cores: number): { tdpW: number; note: string } {
  const defaults = DEVICE_CLASS_DEFAULTS[deviceClass];
  if (defaults.tdpWPerCore !== null) {
    assertNonNegative(cores, 'core count');
    return { tdpW: defaults.tdpWPerCore * cores, note: `${defaults.tdpSource} × ${cores} cores` };
  }
  return { tdpW: defaults.tdpW as number, note: defaults.tdpSource };
}
