// Software Carbon Intensity SCI = (O + M) per R (GSF SCI specification v1.1.0, docs/ARCHITECTURE.md).
import { InputError } from './errors.js';
import { G_PER_KG } from './units.js';

/** SCI in gCO2e per functional unit; R is the number of functional units (runs, hours, requests...). */
export function sciG(operationalG: number, embodiedG: number, functionalUnits: number): number {
  if (!(functionalUnits > 0)) throw new InputError(`functional units must be > 0, got ${functionalUnits}`);
  if (!(operationalG >= 0) || !(embodiedG >= 0)) {
    throw new InputError(`emissions must be ≥ 0 g, got O=${operationalG} M=${embodiedG}`);
  }
  return (operationalG + embodiedG) / functionalUnits;
}

/** A job's yearly emissions in kgCO2e when it runs `runsPerYear` times (case ART-1, docs/ARCHITECTURE.md: 60.15 g × 365.25). */
export function perYearKg(co2eGPerRun: number, runsPerYear: number): number {
  if (!(runsPerYear >= 0)) throw new InputError(`runs per year must be ≥ 0, got ${runsPerYear}`);
  return (co2eGPerRun * runsPerYear) / G_PER_KG;
}
