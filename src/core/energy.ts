// Energy over a duration and operational carbon O = E × I (GSF SCI, docs/ARCHITECTURE.md).
import { InputError } from './errors.js';
import { J_PER_KWH } from './units.js';

/** Energy in joules of a constant power over a duration. */
export function energyJ(powerW: number, durationS: number): number {
  if (!(powerW >= 0)) throw new InputError(`power must be ≥ 0 W, got ${powerW}`);
  if (!(durationS >= 0)) throw new InputError(`duration must be ≥ 0 s, got ${durationS}`);
  return powerW * durationS;
}

export function joulesToKWh(energyJ: number): number {
  return energyJ / J_PER_KWH;
}

/** Operational emissions `O = E × I` in gCO2e, E in kWh and I in gCO2e/kWh (location-based). */
export function operationalG(energyKWh: number, intensityGPerKWh: number): number {
  if (!(intensityGPerKWh >= 0))
    throw new InputError(`intensity must be ≥ 0 gCO2e/kWh, got ${intensityGPerKWh}`);
  return energyKWh * intensityGPerKWh;
}
