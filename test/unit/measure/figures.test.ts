// A measured run's energy, carbon and footprints through src/core, checked against hand calculations.
import { describe, expect, it } from 'vitest';
import { runFigures } from '../../../src/measure/figures.js';
import type { RunSample } from '../../../src/measure/run.js';
import { desktopMeasureContext, runSample } from '../../helpers/measure-context.js';

const run: RunSample = runSample({
  startedAtMs: Date.UTC(2026, 10, 23, 12, 0, 0),
  peakRssBytes: 120e6,
  avgRssBytes: 100e6,
});

describe('runFigures', () => {
  it('models energy as TDP × CPU share + memory power, over the wall time', () => {
    const f = runFigures(run, desktopMeasureContext, null);
    // CPU share u = 1 s / (2 s × 2 cores) = 0.25 → 65 W × 0.25 = 16.25 W; memory 0.1 GB × 0.375 W/GB
    // = 0.0375 W; (16.25 + 0.0375) W × 2 s = 32.575 J.
    expect(f.energyJ).toBeCloseTo(32.575, 9);
    expect(f.energySource).toBe('model');
    expect(f.energyDetail).toMatch(/65 W TDP/);
    // 32.575 J / 3.6e6 J/kWh × 500 g/kWh = 4.5243e-3 g.
    expect(f.operationalG).toBeCloseTo(4.5243056e-3, 9);
    // M = 342 000 g × 2 s / 189 216 000 s × 0.25 share = 9.0373e-4 g.
    expect(f.embodiedG).toBeCloseTo(9.0372907e-4, 9);
    expect(f.co2eG).toBeCloseTo(f.operationalG + f.embodiedG, 15);
    expect(f.sciGPerRun).toBeCloseTo(f.co2eG, 15);
    // 122 gCO2/km (EEA 2019, src/core/equivalents.ts).
    expect(f.carKm).toBeCloseTo(f.co2eG / 122, 15);
    expect(f.avgCores).toBe(0.5);
    expect(f.startedAt).toBe('2026-11-23T12:00:00.000Z');
  });

  it('uses a measured energy when there is one and keeps the rest of the chain', () => {
    const f = runFigures(run, desktopMeasureContext, { energyJ: 72, detail: 'RAPL package' });
    expect(f.energySource).toBe('rapl');
    // 72 J = 2e-5 kWh × 500 g/kWh = 0.01 g.
    expect(f.operationalG).toBeCloseTo(0.01, 12);
    expect(f.embodiedG).toBeCloseTo(9.0372907e-4, 9);
  });

  it('computes greeNsort footprints from peak RSS, per data size when given', () => {
    const f = runFigures(run, { ...desktopMeasureContext, dataBytes: 60e6 }, null);
    // %RAM = 120 MB / 60 MB = 200 %; tFootprint = 2 s × 2; cFootprint = 1 s × 2; eFootprint = 32.575 J × 2.
    expect(f.footprints.ramPercent).toBeCloseTo(200, 9);
    expect(f.footprints.tFootprint).toBeCloseTo(4, 9);
    expect(f.footprints.cFootprint).toBeCloseTo(2, 9);
    expect(f.footprints.eFootprint).toBeCloseTo(65.15, 9);
    const perGb = runFigures(run, desktopMeasureContext, null).footprints;
    expect(perGb.ramPercent).toBeNull();
    expect(perGb.tFootprint).toBeCloseTo(0.24, 9);
  });

  it('gives a zero-length run (command not found) zero energy', () => {
    const f = runFigures(
      { ...run, wallS: 0, cpuS: 0, outcome: 'not-found', exitCode: 127 },
      desktopMeasureContext,
      null,
    );
    expect(f.energyJ).toBe(0);
    expect(f.co2eG).toBe(0);
  });
});
