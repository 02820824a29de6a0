import { describe, expect, it } from 'vitest';
import { estimate, type EstimateInput } from '../../../src/core/estimate.js';

// Case ART-1 of docs/ARCHITECTURE.md: the seed article's notebook.
const ART1: EstimateInput = {
  durationS: 40 * 60 + 49,
  model: 'linear',
  cpu: { kind: 'tdp', tdpW: 158.75, utilization: 1.0047 },
  memoryGB: 5.015,
  memoryWPerGB: 0.375,
  gpuPowerW: 0,
  pue: 1.125,
  intensityGPerKWh: 487,
  embodied: null,
  functionalUnits: 1,
  runsPerYear: 365.25,
};

describe('estimate (ART-1)', () => {
  const result = estimate(ART1);
  it('power: 159.5 W CPU + 1.88 W memory, × 1.125 PUE = 0.182 kW', () => {
    expect(result.cpuPowerW).toBeCloseTo(159.5, 1);
    expect(result.memoryPowerW).toBeCloseTo(1.88, 2);
    expect(result.powerW / 1000).toBeCloseTo(0.182, 3);
  });
  it('energy 0.1235 kWh, 60.15 g per run, 21.97 kg per year, ≈ 180 km (±0.5 %)', () => {
    expect(result.energyKWh).toBeCloseTo(0.1235, 4);
    expect(Math.abs(result.totalG / 60.15 - 1)).toBeLessThan(0.005);
    expect(Math.abs((result.perYearKg ?? 0) / 21.97 - 1)).toBeLessThan(0.005);
    expect(Math.abs(result.carKm / 180 - 1)).toBeLessThan(0.005);
    expect(result.sciG).toBe(result.totalG);
  });
  it('adds embodied per SCI-1 and divides by R', () => {
    const withEmbodied = estimate({
      ...ART1,
      durationS: 3600,
      cpu: { kind: 'none' },
      memoryGB: 0,
      embodied: { embodiedKg: 1000, lifetimeS: 4 * 365 * 86_400, resourceShare: 1 },
      functionalUnits: 2,
      runsPerYear: null,
    });
    expect(withEmbodied.operationalG).toBe(0);
    expect(withEmbodied.embodiedG).toBeCloseTo(28.54, 2);
    expect(withEmbodied.sciG).toBeCloseTo(14.27, 2);
    expect(withEmbodied.perYearKg).toBeNull();
    expect(withEmbodied.carKm).toBeCloseTo(28.54 / 122, 4);
  });
  it('per-core form: 2 cores × 12 W = 24 W; GPU watts add before PUE', () => {
    const r = estimate({
      ...ART1,
      cpu: { kind: 'per-core', wPerCore: 12, coresUsed: 2 },
      memoryGB: 0,
      gpuPowerW: 6,
      pue: 1.5,
    });
    expect(r.cpuPowerW).toBe(24);
    expect(r.powerW).toBeCloseTo(45, 12);
  });
  it('zero duration gives zero carbon', () => {
    expect(estimate({ ...ART1, durationS: 0 }).totalG).toBe(0);
  });
});
